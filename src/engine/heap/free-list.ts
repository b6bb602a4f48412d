// The explicit free list: a doubly-linked list of free blocks, ordered by address, whose links live in
// the free blocks themselves (block.ts: `next` at +8, `prev` at +16) and whose head lives in the arena.
//
// How it works. Every change (insert, remove, replace) writes the links in simulated memory and the same
// links in the chunks' `prevFree`/`nextFree` fields, the allocator's record of what it wrote. Insertion
// is told its predecessor (the caller finds it from the block's neighbours, brk-heap.ts), so every change
// costs O(1). A search walks the list the way a real allocator does, reading the head and each `next`
// link from memory, but checks every word it reads against the record first (the node's header, its
// `prev` link, its `next` link). A mismatch means the program overwrote allocator memory: the walk stops
// and says where, in glibc's words, instead of following a bad link. The walk follows the record, one
// step per free block, so a scribbled cycle can never make it loop.

import { ARENA, LINK, headerWord } from './block';
import type { Chunk } from './heap-map';
import type { HeapCorruption, HeapHost } from './host';

/** Asked for each free block in walk order; returning true ends the walk there. */
export type Visit = (chunk: Chunk) => boolean;

export class FreeList {
  private head: Chunk | null = null;
  private tail: Chunk | null = null;
  private count = 0;
  /** Scratch of the walk: the words of the block it is at. */
  private readonly words = new Float64Array(3);

  constructor(private readonly host: HeapHost, private readonly arena: number) {}

  get length(): number {
    return this.count;
  }

  get last(): Chunk | null {
    return this.tail;
  }

  /** The free blocks in list (address) order. */
  entries(): Chunk[] {
    const out: Chunk[] = [];
    for (let c = this.head; c !== null && out.length < this.count; c = c.nextFree) out.push(c);
    return out;
  }

  /** The last free block below `start`, found by walking from the head (for heaps with gaps). */
  before(start: number): Chunk | null {
    let prev: Chunk | null = null;
    for (let c = this.head; c !== null && c.start < start; c = c.nextFree) prev = c;
    return prev;
  }

  /** Links a free block in after `prev` (null: at the head). */
  insert(chunk: Chunk, prev: Chunk | null): void {
    const next = prev ? prev.nextFree : this.head;
    this.count++;
    this.link(prev, chunk, next);
  }

  remove(chunk: Chunk): void {
    this.join(chunk.prevFree, chunk.nextFree);
    chunk.prevFree = null;
    chunk.nextFree = null;
    this.count--;
  }

  /** Puts `chunk` where `old` was (a split remainder or a merged block that keeps the same neighbours). */
  replace(old: Chunk, chunk: Chunk): void {
    const prev = old.prevFree;
    const next = old.nextFree;
    old.prevFree = null;
    old.nextFree = null;
    this.link(prev, chunk, next);
  }

  /**
   * Walks the list from `from` (null: the head) to its end and then, if it did not start at the head,
   * from the head back to just before `from` (next fit's wrap-around). `from` must be in the list.
   */
  walk(from: Chunk | null, visit: Visit): HeapCorruption | null {
    const start = from ?? this.head;
    if (start === null || start === this.head) {
      const bad = this.checkHead();
      if (bad) return bad;
    }
    let c = start;
    const words = this.words;
    for (let step = 0; step < this.count && c !== null; step++) {
      // The block's header, next and prev words, read at once (reading `next` before the visit changes
      // nothing: reads are privileged and have no effect), checked in the order a real walk uses them.
      this.readBlockWords(c.start);
      const header = headerWord(c.size, 0);
      if (words[0] !== header) return corrupted(c.start, header, words[0]!, 'malloc(): corrupted free block size');
      const prev = c.prevFree?.start ?? 0;
      if (words[2] !== prev) return corrupted(c.start + LINK.prev, prev, words[2]!, 'malloc(): corrupted double-linked list');
      if (visit(c)) return null;
      const next = c.nextFree?.start ?? 0;
      if (words[1] !== next) return corrupted(c.start + LINK.next, next, words[1]!, 'malloc(): corrupted double-linked list');
      if (c.nextFree === null && start !== this.head) {
        // Wrapping around: a real walk goes back to the head pointer.
        const headBad = this.checkHead();
        if (headBad) return headBad;
        c = this.head;
      } else {
        c = c.nextFree;
      }
    }
    return null;
  }

  /** A copy over a forked child's memory; `twin` gives the child's copy of each chunk. */
  cloneFor(host: HeapHost, twin: (chunk: Chunk) => Chunk): FreeList {
    const copy = new FreeList(host, this.arena);
    let prev: Chunk | null = null;
    for (const chunk of this.entries()) {
      const c = twin(chunk);
      c.prevFree = prev;
      c.nextFree = null;
      if (prev) prev.nextFree = c;
      else copy.head = c;
      prev = c;
    }
    copy.tail = prev;
    copy.count = this.count;
    return copy;
  }

  /** Words 0, 1, 2 of the block at `start` (header, next, prev) into `words`. */
  private readBlockWords(start: number): void {
    const host = this.host;
    if (host.readWords) host.readWords(start, this.words, 3);
    else {
      this.words[0] = host.readWord(start);
      this.words[LINK.next / 8] = host.readWord(start + LINK.next);
      this.words[LINK.prev / 8] = host.readWord(start + LINK.prev);
    }
  }

  private checkHead(): HeapCorruption | null {
    return this.check(this.arena + ARENA.freeListHead, this.head?.start ?? 0, 'malloc(): corrupted free list head');
  }

  private check(address: number, expected: number, message: string): HeapCorruption | null {
    const found = this.host.readWord(address);
    return found === expected ? null : { address, expected, found, message };
  }

  /** Puts `chunk` between `prev` and `next` (null: the head, the end): four words, each written once. */
  private link(prev: Chunk | null, chunk: Chunk, next: Chunk | null): void {
    chunk.prevFree = prev;
    chunk.nextFree = next;
    if (prev) prev.nextFree = chunk;
    else this.head = chunk;
    if (next) next.prevFree = chunk;
    else this.tail = chunk;
    this.host.writeWord(chunk.start + LINK.next, next?.start ?? 0);
    this.host.writeWord(chunk.start + LINK.prev, prev?.start ?? 0);
    this.host.writeWord(prev ? prev.start + LINK.next : this.arena + ARENA.freeListHead, chunk.start);
    if (next) this.host.writeWord(next.start + LINK.prev, chunk.start);
  }

  /** Makes `a` point forward to `b` and `b` back to `a`, in memory and in the record; null is the head or the end. */
  private join(a: Chunk | null, b: Chunk | null): void {
    if (a) a.nextFree = b;
    else this.head = b;
    if (b) b.prevFree = a;
    else this.tail = a;
    this.host.writeWord(a ? a.start + LINK.next : this.arena + ARENA.freeListHead, b?.start ?? 0);
    if (b) this.host.writeWord(b.start + LINK.prev, a?.start ?? 0);
  }
}

function corrupted(address: number, expected: number, found: number, message: string): HeapCorruption {
  return { address, expected, found, message };
}
