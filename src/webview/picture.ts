// The panel's picture of the machine: the latest snapshot, what changed at the last stop, and the
// counters of every stop for the charts. `applyUpdate` takes a host message and returns the next
// picture without touching the previous one.
//
// Deltas are merged collection by collection: an untouched collection keeps its array (so views can
// skip it by identity), a changed one is rebuilt in one ordered pass — a merge of the surviving items
// with the sorted new ones, O(n) with no sort of the whole — and an unchanged item keeps its object.
// This is the engine's `applyDelta` (src/engine/snapshot/delta.ts) made incremental; the tests check
// both agree. The change sets drive the "changed since the last stop" highlight, down to single bytes
// of a stack slot.

import type {
  CollectionDelta,
  FrameSlot,
  Global,
  HistoryPoint,
  ProcessDelta,
  ProcessView,
  Snapshot,
  SnapshotDelta,
  StackFrame,
} from '../protocol/messages';
import { SNAPSHOT_VERSION } from '../protocol/messages';

export interface ProcessChanges {
  /** The process appeared at this stop (a fork): everything in it is new. */
  readonly isNew: boolean;
  readonly frames: ReadonlySet<number>;
  /** Frames pushed since the last stop (a new call at that depth): highlighted whole. */
  readonly newFrames: ReadonlySet<number>;
  /** Stack slot address → indices of the bytes that changed. */
  readonly slotBytes: ReadonlyMap<number, ReadonlySet<number>>;
  readonly chunks: ReadonlySet<number>;
  readonly pages: ReadonlySet<number>;
  readonly pointers: ReadonlySet<number>;
  /** Addresses of globals whose value changed. */
  readonly globals: ReadonlySet<number>;
}

export interface Changes {
  readonly processes: ReadonlyMap<number, ProcessChanges>;
  readonly physical: ReadonlySet<number>;
  readonly swap: ReadonlySet<number>;
  readonly tlb: ReadonlySet<number>;
}

export interface Picture {
  readonly snapshot: Snapshot;
  readonly changes: Changes;
  readonly history: readonly HistoryPoint[];
}

export type UpdateResult =
  | { readonly kind: 'ok'; readonly picture: Picture }
  /** The delta starts from a step this panel does not hold: ask for the whole snapshot. */
  | { readonly kind: 'out-of-sync'; readonly have: number | null; readonly from: number }
  | { readonly kind: 'bad-version'; readonly version: number };

/** How many stops the charts remember. */
const HISTORY_LIMIT = 20_000;

const NO_CHANGES: Changes = { processes: new Map(), physical: new Set(), swap: new Set(), tlb: new Set() };

interface Keyed {
  readonly key: number;
}

/** Merges a collection delta into `before` (sorted by `order`); returns `before` itself when nothing changed. */
export function mergeCollection<T extends Keyed>(
  before: readonly T[],
  delta: CollectionDelta<T>,
  order: (a: T, b: T) => number,
  /** Sort the whole result: for orders that depend on more than the key (a frame that died moves). */
  resort = false,
): { items: readonly T[]; changed: Set<number> } {
  const changed = new Set<number>();
  if (delta.upsert.length === 0 && delta.remove.length === 0) return { items: before, changed };
  const removed = new Set(delta.remove);
  const upserts = new Map<number, T>();
  for (const item of delta.upsert) {
    upserts.set(item.key, item);
    changed.add(item.key);
  }
  const kept: T[] = [];
  for (const item of before) {
    if (removed.has(item.key)) continue;
    const replacement = upserts.get(item.key);
    if (replacement) {
      kept.push(replacement);
      upserts.delete(item.key);
    } else {
      kept.push(item);
    }
  }
  if (resort) return { items: [...kept, ...upserts.values()].sort(order), changed };
  if (upserts.size === 0) return { items: kept, changed };
  const added = [...upserts.values()].sort(order);
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length || j < added.length) {
    if (j >= added.length || (i < kept.length && order(kept[i]!, added[j]!) <= 0)) merged.push(kept[i++]!);
    else merged.push(added[j++]!);
  }
  return { items: merged, changed };
}

const byKey = (a: Keyed, b: Keyed) => a.key - b.key;
/** The snapshot's stack order: live frames innermost first, then tombstones. */
const stackOrder = (a: StackFrame, b: StackFrame) => Number(a.dead ?? false) - Number(b.dead ?? false) || b.key - a.key;

function changedBytes(before: FrameSlot, after: FrameSlot): Set<number> {
  const changed = new Set<number>();
  const n = Math.max(before.bytes.length, after.bytes.length) >> 1;
  for (let i = 0; i < n; i++) {
    if (before.bytes.slice(2 * i, 2 * i + 2) !== after.bytes.slice(2 * i, 2 * i + 2)) changed.add(i);
  }
  return changed;
}

function slotChanges(
  oldStack: readonly StackFrame[],
  frames: readonly StackFrame[],
  changedFrames: ReadonlySet<number>,
  newFrames: Set<number>,
): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  if (changedFrames.size === 0) return out;
  const oldByKey = new Map(oldStack.map((f) => [f.key, f]));
  for (const frame of frames) {
    if (!changedFrames.has(frame.key)) continue;
    const old = oldByKey.get(frame.key);
    if (!old || old.fp !== frame.fp || old.function !== frame.function || (old.dead ?? false) !== (frame.dead ?? false)) {
      newFrames.add(frame.key);
      continue;
    }
    const oldSlots = new Map(old.slots.map((s) => [s.address, s]));
    for (const slot of frame.slots) {
      const before = oldSlots.get(slot.address);
      const bytes = before ? changedBytes(before, slot) : new Set(Array.from({ length: slot.size }, (_, i) => i));
      if (bytes.size > 0) out.set(slot.address, bytes);
    }
  }
  return out;
}

