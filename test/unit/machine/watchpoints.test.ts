// Watchpoints in the machine: run() stops right after the access to a watched range, with the bytes
// before and after, for the program's own loads and stores, for library functions (memcpy, strcpy) and
// for the allocator's own words (free's links) — in the interpreter and in compiled code alike — and a
// run with watchpoints set counts exactly the same instructions, TLB hits and simulated time.
import { strict as assert } from 'node:assert';
import { Machine, type MachineOptions, type StopEvent } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { compileSource, lineOf } from '../snapshot/take-harness';
import { MODES } from './harness';
import { instructionAt } from '../../../src/engine/machine/decode';

type Watch = Extract<StopEvent, { kind: 'watch' }>;

function machineFor(source: string, options: Partial<MachineOptions>): { machine: Machine; out: () => string } {
  const out: number[] = [];
  const machine = new Machine(compileSource(source), { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024, ...options }, { write: (_fd, b) => out.push(...b), readStdin: () => -1 });
  return { machine, out: () => Buffer.from(out).toString() };
}

function globalAddress(machine: Machine, name: string): number {
  const o = machine.program.objects.find((x) => x.name === name);
  assert.ok(o, `global ${name}`);
  return o.address;
}

/** Runs on, collecting watch stops (errors are passed over) until the program ends. */
function collect(machine: Machine): { hits: Watch[]; end: StopEvent } {
  const hits: Watch[] = [];
  for (;;) {
    const stop = machine.run(1e7);
    if (stop.kind === 'watch') hits.push(stop);
    else if (stop.kind !== 'budget' && stop.kind !== 'error') return { hits, end: stop };
  }
}

const lineAt = (machine: Machine, pc: number): number => machine.symbols.entry(instructionAt(machine.text, pc)).line;
const int32 = (b: Uint8Array): number => new DataView(b.buffer, b.byteOffset, 4).getInt32(0, true);

/** Runs to the first statement of `line` (a breakpoint there), then removes the breakpoint. */
function runToLine(machine: Machine, line: number): void {
  machine.setBreakpoints(machine.statementAddresses(0, line));
  const stop = machine.run(1e7);
  assert.equal(stop.kind, 'breakpoint');
  machine.clearBreakpoints();
}

const LOOP = `#include <stdio.h>
int total;
int other;
int main(void) {
  for (int i = 1; i <= 5; i++) {
    other += i;
    total += i; // @write
  }
  printf("%d %d\\n", total, other); // @read
  return 0;
}
`;

