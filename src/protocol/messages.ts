// The one contract between the extension host and the memscope webview panels, and the custom DAP
// requests the host sends to the debug adapter on their behalf. Both sides import this module: the host
// posts `HostMessage`s into a panel, the panel posts `PanelMessage`s back, and each side switches on
// `kind` exhaustively, so adding a message here makes the compiler point at every place that must handle it.
//
// Snapshots travel whole once (`snapshot`) and then as deltas (`delta`) computed against the step the
// panel already holds; a panel that cannot apply a delta (it was reloaded, or missed one) asks for a
// `resync` and receives the whole snapshot again. Program data (names, strings, bytes) inside these
// messages is untrusted text: panels put it in the DOM only as text.

import type { MemoryCounters, PageWalk, Snapshot, SnapshotDelta, SourceSite } from '../engine/snapshot/types';

export type {
  CollectionDelta,
  ElidedFrames,
  FrameSlot,
  Global,
  HeapChunk,
  HeapChunkState,
  HeapView,
  MemoryCounters,
  PageEntry,
  PageWalk,
  PhysicalFrame,
  PointerEdge,
  PointerVerdict,
  PointerVerdictKind,
  ProcessDelta,
  ProcessView,
  Region,
  Snapshot,
  SnapshotDelta,
  SourceSite,
  StackFrame,
  SwapSlot,
  TlbEntry,
  Value,
  WalkLevel,
} from '../engine/snapshot/types';
export { SNAPSHOT_VERSION } from '../engine/snapshot/types';

// ---- custom DAP requests (served by src/debug, sent by src/extension/panels) ----

/** `memscope/snapshot`: the machine state at the current stop, whole or as a delta since `since`. */
export const SNAPSHOT_REQUEST = 'memscope/snapshot';
export interface SnapshotRequestArguments {
  /** The step of the last snapshot the client holds; the adapter may answer with a delta from it. */
  readonly since?: number;
}
export type SnapshotResponseBody = Snapshot | SnapshotDelta;

/** `memscope/walk`: the 4-level page-table walk of one virtual address in one process. */
export const WALK_REQUEST = 'memscope/walk';
export interface WalkRequestArguments {
  readonly pid: number;
  readonly address: number;
}
export type WalkResponseBody = PageWalk;

/**
 * `memscope/marks`: the source lines worth marking at the current stop (where a leaked block was
 * allocated, where a block a pointer still holds was freed, where a function returned whose frame a
 * pointer still aims into). Computed by the adapter from its snapshot, so the editor's decorations do
 * not fetch the whole snapshot (megabytes with thousands of blocks) at every stop.
 */
export const MARKS_REQUEST = 'memscope/marks';
export interface MemoryMark {
  readonly kind: 'leak' | 'dangling';
  /** Path as in Snapshot.files. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}
export interface MarksResponseBody {
  readonly marks: MemoryMark[];
}

/** Every custom request with its arguments and response body, for typed `customRequest` wrappers. */
export interface CustomRequests {
  readonly [SNAPSHOT_REQUEST]: { readonly arguments: SnapshotRequestArguments; readonly body: SnapshotResponseBody };
  readonly [WALK_REQUEST]: { readonly arguments: WalkRequestArguments; readonly body: WalkResponseBody };
  readonly [MARKS_REQUEST]: { readonly arguments: Record<string, never>; readonly body: MarksResponseBody };
}

/** The debug type whose sessions the panels follow. */
export const DEBUG_TYPE = 'memscope';

// ---- panels ----

export type PanelKind = 'memory-map' | 'paging';

/** Webview view types, as registered with VS Code's panel serializer. */
export const PANEL_VIEW_TYPES: { readonly [K in PanelKind]: string } = {
  'memory-map': 'memscope.memoryMap',
  paging: 'memscope.paging',
};

/** One point of the charts over steps: one process's counters at one stop. */
export interface HistoryPoint {
  readonly step: number;
  readonly pid: number;
  readonly counters: MemoryCounters;
}

/** What the panel says about the debug session it follows. */
export type SessionStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'running'; readonly name: string }
  | { readonly kind: 'stopped'; readonly name: string; readonly reason: string; readonly description?: string }
  | { readonly kind: 'ended'; readonly name: string }
  | { readonly kind: 'problem'; readonly name: string; readonly message: string };

/** Where an address came from when the user picked it (the walk view says so). */
export type AddressOrigin = 'variable' | 'block' | 'typed' | 'page' | 'frame' | 'region';

// ---- host → panel ----

export type HostMessage =
  /** The whole picture, with the counters of every earlier stop for the charts. */
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot; readonly history: readonly HistoryPoint[] }
  /** What changed since the snapshot of step `delta.fromStep`, which the panel holds. */
  | { readonly kind: 'delta'; readonly delta: SnapshotDelta }
  | { readonly kind: 'session'; readonly status: SessionStatus }
  /** The answer to a `select-address`: the walk, or why there is none. */
  | {
      readonly kind: 'walk';
      readonly pid: number;
      readonly address: number;
      readonly origin: AddressOrigin;
      readonly result: { readonly kind: 'ok'; readonly walk: PageWalk } | { readonly kind: 'error'; readonly message: string };
    }
  /** Another panel highlighted a range: show it here too. */
  | { readonly kind: 'highlight'; readonly pid: number; readonly address: number; readonly size: number };

// ---- panel → host ----

export type PanelMessage =
  /** The panel's script is running; `step` is the snapshot it still holds (none after a reload). */
  | { readonly kind: 'ready'; readonly panel: PanelKind; readonly step: number | null }
  /** A delta did not apply: send the whole snapshot. */
  | { readonly kind: 'resync'; readonly panel: PanelKind }
  /** Show this source position in the editor. `file` is the path as in Snapshot.files. */
  | { readonly kind: 'reveal'; readonly file: string; readonly line: number; readonly column: number }
  /** The user chose an address: walk it (the answer goes to every panel). */
  | { readonly kind: 'select-address'; readonly pid: number; readonly address: number; readonly origin: AddressOrigin }
  /** The user highlighted a range: tell the other panels. */
  | { readonly kind: 'highlight'; readonly pid: number; readonly address: number; readonly size: number };

/** Resolves a snapshot site to the message that reveals it. */
export function revealMessage(files: readonly string[], site: SourceSite): PanelMessage | null {
  const file = files[site.file];
  if (file === undefined || site.line <= 0) return null;
  return { kind: 'reveal', file, line: site.line, column: Math.max(1, site.column) };
}

const PANEL_KINDS: readonly string[] = ['memory-map', 'paging'];
const ORIGINS: readonly string[] = ['variable', 'block', 'typed', 'page', 'frame', 'region'];
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Checks a message arriving from a webview: it crossed a process boundary untyped. */
export function isPanelMessage(value: unknown): value is PanelMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.kind) {
    case 'ready':
      return PANEL_KINDS.includes(m.panel as string) && (m.step === null || isCount(m.step));
    case 'resync':
      return PANEL_KINDS.includes(m.panel as string);
    case 'reveal':
      return typeof m.file === 'string' && isCount(m.line) && isCount(m.column);
    case 'select-address':
      return isCount(m.pid) && isCount(m.address) && ORIGINS.includes(m.origin as string);
    case 'highlight':
      return isCount(m.pid) && isCount(m.address) && isCount(m.size);
    default:
      return false;
  }
}
