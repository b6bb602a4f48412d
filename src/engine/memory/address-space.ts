// The virtual address space of one process: its VMAs, its page table, demand paging, brk and mmap.
//
// How it works. `translate(va, access)` is the MMU: it looks the page up in the TLB, and on a miss walks
// the page table in simulated physical memory (page-table.ts). A present leaf entry whose bits allow the
// access fills the TLB (setting the accessed bit, and the dirty bit on a write). Any other outcome is a
// page fault, handled here the way a kernel handles it:
//   - below 0x1000, or not a canonical user address           → fault (null / non-canonical)
//   - no VMA covers the address: inside the stack's size limit → the stack VMA grows down to it
//                                 otherwise                     → fault (unmapped)
//   - a VMA covers it but forbids the access (text written, data executed, PROT_NONE, the stack's guard
//     page)                                                      → fault with that reason
//   - a VMA allows it and the page has no frame yet            → minor fault: take the lowest free frame,
//     zeroed, create the missing tables, write the entry, and let memcheck initialise the page's shadow
//     (`PageHooks.pageMapped`), then retry.
// Permission faults on present pages come from the entry's bits (writable, NX), not from the VMA.
//
// Counters (minor/invalid faults, resident pages) are plain fields bumped on these slow paths only.
// Seams for later: PTE_COW (a write to a COW page copies the frame, counted in cowFaults), PTE_SWAPPED
// (a major fault reads the page back), `clone` for fork. Physical memory running out raises an
// 'out-of-memory' fault today; the replacement policy and OOM killer will hook in at `takeFrame`.

import { PAGE_SIZE, FRAME_PAGE, type PhysicalMemory } from './physical';
import { PageTable, USER_TOP, type WalkResult } from './page-table';
import { PTE_PRESENT, PTE_WRITABLE, PTE_USER, PTE_ACCESSED, PTE_DIRTY, PTE_PROTNONE, PTE_NX_HI, pteFrame, pteLo, pteHi } from './pte';
import { Tlb } from './tlb';
import { VmaList, type Vma, type VmaKind, type Permissions } from './vma';
import { MemoryFault, ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, ACCESS_NAMES, type FaultReason } from './fault';

/** Lowest address that can ever be mapped: the first page is the null guard. */
export const NULL_GUARD_END = 0x1000;

export interface PageHooks {
  /** Page `va` of `vma` just got a fresh zeroed frame: set its shadow state. */
  pageMapped(va: number, frame: number, vma: Vma): void;
  /** [start, end) is no longer mapped. */
  rangeUnmapped(start: number, end: number): void;
}

export interface SpaceCounters {
  minorFaults: number;
  majorFaults: number;
  invalidFaults: number;
  cowFaults: number;
  residentPages: number;
  peakResidentPages: number;
}

export interface StackLayout {
  /** One past the highest stack byte. */
  readonly top: number;
  /** Lowest address the stack may grow to (top - size limit). */
  readonly limit: number;
}

export class AddressSpace {
  readonly vmas = new VmaList();
  readonly table: PageTable;
  readonly counters: SpaceCounters = { minorFaults: 0, majorFaults: 0, invalidFaults: 0, cowFaults: 0, residentPages: 0, peakResidentPages: 0 };
  heapStart = 0;
  brk = 0;
  stack: StackLayout = { top: 0, limit: 0 };
  private heapFill = 0;
  private heapReady = false;

  constructor(
    readonly mem: PhysicalMemory,
    readonly tlb: Tlb,
    readonly pid: number,
    private readonly hooks: PageHooks,
    /** Where mmap places regions, top-down. */
    private readonly mmapTop: number,
  ) {
    const table = PageTable.create(mem, pid);
    if (!table) throw new MemoryFault(0, 'write', 'out-of-memory');
    this.table = table;
  }

  // ---- the MMU ----

  /**
   * Physical address of `va` for an access (ACCESS_READ/WRITE/EXECUTE), through the TLB and, on a miss,
   * the walk and the fault handler. Throws MemoryFault.
   */
  translate(va: number, access: number): number {
    const vpn = Math.floor(va / PAGE_SIZE);
    const tlb = this.tlb;
    const i = vpn & tlb.mask;
    const tag = access === ACCESS_READ ? tlb.readTag[i] : access === ACCESS_WRITE ? tlb.writeTag[i] : tlb.execTag[i];
    if (tag === vpn) {
      tlb.hits++;
      return tlb.frameBase[i]! + (va - vpn * PAGE_SIZE);
    }
    tlb.misses++;
    return this.miss(va, vpn, access);
  }

