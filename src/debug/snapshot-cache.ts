// The snapshots a session serves through `memscope/snapshot`, taken once per stop however many
// consumers ask (the memory panels, the editor decorations), with the last few kept so that a client
// holding an earlier stop's snapshot gets a delta from it.

import type { Machine } from '../engine/machine/machine';
import { takeSnapshot, type TakeOptions } from '../engine/snapshot/take';
import { diffSnapshots } from '../engine/snapshot/delta';
import type { Snapshot, SnapshotDelta } from '../engine/snapshot/types';

const KEPT = 3;

export class SnapshotCache {
  /** Newest first. */
  private recent: Snapshot[] = [];
  /** Memory changed since the newest was taken (the user wrote to it). */
  private stale = false;

  /** The state now, as a delta from `since` when that snapshot is still known, else whole. */
  answer(machine: Machine, options: TakeOptions, since: unknown): Snapshot | SnapshotDelta {
    const now = this.snapshot(machine, options);
    const base = typeof since === 'number' ? this.recent.find((s) => s.step === since && s !== now) : undefined;
    return base ? diffSnapshots(base, now) : now;
  }

  /** Memory was written: the next answer takes a new snapshot even at the same step. */
  invalidate(): void {
    this.stale = true;
  }

  clear(): void {
    this.recent = [];
    this.stale = false;
  }

  /** The snapshot of this stop, taken once. */
  snapshot(machine: Machine, options: TakeOptions): Snapshot {
    const newest = this.recent[0];
    if (newest && newest.step === machine.steps && !this.stale) return newest;
    const now = takeSnapshot(machine, options);
    this.recent = [now, ...this.recent.filter((s) => s.step !== now.step)].slice(0, KEPT);
    this.stale = false;
    return now;
  }
}
