// The swap device: slots of one page each, where evicted pages wait until they are touched again.
//
// How it works. A slot holds everything a frame holds for memscope: the page's 4096 bytes, memcheck's
// state byte for each of them and the provenance tag of each 8-byte slot (check/shadow.ts keeps these
// per physical byte, so they must travel with the page or a swapped-in pointer would lose its object).
// Storage is allocated when a slot is first written, so a large swap costs nothing until used. Slots are
// handed out lowest-free-first, like frames, so runs are deterministic and the views stay readable.
//
// A slot is referenced by the page-table entries of every process that shares the page (a page swapped
// out after fork is shared copy-on-write by parent and child): `sharers` counts them, and the slot is
// free again when the last one swaps it back in or unmaps it.

import { PAGE_SIZE } from './physical';

/** What swap copies from a frame besides its bytes: memcheck's per-byte state and per-slot tags. */
export interface FrameShadow {
  readonly state: Uint8Array;
  readonly tags: Int32Array;
}

const TAGS_PER_PAGE = PAGE_SIZE / 8;

export class Swap {
  readonly slotCount: number;
  /** 1 for a slot holding a page. */
  readonly inUse: Uint8Array;
  /** Number of page-table entries referring to each slot. */
  readonly sharers: Uint16Array;
  /** Process and virtual address of the page when it was swapped out (for the views). */
  readonly ownerPid: Int32Array;
  readonly ownerPage: Float64Array;
  private readonly bytes: (Uint8Array | undefined)[];
  private readonly states: (Uint8Array | undefined)[];
  private readonly tags: (Int32Array | undefined)[];
  private lowestFree = 0;
  private used = 0;
  /** Pages written to and read from the device since the start (each one a disk transfer). */
  writes = 0;
  reads = 0;

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`swap size must be a whole number of bytes, got ${size}`);
    this.slotCount = Math.floor(size / PAGE_SIZE);
    this.inUse = new Uint8Array(this.slotCount);
    this.sharers = new Uint16Array(this.slotCount);
    this.ownerPid = new Int32Array(this.slotCount);
    this.ownerPage = new Float64Array(this.slotCount);
    this.bytes = new Array<Uint8Array | undefined>(this.slotCount);
    this.states = new Array<Uint8Array | undefined>(this.slotCount);
    this.tags = new Array<Int32Array | undefined>(this.slotCount);
  }

  get usedSlots(): number {
    return this.used;
  }

  get freeSlots(): number {
    return this.slotCount - this.used;
  }

  /** Writes frame `frame` (bytes, shadow, tags) to the lowest free slot; returns the slot, or -1 if swap is full. */
  writeOut(memory: Uint8Array, shadow: FrameShadow, frame: number, pid: number, page: number): number {
    let s = this.lowestFree;
    while (s < this.slotCount && this.inUse[s] !== 0) s++;
    if (s >= this.slotCount) {
      this.lowestFree = this.slotCount;
      return -1;
    }
    this.lowestFree = s + 1;
    const base = frame * PAGE_SIZE;
    const bytes = (this.bytes[s] ??= new Uint8Array(PAGE_SIZE));
    const states = (this.states[s] ??= new Uint8Array(PAGE_SIZE));
    const tags = (this.tags[s] ??= new Int32Array(TAGS_PER_PAGE));
    bytes.set(memory.subarray(base, base + PAGE_SIZE));
    states.set(shadow.state.subarray(base, base + PAGE_SIZE));
    tags.set(shadow.tags.subarray(base / 8, base / 8 + TAGS_PER_PAGE));
    this.inUse[s] = 1;
    this.sharers[s] = 0;
    this.ownerPid[s] = pid;
    this.ownerPage[s] = page;
    this.used++;
    this.writes++;
    return s;
  }

  /** Adds a page-table entry referring to `slot`. */
  share(slot: number): void {
    this.sharers[slot]++;
  }

  /** Copies slot `slot` back into frame `frame` (the slot stays allocated: see release). */
  readIn(slot: number, memory: Uint8Array, shadow: FrameShadow, frame: number): void {
    const base = frame * PAGE_SIZE;
    memory.set(this.bytes[slot]!, base);
    shadow.state.set(this.states[slot]!, base);
    shadow.tags.set(this.tags[slot]!, base / 8);
    this.reads++;
  }

  /** Drops one referring entry; the slot is free when none is left. */
  release(slot: number): void {
    if (this.inUse[slot] === 0) return;
    if (this.sharers[slot]! > 1) {
      this.sharers[slot]--;
      return;
    }
    this.inUse[slot] = 0;
    this.sharers[slot] = 0;
    this.ownerPid[slot] = 0;
    this.ownerPage[slot] = 0;
    this.used--;
    if (slot < this.lowestFree) this.lowestFree = slot;
  }

  /** Frees a slot outright, whatever refers to it (after a swap-in rewrote every referring entry). */
  free(slot: number): void {
    this.sharers[slot] = 1;
    this.release(slot);
  }

  /**
   * The stored page of a slot in use — its bytes, memcheck states and slot tags — without reading it in:
   * memcheck's scans read a swapped page where it is, and its shadow updates (a freed payload becomes
   * not addressable, a freed block's pointers lose their tags) write the stored copy, which comes back
   * with the page.
   */
  contents(slot: number): { readonly bytes: Uint8Array; readonly states: Uint8Array; readonly tags: Int32Array } | undefined {
    const bytes = this.bytes[slot];
    if (this.inUse[slot] === 0 || !bytes) return undefined;
    return { bytes, states: this.states[slot]!, tags: this.tags[slot]! };
  }

  /** One byte of a swapped page, and its memcheck state, without reading it in (debugger views). */
  byte(slot: number, offset: number): number {
    return this.bytes[slot]?.[offset] ?? 0;
  }

  state(slot: number, offset: number): number {
    return this.states[slot]?.[offset] ?? 0;
  }
}
