// Memcheck's shadow memory: for every byte of physical memory, is it addressable, is it defined; and for
// every aligned 8-byte slot, which object the pointer stored there was derived from.
//
// How it works. `state` is a Uint8Array parallel to physical memory (same index). 0 means "addressable and
// defined", so the CPU's common case is one `=== 0` test, and a 4-byte aligned access tests 4 states at
// once with one Uint32Array read. Bit 0 (UNDEFINED) marks a byte never written since it became
// addressable (fresh locals, malloc'd memory); bit 1 (NOACCESS) marks a byte the program must not touch
// (heap headers and padding, freed payloads). `tags` holds one Int32 per physical 8-byte slot: the object
// id (check/objects.ts) of the pointer an ST64 stored there, 0 for none. Any narrower store to the slot
// clears it, so a pointer survives only as a whole.
//
// Shadow is kept per physical byte, but the program thinks in virtual addresses and most of its address
// space has no frame yet (demand paging: a 1 GiB malloc touches nothing). `ProcessShadow` bridges the
// two. Setting the state of a virtual range writes the shadow of resident pages directly and records the
// rest as pending ranges; when a page first gets a frame (`pageMapped`, called by the address space's
// fault handler) its shadow is the VMA's fill byte overlaid with the pending ranges that cover it. A page
// in swap keeps its shadow in its slot (memory/swap.ts): these operations read and write it there
// (check/page-contents.ts) rather than fault the page in — memcheck's bookkeeping is not an access.
// But an update is a write: on a page still shared copy-on-write with another process (after fork) it
// first makes the page this process's own, as a data write would (`ownPageContents`), so that one
// process's malloc, free or new frame never changes what the other's memcheck sees.

import { PAGE_SIZE, type PhysicalMemory } from '../memory/physical';
import type { AddressSpace, Location, PageHooks } from '../memory/address-space';
import type { Vma } from '../memory/vma';
import { contentsAt, ownContentsAt, ownPageContents, pageContents, pagesWithContents, sharedPage, type PageContents } from './page-contents';

export const DEFINED = 0;
export const UNDEFINED = 1;
export const NOACCESS = 2;
/** NOACCESS in each byte of a 32-bit shadow word. */
export const NOACCESS_X4 = 0x02020202;
/** UNDEFINED in each byte of a 32-bit shadow word. */
export const UNDEFINED_X4 = 0x01010101;

export class ShadowMemory {
  readonly state: Uint8Array;
  readonly state16: Uint16Array;
  readonly state32: Uint32Array;
  readonly tags: Int32Array;

  constructor(mem: PhysicalMemory) {
    const buffer = new ArrayBuffer(mem.size);
    this.state = new Uint8Array(buffer);
    this.state16 = new Uint16Array(buffer);
    this.state32 = new Uint32Array(buffer);
    this.tags = new Int32Array(mem.size / 8);
  }

  /** Sets the state of a whole frame and clears its pointer tags. */
  fillFrame(frame: number, value: number): void {
    this.state.fill(value, frame * PAGE_SIZE, (frame + 1) * PAGE_SIZE);
    this.tags.fill(0, frame * (PAGE_SIZE / 8), (frame + 1) * (PAGE_SIZE / 8));
  }
}

/** A range of virtual addresses whose shadow state is waiting for their pages to get frames. */
interface PendingRange {
  start: number;
  end: number;
  value: number;
}

export class ProcessShadow implements PageHooks {
  /** Sorted, non-overlapping. */
  private pending: PendingRange[] = [];
  private space: AddressSpace | undefined;

  constructor(readonly shadow: ShadowMemory) {}

  attach(space: AddressSpace): void {
    this.space = space;
  }

  // ---- PageHooks ----

  pageMapped(va: number, frame: number, vma: Vma): void {
    this.shadow.fillFrame(frame, vma.shadowFill);
    const end = va + PAGE_SIZE;
    const state = this.shadow.state;
    const base = frame * PAGE_SIZE - va;
    for (const r of this.pending) {
      if (r.end <= va) continue;
      if (r.start >= end) break;
      state.fill(r.value, base + Math.max(r.start, va), base + Math.min(r.end, end));
    }
    this.cut(va, end);
  }

  rangeUnmapped(start: number, end: number): void {
    this.cut(start, end);
  }

  // ---- virtual-address operations ----

