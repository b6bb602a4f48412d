// The pager: the kernel's side of physical memory shared by every process — taking frames, evicting pages
// to swap when RAM is full, reading them back, and calling the OOM killer when both are exhausted.
//
// How it works. Every frame an address space needs (a page on first touch, a copy for copy-on-write, a
// page read back from swap, a page table) comes from `takeFrame`. When no frame is free it asks the
// replacement policy (replacement.ts) for a victim among the evictable frames — user pages not pinned by
// the instruction being executed — and evicts it: the page's bytes, memcheck state and pointer tags are
// written to a swap slot, and every page-table entry that maps the frame becomes a swapped entry naming
// the slot. A major fault does the reverse with the same function (`move`): the slot is read into a new
// frame and every entry naming the slot maps the frame again. Pages are found from frames by a reverse
// map without extra tables: a frame records the virtual page it holds, and pages are only shared by
// fork, which keeps addresses, so the sharers are the live address spaces whose entry for that address
// names the frame.
//
// Pinning. An instruction may hold a physical address while it translates another one (an access that
// straddles two pages, a copy-on-write copy of a page into a new frame): the last PINS frames handed out
// during the current instruction cannot be evicted. Pins expire with the instruction.
//
// When no frame can be freed — swap is full or nothing is evictable — `outOfMemory` (the machine's OOM
// killer) picks a process to kill; if it is not the one asking, its memory is released and the request
// is tried again, otherwise the request fails with an 'out-of-memory' fault carrying the kernel's line.

import { PAGE_SIZE, FRAME_PAGE, FRAME_TABLE, type PhysicalMemory } from './physical';
import { PTE_PRESENT, PTE_WRITABLE, PTE_USER, PTE_ACCESSED, PTE_COW, PTE_SWAPPED, PTE_PROTNONE, PTE_NX_HI, pteFrame, pteLo, pteHi } from './pte';
import { Swap, type FrameShadow } from './swap';
import type { ReplacementPolicy, FrameFacts } from './replacement';
import type { ReferenceString } from './reference-string';
import type { Tlb } from './tlb';
import { MemoryFault, ACCESS_NAMES } from './fault';
import type { AddressSpace } from './address-space';

/** Frames the current instruction may hold at once (see the header). */
const PINS = 4;
/**
 * With this many frames free no eviction can happen before a frame pinned now is let go (an instruction
 * takes at most a few frames while it holds one: two pages and their tables, a copy), so pinning is skipped.
 */
const ROOMY = 16;

/** Where a page's contents are: a physical frame, or a swap slot. */
export type PagePlace = { readonly kind: 'frame'; readonly frame: number } | { readonly kind: 'swap'; readonly slot: number };

/** Flags an entry keeps when its page moves between a frame and swap. */
const KEEP = PTE_WRITABLE | PTE_USER | PTE_COW | PTE_PROTNONE;

export interface PagerStats {
  /** Pages evicted to swap (each a disk write). */
  swapOuts: number;
  /** Pages read back from swap (each a disk read). */
  swapIns: number;
  /** Processes killed by the OOM killer. */
  oomKills: number;
}

export class Pager {
  /** Live address spaces: the reverse map's search list, and the OOM killer's candidates. */
  readonly spaces: AddressSpace[] = [];
  /** The address space whose translations the TLB holds (the running process's). */
  current: AddressSpace | undefined;
  /** The machine's clock: instructions executed so far (exact inside slow paths). */
  now: () => number = () => 0;
  /** The reference string being recorded (the first run of the `opt` policy). */
  recording: ReferenceString | undefined;
  /** The recorded future, for the `opt` policy; asked for at the first eviction. */
  future: (() => ReferenceString) | undefined;
  /**
   * The OOM killer: called with the space whose request failed. Returns undefined after killing another
   * process (try again), or the kernel's line when the requester itself is the one to kill.
   */
  outOfMemory: ((requester: AddressSpace) => string | undefined) | undefined;
  readonly stats: PagerStats = { swapOuts: 0, swapIns: 0, oomKills: 0 };
  private readonly pinFrame = new Int32Array(PINS).fill(-1);
  private readonly pinStep = new Float64Array(PINS).fill(-1);
  private pinNext = 0;
  private futureRefs: ReferenceString | undefined;
  private readonly facts: FrameFacts;