function globalChanges(before: readonly Global[], after: readonly Global[]): Set<number> {
  const old = new Map(before.map((g) => [g.address, g]));
  const changed = new Set<number>();
  for (const g of after) {
    const o = old.get(g.address);
    if (!o || o.value.text !== g.value.text || o.value.defined !== g.value.defined) changed.add(g.address);
  }
  return changed;
}

function applyProcess(old: ProcessView | undefined, d: ProcessDelta): { process: ProcessView; changes: ProcessChanges } {
  const stack = mergeCollection(old?.stack ?? [], d.stack, stackOrder, true);
  const chunks = mergeCollection(old?.chunks ?? [], d.chunks, byKey);
  const pointers = mergeCollection(old?.pointers ?? [], d.pointers, byKey);
  const pages = mergeCollection(old?.pages ?? [], d.pages, byKey);
  const process: ProcessView = {
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
    stack: stack.items as StackFrame[],
    ...(d.elided ? { elided: d.elided } : {}),
    chunks: chunks.items as ProcessView['chunks'],
    pointers: pointers.items as ProcessView['pointers'],
    pages: pages.items as ProcessView['pages'],
  };
  const newFrames = new Set<number>();
  const changes: ProcessChanges = {
    isNew: old === undefined,
    frames: stack.changed,
    newFrames,
    slotBytes: slotChanges(old?.stack ?? [], process.stack, stack.changed, newFrames),
    chunks: chunks.changed,
    pages: pages.changed,
    pointers: pointers.changed,
    globals: old ? globalChanges(old.globals, d.globals) : new Set(),
  };
  return { process, changes };
}

function historyPoints(snapshot: Snapshot): HistoryPoint[] {
  return snapshot.processes.map((p) => ({ step: snapshot.step, pid: p.pid, counters: p.counters }));
}

function appendHistory(history: readonly HistoryPoint[], snapshot: Snapshot): HistoryPoint[] {
  const kept = history.filter((h) => h.step < snapshot.step);
  const next = [...kept, ...historyPoints(snapshot)];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

function applyDeltaTo(before: Picture, delta: SnapshotDelta): Picture {
  const prev = before.snapshot;
  const oldProcesses = new Map(prev.processes.map((p) => [p.pid, p]));
  const processChanges = new Map<number, ProcessChanges>();
  const processes = delta.processes.map((d) => {
    const { process, changes } = applyProcess(oldProcesses.get(d.pid), d);
    processChanges.set(d.pid, changes);
    return process;
  });
  const frames = mergeCollection(prev.physical.frames, delta.physical.frames, byKey);
  const slots = mergeCollection(prev.swap.slots, delta.swap.slots, byKey);
  const oldTlb = new Map(prev.tlb.entries.map((e) => [e.index, e]));
  const tlb = new Set<number>();
  for (const e of delta.tlb.entries) {
    const o = oldTlb.get(e.index);
    if (!o || o.vpn !== e.vpn || o.frame !== e.frame || o.writable !== e.writable) tlb.add(e.index);
  }
  const snapshot: Snapshot = {
    version: SNAPSHOT_VERSION,
    kind: 'full',
    step: delta.step,
    files: prev.files,
    current: delta.current,
    processes,
    physical: { frameCount: delta.physical.frameCount, frameSize: delta.physical.frameSize, frames: frames.items as Snapshot['physical']['frames'] },
    swap: { slotCount: delta.swap.slotCount, slots: slots.items as Snapshot['swap']['slots'] },
    tlb: delta.tlb,
    errors: delta.newErrors.length === 0 ? prev.errors : [...prev.errors, ...delta.newErrors],
    position: delta.position,
  };
  return {
    snapshot,
    changes: { processes: processChanges, physical: frames.changed, swap: slots.changed, tlb },
    history: appendHistory(before.history, snapshot),
  };
}

export type Update =
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot; readonly history: readonly HistoryPoint[] }
  | { readonly kind: 'delta'; readonly delta: SnapshotDelta };

export function applyUpdate(before: Picture | null, update: Update): UpdateResult {
  switch (update.kind) {
    case 'snapshot': {
      const s = update.snapshot;
      if (s.version !== SNAPSHOT_VERSION) return { kind: 'bad-version', version: s.version };
      const history = update.history.length > 0 ? appendHistory(update.history, s) : historyPoints(s);
      return { kind: 'ok', picture: { snapshot: s, changes: NO_CHANGES, history } };
    }
    case 'delta': {
      const d = update.delta;
      if (d.version !== SNAPSHOT_VERSION) return { kind: 'bad-version', version: d.version };
      if (!before || before.snapshot.step !== d.fromStep) return { kind: 'out-of-sync', have: before?.snapshot.step ?? null, from: d.fromStep };
      return { kind: 'ok', picture: applyDeltaTo(before, d) };
    }
    default: {
      const never: never = update;
      return never;
    }
  }
}