  /** The TLB-miss path: walk, handle a not-present page, check the entry's bits, fill the TLB. */
  private miss(va: number, vpn: number, access: number): number {
    if (!(va >= NULL_GUARD_END && va < USER_TOP)) {
      throw this.fault(va, access, va >= 0 && va < NULL_GUARD_END ? 'null' : 'non-canonical');
    }
    const u32 = this.mem.u32;
    let slot = this.table.leafSlot(va, false);
    let lo = slot >= 0 ? u32[slot >> 2]! : 0;
    if ((lo & PTE_PRESENT) === 0) {
      slot = this.pageFault(va, access, slot, lo);
      lo = u32[slot >> 2]!;
    }
    const hi = u32[(slot >> 2) + 1]!;
    if (access === ACCESS_WRITE && (lo & PTE_WRITABLE) === 0) throw this.fault(va, access, 'write-protected');
    if (access === ACCESS_EXECUTE && (hi & PTE_NX_HI) !== 0) throw this.fault(va, access, 'execute-protected');
    lo |= PTE_ACCESSED;
    if (access === ACCESS_WRITE) lo |= PTE_DIRTY;
    u32[slot >> 2] = lo;
    const frameBase = pteFrame(lo, hi) * PAGE_SIZE;
    const dirtyWritable = (lo & (PTE_WRITABLE | PTE_DIRTY)) === (PTE_WRITABLE | PTE_DIRTY);
    this.tlb.fill(vpn, frameBase, true, dirtyWritable, (hi & PTE_NX_HI) === 0);
    return frameBase + (va - vpn * PAGE_SIZE);
  }

  /** The kernel's page-fault handler for a not-present page; returns the leaf slot, now present. */
  private pageFault(va: number, access: number, slot: number, lo: number): number {
    const vma = this.vmaForFault(va, access);
    if (!permits(vma, access)) {
      throw this.fault(va, access, vma.kind === 'guard' ? 'guard-page' : access === ACCESS_WRITE ? 'write-protected' : access === ACCESS_EXECUTE ? 'execute-protected' : 'read-protected');
    }
    if (slot >= 0 && (lo & PTE_PROTNONE) !== 0) {
      // mprotect made the area accessible again while the entry was parked: unreachable by construction
      // (mprotect rewrites entries), kept as a clear fault rather than a silent remap.
      throw this.fault(va, access, 'read-protected');
    }
    const pageVa = va - (va % PAGE_SIZE);
    // The walk creates the missing tables first, then the page gets its frame (as Linux's handler does).
    slot = this.table.leafSlot(va, true);
    if (slot < 0) throw this.fault(va, access, 'out-of-memory');
    const frame = this.takeFrame(pageVa, access);
    const u32 = this.mem.u32;
    u32[slot >> 2] = pteLo(frame, PTE_PRESENT | PTE_USER | (vma.write ? PTE_WRITABLE : 0));
    u32[(slot >> 2) + 1] = pteHi(frame, !vma.execute);
    this.counters.minorFaults++;
    this.pageAdded();
    this.hooks.pageMapped(pageVa, frame, vma);
    return slot;
  }

  /** The VMA covering a faulting address, growing the stack when the address is within its limit. */
  private vmaForFault(va: number, access: number): Vma {
    const vma = this.vmas.find(va);
    if (vma) return vma;
    // The stack is the lowest VMA of kind 'stack' (mprotect may have split it).
    const stack = this.vmas.all().find((v) => v.kind === 'stack');
    if (stack && va < stack.start && va >= this.stack.limit) {
      // Growth is just a bigger VMA: pages still get frames one by one on first touch.
      stack.start = va - (va % PAGE_SIZE);
      return stack;
    }
    throw this.fault(va, access, 'unmapped');
  }

  private takeFrame(pageVa: number, access: number): number {
    const frame = this.mem.allocate(FRAME_PAGE, this.pid, pageVa);
    if (frame < 0) throw this.fault(pageVa, access, 'out-of-memory');
    return frame;
  }

  private pageAdded(): void {
    const c = this.counters;
    c.residentPages++;
    if (c.residentPages > c.peakResidentPages) c.peakResidentPages = c.residentPages;
  }

  private fault(va: number, access: number, reason: FaultReason): MemoryFault {
    this.counters.invalidFaults++;
    return new MemoryFault(va, ACCESS_NAMES[access]!, reason);
  }

  // ---- privileged access (loader, allocator, debugger): no TLB, no permission checks ----

