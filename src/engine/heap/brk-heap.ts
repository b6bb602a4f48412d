// The heap proper: blocks between the arena and the program break, placed, split, freed, coalesced and
// grown with sbrk, with every header, footer and link written in simulated memory (block.ts).
//
// How it works. `allocate` asks the policy for a free block (policy.ts); the block is split when the rest
// can hold a minimum block (32 bytes), the allocated part at the low end and the rest staying in the
// block's place in the list. When nothing fits the heap grows by exactly what the request needs: the last
// free block is extended if it ends at the break, otherwise a new block starts at the break (a real glibc
// grows by at least 128 KiB and keeps the rest as its "top chunk"; growing exactly keeps the picture and
// the textbook comparison simple). `release` frees a block and, when coalescing is on, merges it with a
// free neighbour below (found through that neighbour's footer) and above (through its header): the four
// textbook cases. `resizeInPlace` is realloc's fast path: shrink and split off the tail, or grow into a
// free block above or past the break.
//
// A block that joins the free list on its own needs its place in address order: the nearest free block
// below it. `freeBefore` finds it by stepping over neighbours downwards and upwards at once, stopping at
// the first free block or at an end of the heap, so freeing next to other free space (the usual case) is
// O(1), where a real address-ordered allocator walks the list from its head.
//
// A malloc/free loop splits and merges blocks millions of times: the chunk objects a merge discards
// (nothing else refers to them by then) are kept, a few hundred at most, and reused for the next split,
// instead of allocating a record per split and leaving one per merge to the garbage collector.
//
// Before it changes anything, each operation checks the words it reads against its own records
// (heap-map.ts, free-list.ts) and returns a HeapCorruption instead of acting on a scribbled header. The
// next-fit rover (a free block address, 0 meaning the head) is kept in the arena; it moves only under
// the 'next' policy and always names the free block after the latest allocation.

import { ALIGNMENT, ARENA, FLAG_ALLOCATED, FOOTER_SIZE, MIN_BLOCK, alignBlockStart, headerWord, roundUp, writeTags } from './block';
import { FreeList } from './free-list';
import { HeapMap, newChunk, type Chunk } from './heap-map';
import type { BlockRecord, HeapCorruption, HeapHost, HeapPolicy } from './host';
import { Search } from './policy';

/** Where a request went; the blocks the search examined are `BrkHeap.search` (its count and path). */
export type Placement =
  | { readonly kind: 'placed'; readonly chunk: Chunk }
  | { readonly kind: 'no-room' }
  | { readonly kind: 'corrupt'; readonly corruption: HeapCorruption };

export type Resize =
  | { readonly kind: 'resized' }
  | { readonly kind: 'cannot' }
  | { readonly kind: 'corrupt'; readonly corruption: HeapCorruption };

const NO_ROOM: Placement = { kind: 'no-room' };
/** Discarded chunk objects kept for reuse at most. */
const SPARE_CHUNKS = 256;

export class BrkHeap {
  readonly map: HeapMap;
  /** The next-fit rover as the allocator last wrote it to the arena (0: start at the head). */
  private rover = 0;
  /** Chunk objects discarded by merges, for reuse (`chunk`). */
  private readonly spare: Chunk[] = [];
  /** The latest search, with the blocks it examined (one object reused: a malloc-heavy program searches millions of times). */
  readonly search: Search;

  private constructor(
    private readonly host: HeapHost,
    private readonly policy: HeapPolicy,
    /** Where the heap began: the break before the first allocation. */
    readonly start: number,
    /** The arena's address (16-aligned); the first block starts ARENA.size bytes above it. */
    readonly arena: number,
    /** End of the highest block: the break as the allocator left it. */
    public top: number,
    readonly freeList: FreeList = new FreeList(host, arena),
  ) {
    this.map = new HeapMap(arena + ARENA.size);
    this.search = new Search(policy);
  }

