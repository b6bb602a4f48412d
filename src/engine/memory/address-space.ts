// The virtual address space of one process: its VMAs, its page table, the page-fault handler, brk and mmap.
//
// How it works. `translate(va, access)` is the MMU: it looks the page up in the TLB, and on a miss walks
// the page table in simulated physical memory (page-table.ts). A present leaf entry whose bits allow the
// access fills the TLB (setting the accessed bit, and the dirty bit on a write). Any other outcome is a
// page fault, handled here the way a kernel handles it:
//   - below 0x1000, or not a canonical user address           → invalid fault (null / non-canonical)
//   - no VMA covers the address: inside the stack's size limit → the stack VMA grows down to it
//                                 otherwise                     → invalid fault (unmapped)
//   - a VMA covers it but forbids the access (text written, data executed, PROT_NONE, the stack's guard
//     page)                                                      → invalid fault with that reason
//   - the entry says the page is in swap                       → major fault: the pager reads it back
//   - a VMA allows it and the page has no frame yet            → minor fault: a zeroed frame from the
//     pager, the missing tables created, and memcheck initialises the page's shadow (`pageMapped`)
//   - a write to a present copy-on-write page                  → copy-on-write fault: the page is copied
//     to a new frame with its memcheck state (or, if no other process shares it any more, simply made
//     writable again: a minor fault)
// Permission faults on present pages come from the entry's bits (writable, NX), not from the VMA.
// Frames come from the pager (pager.ts), which evicts a page to swap when RAM is full and calls the OOM
// killer when swap is full too; an eviction may rewrite this space's entries at any frame request.
//
// Privileged access (the loader, the allocator's bookkeeping, memcheck, the debugger) has three forms:
// `physical` may write (it brings a swapped page back and copies a shared copy-on-write page first, as a
// kernel write to user memory would), `peek` only reads (shared pages stay shared), and `locate` changes
// nothing at all (the debugger's views must not disturb the run).
//
// Counters (faults by kind, resident and swapped pages) are plain fields bumped on these slow paths only;
// `onFault` lets the machine count faults per source line.

import { PAGE_SIZE, FRAME_PAGE, FRAME_TABLE } from './physical';
import { PageTable, USER_TOP, type WalkResult, type Level } from './page-table';
import { PTE_PRESENT, PTE_WRITABLE, PTE_USER, PTE_ACCESSED, PTE_DIRTY, PTE_COW, PTE_SWAPPED, PTE_PROTNONE, PTE_NX_HI, pteFrame, pteLo, pteHi } from './pte';
import { VmaList, type Vma, type VmaKind, type Permissions } from './vma';
import { MemoryFault, ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, ACCESS_NAMES, type FaultReason } from './fault';
import type { Pager } from './pager';

/** Lowest address that can ever be mapped: the first page is the null guard. */
export const NULL_GUARD_END = 0x1000;

export interface PageHooks {
  /** Page `va` of `vma` just got a fresh zeroed frame: set its shadow state. */
  pageMapped(va: number, frame: number, vma: Vma): void;
  /** [start, end) is no longer mapped. */
  rangeUnmapped(start: number, end: number): void;
}

/** The kinds of page fault, as counted per process and per source line. */
export type FaultKind = 'minor' | 'major' | 'cow' | 'invalid';

export interface SpaceCounters {
  /** First touches, copy-on-write copies and write faults on pages no longer shared (all minor). */
  minorFaults: number;
  /** Pages read back from swap. */
  majorFaults: number;
  /** Accesses the kernel refused (SIGSEGV); out-of-memory is not one. */
  invalidFaults: number;
  /** The minor faults that copied a shared page (copy-on-write). */
  cowFaults: number;
  residentPages: number;
  peakResidentPages: number;
  /** Pages of this space now in swap. */
  swappedPages: number;
  /** Pages evicted to swap to satisfy this space's requests (each a disk write it waited for). */
  swapOuts: number;
}