for (const mode of MODES) {
  describe(`${mode.name}: watchpoints in the machine`, () => {
    it('a write watchpoint stops right after each store to it, with the bytes before and after', () => {
      const { machine, out } = machineFor(LOOP, mode.options);
      const total = globalAddress(machine, 'total');
      assert.equal(machine.setWatchpoints([{ address: total, size: 4, access: 'write' }]).length, 1);
      const { hits, end } = collect(machine);
      assert.deepEqual(end, { kind: 'exited', status: 0 });
      assert.deepEqual(hits.map((h) => [int32(h.before), int32(h.after)]), [[0, 1], [1, 3], [3, 6], [6, 10], [10, 15]]);
      for (const h of hits) {
        assert.equal(h.hit.access, 'write');
        assert.equal(h.hit.index, 0);
        assert.equal(h.hit.by, undefined);
        assert.equal(lineAt(machine, h.hit.pc), lineOf(LOOP, '@write'));
      }
      // Stopping changes nothing the program sees (the neighbouring global on the same page included).
      assert.equal(out(), '15 15\n');
      if (mode.options.jit) assert.ok(machine.compiledFunctions > 0, 'compiled code made the stores');
    });

    it('a read watchpoint stops on reads only; readWrite says which access it was', () => {
      const reads = machineFor(LOOP, mode.options);
      reads.machine.setWatchpoints([{ address: globalAddress(reads.machine, 'total'), size: 4, access: 'read' }]);
      const r = collect(reads.machine).hits;
      // `total += i` reads it five times, printf's argument once more.
      assert.equal(r.length, 6);
      assert.ok(r.every((h) => h.hit.access === 'read' && h.before.every((b, k) => b === h.after[k])));
      assert.equal(lineAt(reads.machine, r[5]!.hit.pc), lineOf(LOOP, '@read'));
      const both = machineFor(LOOP, mode.options);
      both.machine.setWatchpoints([{ address: globalAddress(both.machine, 'total'), size: 4, access: 'readWrite' }]);
      assert.deepEqual(collect(both.machine).hits.map((h) => h.hit.access).join(' '), 'read write read write read write read write read write read');
    });

    it('a store through a pointer into a watched local of another frame stops in the function that made it', () => {
      const src = `void set(int *p, int v) {
  *p = v; // @store
}
int main(void) {
  int x = 1;
  int y = 2; // @start
  set(&y, 5);
  set(&x, 7);
  return x + y - 12;
}
`;
      const { machine } = machineFor(src, mode.options);
      runToLine(machine, lineOf(src, '@start'));
      const fp = machine.registers().fp;
      const main = machine.program.functions.find((f) => f.name === 'main')!;
      const x = main.variables.find((v) => v.name === 'x')!;
      assert.equal(x.kind, 'local');
      machine.setWatchpoints([{ address: fp + x.fpOffset, size: 4, access: 'write' }]);
      const { hits, end } = collect(machine);
      assert.deepEqual(end, { kind: 'exited', status: 0 });
      assert.equal(hits.length, 1);
      assert.equal(lineAt(machine, hits[0]!.hit.pc), lineOf(src, '@store'));
      assert.deepEqual([int32(hits[0]!.before), int32(hits[0]!.after)], [1, 7]);
    });

    it('a write by a library function (memcpy, strcpy) stops after it and names it', () => {
      const src = `#include <string.h>
char name[16];
char pad[64];
int main(void) {
  char tmp[8] = "abc";
  memset(pad, 1, sizeof pad);
  memcpy(name, tmp, 4); // @memcpy
  strcpy(name + 1, "xy"); // @strcpy
  return name[0] == 'a' ? 0 : 1;
}
`;
      const { machine } = machineFor(src, mode.options);
      machine.setWatchpoints([{ address: globalAddress(machine, 'name'), size: 4, access: 'write' }]);
      const { hits, end } = collect(machine);
      assert.deepEqual(end, { kind: 'exited', status: 0 });
      assert.deepEqual(hits.map((h) => h.hit.by), ['memcpy', 'strcpy']);
      assert.deepEqual(Array.from(hits[0]!.before), [0, 0, 0, 0]);
      assert.deepEqual(Array.from(hits[0]!.after), [97, 98, 99, 0]);
      assert.deepEqual(Array.from(hits[1]!.after), [97, 120, 121, 0]);
    });

    it("free's own links written into a watched block stop after free, by free", () => {
      const src = `#include <stdlib.h>
int *g;
int main(void) {
  g = malloc(32);
  int *keep = malloc(32); // @after
  g[0] = 4;
  free(g); // @free
  free(keep);
  return 0;
}
`;
      const { machine } = machineFor(src, mode.options);
      runToLine(machine, lineOf(src, '@after'));
      const block = Number(new DataView(machine.readMemory(globalAddress(machine, 'g'), 8).bytes.buffer).getBigUint64(0, true));
      assert.ok(block > 0);
      machine.setWatchpoints([{ address: block, size: 16, access: 'write' }]);
      const { hits, end } = collect(machine);
      assert.deepEqual(end, { kind: 'exited', status: 0 });
      assert.ok(hits.length >= 2, `${hits.length} hits`);
      assert.equal(hits[0]!.hit.by, undefined);
      assert.equal(hits[0]!.after[0], 4);
      assert.equal(hits[1]!.hit.by, 'free');
      assert.ok(!hits[1]!.before.every((b, k) => b === hits[1]!.after[k]), 'free changed the watched bytes');
    });

    it('with watchpoints set, the run counts the same instructions, TLB hits and misses and simulated time', () => {
      const plain = machineFor(LOOP, mode.options);
      const plainEnd = collect(plain.machine).end;
      const watched = machineFor(LOOP, mode.options);
      watched.machine.setWatchpoints([{ address: globalAddress(watched.machine, 'other'), size: 4, access: 'readWrite' }]);
      const { hits, end } = collect(watched.machine);
      assert.equal(hits.length, 11);
      assert.deepEqual(end, plainEnd);
      assert.equal(watched.machine.steps, plain.machine.steps);
      assert.equal(watched.machine.tlb.hits, plain.machine.tlb.hits);
      assert.equal(watched.machine.tlb.misses, plain.machine.tlb.misses);
      assert.equal(watched.machine.clockNs, plain.machine.clockNs);
      assert.equal(watched.out(), plain.out());
    });

    it('an empty list removes every watchpoint: the run goes to the end without a stop', () => {
      const { machine } = machineFor(LOOP, mode.options);
      machine.setWatchpoints([{ address: globalAddress(machine, 'total'), size: 4, access: 'write' }]);
      assert.equal(machine.run(1e7).kind, 'watch');
      assert.deepEqual(machine.setWatchpoints([]), []);
      assert.deepEqual(collect(machine), { hits: [], end: { kind: 'exited', status: 0 } });
    });
  });
}
