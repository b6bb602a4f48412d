// The types of the Machine's API (machine.ts): its options, its I/O, why run() stopped, and the leak
// and heap summaries it answers. Kept apart so machine.ts holds only behaviour; machine.ts re-exports
// them, so callers import everything from there.

import type { SignalName, RuntimeError, StackEntry } from '../errors';
import type { NativeSpec } from '../libc/native';
import type { HeapPolicy, HeapStats } from '../heap/host';
import type { PagePolicy } from '../settings';
import type { ReferenceString } from '../memory/reference-string';
import type { LeakKind, LeakCount } from '../check/leaks';
import type { LossCause } from '../check/pointer-counts';
import type { AllocatorFactory } from '../check/heap';
import type { WatchHit } from './watchpoints';

export interface MachineOptions {
  /** argv of the program; argv[0] names the process (default ['a.out']). */
  readonly argv?: readonly string[];
  /** Stack size limit in bytes (default 8 MiB). */
  readonly stackSize?: number;
  /** Physical memory in bytes (default 256 MiB, at most 1 GiB). */
  readonly physMem?: number;
  /** Swap space in bytes (default 0: no swap). */
  readonly swap?: number;
  /** Page replacement policy when RAM is full (default clock). */
  readonly pagePolicy?: PagePolicy;
  /** TLB entries, a power of two (default 64). */
  readonly tlbEntries?: number;
  readonly heapPolicy?: HeapPolicy;
  readonly coalesce?: boolean;
  /** Bytes malloc's heap may grow to above its start (default: no limit); beyond it malloc fails. */
  readonly heapLimit?: number;
  /** Requests of at least this many bytes get their own mmap region (default 128 KiB). */
  readonly mmapThreshold?: number;
  /** Instructions after which run() returns max-steps (default: no limit). */
  readonly maxSteps?: number;
  /** Stop with { kind: 'error' } at each new non-fatal error (debugger sessions). */
  readonly stopOnErrors?: boolean;
  /** Compile hot functions to JavaScript (default true); off: the interpreter runs everything. */
  readonly jit?: boolean;
  /** Entries into a function (calls, jumps) before it is compiled (default 40; 0: at once). */
  readonly jitThreshold?: number;
  /** Library functions implemented in TypeScript (libc's LIBC table). */
  readonly natives?: Readonly<Record<string, NativeSpec>>;
  /** The heap allocator (heap/allocator.ts's createAllocator). */
  readonly allocator: AllocatorFactory;
  /** Records the page reference string into this (the first run of the `opt` policy; internal). */
  readonly recordReferences?: ReferenceString;
}

export interface MachineIO {
  write(fd: 1 | 2, bytes: Uint8Array): void;
  /** Next byte of stdin, or -1 at its end. */
  readStdin(): number;
}

export type StopEvent =
  | { readonly kind: 'budget' }
  | { readonly kind: 'breakpoint'; readonly address: number }
  | { readonly kind: 'step' }
  | { readonly kind: 'exited'; readonly status: number }
  | { readonly kind: 'signaled'; readonly signal: SignalName; readonly reason: string; readonly error?: RuntimeError }
  /** `repeat`: a later occurrence at the error's site (only for kinds given to setStopOnRepeats). */
  | { readonly kind: 'error'; readonly error: RuntimeError; readonly repeat?: boolean }
  | { readonly kind: 'max-steps' }
  | { readonly kind: 'paused' }
  /** An instruction (or library function) accessed a watched range; `before`/`after`: its bytes around it. */
  | { readonly kind: 'watch'; readonly hit: WatchHit; readonly before: Uint8Array; readonly after: Uint8Array };



export interface LeakSummary {
  readonly definite: LeakCount;
  readonly indirect: LeakCount;
  readonly possible: LeakCount;
  readonly reachable: LeakCount;
  readonly records: readonly {
    readonly kind: LeakKind;
    readonly bytes: number;
    readonly blocks: number;
    readonly indirectBytes: number;
    readonly allocStack: StackEntry[];
    readonly addresses: number[];
    /** For each block (as `addresses`), when it lost its last pointer, if memscope knows. */
    readonly lost?: readonly (LossNote | null)[];
  }[];
  /** Verdict per block payload address. */
  readonly blocks: ReadonlyMap<number, LeakKind>;
}

/** The moment a lost block lost its last pointer (the leak moment), for reports. */
export interface LossNote {
  readonly cause: LossCause;
  /** Where the last pointer was: "variable 'p'", "the 16-byte block allocated at line 9"… ('' if unknown). */
  readonly where: string;
  readonly function: string;
  readonly file: string;
  readonly line: number;
  /** True if the block went with another block that held the only pointer to it. */
  readonly indirect: boolean;
}

export interface HeapSummary {
  readonly inUseBytes: number;
  readonly inUseBlocks: number;
  readonly allocs: number;
  readonly frees: number;
  readonly bytesAllocated: number;
  readonly stats: HeapStats;
}
