// Watchpoints (data breakpoints) in the machine: the run stops right after an instruction that reads or
// writes a watched range, and pages without a watched byte pay nothing for it.
//
// How it works. A watched page is hidden from the CPU's fast paths (cpu-tlb.ts), so every access to it
// — by the interpreter or by compiled code — goes through the slow paths of access.ts, which call
// `access` with the range touched. An access that overlaps a watched range of its kind is a hit: the
// watched bytes are copied before a write changes them, and the CPU is asked to stop after the current
// instruction, as a hardware watchpoint traps after the access. Machine.run then returns
// { kind: 'watch' } with the bytes before and after.
//
// What counts as an access: the program's loads and stores, COPY and ZERO, the CPU's own pushes (CALL's
// return address, ENTER's saved fp) and RET's reads of them, and every byte a library function reads or
// writes through its NativeCall (memcpy, strcpy, scanf, the argument slots). The allocator writes heap
// words itself, not through NativeCall (free puts its links into the freed payload): for those, the
// watched bytes are compared before and after each library call, and a change is a write by that
// function. One hit per instruction is kept, the first.

import type { Cpu } from './cpu';
import type { Process } from './process';
import type { CpuTlb } from './cpu-tlb';

export type WatchAccess = 'read' | 'write' | 'readWrite';

/** A watched range of the program's memory (every process's, at the same virtual addresses). */
export interface WatchRange {
  readonly address: number;
  readonly size: number;
  readonly access: WatchAccess;
}

/** What stopped the run: watchpoint `index` of the list given to setWatchpoints. */
export interface WatchHit {
  readonly index: number;
  readonly address: number;
  readonly size: number;
  /** The access made: a readWrite watchpoint says which. */
  readonly access: 'read' | 'write';
  /** Text address of the instruction that made it (a library function's: its NATIVE instruction). */
  readonly pc: number;
  readonly pid: number;
  /** The library function that made it, if one did. */
  readonly by?: string;
  /** For a write: the watched bytes before the instruction. */
  readonly old?: Uint8Array;
}

/** Pages of 4 KiB covered by the ranges. */
function pagesOf(list: readonly WatchRange[]): Set<number> {
  const pages = new Set<number>();
  for (const w of list) {
    for (let p = Math.floor(w.address / 4096), last = Math.floor((w.address + w.size - 1) / 4096); p <= last; p++) pages.add(p);
  }
  return pages;
}

export class Watchpoints {
  private list: readonly WatchRange[] = [];
  /** True while any range is watched (the one test slow paths make when there is none). */
  active = false;
  private writes = false;
  private hit: WatchHit | undefined;

  constructor(
    private readonly tlb: CpuTlb,
    /** The bytes of a range as they are now, without disturbing the run (vm-views.ts's readQuietly). */
    private readonly read: (proc: Process, address: number, length: number) => Uint8Array,
  ) {}

  /** Replaces the watched ranges; empty or non-address ranges are dropped. Returns those kept. */
  set(list: readonly WatchRange[]): readonly WatchRange[] {
    this.list = list.filter((w) => Number.isSafeInteger(w.address) && w.address >= 0 && Number.isSafeInteger(w.size) && w.size > 0);
    this.active = this.list.length > 0;
    this.writes = this.list.some((w) => w.access !== 'read');
    this.tlb.hidePages(pagesOf(this.list));
    return this.list;
  }

  get ranges(): readonly WatchRange[] {
    return this.list;
  }

  /** The running process accessed [va, va+size): a hit if a watched range of that kind overlaps it. */
  access(cpu: Cpu, va: number, size: number, write: boolean): void {
    if (this.hit !== undefined) return;
    const list = this.list;
    for (let i = 0; i < list.length; i++) {
      const w = list[i]!;
      if (!(va < w.address + w.size && w.address < va + size)) continue;
      if (w.access !== 'readWrite' && (w.access === 'write') !== write) continue;
      this.record(cpu, i, write ? 'write' : 'read', write ? this.read(cpu.proc, w.address, w.size) : undefined);
      return;
    }
  }

  /** The watched bytes that a write would show changed, before a library function runs (or undefined). */
  beforeNative(cpu: Cpu): Uint8Array[] | undefined {
    if (!this.writes || this.hit !== undefined) return undefined;
    return this.list.map((w) => (w.access === 'read' ? EMPTY : this.read(cpu.proc, w.address, w.size)));
  }

  /** After library function `name` ran: a watched range whose bytes changed without a hit was written by it. */
  afterNative(cpu: Cpu, before: Uint8Array[], name: string): void {
    if (this.hit !== undefined) return;
    for (let i = 0; i < this.list.length; i++) {
      const w = this.list[i]!;
      if (w.access === 'read') continue;
      const old = before[i]!;
      const now = this.read(cpu.proc, w.address, w.size);
      if (old.length === now.length && old.every((b, k) => b === now[k])) continue;
      this.record(cpu, i, 'write', old, name);
      return;
    }
  }

  private record(cpu: Cpu, index: number, access: 'read' | 'write', old: Uint8Array | undefined, by = cpu.nativeName): void {
    const w = this.list[index]!;
    this.hit = {
      index,
      address: w.address,
      size: w.size,
      access,
      pc: cpu.text.address[cpu.proc.state.pc] ?? 0,
      pid: cpu.proc.pid,
      ...(by !== undefined ? { by } : {}),
      ...(old ? { old } : {}),
    };
    cpu.stopRequested = true;
  }

  /** The hit of the last instruction, once (the run stops for it). */
  take(): WatchHit | undefined {
    const hit = this.hit;
    this.hit = undefined;
    return hit;
  }
}

const EMPTY = new Uint8Array(0);
