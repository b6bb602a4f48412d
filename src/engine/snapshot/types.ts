// The snapshot: a versioned, plain-JSON picture of the simulated machine at one stop. Every consumer
// reads this and nothing else: the debug adapter serves it through a custom request, the webview panels
// draw it, the CLI prints parts of it, and tests assert on it. It is built by `takeSnapshot` from the
// machine's own tables (the frame layout, the PTE bits, the allocator's chunks), never re-derived by views.
//
// Addresses are numbers (user addresses are below 2^47, so exact as doubles); byte contents are hex strings.
// Collections of keyed items (frames, heap chunks, pages, physical frames) can be sent whole or as a delta
// against an earlier snapshot (`SnapshotDelta`): only items whose content changed, plus removed keys, so a
// step stays cheap with thousands of blocks. Collections are always ordered the same way: stack frames
// innermost first (live frames, then tombstones), every other keyed collection by ascending key.

import type { RuntimeError } from '../errors';

export const SNAPSHOT_VERSION = 1;

/** Why a pointer points where it does, in one word; each has a plain-language sentence beside it. */
export type PointerVerdictKind =
  | 'null'
  | 'valid'
  | 'out-of-bounds'
  | 'dangling-heap'
  | 'dangling-stack'
  | 'leaked-target'
  | 'uninitialized'
  | 'wild';

export interface PointerVerdict {
  readonly kind: PointerVerdictKind;
  /** The pointer's value. */
  readonly address: number;
  /** One plain sentence: "dangling: points into a 24-byte block freed at line 31". */
  readonly explanation: string;
  /** The object it was derived from, or that contains the address. */
  readonly target?: {
    readonly kind: 'heap' | 'local' | 'param' | 'global' | 'string-literal' | 'static-local' | 'text';
    readonly name: string;
    readonly start: number;
    readonly size: number;
    /** Byte offset of the address within the object (may be negative or ≥ size when out of bounds). */
    readonly offset: number;
    /** For heap blocks: the allocation's id, allocation line and free line. */
    readonly blockId?: number;
    readonly allocLine?: number;
    readonly freeLine?: number;
    /** For locals of a returned frame: the function. */
    readonly function?: string;
  };
}

/** A source position. `file` is an index into Snapshot.files. */
export interface SourceSite {
  readonly file: number;
  readonly line: number;
  readonly column: number;
}

export interface Value {
  /** Type as C spells it: "int", "struct node *", "char [16]". */
  readonly type: string;
  /** Display text: "42", "0x4052a0", "\"hello\"", "{...}". */
  readonly text: string;
  /** False if any byte is uninitialised. */
  readonly defined: boolean;
  /** For pointers: the verdict. */
  readonly pointer?: PointerVerdict;
}

/** One slot of a stack frame, in the order the calling convention lays them out (docs/abi.md). */
export interface FrameSlot {
  readonly kind: 'argument' | 'return-address' | 'saved-fp' | 'local' | 'padding' | 'outgoing';
  readonly address: number;
  readonly size: number;
  /** Variable name for arguments and locals. */
  readonly name?: string;
  /** Raw bytes, lowest address first, as hex ("2a000000"); undefined bytes are "??"-free: see `defined`. */
  readonly bytes: string;
  readonly value?: Value;
  /** For the return address: the caller's function and line it returns to. */
  readonly returnsTo?: { readonly function: string; readonly site: SourceSite };
  /** For locals: false when the current pc is outside the variable's block. */
  readonly inScope?: boolean;
}

export interface StackFrame {
  /** Stable key: the frame's depth from the outermost frame (0 = _start). */
  readonly key: number;
  readonly function: string;
  readonly origin: 'user' | 'libc' | 'native' | 'start';
  readonly site: SourceSite;
  readonly pc: number;
  readonly fp: number;
  /** Lowest address of the frame (its sp) and the highest (end of its arguments). */
  readonly low: number;
  readonly high: number;
  /** Highest address first, as the stack is usually drawn. */
  readonly slots: FrameSlot[];
  /** True for a frame that has returned but is still the target of some pointer (a tombstone). */
  readonly dead?: boolean;
}

export type HeapChunkState = 'allocated' | 'free' | 'leaked' | 'dangling-target';

export interface ElidedFrames {
  readonly frames: number;
  readonly low: number;
  readonly high: number;
}

