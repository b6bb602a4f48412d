// The kernel's process side: the process table, the scheduling rule, fork, wait, exit and the OOM killer.
//
// Scheduling rule (deterministic, so every run is the same): the running process keeps the CPU until it
// blocks (wait/waitpid with a live child and no zombie), ends, or has run QUANTUM instructions in its
// turn; then the CPU goes to the next ready process in pid order after it, wrapping around. A turn
// starts when the process gets the CPU, or when another process becomes ready (a fork): a process alone
// is never interrupted, which also keeps the CPU loop from being cut into quanta for nothing. A switch
// flushes the TLB, as loading CR3 does. After fork the parent goes on; the child's first turn starts by
// returning 0 from its fork() call (Linux's ret_from_fork).
// `sleep` only advances the sleeper's simulated clock: it never gives the CPU away.
//
// A process that blocks in wait/waitpid stops at its NATIVE instruction (syscalls.ts returns BLOCKED);
// when a child ends the parent becomes ready and executes the same instruction again, which now finds the
// zombie. When a process ends, its children are given to pid 1 and its memory is released — except for the
// first process's when it ends by itself, which the end-of-run reports (leak check, maps) still read.
//
// The OOM killer runs when the pager can find no frame and no swap slot: the live process with the
// largest badness (resident + swapped pages; on a tie the youngest, i.e. highest pid) is killed with
// SIGKILL and the kernel's line `Out of memory: Killed process N (name) total-vm:…kB, anon-rss:…kB` is
// logged. If it is not the process asking, its memory is freed and the request tried again.

import type { Cpu } from './cpu';
import { Process, type FaultCounts } from './process';
import type { Pager } from '../memory/pager';
import type { AddressSpace, FaultKind } from '../memory/address-space';
import { forkSpace } from '../memory/fork';
import { PAGE_SIZE } from '../memory/physical';
import { ProcessShadow, type ShadowMemory } from '../check/shadow';
import { SIGNALS } from '../errors';
import { memoryCounters, type MemoryCounters } from './accounting';
import { returnFromStub } from './calls';
import { ended } from './ending';
import { leakSummary } from './leak-scan';

/** Instructions a process may run in one turn before the next ready process gets the CPU. */
export const QUANTUM = 50_000;

/** What the OOM killer knows of a candidate. */
export interface OomCandidate {
  readonly pid: number;
  readonly residentPages: number;
  readonly swappedPages: number;
}

/** The OOM killer's choice: the largest badness (resident + swapped pages); on a tie, the highest pid. */
export function oomVictim(candidates: readonly OomCandidate[]): number | undefined {
  let victim: number | undefined;
  let worst = -1;
  for (const c of [...candidates].sort((a, b) => a.pid - b.pid)) {
    const badness = c.residentPages + c.swappedPages;
    if (badness >= worst) {
      worst = badness;
      victim = c.pid;
    }
  }
  return victim;
}

/** What wait/waitpid finds. */
export type WaitOutcome =
  | { readonly kind: 'reaped'; readonly pid: number; readonly status: number }
  | { readonly kind: 'no-child' }
  | { readonly kind: 'none-yet' }
  | { readonly kind: 'block' };

export class Kernel {
  readonly processes: Process[] = [];
  /** Kernel messages (the OOM killer's lines), oldest first, as dmesg shows them. */
  readonly log: string[] = [];
  private nextPid: number;
  private turn = 0;
  private endings = 0;
  private hitsAtSwitch = 0;
  private missesAtSwitch = 0;

  constructor(
    private readonly cpu: Cpu,
    private readonly pager: Pager,
    private readonly shadowMemory: ShadowMemory,
    first: Process,
  ) {
    this.processes.push(first);
    this.nextPid = first.pid + 1;
    this.watchFaults(first);
    pager.current = first.space;
    pager.outOfMemory = (requester) => this.oomKill(requester);
  }

  get current(): Process {
    return this.cpu.proc;
  }

