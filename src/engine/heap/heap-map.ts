// The allocator's own index of the brk heap: every block, free or allocated, by address.
//
// How it works. Memory holds the real headers, footers and links; this index is the allocator's record
// of what it wrote there, and the authority when the two disagree (a program may scribble over a
// header; memcheck stops that, but the allocator must not trust what it reads). Every block boundary —
// where a block starts or ends — is 8 mod 16 (block.ts), so a boundary's slot is (address - origin) / 16
// from the first block: two arrays hold the block starting and the block ending at each slot, and the
// neighbour above or below a block is one array read. (JavaScript Maps did the same job at several
// times the cost: malloc and free are the hot path of heap-heavy programs.) Two blocks are neighbours
// only when one ends exactly where the other starts: a program that moves the break itself leaves
// gaps, and the allocator never merges across them. An address-ordered list is built only when a view
// or `all` asks, and kept until the set of blocks changes. Sizes change only through `resize`, which
// keeps the end index right.

import type { BlockRecord } from './host';

export interface Chunk {
  /**
   * Address of the header; a block never moves (a merge grows the lower block). Only a chunk object a
   * merge has discarded is given a new start, when the heap reuses it for a new block (brk-heap.ts).
   */
  start: number;
  /** Whole block, header to footer; change it with HeapMap.resize. */
  size: number;
  free: boolean;
  /** The allocation occupying an allocated chunk; null while free. */
  block: BlockRecord | null;
  /** For free chunks: the neighbours in the free list (free-list.ts), mirroring the links in memory. */
  prevFree: Chunk | null;
  nextFree: Chunk | null;
}

export function newChunk(start: number, size: number, free: boolean): Chunk {
  return { start, size, free, block: null, prevFree: null, nextFree: null };
}

export class HeapMap {
  private starts: (Chunk | undefined)[] = [];
  private ends: (Chunk | undefined)[] = [];
  private ordered: Chunk[] | null = [];

  /** `origin`: the first block's address; every boundary is origin + 16k. */
  constructor(private readonly origin: number) {}

  add(chunk: Chunk): void {
    this.starts[this.slot(chunk.start)] = chunk;
    this.ends[this.slot(chunk.start + chunk.size)] = chunk;
    this.ordered = null;
  }

  remove(chunk: Chunk): void {
    const i = this.slot(chunk.start);
    if (this.starts[i] !== chunk) return;
    this.starts[i] = undefined;
    this.forgetEnd(chunk);
    this.ordered = null;
  }

  resize(chunk: Chunk, size: number): void {
    this.forgetEnd(chunk);
    chunk.size = size;
    this.ends[this.slot(chunk.start + size)] = chunk;
  }

  /** The chunk starting at `start`, if any. */
  at(start: number): Chunk | undefined {
    return this.starts[this.slot(start)];
  }

  /** The chunk ending exactly at `end`, if any. */
  endingAt(end: number): Chunk | undefined {
    return this.ends[this.slot(end)];
  }

  /** The chunk ending exactly where `chunk` starts. */
  before(chunk: Chunk): Chunk | undefined {
    return this.ends[this.slot(chunk.start)];
  }

  /** The chunk starting exactly where `chunk` ends. */
  after(chunk: Chunk): Chunk | undefined {
    return this.starts[this.slot(chunk.start + chunk.size)];
  }

  /** Every chunk in address order. */
  all(): readonly Chunk[] {
    if (!this.ordered) {
      const out: Chunk[] = [];
      for (const chunk of this.starts) if (chunk) out.push(chunk);
      this.ordered = out;
    }
    return this.ordered;
  }

  /** The chunk whose bytes contain `address`, if any: the nearest start at or below it. */
  containing(address: number): Chunk | undefined {
    let i = Math.min(Math.floor((address - this.origin) / 16), this.starts.length - 1);
    for (; i >= 0; i--) {
      const chunk = this.starts[i];
      if (chunk) return address < chunk.start + chunk.size ? chunk : undefined;
    }
    return undefined;
  }

  /** The slot of a boundary; an address that is not one gets a slot no block uses. */
  private slot(address: number): number {
    const i = (address - this.origin) / 16;
    return i >= 0 && i === Math.floor(i) ? i : -1;
  }

  private forgetEnd(chunk: Chunk): void {
    const i = this.slot(chunk.start + chunk.size);
    if (this.ends[i] === chunk) this.ends[i] = undefined;
  }
}