export interface HeapChunk {
  /** Stable key: the chunk's start address. */
  readonly key: number;
  readonly start: number;
  /** Header size, payload address and size (requested), padding, whole chunk size. */
  readonly headerSize: number;
  readonly payload: number;
  readonly requested: number;
  readonly size: number;
  readonly state: HeapChunkState;
  readonly mmapped: boolean;
  /** For allocated chunks: allocation id and sites. */
  readonly blockId?: number;
  readonly allocSite?: SourceSite;
  readonly allocFunction?: string;
  /** For freed chunks whose allocation memcheck still remembers (free, dangling-target): where free() was called. */
  readonly freeSite?: SourceSite;
  readonly freeFunction?: string;
  /** For free chunks: the next chunk in the free list, 0 at the end. */
  readonly nextFree?: number;
  /** The payload's first bytes (hex, at most 64) and how many of them are defined. */
  readonly preview: string;
  readonly definedBytes: number;
}

export interface HeapView {
  readonly policy: string;
  readonly start: number;
  readonly brk: number;
  readonly freeList: number[];
  readonly totalFree: number;
  readonly largestFree: number;
  readonly externalFragmentation: number;
  readonly allocatedBlocks: number;
  readonly allocatedBytes: number;
  /** The free chunks the latest malloc examined, in order (its search path). */
  readonly lastSearch: number[];
}

export interface Region {
  readonly start: number;
  readonly end: number;
  /** "r-x", "rw-", "---" … as /proc/self/maps. */
  readonly permissions: string;
  readonly name: string;
  readonly kind: 'text' | 'rodata' | 'data' | 'bss' | 'heap' | 'mmap' | 'stack' | 'guard';
  readonly residentPages: number;
}

export interface Global {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly section: 'rodata' | 'data' | 'bss';
  readonly kind: 'global' | 'static-local' | 'string-literal' | 'compound-literal';
  readonly function?: string;
  readonly site: SourceSite;
  readonly value: Value;
}

/** An arrow from a memory slot holding a pointer to what it points at. */
export interface PointerEdge {
  /** Stable key: the slot's address. */
  readonly key: number;
  readonly from: number;
  /** Human name of the slot: "main: head", "block #3 +8", "global list". */
  readonly fromName: string;
  readonly to: number;
  readonly verdict: PointerVerdictKind;
}

export interface PageEntry {
  /** Stable key: the virtual page number. */
  readonly key: number;
  readonly vpn: number;
  readonly present: boolean;
  readonly writable: boolean;
  readonly user: boolean;
  readonly accessed: boolean;
  readonly dirty: boolean;
  readonly noExecute: boolean;
  readonly swapped: boolean;
  readonly cow: boolean;
  /** Physical frame number when present; swap slot when swapped. */
  readonly frame?: number;
  readonly swapSlot?: number;
  /** Name of the region the page belongs to. */
  readonly region: string;
}

export interface WalkLevel {
  readonly level: 4 | 3 | 2 | 1;
  readonly name: 'PML4' | 'PDPT' | 'PD' | 'PT';
  /** Physical frame of the table read at this level. */
  readonly tableFrame: number;
  readonly index: number;
  /** The 64-bit entry as hex. */
  readonly entry: string;
  readonly present: boolean;
  readonly writable: boolean;
  readonly user: boolean;
  readonly noExecute: boolean;
}

export interface PageWalk {
  readonly pid: number;
  readonly address: number;
  readonly levels: WalkLevel[];
  readonly offset: number;
  /** The physical address, or why the walk failed. */
  readonly result: { readonly kind: 'mapped'; readonly physical: number; readonly frame: number } | { readonly kind: 'fault'; readonly reason: string };
  /** Whether the TLB held the translation. */
  readonly tlbHit: boolean;
}

/**
 * A process's memory counters, as machine/accounting.ts computes them. Declared here, on the snapshot's
 * side, because the webview may read these types and nothing else of the engine.
 */
export interface MemoryCounters {
  readonly vsz: number;
  readonly rss: number;
  readonly rssPeak: number;
  readonly shared: number;
  readonly pss: number;
  readonly swapped: number;
  readonly pageTableBytes: number;
  readonly minorFaults: number;
  readonly majorFaults: number;
  readonly invalidFaults: number;
  readonly cowFaults: number;
  readonly tlbHits: number;
  readonly tlbMisses: number;
  readonly simulatedTimeNs: number;
  readonly instructions: number;
}