  /** Sets up the arena at the current break; null if the break cannot move. */
  static create(host: HeapHost, policy: HeapPolicy): BrkHeap | null {
    const brk = host.sbrk(0);
    if (brk === -1) return null;
    const arena = roundUp(brk, ALIGNMENT);
    if (host.sbrk(arena + ARENA.size - brk) === -1) return null;
    for (let offset = 0; offset < ARENA.size; offset += 8) host.writeWord(arena + offset, 0);
    return new BrkHeap(host, policy, brk, arena, arena + ARENA.size);
  }

  get firstBlock(): number {
    return this.arena + ARENA.size;
  }

  /** Finds or makes an allocated block of `need` bytes (a little more when a split is not worth it). */
  allocate(need: number): Placement {
    let from: Chunk | null = null;
    if (this.policy === 'next') {
      const bad = this.check(this.arena + ARENA.rover, this.rover, 'malloc(): corrupted next-fit rover');
      if (bad) {
        this.search.clear();
        return { kind: 'corrupt', corruption: bad };
      }
      const rover = this.map.at(this.rover);
      from = rover?.free ? rover : null;
    }
    const found = this.search.run(this.freeList, need, from);
    switch (found.kind) {
      case 'corrupt':
        return found;
      case 'found':
        return { kind: 'placed', chunk: this.take(found.chunk, need) };
      case 'none': {
        const chunk = this.grow(need);
        if (!chunk) return NO_ROOM;
        chunk.free = false;
        writeTags(this.host, chunk.start, chunk.size, true);
        this.setRover(0);
        return { kind: 'placed', chunk };
      }
      default: {
        const unknown: never = found;
        return unknown;
      }
    }
  }

  /** Frees an allocated block, merging it with free neighbours when `coalesce` is on. */
  release(chunk: Chunk, coalesce: boolean): HeapCorruption | null {
    const prev = coalesce ? this.map.before(chunk) : undefined;
    const next = this.map.after(chunk);
    const bad =
      this.checkAllocated(chunk, 'free(): invalid size', 'free(): invalid next size (normal)') ??
      (next ? this.checkHeader(next, 'free(): invalid next size (normal)') : null) ??
      (prev?.free ? this.check(chunk.start - FOOTER_SIZE, headerWord(prev.size, 0), 'corrupted size vs. prev_size') : null);
    if (bad) return bad;

    chunk.free = true;
    chunk.block = null;
    const mergeBelow = prev !== undefined && prev.free;
    const mergeAbove = coalesce && next !== undefined && next.free;
    let merged = chunk;
    if (!mergeBelow && !mergeAbove) {
      this.freeList.insert(chunk, this.freeBefore(chunk));
    } else if (mergeBelow && !mergeAbove) {
      this.map.remove(chunk);
      this.map.resize(prev, prev.size + chunk.size);
      merged = prev;
    } else if (!mergeBelow && mergeAbove) {
      this.map.remove(next);
      this.map.resize(chunk, chunk.size + next.size);
      this.freeList.replace(next, chunk);
      this.roverAbsorbed(next, chunk);
    } else if (mergeBelow && mergeAbove) {
      this.map.remove(chunk);
      this.map.remove(next);
      this.map.resize(prev, prev.size + chunk.size + next.size);
      this.freeList.remove(next);
      this.roverAbsorbed(next, prev);
      merged = prev;
    }
    writeTags(this.host, merged.start, merged.size, false);
    if (merged !== chunk) this.discard(chunk);
    if (mergeAbove) this.discard(next);
    return null;
  }

  /** Checks an allocated block's header and footer before free or realloc trusts them. */
  checkAllocated(chunk: Chunk, headerMessage: string, footerMessage: string): HeapCorruption | null {
    const word = headerWord(chunk.size, FLAG_ALLOCATED);
    return this.check(chunk.start, word, headerMessage) ?? this.check(chunk.start + chunk.size - FOOTER_SIZE, word, footerMessage);
  }

