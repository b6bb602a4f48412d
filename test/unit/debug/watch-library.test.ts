// A watchpoint hit by a library function (memcpy, strcpy, free writing its links into the block) stops
// at the same place in both execution modes: right after the call returns, at the caller's line, with
// `by` naming the function — and with the same instruction count, TLB counts and memory counters, so
// the interpreter (jit: false) and compiled code (jitThreshold: 0) cannot be told apart by the user.
import { strict as assert } from 'node:assert';
import { Machine, type MachineOptions, type StopEvent } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { instructionAt } from '../../../src/engine/machine/decode';
import { compileSource, lineOf } from '../snapshot/take-harness';

const SOURCE = `#include <string.h>
#include <stdlib.h>
char name[16];
char *block;
int main(void) {
  char tmp[8] = "abc";
  block = malloc(32);
  char *keep = malloc(32);
  memset(block, 7, 32);
  for (int i = 0; i < 3; i++) {
    memcpy(name, tmp, 4); // @memcpy
    strcpy(name + 1, "xy"); // @strcpy
  }
  free(block); // @free
  free(keep);
  return name[0] == 'a' ? 0 : 1;
}
`;

interface Hit {
  readonly by: string | undefined;
  readonly hitPc: number;
  readonly pc: number;
  readonly function: string;
  readonly line: number;
  readonly depth: number;
  readonly steps: number;
  readonly tlb: readonly [number, number];
  readonly counters: string;
  readonly bytes: readonly [number[], number[]];
}

/** Every watch stop of a run with `name` and `block`'s first 16 bytes watched for writes (set once block exists). */
function hits(options: Partial<MachineOptions>): Hit[] {
  const program = compileSource(SOURCE);
  const machine = new Machine(program, { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024, ...options }, { write: () => undefined, readStdin: () => -1 });
  const global = (n: string) => program.objects.find((o) => o.name === n)!.address;
  // Run to the memset line, where `block` holds its address.
  machine.setBreakpoints(machine.statementAddresses(0, lineOf(SOURCE, 'memset')));
  assert.equal(machine.run(1e7).kind, 'breakpoint');
  machine.clearBreakpoints();
  const block = Number(new DataView(machine.readMemory(global('block'), 8).bytes.slice().buffer).getBigUint64(0, true));
  machine.setWatchpoints([
    { address: global('name'), size: 4, access: 'write' },
    { address: block, size: 16, access: 'write' },
  ]);
  const out: Hit[] = [];
  for (;;) {
    const stop: StopEvent = machine.run(1e7);
    if (stop.kind === 'budget' || stop.kind === 'error') continue;
    if (stop.kind !== 'watch') {
      assert.deepEqual(stop, { kind: 'exited', status: 0 });
      return out;
    }
    const pc = machine.registers().pc;
    const k = instructionAt(machine.text, pc);
    out.push({
      by: stop.hit.by,
      hitPc: stop.hit.pc,
      pc,
      function: machine.symbols.fn(k)?.name ?? '?',
      line: machine.symbols.entry(k).line,
      depth: machine.current.state.depth,
      steps: machine.steps,
      tlb: [machine.tlb.hits, machine.tlb.misses],
      counters: JSON.stringify(machine.counters()),
      bytes: [Array.from(stop.before), Array.from(stop.after)],
    });
  }
}

describe('watch hits by library functions in both execution modes', () => {
  let interpreted: Hit[] = [];
  let compiled: Hit[] = [];
  before(() => {
    interpreted = hits({ jit: false });
    compiled = hits({ jit: true, jitThreshold: 0 });
  });

  it('stop right after the call returns, at the caller\'s line in main, named by the function', () => {
    for (const run of [interpreted, compiled]) {
      // Each memcpy and strcpy writes name (with the same bytes after the first pass: a write all the same).
      assert.deepEqual(run.map((h) => h.by), ['memset', 'memcpy', 'strcpy', 'memcpy', 'strcpy', 'memcpy', 'strcpy', 'free']);
      for (const h of run) {
        assert.equal(h.function, 'main', `${String(h.by)} stops in its caller`);
        assert.equal(h.depth, 1, 'the library frame is gone');
        assert.equal(h.line, lineOf(SOURCE, h.by === 'memset' ? 'memset' : `@${String(h.by)}`), `${String(h.by)} stops at the line of its call`);
        assert.notEqual(h.pc, h.hitPc, 'the stop is after the return, not at the library instruction');
      }
      const free = run[run.length - 1]!;
      assert.notDeepEqual(free.bytes[0], free.bytes[1], 'free changed the watched bytes');
    }
  });

  it('the interpreter and compiled code stop at the same pc, line and counters', () => {
    assert.ok(interpreted.length > 0);
    assert.deepEqual(compiled, interpreted);
  });
});
