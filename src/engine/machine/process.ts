// A simulated process: an address space, its memcheck state, a heap, a CPU state and an exit status.
//
// How it works. Everything a process owns is reachable from here and nothing else refers to another
// process's parts, so a fork is a clone (kernel.ts): the address space's page table with every page
// shared copy-on-write (memory/fork.ts), the object table and CPU state copied (typed-array slices), the
// allocator cloned over the child's memory, the library state copied with structuredClone. The CPU runs
// one process at a time; switching loads another Process into the Cpu and flushes the TLB.
//
// Besides its status a process has a scheduling state: blocked in wait/waitpid (`waitingFor`), a child
// that has not yet returned from fork (`forkReturn`), and once ended, whether its parent reaped it. Its
// TLB counts accumulate here while it is switched out (the TLB itself is one per machine), and its page
// faults are counted per instruction (`faultSites`) so the views can show faults per source line.

import type { AddressSpace } from '../memory/address-space';
import type { ProcessShadow } from '../check/shadow';
import type { ObjectTable } from '../check/objects';
import type { HeapGlue } from '../check/heap';
import type { CpuState } from './state';
import type { ProcessStatus } from './ending';
import type { MemoryCounters } from './accounting';
import type { LeakSummary } from './machine-types';

/** Page faults at one instruction: minor (copy-on-write included), major, copy-on-write, invalid. */
export type FaultCounts = [minor: number, major: number, cow: number, invalid: number];

export class Process {
  status: ProcessStatus = { kind: 'running' };
  /** Parent's pid (orphans are given to pid 1, which stands in for init). */
  ppid: number;
  /** Per-process library state (rand's seed, strtok's position …), plain data. */
  readonly library = new Map<string, unknown>();
  /** Simulated time spent sleeping. */
  clockNs = 0;
  /** Instructions this process executed. */
  instructions = 0;
  /** TLB hits and misses of this process's earlier turns on the CPU. */
  tlbHits = 0;
  tlbMisses = 0;
  /** While blocked in wait/waitpid: the pid waited for (-1: any child). */
  waitingFor: number | undefined;
  /** A forked child that has not run yet: its fork() call still has to return this value (0). */
  forkReturn: number | undefined;
  /** Order in which processes ended (wait reaps the earliest first); 0 while running. */
  endedAt = 0;
  /** True once the parent collected the exit status with wait/waitpid. */
  reaped = false;
  /** Counters at the moment the process ended, once its memory has been released. */
  final: MemoryCounters | undefined;
  /** Its leak check at that moment: what was lost is still told after the kernel took the pages back. */
  finalLeaks: LeakSummary | undefined;
  /** Page faults by instruction number of the program's own code (a library call counts at its call). */
  readonly faultSites = new Map<number, FaultCounts>();

  constructor(
    readonly pid: number,
    ppid: number,
    readonly name: string,
    readonly space: AddressSpace,
    readonly shadow: ProcessShadow,
    readonly objects: ObjectTable,
    readonly state: CpuState,
    readonly heap: HeapGlue,
    readonly stackSize: number,
  ) {
    this.ppid = ppid;
  }

  get running(): boolean {
    return this.status.kind === 'running';
  }

  /** True if the scheduler may give it the CPU. */
  get ready(): boolean {
    return this.status.kind === 'running' && this.waitingFor === undefined;
  }
}
