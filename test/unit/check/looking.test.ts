// Looking does not change the machine: memcheck's own reads and bookkeeping — the leak check, a
// snapshot, the pointer-count scan of a block being freed, a freed payload becoming not addressable —
// read and write a page in swap where it is, so they add no fault, no RSS, no swap traffic and no
// simulated time; and memcheck stays exact about the pages it never brought back.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { compileFile } from '../../../src/engine/index';
import { Machine, type MachineOptions } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { takeSnapshot } from '../../../src/engine/snapshot/take';
import { compileSource, lineOf } from '../snapshot/take-harness';
import type { Program } from '../../../src/engine/program';

const SWAPPING = join(__dirname, '..', '..', '..', 'examples', 'swapping.c');
const SMALL_RAM: Partial<MachineOptions> = { physMem: 256 * 1024, swap: 4 * 1024 * 1024 };

function machineFor(program: Program, options: Partial<MachineOptions> = {}): Machine {
  return new Machine(program, { natives: LIBC, allocator: createAllocator, stopOnErrors: false, ...options }, { write: () => undefined, readStdin: () => -1 });
}

function runToBreak(m: Machine): string {
  for (;;) {
    const s = m.run(1_000_000);
    if (s.kind !== 'budget' && s.kind !== 'error') return s.kind;
  }
}

/** Everything a look could disturb: the counters, the pager's traffic, the pages and their bits, frames, swap, the TLB. */
function machineState(m: Machine): Record<string, string> {
  return {
    counters: JSON.stringify(m.counters()),
    pager: JSON.stringify({ ...m.pagerStats, clock: m.clockNs }),
    pages: JSON.stringify(m.pages()),
    frames: JSON.stringify(m.frames()),
    swap: JSON.stringify(m.swapSlots()),
    tlb: JSON.stringify(m.tlbEntries()),
  };
}

function assertUnchanged(m: Machine, before: Record<string, string>, after: string): void {
  const now = machineState(m);
  // Counters first, in full (a readable diff); the long lists by name.
  assert.deepEqual(JSON.parse(now.counters!), JSON.parse(before.counters!), `counters ${after}`);
  assert.deepEqual(JSON.parse(now.pager!), JSON.parse(before.pager!), `pager traffic and clock ${after}`);
  for (const k of ['pages', 'frames', 'swap', 'tlb']) assert.ok(now[k] === before[k], `${k} unchanged ${after}`);
}

describe('looking does not change the machine', function () {
  this.timeout(60000);

  it('examples/swapping.c, paused with its big array in swap: a leak check and a snapshot leave faults, RSS, swap, frames, the TLB and the clock as they were', () => {
    const program = compileFile(SWAPPING).program!;
    const m = machineFor(program, SMALL_RAM);
    m.setBreakpoints(m.statementAddresses(0, 30));
    assert.equal(runToBreak(m), 'breakpoint');
    const counters = m.counters();
    assert.ok(counters.swapped >= 512 * 1024, `${counters.swapped} bytes in swap`);
    const before = machineState(m);
    const leaks = m.leakCheck();
    // The scan read the swapped pages where they are: both blocks are found, still reachable.
    assert.deepEqual(leaks.reachable, { bytes: (16 + 256) * 1024 * 4, blocks: 2 });
    assertUnchanged(m, before, 'after the leak check');
    const snap = takeSnapshot(m, { heapPolicy: 'first' });
    assert.equal(snap.processes[0]!.chunks.filter((c) => c.state === 'allocated').length, 2);
    assertUnchanged(m, before, 'after a snapshot');
    takeSnapshot(m, { heapPolicy: 'first' });
    assertUnchanged(m, before, 'after a second snapshot');
  });

  it('examples/swapping.c: freeing the 1 MiB block in swap costs no more than its header page, not a fault per page', () => {
    const program = compileFile(SWAPPING).program!;
    const m = machineFor(program, SMALL_RAM);
    m.setBreakpoints([...m.statementAddresses(0, 31), ...m.statementAddresses(0, 32)]);
    assert.equal(runToBreak(m), 'breakpoint');
    const before = m.counters().majorFaults;
    assert.equal(runToBreak(m), 'breakpoint');
    const faults = m.counters().majorFaults - before;
    assert.ok(faults <= 2, `free(b) took ${faults} major faults`);
  });

  it('a block freed while its pages are in swap: the pointers inside it are counted off (leak moment), and it is not addressable when its page comes back (use after free)', () => {
    // 16 blocks of 64 KiB in the brk heap (below the mmap threshold) on 256 KiB of RAM: the first ones
    // are in swap when freed. Block 0 holds the only pointers to 8 small nodes.
    const src = `#include <stdlib.h>
int main(void) {
  char *big[16];
  for (int i = 0; i < 16; i++) big[i] = malloc(60000);
  for (int i = 0; i < 16; i++) for (int k = 0; k < 60000; k += 512) big[i][k] = (char)k;
  char **nodes = (char **)big[0];
  for (int i = 0; i < 8; i++) nodes[i * 600] = malloc(32);
  for (int i = 1; i < 16; i++) for (int k = 0; k < 60000; k += 512) big[i][k] = (char)(k + 1);
  free(big[0]); // @free
  int x = big[0][4096 * 3]; // @use
  for (int i = 1; i < 16; i++) free(big[i]);
  return x == 7;
}
`;
    const program = compileSource(src);
    const m = machineFor(program, SMALL_RAM);
    m.setBreakpoints(m.statementAddresses(0, lineOf(src, '@free')));
    assert.equal(runToBreak(m), 'breakpoint');
    const swapped = m.pages().filter((p) => p.swapped).length;
    assert.ok(swapped > 16, `${swapped} pages in swap before the free`);
    const before = m.counters().majorFaults;
    m.setBreakpoints(m.statementAddresses(0, lineOf(src, '@use')));
    assert.equal(runToBreak(m), 'breakpoint');
    // The allocator reads the block's header and its neighbours' (to coalesce): those pages may come back.
    assert.ok(m.counters().majorFaults - before <= 3, `free took ${m.counters().majorFaults - before} major faults`);
    const leaks = m.errors.filter((e) => e.kind === 'leak');
    assert.equal(leaks.length, 1);
    assert.equal(leaks[0]!.count, 8, 'each node lost its last pointer with the freed block');
    m.clearBreakpoints();
    assert.equal(runToBreak(m), 'exited');
    const uaf = m.errors.find((e) => e.kind === 'use-after-free');
    assert.ok(uaf, m.errors.map((e) => e.kind).join(', '));
    assert.equal(uaf.stack.find((f) => f.line > 0)?.line, lineOf(src, '@use'));
    assert.equal(m.leakCheck().definite.blocks, 8);
  });
});
