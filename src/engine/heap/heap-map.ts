// The allocator's own index of the brk heap: every block, free or allocated, in address order.
//
// How it works. Memory holds the real headers, footers and links; this sorted array is the allocator's
// record of what it wrote there, and the authority when the two disagree (a program may scribble over a
// header; memcheck stops that, but the allocator must not trust what it reads). Lookups are binary
// searches by block start. Two blocks are neighbours only when one ends exactly where the other starts:
// a program that moves the break itself leaves gaps, and the allocator never merges across them.

import type { BlockRecord } from './host';

export interface Chunk {
  /** Address of the header. */
  start: number;
  /** Whole block, header to footer. */
  size: number;
  free: boolean;
  /** The allocation occupying an allocated chunk; null while free. */
  block: BlockRecord | null;
}

export class HeapMap {
  private readonly chunks: Chunk[] = [];

  all(): readonly Chunk[] {
    return this.chunks;
  }

  get length(): number {
    return this.chunks.length;
  }

  last(): Chunk | undefined {
    return this.chunks[this.chunks.length - 1];
  }

  add(chunk: Chunk): void {
    this.chunks.splice(this.lowerBound(chunk.start), 0, chunk);
  }

  remove(chunk: Chunk): void {
    const i = this.indexOf(chunk.start);
    if (i >= 0) this.chunks.splice(i, 1);
  }

  /** The chunk starting at `start`, if any. */
  at(start: number): Chunk | undefined {
    const i = this.indexOf(start);
    return i >= 0 ? this.chunks[i] : undefined;
  }

  /** The chunk whose bytes contain `address`, if any. */
  containing(address: number): Chunk | undefined {
    const i = this.lowerBound(address + 1) - 1;
    const chunk = this.chunks[i];
    return chunk !== undefined && address < chunk.start + chunk.size ? chunk : undefined;
  }

  /** The chunk ending exactly where `chunk` starts. */
  before(chunk: Chunk): Chunk | undefined {
    const prev = this.chunks[this.indexOf(chunk.start) - 1];
    return prev !== undefined && prev.start + prev.size === chunk.start ? prev : undefined;
  }

  /** The chunk starting exactly where `chunk` ends. */
  after(chunk: Chunk): Chunk | undefined {
    const i = this.indexOf(chunk.start);
    const next = i >= 0 ? this.chunks[i + 1] : undefined;
    return next !== undefined && next.start === chunk.start + chunk.size ? next : undefined;
  }

  private indexOf(start: number): number {
    const i = this.lowerBound(start);
    return this.chunks[i]?.start === start ? i : -1;
  }

  /** First index whose chunk starts at or above `address`. */
  private lowerBound(address: number): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.chunks[mid].start < address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
