// The object table: every object a pointer can be derived from, alive or dead, for the whole run.
//
// How it works. An object is a byte range [start, end) with a kind and a state. Ids are small integers
// (0 = no object) used as provenance tags in registers and in shadow memory. The CPU checks an access made
// through a tagged pointer against the typed arrays `start`, `end`, `state` inline (three indexed reads),
// so "out of bounds of this object" and "this object is dead" cost almost nothing when all is well.
// The descriptive half (names, call stacks) is read only when an error is reported. Heap objects are the
// many ones (a malloc/free loop makes millions, all kept forever), so theirs is compact: the block
// record by reference, the allocation and free stacks as ids into an interning table of call stacks
// (a program has few distinct allocation sites); `infoOf` builds the descriptive object on demand.
//
// Ids 1…n are Program.objects in order (so `ADDR rd, ABS, addr, k` carries tag k unchanged); then come
// argv strings, locals whose address was taken (created lazily, one per variable per frame activation)
// and heap blocks. Objects are never removed: a freed block or a returned frame's local stays in the
// table with state FREED or DEAD, so a stale pointer is recognised exactly, even after its memory is
// reused. Growth doubles the arrays and bumps `generation`, which tells the CPU to reload its views.
//
// Each object also counts the memory slots whose pointer tag names it (`refs`), kept by every tag write
// (check/pointer-counts.ts), and remembers the latest instruction that removed such a tag (`dropSite`,
// with the cause in its low bits, and `dropSerial` to order those events): the facts behind the leak
// moment. A heap block whose count falls to zero has just lost its last tagged pointer.

import type { StaticObject } from '../program';
import type { BlockRecord } from '../heap/host';

export const LIVE = 0;
export const FREED = 1;
export const DEAD = 2;

export const KIND_STATIC = 1;
export const KIND_LOCAL = 2;
export const KIND_HEAP = 3;
export const KIND_ARGV = 4;

export type ObjectInfo =
  | { readonly kind: 'static'; readonly object: StaticObject }
  | {
      readonly kind: 'local';
      readonly name: string;
      readonly function: string;
      readonly param: boolean;
      /** 1-based index into the function's variables. */
      readonly variable: number;
      /** Depth of the frame (0 = _start) and its activation serial. */
      readonly depth: number;
      readonly serial: number;
    }
  | {
      readonly kind: 'heap';
      readonly block: BlockRecord;
      /** Call sites (instruction numbers, innermost first) of the allocation and the free. */
      readonly allocStack: readonly number[];
      readonly freeStack?: readonly number[];
    }
  | { readonly kind: 'argv'; readonly name: string };

/** Interned call stacks (instruction numbers, innermost first): equal stacks share one id. */
export class StackTable {
  private readonly stacks: (readonly number[])[] = [[]];
  private readonly byHash = new Map<number, number[]>();
  /** The id `intern` returned last. */
  private last = 0;

  /** The id of the stack in sites[0…length) (copied only when it is new: the array may be reused). */
  intern(sites: ArrayLike<number>, length: number): number {
    // A loop's malloc or free asks for the same stack as the call before: checked first.
    const last = this.stacks[this.last]!;
    if (length > 0 && last.length === length) {
      let same = true;
      for (let i = 0; i < length && same; i++) same = last[i] === sites[i];
      if (same) return this.last;
    }
    const id = this.lookup(sites, length);
    this.last = id;
    return id;
  }

  private lookup(sites: ArrayLike<number>, length: number): number {
    let h = length;
    for (let i = 0; i < length; i++) h = (Math.imul(h, 31) + sites[i]!) | 0;
    // A small integer key: V8 boxes a Map key beyond 2^30 on every lookup (two per malloc/free pair).
    h &= 0x3fffffff;
    const bucket = this.byHash.get(h);
    if (bucket) {
      for (let b = 0; b < bucket.length; b++) {
        const id = bucket[b]!;
        const s = this.stacks[id]!;
        if (s.length !== length) continue;
        let same = true;
        for (let i = 0; i < length && same; i++) same = s[i] === sites[i];
        if (same) return id;
      }
    }
    const stack = Array.from({ length }, (_, i) => sites[i]!);
    const id = this.stacks.length;
    this.stacks.push(stack);
    if (bucket) bucket.push(id);
    else this.byHash.set(h, [id]);
    return id;
  }

  get(id: number): readonly number[] {
    return this.stacks[id] ?? [];
  }
}