  get first(): Process {
    return this.processes[0]!;
  }

  // ---- scheduling ----

  /** Instructions the current process may still run in this turn (no limit while no other is ready). */
  quantumLeft(): number {
    const cur = this.current;
    if (!this.processes.some((p) => p !== cur && p.ready)) return Infinity;
    return Math.max(0, QUANTUM - this.turn);
  }

  /** Counts instructions run by the current process in its turn. */
  ran(instructions: number): void {
    this.turn += instructions;
  }

  /**
   * Applies the scheduling rule: if the current process cannot go on (ended, blocked) or its turn is
   * over, the CPU goes to the next ready process. Returns false if no process is ready.
   */
  schedule(): boolean {
    const cur = this.current;
    if (cur.ready && this.turn < QUANTUM) return true;
    const n = this.processes.length;
    const at = this.processes.indexOf(cur);
    for (let k = 1; k <= n; k++) {
      const p = this.processes[(at + k) % n]!;
      if (!p.ready) continue;
      if (p === cur) this.turn = 0;
      else this.switchTo(p);
      // A child can die returning from fork (no memory left for its stack page), waking its parent:
      // then choose again.
      return p.ready || this.schedule();
    }
    return false;
  }

  /** TLB hits and misses of a process so far (the current one's include its running turn). */
  tlbCounts(proc: Process): { hits: number; misses: number } {
    if (proc !== this.current) return { hits: proc.tlbHits, misses: proc.tlbMisses };
    const tlb = this.pager.tlb;
    return { hits: proc.tlbHits + tlb.hits - this.hitsAtSwitch, misses: proc.tlbMisses + tlb.misses - this.missesAtSwitch };
  }

  counters(proc: Process): MemoryCounters {
    if (proc.final) return proc.final;
    const t = this.tlbCounts(proc);
    return memoryCounters(proc, t.hits, t.misses);
  }

  private switchTo(next: Process): void {
    const prev = this.current;
    const tlb = this.pager.tlb;
    prev.tlbHits += tlb.hits - this.hitsAtSwitch;
    prev.tlbMisses += tlb.misses - this.missesAtSwitch;
    this.cpu.proc = next;
    this.pager.current = next.space;
    tlb.flush();
    this.hitsAtSwitch = tlb.hits;
    this.missesAtSwitch = tlb.misses;
    this.turn = 0;
    if (next.forkReturn !== undefined) {
      const value = next.forkReturn;
      next.forkReturn = undefined;
      try {
        returnFromStub(this.cpu, next.state, value, 'int');
      } catch (e) {
        ended(this.cpu, e);
        this.exited(next);
      }
    }
  }

  // ---- fork, wait, exit ----

  /** fork(): a copy-on-write child of the current process, ready to run; returns its pid. */
  fork(): number {
    const parent = this.current;
    const pid = this.nextPid++;
    const shadow = new ProcessShadow(this.shadowMemory);
    shadow.restorePending(parent.shadow.clonePending());
    const space = forkSpace(parent.space, pid, shadow);
    shadow.attach(space);
    const objects = parent.objects.clone();
    const heap = parent.heap.fork(space, shadow, objects);
    const child = new Process(pid, parent.pid, parent.name, space, shadow, objects, parent.state.clone(), heap, parent.stackSize);
    for (const [key, value] of parent.library) child.library.set(key, structuredClone(value));
    child.forkReturn = 0;
    this.watchFaults(child);
    this.processes.push(child);
    // Another process is ready now: the parent's turn starts here, and the CPU loop returns after this
    // instruction so that the turn's length is counted from exactly this point.
    this.turn = 0;
    this.cpu.stopRequested = true;
    return pid;
  }

