// Memory as memcheck looks at it: a page's bytes, shadow states and slot tags wherever the page is — in a
// frame or in a swap slot — without changing anything in the machine.
//
// Why. Memcheck reads the program's memory on its own account: the leak check's scan of the roots and
// the heap, the pointer counts' look inside a block being freed, the shadow updates of free and
// realloc. A real kernel would never fault a page back in for that, and valgrind's own bookkeeping lives
// outside the program's pages; if memscope did, a snapshot or a free would add major faults, RSS and
// simulated time that the program did not cause (a 1 MiB block in swap costs ~260 disk reads to free).
// So these scans locate each page through the page table (`AddressSpace.locate`, which counts nothing)
// and read — or, for shadow updates, write — its contents where they are: a frame's bytes are physical
// memory and its shadow is memcheck's per-frame arrays; a swapped page's bytes, states and tags are the
// copies its swap slot keeps (memory/swap.ts), which come back with the page when the program touches it.
//
// Each call answers for the page of one address; `base` is the index of that page's first byte in
// `bytes` and `states` (and `base >> 3` its first slot in `tags`), so `base + va % 4096` indexes a byte.
// For the current process a TLB entry is used first: the common case (a resident heap page) costs no
// walk, and — unlike a program access — counts no hit.
//
// Writing is not looking. After fork, parent and child share their pages copy-on-write, and a page's
// shadow lives beside its bytes (by frame, or in the swap slot both entries name), so a shadow update
// written in place would change what the other process's memcheck sees. `ownPageContents` is the door
// for updates: a page that another process still shares is first made this process's own, exactly as a
// data write would make it — `AddressSpace.physical` copies it (a COW fault, counted; a shared page in
// swap is read back first, a major fault) — which is what a kernel would do if the metadata lived in
// the page. A private page, in a frame or in swap, is written where it is. An update that would write
// what a shared page already holds changes nothing and copies nothing (the caller's `changes` says).

import { PAGE_SIZE } from '../memory/physical';
import type { AddressSpace, Location } from '../memory/address-space';
import type { ShadowMemory } from './shadow';

export interface PageContents {
  readonly bytes: Uint8Array;
  /** The same bytes as 32-bit words (`base >> 2` is the page's first). */
  readonly i32: Int32Array;
  readonly states: Uint8Array;
  readonly tags: Int32Array;
  /** Index of the page's first byte in `bytes` and `states`. */
  readonly base: number;
  /** True when the page is in swap (its contents are the slot's copies). */
  readonly swapped: boolean;
}

/** The contents of the page holding `va`, or undefined if the page has none (never touched, unmapped). */
export function pageContents(space: AddressSpace, shadow: ShadowMemory, va: number): PageContents | undefined {
  const vpn = Math.floor(va / PAGE_SIZE);
  const tlb = space.tlb;
  const i = vpn & tlb.mask;
  if (tlb.readTag[i] === vpn && space.isCurrent) return frameContents(space, shadow, tlb.frameBase[i]!);
  const at = space.locate(va);
  return at ? contentsAt(space, shadow, at) : undefined;
}

/**
 * The contents of the page holding `va` for a shadow update, undefined if the page has none. A page
 * shared with another process is made this process's own first (a copy-on-write fault), unless
 * `changes`, asked with the shared contents, says the update would write only what is there already.
 */
export function ownPageContents(space: AddressSpace, shadow: ShadowMemory, va: number, changes?: (page: PageContents) => boolean): PageContents | undefined {
  const vpn = Math.floor(va / PAGE_SIZE);
  const tlb = space.tlb;
  const i = vpn & tlb.mask;
  // A write tag is only ever cached for a private, writable page.
  if (tlb.writeTag[i] === vpn && space.isCurrent) return frameContents(space, shadow, tlb.frameBase[i]!);
  const at = space.locate(va);
  return at ? ownContentsAt(space, shadow, va, at, changes) : undefined;
}

/** `ownPageContents` for a page already located (`va` is any address in it). */
export function ownContentsAt(space: AddressSpace, shadow: ShadowMemory, va: number, at: Location, changes?: (page: PageContents) => boolean): PageContents | undefined {
  const page = contentsAt(space, shadow, at);
  if (!page || !sharedPage(space, at) || (changes && !changes(page))) return page;
  const pa = space.physical(va, false);
  return pa < 0 ? undefined : frameContents(space, shadow, pa - (pa % PAGE_SIZE));
}

/** True if the page at a location is shared with another process (copy-on-write after fork). */
export function sharedPage(space: AddressSpace, at: Location): boolean {
  switch (at.kind) {
    case 'frame':
      return space.mem.sharers[Math.floor(at.physical / PAGE_SIZE)]! > 1;
    case 'swap':
      return space.pager.swap.sharers[at.slot]! > 1;
    default: {
      const never: never = at;
      return never;
    }
  }
}

/** The contents of a page at a location (its offset is ignored: the whole page is meant). */
export function contentsAt(space: AddressSpace, shadow: ShadowMemory, at: Location): PageContents | undefined {
  switch (at.kind) {
    case 'frame':
      return frameContents(space, shadow, at.physical - (at.physical % PAGE_SIZE));
    case 'swap': {
      const stored = space.pager.swap.contents(at.slot);
      if (!stored) return undefined;
      const i32 = new Int32Array(stored.bytes.buffer, stored.bytes.byteOffset, PAGE_SIZE / 4);
      return { bytes: stored.bytes, i32, states: stored.states, tags: stored.tags, base: 0, swapped: true };
    }
    default: {
      const never: never = at;
      return never;
    }
  }
}

function frameContents(space: AddressSpace, shadow: ShadowMemory, base: number): PageContents {
  return { bytes: space.mem.bytes, i32: space.mem.i32, states: shadow.state, tags: shadow.tags, base, swapped: false };
}

/** Ranges longer than this many pages are walked through the page table instead of page by page. */
const WALK_PAGES = 64;

/**
 * The start of each page of [from, to) that may have contents, in address order. A huge block (a
 * `malloc` of 64 GiB that touched one page) is not visited page by page: past a few dozen pages the page
 * table's own walk finds the pages that exist, skipping every absent table at once.
 */
export function pagesWithContents(space: AddressSpace, from: number, to: number): number[] {
  const first = from - (from % PAGE_SIZE);
  const pages: number[] = [];
  if (to <= first) return pages;
  if ((to - first) / PAGE_SIZE <= WALK_PAGES) {
    for (let va = first; va < to; va += PAGE_SIZE) pages.push(va);
  } else {
    space.forEachPage((va) => pages.push(va), first, to);
  }
  return pages;
}