export class ObjectTable {
  start: Float64Array;
  end: Float64Array;
  state: Uint8Array;
  kind: Uint8Array;
  /** Descriptive records of non-heap objects. */
  info: (ObjectInfo | undefined)[] = [undefined];
  /** Heap objects: the allocator's record, and the stack ids of the allocation and the free. */
  block: (BlockRecord | undefined)[] = [undefined];
  allocStack: Int32Array;
  freeStack: Int32Array;
  /** Memory slots whose pointer tag is this object. */
  refs: Int32Array;
  /** Latest removal of a tag of this object: instruction * 4 + cause (check/pointer-counts.ts); 0 if none. */
  dropSite: Int32Array;
  /** When that removal happened, on the machine's drop counter (a later drop has a larger serial). */
  dropSerial: Float64Array;
  readonly stacks: StackTable;
  /** Next free id. */
  count = 1;
  /** Tag removals so far (the clock of `dropSerial`). */
  drops = 0;
  generation = 0;

  constructor(capacity = 1024, stacks = new StackTable()) {
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.state = new Uint8Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.allocStack = new Int32Array(capacity);
    this.freeStack = new Int32Array(capacity);
    this.refs = new Int32Array(capacity);
    this.dropSite = new Int32Array(capacity);
    this.dropSerial = new Float64Array(capacity);
    this.stacks = stacks;
  }

  /** Adds a heap block's object: `stack` is the interned id of its allocation stack. */
  addHeap(block: BlockRecord, stack: number): number {
    const id = this.count++;
    if (id >= this.start.length) this.grow();
    this.start[id] = block.address;
    this.end[id] = block.address + block.requested;
    this.state[id] = LIVE;
    this.kind[id] = KIND_HEAP;
    this.block[id] = block;
    this.allocStack[id] = stack;
    this.freeStack[id] = 0;
    this.refs[id] = 0;
    this.dropSite[id] = 0;
    return id;
  }

  /** The descriptive record of any object (built on demand for heap objects). */
  infoOf(id: number): ObjectInfo | undefined {
    if (this.kind[id] === KIND_HEAP) {
      const block = this.block[id];
      if (!block) return this.info[id];
      const free = this.freeStack[id]!;
      return { kind: 'heap', block, allocStack: this.stacks.get(this.allocStack[id]!), freeStack: free ? this.stacks.get(free) : undefined };
    }
    return this.info[id];
  }

  add(start: number, size: number, kind: number, info: ObjectInfo): number {
    const id = this.count++;
    if (id >= this.start.length) this.grow();
    this.start[id] = start;
    this.end[id] = start + size;
    this.state[id] = LIVE;
    this.kind[id] = kind;
    this.info[id] = info;
    return id;
  }

  private grow(): void {
    const n = this.start.length * 2;
    const s = new Float64Array(n);
    s.set(this.start);
    const e = new Float64Array(n);
    e.set(this.end);
    const st = new Uint8Array(n);
    st.set(this.state);
    const k = new Uint8Array(n);
    k.set(this.kind);
    const as = new Int32Array(n);
    as.set(this.allocStack);
    const fs = new Int32Array(n);
    fs.set(this.freeStack);
    const rc = new Int32Array(n);
    rc.set(this.refs);
    const ds = new Int32Array(n);
    ds.set(this.dropSite);
    const dn = new Float64Array(n);
    dn.set(this.dropSerial);
    this.start = s;
    this.end = e;
    this.state = st;
    this.kind = k;
    this.allocStack = as;
    this.freeStack = fs;
    this.refs = rc;
    this.dropSite = ds;
    this.dropSerial = dn;
    this.generation++;
  }

  size(id: number): number {
    return this.end[id]! - this.start[id]!;
  }

  /** A copy for a forked child: same ids, same states; the heap glue points its block records at the child allocator's. */
  clone(): ObjectTable {
    const c = new ObjectTable(this.start.length, this.stacks);
    c.start.set(this.start);
    c.end.set(this.end);
    c.state.set(this.state);
    c.kind.set(this.kind);
    c.allocStack.set(this.allocStack);
    c.freeStack.set(this.freeStack);
    c.refs.set(this.refs);
    c.dropSite.set(this.dropSite);
    c.dropSerial.set(this.dropSerial);
    c.info = this.info.slice();
    c.block = this.block.slice();
    c.count = this.count;
    c.drops = this.drops;
    return c;
  }
}
