// The boundary between the allocator and the machine it runs on.
//
// The allocator (malloc, free, realloc, calloc) keeps its headers, boundary tags and free-list links in
// simulated memory, as a real allocator does, so the views can draw the bytes. It reads and writes them
// through `HeapHost`, whose accesses are privileged: they bypass memcheck and never fault on the user's
// behalf. It grows the heap with sbrk and puts large blocks in their own mmap regions. The machine glue
// (memcheck) sets the user-visible shadow state from the records the allocator returns.

export interface HeapHost {
  /** Privileged 8-byte little-endian access to simulated memory (values below 2^53). */
  readWord(address: number): number;
  writeWord(address: number, value: number): void;
  /**
   * Optional: `count` consecutive words from `address` into out[0…count), each exactly as readWord
   * reads it. The free-list walk reads three words of every block it passes; one call instead of three
   * keeps a malloc-heavy program's searches cheap. Without it, readWord is used.
   */
  readWords?(address: number, out: Float64Array, count: number): void;
  /** Moves the program break by `increment` bytes; returns the old break, or -1 if it cannot grow. */
  sbrk(increment: number): number;
  /** Maps `length` bytes (a multiple of the page size) of fresh zeroed memory; returns the address or -1. */
  mmap(length: number): number;
  /** Unmaps a region returned by mmap. */
  munmap(address: number, length: number): void;
  /**
   * Privileged byte copy (memmove) of `length` bytes, data only: the glue copies shadow state itself.
   * realloc uses it to move a payload; without it realloc copies through readWord/writeWord, which is
   * exact only for words below 2^53 (so a host should provide it).
   */
  copy?(dst: number, src: number, length: number): void;
}

export type HeapPolicy = 'first' | 'next' | 'best' | 'worst';

export interface AllocatorOptions {
  readonly policy: HeapPolicy;
  /** Merge a freed block with free neighbours (off only for lessons on fragmentation). */
  readonly coalesce: boolean;
  /** Requests of at least this many bytes get their own mmap region (glibc: 128 KiB). */
  readonly mmapThreshold: number;
}

/** The allocator's record of one allocation; it lives for the whole run, freed or not. */
export interface BlockRecord {
  /** 1-based, in allocation order. */
  readonly id: number;
  /** Address of the payload (what malloc returned). */
  address: number;
  /** Bytes the program asked for. */
  requested: number;
  /** Bytes of the whole block: header, payload, padding and footer. */
  blockSize: number;
  /** Address of the block's first header byte. */
  blockStart: number;
  state: 'allocated' | 'freed';
  /** True if the block has its own mmap region. */
  readonly mmapped: boolean;
  /** Free blocks the search looked at before this one was chosen. */
  searched: number;
}

/**
 * An allocator word in memory (header, footer, free-list link, arena word) that no longer holds what the
 * allocator wrote there: the program scribbled over it. glibc aborts with `message` in such a case; the
 * allocator changes nothing and reports it (reason 'heap-corrupted').
 */
export interface HeapCorruption {
  readonly address: number;
  readonly expected: number;
  readonly found: number;
  /** glibc's words where it has them, e.g. "free(): invalid next size (normal)". */
  readonly message: string;
}

export type AllocationResult =
  | { readonly ok: true; readonly block: BlockRecord }
  | {
      readonly ok: false;
      readonly reason: 'out-of-memory' | 'fragmentation' | 'heap-corrupted';
      readonly totalFree: number;
      readonly largestFree: number;
      /** Set when reason is 'heap-corrupted'. */
      readonly corruption?: HeapCorruption;
    };

export type FreeResult =
  | { readonly ok: true; readonly block: BlockRecord }
  | { readonly ok: false; readonly reason: 'double-free'; readonly block: BlockRecord }
  | { readonly ok: false; readonly reason: 'invalid-free'; readonly block?: BlockRecord }
  | { readonly ok: false; readonly reason: 'heap-corrupted'; readonly block: BlockRecord; readonly corruption: HeapCorruption };

/** A block of the heap as the views draw it, in address order, free or allocated. */
export interface HeapChunk {
  readonly start: number;
  readonly size: number;
  readonly free: boolean;
  /** For allocated chunks: the record. */
  readonly block?: BlockRecord;
  /** For free chunks: the next free chunk in the free list (0 at the end). */
  readonly nextFree?: number;
}

export interface HeapStats {
  readonly heapStart: number;
  readonly heapEnd: number;
  readonly allocatedBytes: number;
  readonly allocatedBlocks: number;
  readonly totalFree: number;
  readonly largestFree: number;
  /** 1 - largestFree / totalFree (0 when nothing is free). */
  readonly externalFragmentation: number;
  readonly totalAllocs: number;
  readonly totalFrees: number;
  readonly totalBytesAllocated: number;
}

/**
 * The allocator's interface to the machine (implemented in src/engine/heap/allocator.ts).
 * `realloc(0, n)` is malloc; `realloc(p, 0)` frees p and returns { ok: true, block: null }.
 */
export interface Allocator {
  malloc(size: number): AllocationResult;
  free(address: number): FreeResult;
  realloc(address: number, size: number):
    | { readonly ok: true; readonly block: BlockRecord | null; readonly moved: boolean; readonly old?: BlockRecord }
    | {
        readonly ok: false;
        readonly reason: 'out-of-memory' | 'fragmentation' | 'invalid-free' | 'double-free' | 'heap-corrupted';
        readonly block?: BlockRecord;
        /** Set when reason is 'heap-corrupted'. */
        readonly corruption?: HeapCorruption;
      };
  /** The record whose block (header to end) contains `address`, allocated or freed; most recent first. */
  blockAt(address: number): BlockRecord | undefined;
  records(): readonly BlockRecord[];
  chunks(): HeapChunk[];
  freeList(): number[];
  /** Block addresses of the free blocks the latest search examined, in order (empty if none searched). */
  lastSearch(): number[];
  stats(): HeapStats;
  /** A copy for a forked child, reading and writing through the child's host. */
  clone(host: HeapHost): Allocator;
}
