// Per-process memory accounting and the simulated clock's cost model.
//
// How it works. Sizes come from the address space (VSZ from its VMAs; RSS, swapped and the peak from
// counters kept on the fault paths) and, for shared and PSS, from one walk of its page table: a resident
// page mapped by n processes counts its whole 4 KiB in `shared` when n > 1, and 4096 / n in `pss`, so the
// PSS of all processes adds up to the frames they use. Faults are the address space's counters; TLB hits
// and misses the process's own (the machine's TLB counts are split at each switch).
//
// The simulated clock charges each event a fixed cost (COST_NS, documented in docs/vm.md):
//   time = instructions·1 + TLB hits·1 + TLB misses·20 (the page walk)
//        + (minor faults − copy-on-write faults)·1 000 + copy-on-write faults·2 000
//        + major faults·5 000 000 + pages written to swap for this process·5 000 000 + sleep
// so a loop that starts swapping runs thousands of times slower: a disk access costs as much as five
// million instructions.

import { PAGE_SIZE } from '../memory/physical';
import { PTE_PRESENT, PTE_PROTNONE, PTE_SWAPPED, pteFrame } from '../memory/pte';
import type { Process } from './process';
import type { AddressSpace } from '../memory/address-space';
import type { MemoryCounters } from '../snapshot/types';

/** Cost of each event in simulated nanoseconds. */
export const COST_NS = {
  instruction: 1,
  tlbHit: 1,
  /** A TLB miss: the 4-level walk in memory. */
  tlbMiss: 20,
  /** A first touch: a zeroed frame. */
  minorFault: 1_000,
  /** A copy-on-write fault: a frame and a 4 KiB copy. */
  cowFault: 2_000,
  /** A page read back from swap: one disk read. */
  majorFault: 5_000_000,
  /** A page written to swap to make room: one disk write. */
  swapOut: 5_000_000,
} as const;

// The counters' one declaration is the snapshot's (snapshot/types.ts), which the webview reads too.
export type { MemoryCounters };

/** Resident bytes mapped by more than one process, and the proportional set size. */
export function sharedAndPss(space: AddressSpace): { shared: number; pss: number } {
  if (!space.alive) return { shared: 0, pss: 0 };
  const u32 = space.mem.u32;
  const sharers = space.mem.sharers;
  let shared = 0;
  let pss = 0;
  space.table.forEachLeaf((_va, slot) => {
    const lo = u32[slot >> 2]!;
    if ((lo & (PTE_PRESENT | PTE_PROTNONE)) === 0 || (lo & PTE_SWAPPED) !== 0) return;
    const n = sharers[pteFrame(lo, u32[(slot >> 2) + 1]!)]! || 1;
    if (n > 1) shared += PAGE_SIZE;
    pss += PAGE_SIZE / n;
  });
  return { shared, pss };
}

/** The counters of a process, with its TLB hits and misses given (they depend on whether it runs now). */
export function memoryCounters(proc: Process, tlbHits: number, tlbMisses: number): MemoryCounters {
  const space = proc.space;
  const c = space.counters;
  const { shared, pss } = sharedAndPss(space);
  const alive = space.alive;
  const time =
    proc.instructions * COST_NS.instruction +
    tlbHits * COST_NS.tlbHit +
    tlbMisses * COST_NS.tlbMiss +
    (c.minorFaults - c.cowFaults) * COST_NS.minorFault +
    c.cowFaults * COST_NS.cowFault +
    c.majorFaults * COST_NS.majorFault +
    c.swapOuts * COST_NS.swapOut +
    proc.clockNs;
  return {
    vsz: alive ? space.vsz() : 0,
    rss: c.residentPages * PAGE_SIZE,
    rssPeak: c.peakResidentPages * PAGE_SIZE,
    shared,
    // Linux rounds PSS too (to whole kB); whole bytes are enough here.
    pss: Math.round(pss),
    swapped: c.swappedPages * PAGE_SIZE,
    pageTableBytes: alive ? space.table.tableFrames * PAGE_SIZE : 0,
    minorFaults: c.minorFaults,
    majorFaults: c.majorFaults,
    invalidFaults: c.invalidFaults,
    cowFaults: c.cowFaults,
    tlbHits,
    tlbMisses,
    simulatedTimeNs: time,
    instructions: proc.instructions,
  };
}