  /** realloc without moving: to `need` bytes, splitting off a tail or growing into free space above. */
  resizeInPlace(chunk: Chunk, need: number, coalesce: boolean): Resize {
    const next = this.map.after(chunk);
    const bad =
      this.checkAllocated(chunk, 'realloc(): invalid old size', 'realloc(): invalid next size') ??
      (next ? this.checkHeader(next, 'realloc(): invalid next size') : null);
    if (bad) return { kind: 'corrupt', corruption: bad };

    if (need <= chunk.size) {
      this.shrink(chunk, need, coalesce);
      return { kind: 'resized' };
    }
    if (next?.free && chunk.size + next.size >= need) {
      this.absorb(chunk, next, need);
      return { kind: 'resized' };
    }
    if (this.host.sbrk(0) !== this.top) return { kind: 'cannot' };
    if (chunk.start + chunk.size === this.top) {
      if (this.host.sbrk(need - chunk.size) === -1) return { kind: 'cannot' };
      this.top += need - chunk.size;
      this.map.resize(chunk, need);
      writeTags(this.host, chunk.start, chunk.size, true);
      return { kind: 'resized' };
    }
    if (next?.free && next.start + next.size === this.top) {
      const increment = need - chunk.size - next.size;
      if (this.host.sbrk(increment) === -1) return { kind: 'cannot' };
      this.top += increment;
      this.freeList.remove(next);
      this.map.remove(next);
      this.roverAbsorbed(next, null);
      this.map.resize(chunk, need);
      writeTags(this.host, chunk.start, chunk.size, true);
      return { kind: 'resized' };
    }
    return { kind: 'cannot' };
  }

  totalFree(): number {
    let total = 0;
    for (const chunk of this.freeList.entries()) total += chunk.size;
    return total;
  }

  largestFree(): number {
    let largest = 0;
    for (const chunk of this.freeList.entries()) largest = Math.max(largest, chunk.size);
    return largest;
  }

  /** A copy over a forked child's memory; `twin` gives the child's copy of each record. */
  cloneFor(host: HeapHost, twin: (r: BlockRecord) => BlockRecord): BrkHeap {
    const twins = new Map<Chunk, Chunk>();
    for (const chunk of this.map.all()) {
      const c = newChunk(chunk.start, chunk.size, chunk.free);
      c.block = chunk.block ? twin(chunk.block) : null;
      twins.set(chunk, c);
    }
    const freeList = this.freeList.cloneFor(host, (c) => twins.get(c) ?? newChunk(c.start, c.size, c.free));
    const copy = new BrkHeap(host, this.policy, this.start, this.arena, this.top, freeList);
    for (const c of twins.values()) copy.map.add(c);
    copy.rover = this.rover;
    return copy;
  }

  /** A chunk for a new block: a discarded one made new, or a fresh one. */
  private chunk(start: number, size: number, free: boolean): Chunk {
    const reused = this.spare.pop();
    if (!reused) return newChunk(start, size, free);
    reused.start = start;
    reused.size = size;
    reused.free = free;
    return reused;
  }

  /** Keeps a chunk a merge took out of the heap (out of the map and the free list) for reuse. */
  private discard(chunk: Chunk): void {
    if (this.spare.length >= SPARE_CHUNKS) return;
    chunk.block = null;
    chunk.prevFree = null;
    chunk.nextFree = null;
    this.spare.push(chunk);
  }

  /** Allocates `need` bytes from the free block `chunk`, splitting off the rest when it can stand alone. */
  private take(chunk: Chunk, need: number): Chunk {
    const rest = chunk.size - need;
    if (rest >= MIN_BLOCK) {
      const remainder = this.chunk(chunk.start + need, rest, true);
      writeTags(this.host, remainder.start, remainder.size, false);
      this.freeList.replace(chunk, remainder);
      this.map.resize(chunk, need);
      this.map.add(remainder);
      this.setRover(remainder.start);
    } else {
      const following = chunk.nextFree;
      this.freeList.remove(chunk);
      this.setRover(following?.start ?? 0);
    }
    chunk.free = false;
    writeTags(this.host, chunk.start, chunk.size, true);
    return chunk;
  }

