// The allocator's own index of the brk heap: every block, free or allocated, by address.
//
// How it works. Memory holds the real headers, footers and links; this index is the allocator's record
// of what it wrote there, and the authority when the two disagree (a program may scribble over a
// header; memcheck stops that, but the allocator must not trust what it reads). Blocks are kept in two
// hash maps, by start and by end, so the neighbour above or below a block is one lookup: freeing a long
// list of blocks stays linear. Two blocks are neighbours only when one ends exactly where the other
// starts: a program that moves the break itself leaves gaps, and the allocator never merges across
// them. An address-ordered array is built only when a view or `containing` asks, and kept until the
// set of blocks changes. Sizes change only through `resize`, which keeps the end index right.
//
// The maps never delete a key: a gone block's keys are set to undefined and reused when a block starts
// or ends there again. (V8's Map rehashes its whole table when a key is deleted and re-added in a big
// map, which made freeing 100k blocks take seconds.) When dead keys outnumber live ones the maps are
// rebuilt, so their size stays proportional to the heap's.

import type { BlockRecord } from './host';

export interface Chunk {
  /** Address of the header; a chunk never moves (a merge grows the lower block). */
  readonly start: number;
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
  private byStart = new Map<number, Chunk | undefined>();
  private byEnd = new Map<number, Chunk | undefined>();
  private live = 0;
  private ordered: Chunk[] | null = [];

  add(chunk: Chunk): void {
    this.byStart.set(chunk.start, chunk);
    this.byEnd.set(chunk.start + chunk.size, chunk);
    this.live++;
    this.ordered = null;
  }

  remove(chunk: Chunk): void {
    if (this.byStart.get(chunk.start) !== chunk) return;
    this.byStart.set(chunk.start, undefined);
    this.forgetEnd(chunk);
    this.live--;
    this.ordered = null;
    if (this.byStart.size > 2 * this.live + 1024) this.rebuild();
  }

  resize(chunk: Chunk, size: number): void {
    this.forgetEnd(chunk);
    chunk.size = size;
    this.byEnd.set(chunk.start + size, chunk);
  }

  /** The chunk starting at `start`, if any. */
  at(start: number): Chunk | undefined {
    return this.byStart.get(start);
  }

  /** The chunk ending exactly at `end`, if any. */
  endingAt(end: number): Chunk | undefined {
    return this.byEnd.get(end);
  }

  /** The chunk ending exactly where `chunk` starts. */
  before(chunk: Chunk): Chunk | undefined {
    return this.byEnd.get(chunk.start);
  }

  /** The chunk starting exactly where `chunk` ends. */
  after(chunk: Chunk): Chunk | undefined {
    return this.byStart.get(chunk.start + chunk.size);
  }

  /** Every chunk in address order. */
  all(): readonly Chunk[] {
    this.ordered ??= this.chunks().sort((a, b) => a.start - b.start);
    return this.ordered;
  }

  /** The chunk whose bytes contain `address`, if any. */
  containing(address: number): Chunk | undefined {
    const chunks = this.all();
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (chunks[mid].start <= address) lo = mid + 1;
      else hi = mid;
    }
    const chunk = chunks[lo - 1];
    return chunk !== undefined && address < chunk.start + chunk.size ? chunk : undefined;
  }

  private forgetEnd(chunk: Chunk): void {
    const end = chunk.start + chunk.size;
    if (this.byEnd.get(end) === chunk) this.byEnd.set(end, undefined);
  }

  private chunks(): Chunk[] {
    const out: Chunk[] = [];
    for (const chunk of this.byStart.values()) if (chunk) out.push(chunk);
    return out;
  }

  private rebuild(): void {
    const chunks = this.chunks();
    this.byStart = new Map(chunks.map((c) => [c.start, c]));
    this.byEnd = new Map(chunks.map((c) => [c.start + c.size, c]));
  }
}