export interface StackLayout {
  /** One past the highest stack byte. */
  readonly top: number;
  /** Lowest address the stack may grow to (top - size limit). */
  readonly limit: number;
}

/** Where a byte of a page lives, without touching anything. */
export type Location = { readonly kind: 'frame'; readonly physical: number } | { readonly kind: 'swap'; readonly slot: number; readonly offset: number };

export class AddressSpace {
  vmas = new VmaList();
  readonly table: PageTable;
  readonly counters: SpaceCounters = { minorFaults: 0, majorFaults: 0, invalidFaults: 0, cowFaults: 0, residentPages: 0, peakResidentPages: 0, swappedPages: 0, swapOuts: 0 };
  heapStart = 0;
  brk = 0;
  stack: StackLayout = { top: 0, limit: 0 };
  heapFill = 0;
  heapReady = false;
  /** Called for every page fault, by kind (the machine counts them per source line). */
  onFault: ((kind: FaultKind) => void) | undefined;
  /** False once the process's memory has been released (exit). */
  alive = true;
  readonly mem: Pager['mem'];
  readonly tlb: Pager['tlb'];

  constructor(
    readonly pager: Pager,
    readonly pid: number,
    private readonly hooks: PageHooks,
    /** Where mmap places regions, top-down. */
    readonly mmapTop: number,
  ) {
    this.mem = pager.mem;
    this.tlb = pager.tlb;
    const table = PageTable.create(this.mem, pid, (level: Level) => pager.takeFrame(this, FRAME_TABLE, level, 0, ACCESS_WRITE));
    if (!table) throw new MemoryFault(0, 'write', 'out-of-memory');
    this.table = table;
    // Only now is it part of the reverse map (the root's frame may have been made by evicting a page).
    pager.attach(this);
  }

