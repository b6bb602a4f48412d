// The object table: every object a pointer can be derived from, alive or dead, for the whole run.
//
// How it works. An object is a byte range [start, end) with a kind and a state. Ids are small integers
// (0 = no object) used as provenance tags in registers and in shadow memory. The CPU checks an access made
// through a tagged pointer against the typed arrays `start`, `end`, `state` inline (three indexed reads),
// so "out of bounds of this object" and "this object is dead" cost almost nothing when all is well.
// The descriptive half (names, call stacks) sits in `info`, read only when an error is reported.
//
// Ids 1…n are Program.objects in order (so `ADDR rd, ABS, addr, k` carries tag k unchanged); then come
// argv strings, locals whose address was taken (created lazily, one per variable per frame activation)
// and heap blocks. Objects are never removed: a freed block or a returned frame's local stays in the
// table with state FREED or DEAD, so a stale pointer is recognised exactly, even after its memory is
// reused. Growth doubles the arrays and bumps `generation`, which tells the CPU to reload its views.

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
      /** Raw return addresses of the allocating call stack (innermost first), symbolised on demand. */
      readonly allocStack: readonly number[];
      freeStack?: readonly number[];
    }
  | { readonly kind: 'argv'; readonly name: string };

export class ObjectTable {
  start: Float64Array;
  end: Float64Array;
  state: Uint8Array;
  kind: Uint8Array;
  info: (ObjectInfo | undefined)[] = [undefined];
  /** Next free id. */
  count = 1;
  generation = 0;

  constructor(capacity = 1024) {
    this.start = new Float64Array(capacity);
    this.end = new Float64Array(capacity);
    this.state = new Uint8Array(capacity);
    this.kind = new Uint8Array(capacity);
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
    this.start = s;
    this.end = e;
    this.state = st;
    this.kind = k;
    this.generation++;
  }

  size(id: number): number {
    return this.end[id]! - this.start[id]!;
  }

  /** A copy for a forked child: same ids, same states. */
  clone(): ObjectTable {
    const c = new ObjectTable(this.start.length);
    c.start.set(this.start);
    c.end.set(this.end);
    c.state.set(this.state);
    c.kind.set(this.kind);
    c.info = this.info.map((i) => (i && i.kind === 'heap' ? { ...i } : i));
    c.count = this.count;
    return c;
  }
}
