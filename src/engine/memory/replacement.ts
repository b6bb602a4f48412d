// Page replacement policies: which resident page to evict when a frame is needed and none is free.
//
// How it works. The pager (pager.ts) asks `victim` for a frame among those it may evict (user pages not
// pinned by the instruction being executed); the policy answers from what it has been told (`loaded`:
// a page was just placed in a frame) and what it can ask the pager (`FrameFacts`):
//   fifo    the page loaded longest ago (a load sequence number per frame)
//   lru     the page whose last access is oldest. Accesses are counted exactly: each TLB hit stamps its
//           TLB entry with the instruction count, each walk stamps the frame, and a TLB entry's stamp is
//           merged into its frame's when the entry is dropped (tlb.ts), so `lastUse` is the true last use
//   clock   second chance over the frames in frame order: a page whose accessed bit is set gets the bit
//           cleared (and its TLB entry dropped, so the next access walks and sets it again) and is passed
//           over once; the hand stops at the first page found with the bit clear
//   random  uniformly among the evictable frames, from a seeded xorshift generator (deterministic)
//   opt     Belady's optimal choice: the page whose next use lies furthest in the future (never used
//           again counts as infinitely far); the future comes from a recorded run (reference-string.ts)
// Ties (same last use, same next use) go to the page loaded first, so every choice is deterministic.

import type { PagePolicy } from '../settings';

/** What a policy may ask about frames. */
export interface FrameFacts {
  readonly frameCount: number;
  /** True if the frame holds a user page that may be evicted now. */
  evictable(frame: number): boolean;
  /** The accessed bit of the page in any page table that maps the frame. */
  referenced(frame: number): boolean;
  /** Clears the accessed bit everywhere the frame is mapped (and drops those TLB entries). */
  clearReferenced(frame: number): void;
  /** Instruction count of the last access to the page in the frame. */
  lastUse(frame: number): number;
  /** Instruction count of the next access to the page in the frame at or after `now`; Infinity if none. */
  nextUse(frame: number, now: number): number;
}

export interface ReplacementPolicy {
  readonly name: PagePolicy;
  /** A page was just placed in `frame` (first touch, swap-in or copy-on-write copy). */
  loaded(frame: number): void;
  /** The frame to evict, or -1 if no frame is evictable. */
  victim(frames: FrameFacts, now: number): number;
}

/** Load order of the pages in the frames: the FIFO queue, and every policy's tie-break. */
class LoadOrder {
  private readonly order: Float64Array;
  private next = 1;

  constructor(frameCount: number) {
    this.order = new Float64Array(frameCount);
  }

  loaded(frame: number): void {
    this.order[frame] = this.next++;
  }

  of(frame: number): number {
    return this.order[frame]!;
  }
}

/** The evictable frame with the smallest key (ties: loaded first); -1 if none. */
function smallest(frames: FrameFacts, order: LoadOrder, key: (f: number) => number): number {
  let best = -1;
  let bestKey = Infinity;
  let bestOrder = Infinity;
  for (let f = 0; f < frames.frameCount; f++) {
    if (!frames.evictable(f)) continue;
    const k = key(f);
    const o = order.of(f);
    if (best < 0 || k < bestKey || (k === bestKey && o < bestOrder)) {
      best = f;
      bestKey = k;
      bestOrder = o;
    }
  }
  return best;
}

/** FIFO and LRU: the victim is the frame with the smallest key, ties broken by load order. */
abstract class Ordered implements ReplacementPolicy {
  abstract readonly name: PagePolicy;
  protected readonly order: LoadOrder;
  constructor(frameCount: number) {
    this.order = new LoadOrder(frameCount);
  }
  loaded(frame: number): void {
    this.order.loaded(frame);
  }
  victim(frames: FrameFacts): number {
    return smallest(frames, this.order, (f) => this.key(frames, f));
  }
  protected abstract key(frames: FrameFacts, frame: number): number;
}

/** The page loaded first goes first. */
class Fifo extends Ordered {
  readonly name = 'fifo';
  protected key(_frames: FrameFacts, frame: number): number {
    return this.order.of(frame);
  }
}

/** The page used least recently goes first. */
class Lru extends Ordered {
  readonly name = 'lru';
  protected key(frames: FrameFacts, frame: number): number {
    return frames.lastUse(frame);
  }
}

class Clock implements ReplacementPolicy {
  readonly name = 'clock';
  private hand = 0;
  loaded(): void {}
  victim(frames: FrameFacts): number {
    const n = frames.frameCount;
    // Two sweeps at most: the first may clear every bit, the second then finds a page.
    for (let k = 0; k < 2 * n; k++) {
      const f = this.hand;
      this.hand = (this.hand + 1) % n;
      if (!frames.evictable(f)) continue;
      if (frames.referenced(f)) {
        frames.clearReferenced(f);
        continue;
      }
      return f;
    }
    return -1;
  }
}

class RandomChoice implements ReplacementPolicy {
  readonly name = 'random';
  private seed: number;
  constructor(seed: number) {
    this.seed = seed >>> 0 || 1;
  }
  loaded(): void {}
  victim(frames: FrameFacts): number {
    const candidates: number[] = [];
    for (let f = 0; f < frames.frameCount; f++) if (frames.evictable(f)) candidates.push(f);
    if (candidates.length === 0) return -1;
    // xorshift32: small, fast and the same sequence on every run.
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return candidates[this.seed % candidates.length]!;
  }
}

class Optimal implements ReplacementPolicy {
  readonly name = 'opt';
  private readonly order: LoadOrder;
  constructor(frameCount: number) {
    this.order = new LoadOrder(frameCount);
  }
  loaded(frame: number): void {
    this.order.loaded(frame);
  }
  victim(frames: FrameFacts, now: number): number {
    // The furthest next use is the smallest negated next use.
    return smallest(frames, this.order, (f) => -frames.nextUse(f, now));
  }
}

/** Seed of the `random` policy: fixed, so a run is the same every time. */
export const RANDOM_SEED = 0x2545f491;

export function createPolicy(name: PagePolicy, frameCount: number, seed = RANDOM_SEED): ReplacementPolicy {
  switch (name) {
    case 'fifo':
      return new Fifo(frameCount);
    case 'lru':
      return new Lru(frameCount);
    case 'clock':
      return new Clock();
    case 'random':
      return new RandomChoice(seed);
    case 'opt':
      return new Optimal(frameCount);
    default: {
      const never: never = name;
      throw new RangeError(`unknown page policy ${String(never)}`);
    }
  }
}