  /**
   * Physical address of `va` if its page is resident, else -1. With `populate`, a page inside a VMA gets
   * its frame first (a minor fault, as the kernel's own first touch would be); outside any VMA it is -1.
   */
  physical(va: number, populate: boolean): number {
    // A cached translation answers without a walk. Peeking does not count as a TLB hit: these are the
    // kernel's and the debugger's accesses, not the program's. (A cached page is a valid user address.)
    const vpn = Math.floor(va * (1 / 4096));
    const tlb = this.tlb;
    const i = vpn & tlb.mask;
    if (tlb.readTag[i] === vpn) return tlb.frameBase[i]! + (va - vpn * 4096);
    return this.physicalWalk(va, populate);
  }

  private physicalWalk(va: number, populate: boolean): number {
    if (!(va >= NULL_GUARD_END && va < USER_TOP)) return -1;
    const u32 = this.mem.u32;
    const slot = this.table.leafSlot(va, false);
    if (slot >= 0) {
      const lo = u32[slot >> 2]!;
      if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0) return pteFrame(lo, u32[(slot >> 2) + 1]!) * PAGE_SIZE + (va % PAGE_SIZE);
    }
    if (!populate) return -1;
    const vma = this.vmas.find(va);
    if (!vma || vma.kind === 'guard') return -1;
    const pageVa = va - (va % PAGE_SIZE);
    const leaf = this.table.leafSlot(va, true);
    if (leaf < 0) throw this.fault(va, ACCESS_WRITE, 'out-of-memory');
    const frame = this.takeFrame(pageVa, ACCESS_WRITE);
    const flags = vma.read || vma.write || vma.execute ? PTE_PRESENT : PTE_PROTNONE;
    u32[leaf >> 2] = pteLo(frame, flags | PTE_USER | PTE_ACCESSED | PTE_DIRTY | (vma.write ? PTE_WRITABLE : 0));
    u32[(leaf >> 2) + 1] = pteHi(frame, !vma.execute);
    this.counters.minorFaults++;
    this.pageAdded();
    this.hooks.pageMapped(pageVa, frame, vma);
    return frame * PAGE_SIZE + (va % PAGE_SIZE);
  }

  /** True if the page of `va` has a frame. */
  resident(va: number): boolean {
    return this.physical(va, false) >= 0;
  }

  walk(va: number): WalkResult {
    return this.table.walk(va);
  }

  // ---- mappings ----

  /** Maps a new VMA (page-aligned). Pages get frames on first touch. */
  map(start: number, end: number, perms: Permissions, name: string, kind: VmaKind, shadowFill: number, allocatorOwned = false): Vma {
    const v: Vma = { start, end, read: perms.read, write: perms.write, execute: perms.execute, name, kind, shadowFill };
    if (allocatorOwned) v.allocatorOwned = true;
    return this.vmas.insert(v);
  }

  /** Places the (empty) heap at `start`; brk grows it. */
  initHeap(start: number, shadowFill: number): void {
    this.heapStart = start;
    this.brk = start;
    this.heapFill = shadowFill;
    this.heapReady = true;
  }

  /** Sets up the stack VMA covering [top - initial, top) and the guard page below its limit. */
  initStack(top: number, size: number, initial: number, shadowFill: number): void {
    const limit = top - size;
    this.stack = { top, limit };
    this.map(top - initial, top, { read: true, write: true, execute: false }, '[stack]', 'stack', shadowFill);
    this.map(limit - PAGE_SIZE, limit, { read: false, write: false, execute: false }, '[stack guard]', 'guard', 0);
  }

  /** Moves the program break (brk(2)); false if it would leave the heap or hit another mapping. */
  setBrk(newBrk: number): boolean {
    if (!this.heapReady || !Number.isSafeInteger(newBrk) || newBrk < this.heapStart) return false;
    const oldEnd = pageUp(this.brk);
    const newEnd = pageUp(newBrk);
    if (newEnd > oldEnd) {
      if (this.vmas.overlaps(oldEnd, newEnd)) return false;
      // Extend the heap's top piece in place (mprotect may have split the heap into several VMAs).
      const top = oldEnd > this.heapStart ? this.vmas.find(oldEnd - 1) : undefined;
      if (top && top.kind === 'heap' && top.end === oldEnd && top.read && top.write && !top.execute) top.end = newEnd;
      else this.map(oldEnd, newEnd, { read: true, write: true, execute: false }, '[heap]', 'heap', this.heapFill);
    } else if (newEnd < oldEnd) {
      this.unmapPages(newEnd, oldEnd);
      this.vmas.remove(newEnd, oldEnd);
      this.hooks.rangeUnmapped(newEnd, oldEnd);
    }
    this.brk = newBrk;
    return true;
  }

  /** Highest free gap below the mmap top that fits `length` bytes (page multiple), or -1. */
  findMmapGap(length: number): number {
    const floor = pageUp(Math.max(this.brk, this.heapStart)) + 64 * 1024 * 1024;
    let top = this.mmapTop;
    const vmas = this.vmas.all();
    for (let i = vmas.length - 1; i >= 0; i--) {
      const v = vmas[i]!;
      if (v.start >= top) continue;
      if (v.end <= top - length && top - length >= floor) return top - length;
      top = Math.min(top, v.start);
    }
    return top - length >= floor ? top - length : -1;
  }

  /** Anonymous private mapping (mmap(2)); returns the address or -1. */
  mmap(length: number, perms: Permissions, shadowFill: number, allocatorOwned: boolean): number {
    if (!(length > 0) || !Number.isSafeInteger(length)) return -1;
    const len = pageUp(length);
    const start = this.findMmapGap(len);
    if (start < 0) return -1;
    this.map(start, start + len, perms, '[mmap]', 'mmap', shadowFill, allocatorOwned);
    return start;
  }

  /** munmap(2): removes mappings in [start, start+length); false for a bad argument. */
  munmap(start: number, length: number): boolean {
    if (start % PAGE_SIZE !== 0 || !(length > 0) || start < NULL_GUARD_END || start + length > USER_TOP) return false;
    const end = pageUp(start + length);
    this.unmapPages(start, end);
    this.vmas.remove(start, end);
    this.hooks.rangeUnmapped(start, end);
    return true;
  }

  /** mprotect(2): changes permissions of mapped pages in [start, start+length); false if any is unmapped. */
  mprotect(start: number, length: number, perms: Permissions): boolean {
    if (start % PAGE_SIZE !== 0 || !(length >= 0)) return false;
    const end = pageUp(start + length);
    for (let a = start; a < end; a += PAGE_SIZE) {
      const v = this.vmas.find(a);
      if (!v || v.kind === 'guard') return false;
    }
    this.vmas.modify(start, end, (v) => {
      v.read = perms.read;
      v.write = perms.write;
      v.execute = perms.execute;
    });
    const u32 = this.mem.u32;
    const none = !perms.read && !perms.write && !perms.execute;
    this.table.forEachLeaf((va, slot) => {
      let lo = u32[slot >> 2]!;
      const hi = u32[(slot >> 2) + 1]!;
      if ((lo & (PTE_PRESENT | PTE_PROTNONE)) === 0) return;
      lo = none ? (lo & ~PTE_PRESENT) | PTE_PROTNONE : (lo | PTE_PRESENT) & ~PTE_PROTNONE;
      lo = perms.write ? lo | PTE_WRITABLE : lo & ~PTE_WRITABLE;
      u32[slot >> 2] = lo >>> 0;
      u32[(slot >> 2) + 1] = (perms.execute ? hi & ~PTE_NX_HI : hi | PTE_NX_HI) >>> 0;
      this.tlb.invalidate(va / PAGE_SIZE);
    }, start, end);
    return true;
  }

  /** Releases the frames of resident pages in [start, end) and clears their entries. */
  private unmapPages(start: number, end: number): void {
    const u32 = this.mem.u32;
    this.table.forEachLeaf((va, slot) => {
      const lo = u32[slot >> 2]!;
      if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0) {
        this.mem.release(pteFrame(lo, u32[(slot >> 2) + 1]!));
        this.counters.residentPages--;
      }
      u32[slot >> 2] = 0;
      u32[(slot >> 2) + 1] = 0;
      this.tlb.invalidate(va / PAGE_SIZE);
    }, start, end);
  }

  // ---- accounting ----

  /** Virtual size in bytes (all VMAs but guards). */
  vsz(): number {
    return this.vmas.virtualSize();
  }

  /** Resident size in bytes (pages with a frame; page tables not included, as Linux's RSS). */
  rss(): number {
    return this.counters.residentPages * PAGE_SIZE;
  }

  /** Calls `visit` for each resident page in [from, to) with its virtual and physical page addresses. */
  forEachResident(visit: (va: number, physical: number) => void, from = 0, to = USER_TOP): void {
    const u32 = this.mem.u32;
    this.table.forEachLeaf((va, slot) => {
      const lo = u32[slot >> 2]!;
      if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0) visit(va, pteFrame(lo, u32[(slot >> 2) + 1]!) * PAGE_SIZE);
    }, from, to);
  }

  /** Frees every frame of this address space (process exit). */
  destroy(): void {
    this.unmapPages(0, USER_TOP);
    this.table.destroy();
  }
}

export function pageUp(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

function permits(v: Vma, access: number): boolean {
  return access === ACCESS_READ ? v.read : access === ACCESS_WRITE ? v.write : v.execute;
}

export { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE };
