// The explicit free list: a doubly-linked list of free blocks, ordered by address, whose links live in
// the free blocks themselves (block.ts: `next` at +8, `prev` at +16) and whose head lives in the arena.
//
// How it works. Every change (insert, remove, replace) writes the links in simulated memory and updates
// a sorted array of the same chunks, the allocator's record of what it wrote. A search walks the list
// the way a real allocator does, reading the head and each `next` link from memory, but checks every
// word it reads against that record first (the node address, its header, its `prev` link, its `next`
// link). A mismatch means the program overwrote allocator memory: the walk stops and returns where, in
// glibc's words, instead of following a bad link. The walk is bounded by the record's length, so a
// scribbled cycle can never make it loop.

import { ARENA, LINK, headerWord } from './block';
import type { Chunk } from './heap-map';
import type { HeapCorruption, HeapHost } from './host';

/** Asked for each free block in walk order; returning true ends the walk there. */
export type Visit = (chunk: Chunk) => boolean;

export class FreeList {
  private readonly chunks: Chunk[] = [];

  constructor(private host: HeapHost, private readonly arena: number) {}

  entries(): readonly Chunk[] {
    return this.chunks;
  }

  get length(): number {
    return this.chunks.length;
  }

  /** Position of the free block starting at `start`, or -1. */
  indexOf(start: number): number {
    const i = this.lowerBound(start);
    return this.chunks[i]?.start === start ? i : -1;
  }

  /** The free block after `chunk` in the list, or undefined at the end. */
  following(chunk: Chunk): Chunk | undefined {
    return this.chunks[this.lowerBound(chunk.start + 1)];
  }

  /** Links a free block in at its address position. */
  insert(chunk: Chunk): void {
    const i = this.lowerBound(chunk.start);
    const prev = this.chunks[i - 1];
    const next = this.chunks[i];
    this.chunks.splice(i, 0, chunk);
    this.writeLinks(chunk.start, next?.start ?? 0, prev?.start ?? 0);
    this.join(prev?.start ?? 0, chunk.start);
    this.join(chunk.start, next?.start ?? 0);
  }

  remove(chunk: Chunk): void {
    const i = this.indexOf(chunk.start);
    if (i < 0) return;
    const prev = this.chunks[i - 1];
    const next = this.chunks[i + 1];
    this.chunks.splice(i, 1);
    this.join(prev?.start ?? 0, next?.start ?? 0);
  }

  /** Puts `chunk` where `old` was (a split remainder or a merged block that keeps the same neighbours). */
  replace(old: Chunk, chunk: Chunk): void {
    const i = this.indexOf(old.start);
    if (i < 0) return;
    const prev = this.chunks[i - 1];
    const next = this.chunks[i + 1];
    this.chunks[i] = chunk;
    this.writeLinks(chunk.start, next?.start ?? 0, prev?.start ?? 0);
    this.join(prev?.start ?? 0, chunk.start);
    this.join(chunk.start, next?.start ?? 0);
  }

  /**
   * Walks the list from position `from` to its end and then, if `from` > 0, from the head back to just
   * before `from` (next fit's wrap-around). The caller has checked that `from` is a real position.
   */
  walk(from: number, visit: Visit): HeapCorruption | null {
    const n = this.chunks.length;
    const headAddress = this.arena + ARENA.freeListHead;
    if (from === 0) {
      const bad = this.check(headAddress, n > 0 ? this.chunks[0].start : 0, 'malloc(): corrupted free list head');
      if (bad) return bad;
    }
    for (let step = 0; step < n; step++) {
      const k = (from + step) % n;
      const chunk = this.chunks[k];
      if (k === 0 && step > 0) {
        // Wrapping around: a real walk goes back to the head pointer.
        const bad = this.check(headAddress, chunk.start, 'malloc(): corrupted free list head');
        if (bad) return bad;
      }
      const bad =
        this.check(chunk.start, headerWord(chunk.size, 0), 'malloc(): corrupted free block size') ??
        this.check(chunk.start + LINK.prev, k > 0 ? this.chunks[k - 1].start : 0, 'malloc(): corrupted double-linked list');
      if (bad) return bad;
      if (visit(chunk)) return null;
      const linkBad = this.check(chunk.start + LINK.next, this.chunks[k + 1]?.start ?? 0, 'malloc(): corrupted double-linked list');
      if (linkBad) return linkBad;
    }
    return null;
  }

  /** A copy over a forked child's memory; `twin` maps each chunk to the child's copy of it. */
  cloneFor(host: HeapHost, twin: (chunk: Chunk) => Chunk): FreeList {
    const copy = new FreeList(host, this.arena);
    for (const chunk of this.chunks) copy.chunks.push(twin(chunk));
    return copy;
  }

  private check(address: number, expected: number, message: string): HeapCorruption | null {
    const found = this.host.readWord(address);
    return found === expected ? null : { address, expected, found, message };
  }

  private writeLinks(start: number, next: number, prev: number): void {
    this.host.writeWord(start + LINK.next, next);
    this.host.writeWord(start + LINK.prev, prev);
  }

  /** Makes `a` point forward to `b` and `b` back to `a`; 0 stands for the head (or the end). */
  private join(a: number, b: number): void {
    this.host.writeWord(a === 0 ? this.arena + ARENA.freeListHead : a + LINK.next, b);
    if (b !== 0) this.host.writeWord(b + LINK.prev, a);
  }

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
