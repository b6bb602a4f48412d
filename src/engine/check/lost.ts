// The leak moment's reachability question: of the heap blocks that just lost their last tagged pointer,
// which can the program no longer reach at all?
//
// How it works. A count of tagged pointers (check/pointer-counts.ts) falling to zero is only a hint: a
// pointer may have been copied byte by byte or rebuilt from an integer, and such copies carry no tag.
// So the answer comes from the same value-based marking as the leak check at exit (check/leaks.ts):
// every aligned 8-byte word of the roots (globals, the live part of the stack) that points into a live
// block, start or interior, reaches it, and reached blocks are scanned in turn — unless the word's
// provenance tag names another object (`leadsTo`): a dangling pointer whose old block's bytes were
// reused is not a way into the new block (valgrind, which has no provenance, would count it). Registers are not roots
// here: the question is asked right after the statement's store, return or free, when the register
// that held the pointer is a dead temporary (a pointer a function returns is excused by the caller).
// Each candidate nothing reaches leads a lost group: itself and the unreached blocks only it leads to
// (what valgrind would call definitely and indirectly lost).
//
// `LossMoment` is what memscope remembers of such a moment, per block, for the report at exit.

import type { LeakBlock } from './leaks';
import type { LossCause } from './pointer-counts';

export interface LossMoment {
  /** Instruction where the last pointer went away, and its call stack (interned, check/objects.ts). */
  readonly site: number;
  readonly stack: number;
  readonly cause: LossCause;
  /** Where that pointer was, in words: "variable 'p'", "a field of the block allocated at line 9"… */
  readonly where: string;
  /** The block whose loss brought this one down with it (0: its own pointer went). */
  readonly leader: number;
}

export interface ReachInput {
  /** Live heap blocks, sorted by address. */
  readonly blocks: readonly LeakBlock[];
  /** Each aligned word of the roots, with its slot's pointer tag (0: none). */
  forEachRootWord(visit: (value: number, tag: number) => void): void;
  forEachWordIn(start: number, size: number, visit: (value: number, tag: number) => void): void;
  /** Where a block (object id) starts. */
  startOf(object: number): number;
}

/**
 * The candidates (object ids of live blocks) that nothing reaches from the roots, each with the other
 * unreached blocks (object ids) reachable only through it. Candidates something reaches are left out.
 */
export function unreachable(input: ReachInput, candidates: readonly number[]): Map<number, number[]> {
  const blocks = input.blocks;
  const n = blocks.length;
  const find = blockFinder(blocks);
  const reached = new Uint8Array(n);
  const work: number[] = [];
  const reach = (v: number, tag: number): void => {
    const i = find(v);
    if (i >= 0 && reached[i] === 0 && leadsTo(tag, blocks[i]!.object)) {
      reached[i] = 1;
      work.push(i);
    }
  };
  input.forEachRootWord(reach);
  while (work.length > 0) {
    const b = blocks[work.pop()!]!;
    input.forEachWordIn(b.address, b.size, reach);
  }
  const lost = new Map<number, number[]>();
  for (const id of candidates) {
    const at = find(input.startOf(id));
    const i = at >= 0 && blocks[at]!.object === id ? at : -1;
    if (i < 0 || reached[i] !== 0) continue;
    reached[i] = 1;
    const members: number[] = [];
    work.push(i);
    while (work.length > 0) {
      const b = blocks[work.pop()!]!;
      input.forEachWordIn(b.address, b.size, (v, tag) => {
        const j = find(v);
        if (j < 0 || reached[j] !== 0 || !leadsTo(tag, blocks[j]!.object)) return;
        reached[j] = 1;
        members.push(blocks[j]!.object);
        work.push(j);
      });
    }
    lost.set(id, members);
  }
  return lost;
}

/**
 * Whether a word holding an address inside `object` (a live block) is a way into it, given the word's
 * provenance tag. A tag naming another object marks a stale or stray pointer that only happens to hold
 * an address in this block — a freed block's old pointer, now that its memory was reused — so it is not;
 * an untagged word (a pointer rebuilt from an integer, copied byte by byte) counts by its value, as in
 * valgrind. The leak check (leaks.ts) and the leak moment (`unreachable`) both ask this, so a block the
 * moment called lost is lost in every later leak check too.
 */
export function leadsTo(tag: number, object: number): boolean {
  return tag === 0 || tag === object;
}

/** Index of the block whose bytes contain `v` (or that starts at `v`, for an empty block), or -1. */
export function blockFinder(blocks: readonly LeakBlock[]): (v: number) => number {
  const n = blocks.length;
  const starts = new Float64Array(n);
  for (let i = 0; i < n; i++) starts[i] = blocks[i]!.address;
  return (v: number): number => {
    if (!(v >= 4096) || n === 0 || v < starts[0]!) return -1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= v) lo = mid;
      else hi = mid - 1;
    }
    const b = blocks[lo]!;
    return v < b.address + b.size || v === b.address ? lo : -1;
  };
}