  /** Sets the state of [va, va+length) to `value` (DEFINED, UNDEFINED or NOACCESS). */
  set(va: number, length: number, value: number): void {
    if (length <= 0) return;
    const space = this.space!;
    if (length <= 8 * PAGE_SIZE) {
      const end = va + length;
      while (va < end) {
        const pageEnd = va - (va % PAGE_SIZE) + PAGE_SIZE;
        const n = Math.min(end, pageEnd) - va;
        const offset = va % PAGE_SIZE;
        // The usual case (free's NOACCESS, a fresh block's guard): the page is in the TLB as a private
        // writable page, which is what ownPageContents would find first; no record is built for it.
        const vpn = (va - offset) / PAGE_SIZE;
        const tlb = space.tlb;
        const slot = vpn & tlb.mask;
        if (tlb.writeTag[slot] === vpn && space.isCurrent) {
          const at = tlb.frameBase[slot]! + offset;
          const state = this.shadow.state;
          // A small range (a freed list node) is cheaper byte by byte than through fill().
          if (n <= 64) for (let k = at; k < at + n; k++) state[k] = value;
          else state.fill(value, at, at + n);
          va += n;
          continue;
        }
        this.setInPage(space, va, n, value);
        va += n;
      }
      return;
    }
    // A large range (a big malloc): record it pending as a whole, then write the pages in it that have
    // contents, visiting only the page tables that exist instead of every page. Pages shared with another
    // process are made this one's own after the walk (a copy may evict pages and rewrite entries).
    const end = va + length;
    this.addPending(va, end, value);
    const shared: { from: number; to: number; at: Location }[] = [];
    space.forEachPage((pageVa, at) => {
      const from = Math.max(va, pageVa);
      const to = Math.min(end, pageVa + PAGE_SIZE);
      if (sharedPage(space, at)) shared.push({ from, to, at });
      else this.fillPage(contentsAt(space, this.shadow, at), from, to, value);
    }, va - (va % PAGE_SIZE), end);
    for (const { from, to, at } of shared) {
      const offset = from % PAGE_SIZE;
      this.fillPage(ownContentsAt(space, this.shadow, from, at, (page) => differs(page.states, page.base + offset, to - from, value)), from, to, value);
    }
  }

  /**
   * `set` for [va, va+n) inside one page, wherever the page is. Apart from `set` so that its closure
   * does not make `set` allocate a context on every call.
   */
  private setInPage(space: AddressSpace, va: number, n: number, value: number): void {
    const offset = va % PAGE_SIZE;
    const page = ownPageContents(space, this.shadow, va, (shared) => differs(shared.states, shared.base + offset, n, value));
    if (page) page.states.fill(value, page.base + offset, page.base + offset + n);
    else if (this.pending.length > 0 || space.vmas.find(va)?.shadowFill !== value) this.addPending(va, va + n, value);
  }

  /** Sets [from, to) (inside one page) to `value` in the page's contents, which it no longer waits for. */
  private fillPage(page: PageContents | undefined, from: number, to: number, value: number): void {
    if (!page) return;
    const at = page.base + (from % PAGE_SIZE);
    page.states.fill(value, at, at + (to - from));
    this.cut(from, to);
  }

  /** State of the byte at `va` (NOACCESS outside any mapping). */
  get(va: number): number {
    const space = this.space!;
    const page = pageContents(space, this.shadow, va);
    if (page) return page.states[page.base + (va % PAGE_SIZE)]!;
    for (const r of this.pending) if (va >= r.start && va < r.end) return r.value;
    const vma = space.vmas.find(va);
    return vma && vma.kind !== 'guard' ? vma.shadowFill : NOACCESS;
  }

  /** Clears the pointer tags of the slots overlapping [va, va+length) (of pages with contents). */
  clearTags(start: number, length: number): void {
    const space = this.space!;
    const end = start + length;
    // Pages without contents have no tags to clear (a huge fresh block has almost none).
    for (const pageVa of pagesWithContents(space, start, end)) {
      const va = Math.max(start, pageVa);
      const n = Math.min(end, pageVa + PAGE_SIZE) - va;
      const offset = va % PAGE_SIZE;
      const tagged = (page: PageContents) => page.tags.subarray((page.base + offset) >> 3, (page.base + offset + n + 7) >> 3).some((t) => t !== 0);
      const page = ownPageContents(space, this.shadow, va, tagged);
      if (page) page.tags.fill(0, (page.base + offset) >> 3, (page.base + offset + n + 7) >> 3);
    }
  }

  /** Copy of the pending ranges, for a forked child. */
  clonePending(): PendingRange[] {
    return this.pending.map((r) => ({ ...r }));
  }

  restorePending(ranges: PendingRange[]): void {
    this.pending = ranges;
  }

  private addPending(start: number, end: number, value: number): void {
    this.cut(start, end);
    const list = this.pending;
    let i = 0;
    while (i < list.length && list[i]!.start < start) i++;
    const prev = list[i - 1];
    if (prev && prev.end === start && prev.value === value) {
      prev.end = end;
      const next = list[i];
      if (next && next.start === end && next.value === value) {
        prev.end = next.end;
        list.splice(i, 1);
      }
      return;
    }
    const next = list[i];
    if (next && next.start === end && next.value === value) {
      next.start = start;
      return;
    }
    list.splice(i, 0, { start, end, value });
  }

  /** Removes [start, end) from the pending ranges. */
  private cut(start: number, end: number): void {
    const list = this.pending;
    if (list.length === 0) return;
    const out: PendingRange[] = [];
    for (const r of list) {
      if (r.end <= start || r.start >= end) out.push(r);
      else {
        if (r.start < start) out.push({ start: r.start, end: start, value: r.value });
        if (r.end > end) out.push({ start: end, end: r.end, value: r.value });
      }
    }
    this.pending = out;
  }
}

/** True if any of `states[at, at+n)` is not `value`. */
function differs(states: Uint8Array, at: number, n: number, value: number): boolean {
  for (let k = at; k < at + n; k++) if (states[k] !== value) return true;
  return false;
}
