// Watchpoints (data breakpoints) as the debugger names them: the machine's watched ranges
// (machine/watchpoints.ts) with the id and label the user knows them by.
//
// How it works. The machine does the watching: a page that holds a watched byte is hidden from the CPU's
// fast paths, so every access to it takes the slow path, which checks the ranges; the run stops right
// after the instruction (or library function) that made the access, with { kind: 'watch' } and the
// watched bytes before and after. The program runs at full speed everywhere else, compiled code
// included. This file keeps the debugger's list in the machine's order, so the machine's hit (an index
// into that list) names the debugger's watchpoint.

import type { Machine, StopEvent } from '../machine/machine';

export type WatchAccess = 'read' | 'write' | 'readWrite';

export interface Watchpoint {
  readonly id: number;
  readonly address: number;
  readonly size: number;
  readonly access: WatchAccess;
  /** What the user watches, for the stop message ("total", "0x4052a0 (8 bytes)"). */
  readonly label: string;
}

export interface WatchHit {
  readonly watch: Watchpoint;
  readonly access: 'read' | 'write';
  /** The watched bytes before and after the instruction. */
  readonly before: Uint8Array;
  readonly after: Uint8Array;
  /** Text address of the instruction that made the access. */
  readonly pc: number;
  /** The library function that made it (memcpy, free…), if one did. */
  readonly by?: string;
}

type WatchStop = Extract<StopEvent, { kind: 'watch' }>;

export class Watchpoints {
  private list: readonly Watchpoint[] = [];

  constructor(private readonly machine: Machine) {}

  get active(): boolean {
    return this.list.length > 0;
  }

  get all(): readonly Watchpoint[] {
    return this.list;
  }

  /** Replaces the watchpoints; those without a real range (size 0, no address) are dropped. */
  set(list: readonly Watchpoint[]): void {
    const kept = new Set(this.machine.setWatchpoints(list));
    this.list = list.filter((w) => kept.has(w));
  }

  /** The debugger's view of a machine's watch stop. */
  hitOf(stop: WatchStop): WatchHit {
    const h = stop.hit;
    return {
      watch: this.list[h.index]!,
      access: h.access,
      before: stop.before,
      after: stop.after,
      pc: h.pc,
      ...(h.by !== undefined ? { by: h.by } : {}),
    };
  }
}