  /** wait/waitpid for `pid` (-1 or 0: any child) by the current process. */
  wait(pid: number, noHang: boolean): WaitOutcome {
    const me = this.current;
    const children = this.processes.filter((p) => p.ppid === me.pid && p !== me && !p.reaped && (pid <= 0 || p.pid === pid));
    if (children.length === 0) return { kind: 'no-child' };
    const zombies = children.filter((p) => !p.running).sort((a, b) => a.endedAt - b.endedAt);
    const z = zombies[0];
    if (z) {
      z.reaped = true;
      me.waitingFor = undefined;
      const s = z.status;
      const status = s.kind === 'exited' ? (s.status & 0xff) << 8 : s.kind === 'signaled' ? SIGNALS[s.signal] : 0;
      return { kind: 'reaped', pid: z.pid, status };
    }
    if (noHang) return { kind: 'none-yet' };
    me.waitingFor = pid <= 0 ? -1 : pid;
    return { kind: 'block' };
  }

  /** Bookkeeping after a process ended (its status is set): orphans, the waiting parent, its memory. */
  exited(proc: Process): void {
    if (proc.endedAt !== 0) return;
    proc.endedAt = ++this.endings;
    proc.waitingFor = undefined;
    for (const p of this.processes) if (p.ppid === proc.pid && p !== proc) p.ppid = 1;
    const parent = this.processes.find((p) => p.pid === proc.ppid && p !== proc);
    if (parent && (parent.waitingFor === -1 || parent.waitingFor === proc.pid)) parent.waitingFor = undefined;
    const oomKilled = proc.status.kind === 'signaled' && proc.status.signal === 'SIGKILL';
    if (proc !== this.first || oomKilled) this.release(proc);
  }

  private release(proc: Process): void {
    if (!proc.space.alive) return;
    proc.final = this.counters(proc);
    proc.finalLeaks = leakSummary(this.cpu, proc);
    proc.space.destroy();
  }

  // ---- the OOM killer ----

  private oomKill(requester: AddressSpace): string | undefined {
    const asking = this.processes.find((p) => p.space === requester) ?? this.current;
    const live = this.processes.filter((p) => p.running && p.space.alive);
    const victim = oomVictim(live.map((p) => ({ pid: p.pid, residentPages: p.space.counters.residentPages, swappedPages: p.space.counters.swappedPages })));
    const target = live.find((p) => p.pid === victim) ?? asking;
    const line = `Out of memory: Killed process ${target.pid} (${target.name}) total-vm:${Math.round(target.space.vsz() / 1024)}kB, anon-rss:${(target.space.counters.residentPages * PAGE_SIZE) / 1024}kB`;
    this.log.push(line);
    this.pager.stats.oomKills++;
    if (target === asking) return line;
    target.status = { kind: 'signaled', signal: 'SIGKILL', reason: line };
    this.exited(target);
    return undefined;
  }

  // ---- faults per source line ----

  private watchFaults(proc: Process): void {
    proc.space.onFault = (kind) => this.countFault(proc, kind);
  }

  private countFault(proc: Process, kind: FaultKind): void {
    const site = this.userSite();
    let counts = proc.faultSites.get(site);
    if (!counts) {
      counts = [0, 0, 0, 0] as FaultCounts;
      proc.faultSites.set(site, counts);
    }
    switch (kind) {
      case 'minor':
        counts[0]++;
        break;
      case 'major':
        counts[1]++;
        break;
      case 'cow':
        counts[0]++;
        counts[2]++;
        break;
      case 'invalid':
        counts[3]++;
        break;
      default: {
        const never: never = kind;
        throw new RangeError(String(never));
      }
    }
  }

  /** The instruction of the program's own code responsible for what runs now (a library call's CALL). */
  private userSite(): number {
    const cpu = this.cpu;
    const S = cpu.proc.state;
    const fn = cpu.symbols.fn(S.pc);
    if (!fn || fn.origin === 'user') return S.pc;
    for (let d = S.depth; d > 0; d--) {
      const call = S.csReturn[d]! - 1;
      if (cpu.symbols.fn(call)?.origin === 'user') return call;
    }
    return S.pc;
  }
}
