// Counting pointers: how many memory slots hold a tagged pointer to each object, kept at every tag write,
// so the moment a heap block loses its last pointer is noticed where it happens.
//
// How it works. A pointer tag lives beside each aligned 8-byte slot (check/shadow.ts). Whenever a slot's
// tag changes — an 8-byte store of a pointer, any narrower store or byte copy over a pointer, a frame or
// an argument area dying, a block being freed — the old tag's object loses one reference and the new
// one gains one (`ObjectTable.refs`). Removing a tag also records where and why (`dropSite`: the
// instruction times four plus the cause, and `dropSerial` to order such events). When a live heap
// block's count falls to zero, the slot write hands the block to `lost`; the machine then asks the
// reachability scan whether anything else still reaches it (check/lost.ts) and, if nothing does, reports
// the leak at that statement. Blocks kept alive only by a cycle never reach zero: for them the drop
// records let the exit report name the statement that cut the last pointer into the cycle.
//
// Counting is cheap because most stores do not change a tag (integers over integers) and the rest only
// touch two counters; the scan runs only for the rare count that reaches zero.

import { KIND_HEAP, LIVE, type ObjectTable } from './objects';

/** Why a tagged pointer went away; stored in the low two bits of `dropSite`. */
export const CAUSE_OVERWRITTEN = 1;
export const CAUSE_SCOPE = 2;
export const CAUSE_FREED = 3;

export type LossCause = 'overwritten' | 'out-of-scope' | 'owner-freed';

export function causeName(code: number): LossCause {
  switch (code & 3) {
    case CAUSE_SCOPE:
      return 'out-of-scope';
    case CAUSE_FREED:
      return 'owner-freed';
    default:
      return 'overwritten';
  }
}

/** True if `id` is a live heap block with no tagged pointer left. */
export function lastPointerGone(objects: ObjectTable, id: number): boolean {
  return objects.refs[id] === 0 && objects.kind[id] === KIND_HEAP && objects.state[id] === LIVE;
}

/**
 * Sets the tag of physical slot `slot` to `tag`, keeping the counts, unless that would take the last
 * tagged pointer away from a live heap block: then nothing changes and the result is false (compiled
 * code then lets the interpreter do the store, which reports). `site` is the instruction times four plus
 * the cause.
 */
export function retagQuietly(tags: Int32Array, objects: ObjectTable, slot: number, tag: number, site: number): boolean {
  const old = tags[slot]!;
  if (old === tag) return true;
  if (old !== 0 && objects.refs[old] === 1 && objects.kind[old] === KIND_HEAP && objects.state[old] === LIVE) return false;
  tags[slot] = tag;
  if (tag !== 0) objects.refs[tag]++;
  if (old !== 0) drop(objects, old, site);
  return true;
}

/**
 * Sets the tag of slot `slot`, keeping the counts; calls `lost` with each live heap block whose last
 * tagged pointer this removes.
 */
export function retag(tags: Int32Array, objects: ObjectTable, slot: number, tag: number, site: number, lost: (id: number) => void): void {
  const old = tags[slot]!;
  if (old === tag) return;
  tags[slot] = tag;
  if (tag !== 0) objects.refs[tag]++;
  if (old !== 0 && drop(objects, old, site)) lost(old);
}

/**
 * Clears the tags of slots [from, to) (physical slot indices), keeping the counts, except that slots
 * tagged `keep` are no loss (a returned pointer travels on in a register). Calls `lost` as `retag` does.
 */
export function releaseSlots(tags: Int32Array, objects: ObjectTable, from: number, to: number, site: number, lost: (id: number, slot: number) => void, keep = 0): void {
  for (let s = from; s < to; s++) {
    const old = tags[s]!;
    if (old === 0) continue;
    tags[s] = 0;
    if (drop(objects, old, site) && old !== keep) lost(old, s);
  }
}

/** Adds the tags of slots [from, to) to the counts (slots just given tags by a copy). */
export function countSlots(tags: Int32Array, objects: ObjectTable, from: number, to: number): void {
  for (let s = from; s < to; s++) {
    const t = tags[s]!;
    if (t !== 0) objects.refs[t]++;
  }
}

/** One reference less; true if that was the last one of a live heap block. */
export function drop(objects: ObjectTable, id: number, site: number): boolean {
  const left = --objects.refs[id]!;
  objects.dropSite[id] = site;
  objects.dropSerial[id] = ++objects.drops;
  return left === 0 && objects.kind[id] === KIND_HEAP && objects.state[id] === LIVE;
}
