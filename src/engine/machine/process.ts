// A simulated process: an address space, its memcheck state, a heap, a CPU state and an exit status.
//
// How it works. Everything a process owns is reachable from here and nothing else refers to another
// process's parts, so a fork is a clone: the address space's page table with writable pages shared
// copy-on-write (PTE_COW, frames' sharer counts), the object table and CPU state copied (typed-array
// slices), the allocator cloned over the child's memory (`Allocator.clone`), the library state copied
// with structuredClone. The CPU runs one process at a time; switching is loading another Process into
// the Cpu and flushing the TLB.

import type { AddressSpace } from '../memory/address-space';
import type { ProcessShadow } from '../check/shadow';
import type { ObjectTable } from '../check/objects';
import type { HeapGlue } from '../check/heap';
import type { CpuState } from './state';
import type { ProcessStatus } from './ending';

export class Process {
  status: ProcessStatus = { kind: 'running' };
  /** Per-process library state (rand's seed, strtok's position …), plain data. */
  readonly library = new Map<string, unknown>();
  /** Simulated time spent sleeping (the cost model of issue 3 will add memory costs). */
  clockNs = 0;
  /** Instructions this process executed. */
  instructions = 0;

  constructor(
    readonly pid: number,
    readonly ppid: number,
    readonly name: string,
    readonly space: AddressSpace,
    readonly shadow: ProcessShadow,
    readonly objects: ObjectTable,
    readonly state: CpuState,
    readonly heap: HeapGlue,
    readonly stackSize: number,
  ) {}

  get running(): boolean {
    return this.status.kind === 'running';
  }
}