export interface ProcessView {
  readonly pid: number;
  readonly ppid: number;
  readonly name: string;
  readonly state: 'running' | 'ready' | 'waiting' | 'zombie' | 'exited' | 'killed';
  readonly exitCode?: number;
  readonly registers: { readonly pc: number; readonly sp: number; readonly fp: number; readonly brk: number };
  readonly regions: Region[];
  /** Innermost frame first; tombstones of returned frames (dead: true) follow the live ones. */
  readonly stack: StackFrame[];
  /**
   * Live frames left out of `stack` because the stack is too deep to draw (a runaway recursion): that
   * many frames, occupying [low, high), between the innermost ones shown and the outermost ones shown.
   */
  readonly elided?: ElidedFrames;
  readonly heap: HeapView;
  readonly chunks: HeapChunk[];
  readonly globals: Global[];
  readonly pointers: PointerEdge[];
  readonly pages: PageEntry[];
  readonly counters: MemoryCounters;
}

export interface PhysicalFrame {
  /** Stable key: the frame number. */
  readonly key: number;
  readonly frame: number;
  readonly use: 'free' | 'page' | 'page-table' | 'kernel';
  /** For pages: who maps it (several when shared) and at which virtual page. */
  readonly owners: { readonly pid: number; readonly vpn: number }[];
  readonly dirty: boolean;
}

export interface SwapSlot {
  readonly key: number;
  readonly slot: number;
  readonly owner: { readonly pid: number; readonly vpn: number } | null;
}

export interface TlbEntry {
  readonly index: number;
  readonly vpn: number;
  readonly frame: number;
  readonly writable: boolean;
}

export interface Snapshot {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly kind: 'full';
  /** Instructions executed so far (all processes): the snapshot's clock. */
  readonly step: number;
  readonly files: string[];
  /** The process the CPU runs now. */
  readonly current: number;
  readonly processes: ProcessView[];
  readonly physical: { readonly frameCount: number; readonly frameSize: number; readonly frames: PhysicalFrame[] };
  readonly swap: { readonly slotCount: number; readonly slots: SwapSlot[] };
  readonly tlb: { readonly size: number; readonly entries: TlbEntry[]; readonly hits: number; readonly misses: number };
  readonly errors: RuntimeError[];
  /** Where the current process stands. */
  readonly position: { readonly function: string; readonly site: SourceSite } | null;
}

/** Changes to a keyed collection: items whose content changed or appeared, and keys that disappeared. */
export interface CollectionDelta<T> {
  readonly upsert: T[];
  readonly remove: number[];
}

export interface ProcessDelta {
  readonly pid: number;
  /** Scalar parts are sent whole when anything in them changed. */
  readonly ppid: number;
  readonly name: string;
  readonly state: ProcessView['state'];
  readonly exitCode?: number;
  readonly registers: ProcessView['registers'];
  readonly regions: Region[];
  readonly heap: HeapView;
  readonly counters: MemoryCounters;
  readonly stack: CollectionDelta<StackFrame>;
  /** Sent whole, like the other scalar parts; absent when nothing is left out. */
  readonly elided?: ElidedFrames;
  readonly chunks: CollectionDelta<HeapChunk>;
  readonly globals: Global[];
  readonly pointers: CollectionDelta<PointerEdge>;
  readonly pages: CollectionDelta<PageEntry>;
}

export interface SnapshotDelta {
  readonly version: typeof SNAPSHOT_VERSION;
  readonly kind: 'delta';
  /** The step of the snapshot this delta applies to, and the step it produces. */
  readonly fromStep: number;
  readonly step: number;
  readonly current: number;
  /** Processes present now (a process missing here was removed). */
  readonly processes: ProcessDelta[];
  readonly physical: { readonly frameCount: number; readonly frameSize: number; readonly frames: CollectionDelta<PhysicalFrame> };
  readonly swap: { readonly slotCount: number; readonly slots: CollectionDelta<SwapSlot> };
  readonly tlb: Snapshot['tlb'];
  /** Errors reported since `fromStep`. */
  readonly newErrors: RuntimeError[];
  readonly position: Snapshot['position'];
}