  /** Grows the heap for a block of `need` bytes; the block is returned still marked free, untagged. */
  private grow(need: number): Chunk | null {
    const brk = this.host.sbrk(0);
    if (brk === -1) return null;
    const last = this.map.endingAt(this.top);
    if (brk === this.top && last?.free) {
      if (this.host.sbrk(need - last.size) === -1) return null;
      this.top += need - last.size;
      this.freeList.remove(last);
      this.map.resize(last, need);
      return last;
    }
    // Normally the new block starts at the break; if the program moved the break itself, past it.
    const start = brk === this.top ? this.top : alignBlockStart(Math.max(brk, this.top));
    if (this.host.sbrk(start + need - brk) === -1) return null;
    const chunk = newChunk(start, need, true);
    this.top = start + need;
    this.map.add(chunk);
    return chunk;
  }

  /** realloc shrinking: the tail becomes a free block (merged with a free block above if coalescing). */
  private shrink(chunk: Chunk, need: number, coalesce: boolean): void {
    const rest = chunk.size - need;
    if (rest < MIN_BLOCK) return;
    const next = this.map.after(chunk);
    this.map.resize(chunk, need);
    writeTags(this.host, chunk.start, chunk.size, true);
    const tail = newChunk(chunk.start + need, rest, true);
    this.map.add(tail);
    if (coalesce && next?.free) {
      this.map.remove(next);
      this.map.resize(tail, tail.size + next.size);
      this.freeList.replace(next, tail);
      this.roverAbsorbed(next, tail);
    } else {
      this.freeList.insert(tail, this.freeBefore(tail));
    }
    writeTags(this.host, tail.start, tail.size, false);
  }

  /** realloc growing into the free block above: takes what it needs and leaves the rest free. */
  private absorb(chunk: Chunk, next: Chunk, need: number): void {
    const rest = chunk.size + next.size - need;
    this.map.remove(next);
    if (rest >= MIN_BLOCK) {
      const remainder = newChunk(chunk.start + need, rest, true);
      writeTags(this.host, remainder.start, remainder.size, false);
      this.freeList.replace(next, remainder);
      this.map.add(remainder);
      this.roverAbsorbed(next, remainder);
      this.map.resize(chunk, need);
    } else {
      const following = next.nextFree;
      this.freeList.remove(next);
      this.roverAbsorbed(next, following);
      this.map.resize(chunk, chunk.size + next.size);
    }
    writeTags(this.host, chunk.start, chunk.size, true);
  }

  /**
   * The free block just below `chunk` in address order (null: `chunk` goes first). Steps over
   * allocated neighbours downwards and upwards at once: a free block below is the answer, a free block
   * above gives its list predecessor, the bottom of the heap means none, the top means the list's last.
   * Gaps left by a program's own sbrk stop a direction; if both stop, the list is walked from the head.
   */
  private freeBefore(chunk: Chunk): Chunk | null {
    let low: Chunk | null = chunk;
    let high: Chunk | null = chunk;
    while (low !== null || high !== null) {
      if (low !== null) {
        const below = this.map.before(low);
        if (below?.free) return below;
        if (below === undefined && low.start === this.firstBlock) return null;
        low = below ?? null;
      }
      if (high !== null) {
        const above = this.map.after(high);
        if (above?.free) return above.prevFree;
        if (above === undefined && high.start + high.size === this.top) return this.freeList.last;
        high = above ?? null;
      }
    }
    return this.freeList.before(chunk.start);
  }

  /** When the rover's block stops being a free block of its own, the rover follows it to `into`. */
  private roverAbsorbed(gone: Chunk, into: Chunk | null): void {
    if (this.rover === gone.start) this.setRover(into?.start ?? 0);
  }

  private setRover(address: number): void {
    if (this.policy !== 'next' || this.rover === address) return;
    this.rover = address;
    this.host.writeWord(this.arena + ARENA.rover, address);
  }

  private checkHeader(chunk: Chunk, message: string): HeapCorruption | null {
    return this.check(chunk.start, headerWord(chunk.size, chunk.free ? 0 : FLAG_ALLOCATED), message);
  }

  private check(address: number, expected: number, message: string): HeapCorruption | null {
    const found = this.host.readWord(address);
    return found === expected ? null : { address, expected, found, message };
  }
}
