// Deltas between snapshots. The adapter keeps the last snapshot it sent and sends only what changed
// (`diffSnapshots`); the webview rebuilds the full picture with `applyDelta`. Keyed collections are
// compared item by item with a structural equality on their JSON, so an unchanged heap chunk costs
// nothing on the wire; small scalar parts are sent whole.
//
// The equality walks both items in place and stops at the first difference (`sameJson`): comparing
// JSON.stringify texts built every string of every item, twice, which with 10,000 blocks and 1,000 frames
// was most of the time of a stop.

import type { CollectionDelta, ProcessDelta, ProcessView, Snapshot, SnapshotDelta } from './types';
import { SNAPSHOT_VERSION } from './types';

interface Keyed {
  readonly key: number;
}

/**
 * Whether two plain-JSON values serialise alike: the same numbers, strings and booleans at the same
 * places, with properties holding `undefined` treated as absent (JSON drops them) and key order ignored.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    // NaN and infinities serialise as null.
    return typeof a === 'number' && typeof b === 'number' && !Number.isFinite(a) && !Number.isFinite(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    const v = x[key];
    if (v === undefined) continue;
    if (!sameJson(v, y[key])) return false;
    count++;
  }
  for (const key in y) if (y[key] !== undefined) count--;
  return count === 0;
}

function diffCollection<T extends Keyed>(before: readonly T[], after: readonly T[]): CollectionDelta<T> {
  const old = new Map<number, T>();
  for (const item of before) old.set(item.key, item);
  const upsert: T[] = [];
  for (const item of after) {
    const was = old.get(item.key);
    if (was === undefined || !sameJson(was, item)) upsert.push(item);
    old.delete(item.key);
  }
  return { upsert, remove: [...old.keys()] };
}

/** Applies a collection delta; the result keeps the order of `after` as the engine produces it (by key order of appearance). */
function applyCollection<T extends Keyed>(before: readonly T[], delta: CollectionDelta<T>, order: (a: T, b: T) => number): T[] {
  const byKey = new Map<number, T>();
  for (const item of before) byKey.set(item.key, item);
  for (const key of delta.remove) byKey.delete(key);
  for (const item of delta.upsert) byKey.set(item.key, item);
  return [...byKey.values()].sort(order);
}

const byKeyAscending = (a: Keyed, b: Keyed) => a.key - b.key;
/** Stack frames are listed innermost first (highest depth key first); tombstones after live frames. */
const stackOrder = (a: ProcessView['stack'][number], b: ProcessView['stack'][number]) =>
  Number(a.dead ?? false) - Number(b.dead ?? false) || b.key - a.key;

function diffProcess(before: ProcessView | undefined, after: ProcessView): ProcessDelta {
  return {
    pid: after.pid,
    ppid: after.ppid,
    name: after.name,
    state: after.state,
    ...(after.exitCode === undefined ? {} : { exitCode: after.exitCode }),
    registers: after.registers,
    regions: after.regions,
    heap: after.heap,
    counters: after.counters,
    globals: after.globals,
    stack: diffCollection(before?.stack ?? [], after.stack),
    ...(after.elided ? { elided: after.elided } : {}),
    chunks: diffCollection(before?.chunks ?? [], after.chunks),
    pointers: diffCollection(before?.pointers ?? [], after.pointers),
    pages: diffCollection(before?.pages ?? [], after.pages),
  };
}

/** What changed from `before` to `after`. */
export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotDelta {
  const oldProcesses = new Map(before.processes.map((p) => [p.pid, p]));
  return {
    version: SNAPSHOT_VERSION,
    kind: 'delta',
    fromStep: before.step,
    step: after.step,
    current: after.current,
    processes: after.processes.map((p) => diffProcess(oldProcesses.get(p.pid), p)),
    physical: { frameCount: after.physical.frameCount, frameSize: after.physical.frameSize, frames: diffCollection(before.physical.frames, after.physical.frames) },
    swap: { slotCount: after.swap.slotCount, slots: diffCollection(before.swap.slots, after.swap.slots) },
    tlb: after.tlb,
    newErrors: after.errors.slice(before.errors.length),
    position: after.position,
  };
}

/** Rebuilds the full snapshot from the one a delta was computed against. */
export function applyDelta(before: Snapshot, delta: SnapshotDelta): Snapshot {
  if (delta.fromStep !== before.step) {
    throw new Error(`delta from step ${delta.fromStep} does not apply to the snapshot of step ${before.step}`);
  }
  const oldProcesses = new Map(before.processes.map((p) => [p.pid, p]));
  const processes: ProcessView[] = delta.processes.map((d) => {
    const old = oldProcesses.get(d.pid);
    return {
      pid: d.pid,
      ppid: d.ppid,
      name: d.name,
      state: d.state,
      ...(d.exitCode === undefined ? {} : { exitCode: d.exitCode }),
      registers: d.registers,
      regions: d.regions,
      heap: d.heap,
      counters: d.counters,
      globals: d.globals,
      stack: applyCollection(old?.stack ?? [], d.stack, stackOrder),
      ...(d.elided ? { elided: d.elided } : {}),
      chunks: applyCollection(old?.chunks ?? [], d.chunks, byKeyAscending),
      pointers: applyCollection(old?.pointers ?? [], d.pointers, byKeyAscending),
      pages: applyCollection(old?.pages ?? [], d.pages, byKeyAscending),
    };
  });
  return {
    version: SNAPSHOT_VERSION,
    kind: 'full',
    step: delta.step,
    files: before.files,
    current: delta.current,
    processes,
    physical: { frameCount: delta.physical.frameCount, frameSize: delta.physical.frameSize, frames: applyCollection(before.physical.frames, delta.physical.frames, byKeyAscending) },
    swap: { slotCount: delta.swap.slotCount, slots: applyCollection(before.swap.slots, delta.swap.slots, byKeyAscending) },
    tlb: delta.tlb,
    errors: [...before.errors, ...delta.newErrors],
    position: delta.position,
  };
}