  constructor(
    readonly mem: PhysicalMemory,
    readonly tlb: Tlb,
    readonly shadow: FrameShadow,
    readonly swap: Swap,
    readonly policy: ReplacementPolicy,
  ) {
    this.facts = {
      frameCount: mem.frameCount,
      evictable: (f) => mem.use[f] === FRAME_PAGE && !this.pinned(f),
      referenced: (f) => this.sharersOf(f).some(([, slot]) => (mem.u32[slot >> 2]! & PTE_ACCESSED) !== 0),
      clearReferenced: (f) => {
        const vpn = mem.ownerPage[f]! / PAGE_SIZE;
        for (const [, slot] of this.sharersOf(f)) mem.u32[slot >> 2] = (mem.u32[slot >> 2]! & ~PTE_ACCESSED) >>> 0;
        // The next access must walk again to set the bit: drop the cached translation.
        tlb.invalidateFrame(vpn, f);
      },
      lastUse: (f) => mem.lastUse[f]!,
      nextUse: (f, now) => {
        this.futureRefs ??= this.future?.();
        const refs = this.futureRefs;
        if (!refs) return Infinity;
        const vpn = mem.ownerPage[f]! / PAGE_SIZE;
        let next = Infinity;
        for (const [space] of this.sharersOf(f)) next = Math.min(next, refs.next(space.pid, vpn, now));
        return next;
      },
    };
  }

  // ---- frames ----

  /**
   * A zeroed frame for `use` (a page at virtual address `page`, or a table of level `page`), evicting a
   * page if RAM is full. Throws an 'out-of-memory' MemoryFault (for `va`, `access`) when the requester
   * is the process the OOM killer chose.
   */
  takeFrame(requester: AddressSpace, use: typeof FRAME_PAGE | typeof FRAME_TABLE, page: number, va: number, access: number): number {
    for (;;) {
      const f = this.mem.allocate(use, requester.pid, page);
      if (f >= 0) {
        if (use === FRAME_PAGE) {
          this.policy.loaded(f);
          this.mem.lastUse[f] = this.now();
        }
        this.pin(f);
        return f;
      }
      if (this.evictOne(requester)) continue;
      const line = this.outOfMemory?.(requester);
      if (this.outOfMemory && line === undefined) continue;
      throw new MemoryFault(va, ACCESS_NAMES[access]!, 'out-of-memory', line);
    }
  }

  /** Evicts one page chosen by the policy; false if none can be (nothing evictable, or swap full). */
  private evictOne(requester: AddressSpace): boolean {
    if (this.swap.freeSlots === 0) return false;
    if (this.policy.name === 'lru') this.tlb.mergeStamps();
    const victim = this.policy.victim(this.facts, this.now());
    if (victim < 0) return false;
    const page = this.mem.ownerPage[victim]!;
    const slot = this.swap.writeOut(this.mem.bytes, this.shadow, victim, this.mem.ownerPid[victim]!, page);
    if (slot < 0) return false;
    this.move(page, { kind: 'frame', frame: victim }, { kind: 'swap', slot });
    this.stats.swapOuts++;
    requester.counters.swapOuts++;
    return true;
  }

  /** Reads swap slot `slot` (page `va`) back into a new frame, for every process sharing it; returns the frame. */
  swapIn(requester: AddressSpace, va: number, slot: number, access: number): number {
    const page = va - (va % PAGE_SIZE);
    const frame = this.takeFrame(requester, FRAME_PAGE, page, va, access);
    this.swap.readIn(slot, this.mem.bytes, this.shadow, frame);
    this.move(page, { kind: 'swap', slot }, { kind: 'frame', frame });
    this.stats.swapIns++;
    return frame;
  }