  /** True while the TLB holds this space's translations (its process runs). */
  get isCurrent(): boolean {
    return this.pager.current === this;
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
      const base = tlb.frameBase[i]!;
      if (tlb.stampHits) tlb.stamp[i] = this.pager.now();
      this.pager.pin(base >> 12);
      return base + (va - vpn * PAGE_SIZE);
    }
    tlb.misses++;
    return this.miss(va, vpn, access);
  }

  /** The TLB-miss path: walk, handle a fault, check the entry's bits, fill the TLB. */
  private miss(va: number, vpn: number, access: number): number {
    if (!(va >= NULL_GUARD_END && va < USER_TOP)) {
      throw this.fault(va, access, va >= 0 && va < NULL_GUARD_END ? 'null' : 'non-canonical');
    }
    const pager = this.pager;
    if (pager.recording) pager.reference(this.pid, vpn);
    const u32 = this.mem.u32;
    let slot = this.table.leafSlot(va, false);
    let lo = slot >= 0 ? u32[slot >> 2]! : 0;
    if ((lo & PTE_PRESENT) === 0) {
      slot = this.pageFault(va, access, slot, lo);
      lo = u32[slot >> 2]!;
    }
    if (access === ACCESS_WRITE && (lo & PTE_WRITABLE) === 0) {
      if ((lo & PTE_COW) === 0 || !this.vmas.find(va)?.write) throw this.fault(va, access, 'write-protected');
      this.breakSharing(va, slot, true);
      lo = u32[slot >> 2]!;
    }
    const hi = u32[(slot >> 2) + 1]!;
    if (access === ACCESS_EXECUTE && (hi & PTE_NX_HI) !== 0) throw this.fault(va, access, 'execute-protected');
    return this.fillFromEntry(va, vpn, access, slot, lo, hi);
  }

  /**
   * The TLB miss of `va` when it needs no kernel: the walk finds a present page whose entry allows the
   * access. Then it does exactly what `translate`'s miss does (counts the miss, sets the accessed and
   * dirty bits, fills the TLB) and returns the physical address; otherwise it returns -1 having changed
   * nothing, and the caller takes the full path (`translate`), which walks again and handles the fault.
   * Compiled code calls this so that a miss need not leave it (machine/jit.ts).
   */
  refill(va: number, access: number): number {
    if (!(va >= NULL_GUARD_END && va < USER_TOP)) return -1;
    const slot = this.table.leafSlot(va, false);
    if (slot < 0) return -1;
    const u32 = this.mem.u32;
    const lo = u32[slot >> 2]!;
    const hi = u32[(slot >> 2) + 1]!;
    if ((lo & PTE_PRESENT) === 0 || (access === ACCESS_WRITE && (lo & PTE_WRITABLE) === 0) || (access === ACCESS_EXECUTE && (hi & PTE_NX_HI) !== 0)) return -1;
    const vpn = Math.floor(va / PAGE_SIZE);
    this.tlb.misses++;
    if (this.pager.recording) this.pager.reference(this.pid, vpn);
    return this.fillFromEntry(va, vpn, access, slot, lo, hi);
  }

  /** The end of every miss: the leaf entry at `slot` allows the access; mark it used and cache it. */
  private fillFromEntry(va: number, vpn: number, access: number, slot: number, lo: number, hi: number): number {
    const u32 = this.mem.u32;
    const pager = this.pager;
    lo |= PTE_ACCESSED;
    if (access === ACCESS_WRITE) lo |= PTE_DIRTY;
    u32[slot >> 2] = lo >>> 0;
    const frame = pteFrame(lo, hi);
    const frameBase = frame * PAGE_SIZE;
    const now = pager.now();
    this.mem.lastUse[frame] = now;
    pager.pinAt(frame, now);
    const dirtyWritable = (lo & (PTE_WRITABLE | PTE_DIRTY)) === (PTE_WRITABLE | PTE_DIRTY);
    this.tlb.fill(vpn, frameBase, true, dirtyWritable, (hi & PTE_NX_HI) === 0, now);
    return frameBase + (va - vpn * PAGE_SIZE);
  }

  /** The kernel's page-fault handler for a not-present page; returns the leaf slot, now present. */
  private pageFault(va: number, access: number, slot: number, lo: number): number {
    const vma = this.vmaForFault(va, access);
    if (!permits(vma, access)) {
      throw this.fault(va, access, vma.kind === 'guard' ? 'guard-page' : access === ACCESS_WRITE ? 'write-protected' : access === ACCESS_EXECUTE ? 'execute-protected' : 'read-protected');
    }
    if (slot >= 0 && (lo & PTE_SWAPPED) !== 0) {
      this.swapIn(va, slot, access);
      return slot;
    }
    if (slot >= 0 && (lo & PTE_PROTNONE) !== 0) {
      // mprotect made the area accessible again while the entry was parked: unreachable by construction
      // (mprotect rewrites entries), kept as a clear fault rather than a silent remap.
      throw this.fault(va, access, 'read-protected');
    }
    return this.zeroFill(va, access, vma, PTE_PRESENT);
  }

  /** A minor fault: the page gets a zeroed frame (tables first, as Linux's handler does); returns the slot. */
  private zeroFill(va: number, access: number, vma: Vma, flags: number): number {
    const pageVa = va - (va % PAGE_SIZE);
    const slot = this.table.leafSlot(va, true);
    if (slot < 0) throw this.fault(va, access, 'out-of-memory');
    const frame = this.pager.takeFrame(this, FRAME_PAGE, pageVa, va, access);
    const u32 = this.mem.u32;
    u32[slot >> 2] = pteLo(frame, flags | PTE_USER | (vma.write ? PTE_WRITABLE : 0));
    u32[(slot >> 2) + 1] = pteHi(frame, !vma.execute);
    this.counters.minorFaults++;
    this.pageAdded();
    this.hooks.pageMapped(pageVa, frame, vma);
    this.onFault?.('minor');
    return slot;
  }

  /** A major fault: the swapped page at leaf `slot` comes back (for every process sharing it). */
  private swapIn(va: number, slot: number, access: number): void {
    const u32 = this.mem.u32;
    const swapSlot = pteFrame(u32[slot >> 2]!, u32[(slot >> 2) + 1]!);
    this.pager.swapIn(this, va, swapSlot, access);
    this.counters.majorFaults++;
    this.onFault?.('major');
  }

  /**
   * A write to a present copy-on-write page (leaf `slot`): copy it to a private frame with its memcheck
   * state, or, if no other process maps it any more, make it writable again. `program` is false for the
   * kernel's own writes, which copy too but leave the entry's permissions as they are.
   */
  private breakSharing(va: number, slot: number, program: boolean): void {
    const u32 = this.mem.u32;
    const mem = this.mem;
    let lo = u32[slot >> 2]!;
    const hi = u32[(slot >> 2) + 1]!;
    const frame = pteFrame(lo, hi);
    const writable = program || (lo & PTE_WRITABLE) !== 0 || this.vmas.find(va)?.write === true;
    if (mem.sharers[frame]! <= 1) {
      if (!program) return;
      u32[slot >> 2] = ((lo | PTE_WRITABLE) & ~PTE_COW) >>> 0;
      this.counters.minorFaults++;
      this.onFault?.('minor');
      return;
    }
    const pageVa = va - (va % PAGE_SIZE);
    this.pager.pin(frame);
    const copy = this.pager.takeFrame(this, FRAME_PAGE, pageVa, va, ACCESS_WRITE);
    // The source may have moved (an eviction rewrites entries): read the entry again.
    lo = u32[slot >> 2]!;
    const from = pteFrame(lo, u32[(slot >> 2) + 1]!);
    const shadow = this.pager.shadow;
    mem.bytes.copyWithin(copy * PAGE_SIZE, from * PAGE_SIZE, (from + 1) * PAGE_SIZE);
    shadow.state.copyWithin(copy * PAGE_SIZE, from * PAGE_SIZE, (from + 1) * PAGE_SIZE);
    shadow.tags.copyWithin(copy * (PAGE_SIZE / 8), from * (PAGE_SIZE / 8), (from + 1) * (PAGE_SIZE / 8));
    mem.release(from);
    const flags = (lo & ~PTE_COW & 0xfff) | PTE_DIRTY | (writable ? PTE_WRITABLE : 0);
    u32[slot >> 2] = pteLo(copy, flags);
    u32[(slot >> 2) + 1] = pteHi(copy, (hi & PTE_NX_HI) !== 0);
    this.tlb.invalidateFrame(pageVa / PAGE_SIZE, from);
    this.counters.minorFaults++;
    this.counters.cowFaults++;
    this.onFault?.('cow');
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

  private pageAdded(): void {
    const c = this.counters;
    c.residentPages++;
    if (c.residentPages > c.peakResidentPages) c.peakResidentPages = c.residentPages;
  }

  private fault(va: number, access: number, reason: FaultReason): MemoryFault {
    if (reason !== 'out-of-memory') {
      this.counters.invalidFaults++;
      this.onFault?.('invalid');
    }
    return new MemoryFault(va, ACCESS_NAMES[access]!, reason);
  }

  // ---- privileged access (loader, allocator, memcheck, debugger): no permission checks ----

  /**
   * Physical address of `va` for a privileged access that may write: the page is brought back from swap
   * and a shared copy-on-write page is copied first. -1 if the page has no contents; with `populate`, a
   * page inside a VMA gets its frame first (a minor fault, as the kernel's own first touch would be).
   */
  physical(va: number, populate: boolean): number {
    // A cached writable translation is private and resident. Peeking does not count as a TLB hit: these
    // are the kernel's and the debugger's accesses, not the program's.
    const vpn = Math.floor(va * (1 / 4096));
    const tlb = this.tlb;
    const i = vpn & tlb.mask;
    if (tlb.writeTag[i] === vpn && this.pager.current === this) {
      const base = tlb.frameBase[i]!;
      this.pager.pin(base >> 12);
      return base + (va - vpn * 4096);
    }
    return this.privileged(va, populate, true);
  }

  /** Physical address of `va` for a privileged read (a swapped page is brought back; sharing is kept); -1 if none. */
  peek(va: number): number {
    const vpn = Math.floor(va * (1 / 4096));
    const tlb = this.tlb;
    const i = vpn & tlb.mask;
    if (tlb.readTag[i] === vpn && this.pager.current === this) {
      const base = tlb.frameBase[i]!;
      this.pager.pin(base >> 12);
      return base + (va - vpn * 4096);
    }
    return this.privileged(va, false, false);
  }

  private privileged(va: number, populate: boolean, write: boolean): number {
    if (!(va >= NULL_GUARD_END && va < USER_TOP)) return -1;
    const u32 = this.mem.u32;
    const slot = this.table.leafSlot(va, false);
    if (slot >= 0) {
      let lo = u32[slot >> 2]!;
      if ((lo & PTE_SWAPPED) !== 0) {
        this.pager.reference(this.pid, Math.floor(va / PAGE_SIZE));
        this.swapIn(va, slot, write ? ACCESS_WRITE : ACCESS_READ);
        lo = u32[slot >> 2]!;
      }
      if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0) {
        if (write && (lo & PTE_COW) !== 0) {
          this.breakSharing(va, slot, false);
          lo = u32[slot >> 2]!;
        }
        const frame = pteFrame(lo, u32[(slot >> 2) + 1]!);
        this.pager.pin(frame);
        return frame * PAGE_SIZE + (va % PAGE_SIZE);
      }
    }
    if (!populate) return -1;
    const vma = this.vmas.find(va);
    if (!vma || vma.kind === 'guard') return -1;
    this.pager.reference(this.pid, Math.floor(va / PAGE_SIZE));
    const flags = vma.read || vma.write || vma.execute ? PTE_PRESENT : PTE_PROTNONE;
    const leaf = this.zeroFill(va, ACCESS_WRITE, vma, flags | PTE_ACCESSED | PTE_DIRTY);
    return pteFrame(u32[leaf >> 2]!, u32[(leaf >> 2) + 1]!) * PAGE_SIZE + (va % PAGE_SIZE);
  }

  /** Where the byte at `va` is (a frame or a swap slot), changing nothing; undefined if the page has no contents. */
  locate(va: number): Location | undefined {
    if (!(va >= NULL_GUARD_END && va < USER_TOP)) return undefined;
    const u32 = this.mem.u32;
    const slot = this.table.leafSlot(va, false);
    if (slot < 0) return undefined;
    const lo = u32[slot >> 2]!;
    const number = pteFrame(lo, u32[(slot >> 2) + 1]!);
    if ((lo & PTE_SWAPPED) !== 0) return { kind: 'swap', slot: number, offset: va % PAGE_SIZE };
    if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0) return { kind: 'frame', physical: number * PAGE_SIZE + (va % PAGE_SIZE) };
    return undefined;
  }

  /**
   * The 8-byte little-endian word at `va` (8-aligned) as a number, read where it is — frame or swap slot —
   * without changing anything; undefined if the page has no contents or the value is not a safe integer.
   */
  inspectWord(va: number): number | undefined {
    const at = this.locate(va);
    if (!at) return undefined;
    let lo: number;
    let hi: number;
    if (at.kind === 'frame') {
      lo = this.mem.u32[at.physical >> 2]!;
      hi = this.mem.i32[(at.physical >> 2) + 1]!;
    } else {
      const swap = this.pager.swap;
      const b = (k: number) => swap.byte(at.slot, at.offset + k);
      lo = (b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24)) >>> 0;
      hi = b(4) | (b(5) << 8) | (b(6) << 16) | (b(7) << 24);
    }
    const v = hi * 4294967296 + lo;
    return Number.isSafeInteger(v) ? v : undefined;
  }

  /** True if the page of `va` has a frame now. */
  resident(va: number): boolean {
    return this.locate(va)?.kind === 'frame';
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
      if ((lo & (PTE_PRESENT | PTE_PROTNONE | PTE_SWAPPED)) === 0) return;
      if ((lo & PTE_SWAPPED) !== 0) lo = none ? lo | PTE_PROTNONE : lo & ~PTE_PROTNONE;
      else lo = none ? (lo & ~PTE_PRESENT) | PTE_PROTNONE : (lo | PTE_PRESENT) & ~PTE_PROTNONE;
      // A shared copy-on-write page stays read-only in the entry: the first write copies it.
      lo = perms.write && (lo & PTE_COW) === 0 ? lo | PTE_WRITABLE : lo & ~PTE_WRITABLE;
      u32[slot >> 2] = lo >>> 0;
      u32[(slot >> 2) + 1] = (perms.execute ? hi & ~PTE_NX_HI : hi | PTE_NX_HI) >>> 0;
      if (this.isCurrent) this.tlb.invalidate(va / PAGE_SIZE);
    }, start, end);
    return true;
  }

  /** Releases the frames and swap slots of pages in [start, end) and clears their entries. */
  private unmapPages(start: number, end: number): void {
    const u32 = this.mem.u32;
    this.table.forEachLeaf((va, slot) => {
      const lo = u32[slot >> 2]!;
      const number = pteFrame(lo, u32[(slot >> 2) + 1]!);
      if ((lo & PTE_SWAPPED) !== 0) {
        this.pager.swap.release(number);
        this.counters.swappedPages--;
      } else if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0) {
        this.tlb.invalidateFrame(va / PAGE_SIZE, number);
        this.mem.release(number);
        this.counters.residentPages--;
      }
      u32[slot >> 2] = 0;
      u32[(slot >> 2) + 1] = 0;
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

  /**
   * Calls `visit` for each page in [from, to) that has contents, with its virtual and physical page
   * addresses; a page in swap is brought back first (the callers write to the page or its shadow).
   */
  forEachResident(visit: (va: number, physical: number) => void, from = 0, to = USER_TOP): void {
    const u32 = this.mem.u32;
    this.table.forEachLeaf((va, slot) => {
      let lo = u32[slot >> 2]!;
      if ((lo & PTE_SWAPPED) !== 0) {
        this.swapIn(va, slot, ACCESS_WRITE);
        lo = u32[slot >> 2]!;
      }
      if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0) {
        const frame = pteFrame(lo, u32[(slot >> 2) + 1]!);
        this.pager.pin(frame);
        visit(va, frame * PAGE_SIZE);
      }
    }, from, to);
  }

  /**
   * Calls `visit` for each page in [from, to) that has contents, with its virtual address and where it
   * is — a frame or a swap slot — changing nothing (memcheck's scans and shadow updates, which must not
   * fault a swapped page back in: looking at memory is not touching it).
   */
  forEachPage(visit: (va: number, at: Location) => void, from = 0, to = USER_TOP): void {
    const u32 = this.mem.u32;
    this.table.forEachLeaf((va, slot) => {
      const lo = u32[slot >> 2]!;
      const number = pteFrame(lo, u32[(slot >> 2) + 1]!);
      if ((lo & PTE_SWAPPED) !== 0) visit(va, { kind: 'swap', slot: number, offset: 0 });
      else if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0) visit(va, { kind: 'frame', physical: number * PAGE_SIZE });
    }, from, to);
  }

  /** Frees every frame, swap slot and page table of this address space (process exit). */
  destroy(): void {
    if (!this.alive) return;
    this.unmapPages(0, USER_TOP);
    this.table.destroy();
    this.pager.detach(this);
    this.alive = false;
  }
}

export function pageUp(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

function permits(v: Vma, access: number): boolean {
  return access === ACCESS_READ ? v.read : access === ACCESS_WRITE ? v.write : v.execute;
}

export { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, PTE_COW };