  /**
   * Moves page `page` from one place to another in every live address space whose entry for it names
   * `from` — the one walk that both swap-out and swap-in use. Entries keep their permission and
   * copy-on-write bits; a page coming back is neither accessed nor dirty yet.
   */
  private move(page: number, from: PagePlace, to: PagePlace): void {
    const u32 = this.mem.u32;
    const vpn = page / PAGE_SIZE;
    let sharers = 0;
    for (const space of this.spaces) {
      const slot = space.table.leafSlot(page, false);
      if (slot < 0) continue;
      const lo = u32[slot >> 2]!;
      const hi = u32[(slot >> 2) + 1]!;
      if (!samePlace(lo, hi, from)) continue;
      const nx = (hi & PTE_NX_HI) !== 0;
      const c = space.counters;
      if (to.kind === 'swap') {
        u32[slot >> 2] = pteLo(to.slot, (lo & KEEP) | PTE_SWAPPED);
        u32[(slot >> 2) + 1] = pteHi(to.slot, nx);
        if (from.kind === 'frame') this.tlb.invalidateFrame(vpn, from.frame);
        this.swap.share(to.slot);
        c.residentPages--;
        c.swappedPages++;
      } else {
        const flags = lo & KEEP;
        u32[slot >> 2] = pteLo(to.frame, (flags & PTE_PROTNONE) !== 0 ? flags : flags | PTE_PRESENT);
        u32[(slot >> 2) + 1] = pteHi(to.frame, nx);
        c.swappedPages--;
        c.residentPages++;
        if (c.residentPages > c.peakResidentPages) c.peakResidentPages = c.residentPages;
      }
      sharers++;
    }
    if (from.kind === 'frame') {
      // Every mapping is gone: the frame is free.
      this.mem.sharers[from.frame] = 1;
      this.mem.release(from.frame);
    } else {
      this.swap.free(from.slot);
    }
    if (to.kind === 'frame') this.mem.sharers[to.frame] = Math.max(1, sharers);
  }

  /** The live address spaces mapping frame `f` (at the page it holds), with the physical address of each entry. */
  sharersOf(f: number): [AddressSpace, number][] {
    const page = this.mem.ownerPage[f]!;
    const out: [AddressSpace, number][] = [];
    const u32 = this.mem.u32;
    for (const space of this.spaces) {
      const slot = space.table.leafSlot(page, false);
      if (slot < 0) continue;
      const lo = u32[slot >> 2]!;
      if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0 && pteFrame(lo, u32[(slot >> 2) + 1]!) === f) out.push([space, slot]);
    }
    return out;
  }

  // ---- pins ----

  /** Keeps `frame` from being evicted until the current instruction ends (or PINS later pins). */
  pin(frame: number): void {
    if (this.mem.freeFrames >= ROOMY) return;
    this.pinAt(frame, this.now());
  }

  /** True while pins are off (many frames free): then a repeated pin of a frame changes nothing. */
  get roomy(): boolean {
    return this.mem.freeFrames >= ROOMY;
  }

  /** `pin` when the caller already has the instruction count. */
  pinAt(frame: number, now: number): void {
    if (this.mem.freeFrames >= ROOMY) return;
    const k = this.pinNext;
    this.pinFrame[k] = frame;
    this.pinStep[k] = now;
    this.pinNext = (k + 1) % PINS;
  }

  pinned(frame: number): boolean {
    const now = this.now();
    for (let k = 0; k < PINS; k++) if (this.pinFrame[k] === frame && this.pinStep[k] === now) return true;
    return false;
  }

  // ---- the reference string (opt) ----

  /** A reference to virtual page `vpn` of process `pid`, while a reference string is being recorded. */
  reference(pid: number, vpn: number): void {
    this.recording?.record(pid, vpn, this.now());
  }

  // ---- address spaces ----

  attach(space: AddressSpace): void {
    this.spaces.push(space);
  }

  detach(space: AddressSpace): void {
    const i = this.spaces.indexOf(space);
    if (i >= 0) this.spaces.splice(i, 1);
    if (this.current === space) this.current = undefined;
  }
}

function samePlace(lo: number, hi: number, place: PagePlace): boolean {
  if (place.kind === 'frame') return (lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0 && (lo & PTE_SWAPPED) === 0 && pteFrame(lo, hi) === place.frame;
  return (lo & PTE_SWAPPED) !== 0 && pteFrame(lo, hi) === place.slot;
}

export { Swap };
