// The heap glue: the allocator's host (privileged memory access, brk, mmap) and the memcheck side of
// malloc, calloc, realloc and free.
//
// How it works. The allocator (heap/allocator.ts) keeps its headers and free lists in simulated memory
// through `HeapHost`; those accesses are privileged: no memcheck, no shadow change, no faults on the
// program's behalf. Heap space is not addressable for the program until handed out: the heap VMA and the
// allocator's mmap regions have NOACCESS as their fresh-page shadow, and free makes a payload NOACCESS
// again. After each allocator call this glue turns the allocator's BlockRecord into memcheck state:
//   malloc   payload addressable and undefined; header and the bytes between the requested size and the
//            block's end not addressable; a new heap object (provenance id) with the allocation stack
//   calloc   the same, with the payload zeroed and defined
//   realloc  moved: definedness and pointer tags copied with the bytes, the old object freed;
//            in place: a new object over the same bytes (the old one freed, so stale pointers are
//            caught as valgrind catches them), new bytes undefined, dropped bytes not addressable
//   free     the object becomes FREED for the rest of the run (stale pointers are caught exactly even
//            after the memory is reused) and its payload not addressable
// Pointer counts (check/pointer-counts.ts) follow the bytes: a fresh payload holds no tags, a moved
// payload's tags are counted again at the new place, and a freed payload's tags are removed — the blocks
// they pointed to may have lost their last pointer with their owner, which the context hears of (`lost`).
// After fork these updates are writes like the allocator's: on a page the other process still shares,
// the shadow update (ProcessShadow, `clearSlotTag`) and calloc's zeroing copy the page first.
// Errors (invalid or double free, out of memory) and such losses go through the caller's
// `HeapCallContext`, which knows the current call stack; this file does not depend on the CPU.

import type { Allocator, AllocatorOptions, BlockRecord, HeapHost, HeapStats } from '../heap/host';
import { blockSizeFor } from '../heap/block';
import type { ErrorKind } from '../errors';
import type { Pointer } from '../libc/native';
import type { AddressSpace } from '../memory/address-space';
import { PAGE_SIZE, type PhysicalMemory } from '../memory/physical';
import { DEFINED, UNDEFINED, NOACCESS, type ShadowMemory, type ProcessShadow } from './shadow';
import { ObjectTable, KIND_HEAP, FREED, LIVE, type StackTable } from './objects';
import { count, hex, relation, objectPhrase, sized } from './describe';
import { CAUSE_FREED, countSlots, drop, releaseSlots } from './pointer-counts';
import type { LossMoment } from './lost';
import { ownPageContents, pageContents, type PageContents } from './page-contents';

export type AllocatorFactory = (host: HeapHost, options: AllocatorOptions) => Allocator;

/** What a heap call needs from the machine: the call stack and a way to report. */
export interface HeapCallContext {
  /** Interned id (in `stacks`) of the current call stack: instruction numbers, innermost first. */
  stack(stacks: StackTable): number;
  /** Line of the innermost user frame of a recorded stack (0 if none). */
  lineOf(stack: readonly number[] | undefined): number;
  report(kind: ErrorKind, message: string, details: string[], explanation: string, extra: { address?: number; size?: number; allocStack?: readonly number[]; freeStack?: readonly number[] }): void;
  /** The current instruction times four plus `cause`, for the pointer counts' drop records. */
  dropSite(cause: number): number;
  /** Live blocks (object ids) that lost their last tagged pointer in this call, and the slot each was in. */
  lost(objects: readonly number[], slots: readonly number[], cause: number): void;
}

const NULL: Pointer = { address: 0, object: 0 };

/** A payload's shadow as read before it moves or goes: a state per byte, a pointer tag per 8-byte slot. */
interface PayloadShadow {
  readonly states: Uint8Array;
  readonly tags: Int32Array;
}
/** Blocks up to this many bytes have their shadow written byte by byte (markInPage). */
const SHORT_BLOCK = 128;
/** Largest request memscope will try (beyond it malloc fails as glibc's does for absurd sizes). */
const MAX_REQUEST = 2 ** 47;

export class HeapGlue implements HeapHost {
  readonly allocator: Allocator;
  /** Object id of each block record, by record id (ids count allocations from 1). */
  private objectIds = new Int32Array(1024);
  /** The moment each lost block lost its last pointer, by object id (check/lost.ts). */
  readonly losses: Map<number, LossMoment>;
  /** Words read by leak-moment scans so far (their budget is the machine's). */
  scanWords = 0;
  /** Bytes the heap may grow to above its start (0: no limit). */
  heapLimit = 0;
  /** Scratch of `heldSlots`: tag, address, tag, address… */
  private held = new Float64Array(64);

  constructor(
    private readonly space: AddressSpace,
    private readonly mem: PhysicalMemory,
    private readonly shadowMemory: ShadowMemory,
    private readonly shadow: ProcessShadow,
    private readonly objects: ObjectTable,
    private readonly factory: AllocatorFactory,
    private readonly options: AllocatorOptions,
    cloneFrom?: Allocator,
  ) {
    this.allocator = cloneFrom ? cloneFrom.clone(this) : factory(this, options);
    this.losses = new Map();
  }

  /**
   * The glue of a forked child: the allocator cloned over the child's memory, and memcheck's records
   * (block objects, lost blocks) as the parent has them; `objects` is the child's copy of the table.
   * The copy's heap objects are pointed at the child allocator's twins of their block records: from now
   * on each process frees, reallocates and describes its own blocks (a block the parent frees is still
   * allocated in the child, and the child's free of it is valid).
   */
  fork(space: AddressSpace, shadow: ProcessShadow, objects: ObjectTable): HeapGlue {
    const child = new HeapGlue(space, this.mem, this.shadowMemory, shadow, objects, this.factory, this.options, this.allocator);
    const twins = child.allocator.records();
    for (let id = 1; id < objects.count; id++) {
      const block = objects.block[id];
      // Record ids are positions in the allocator's history (1-based), the same in the clone.
      if (block) objects.block[id] = twins[block.id - 1];
    }
    child.objectIds = this.objectIds.slice();
    for (const [id, moment] of this.losses) child.losses.set(id, moment);
    child.scanWords = this.scanWords;
    child.heapLimit = this.heapLimit;
    return child;
  }

  // ---- HeapHost: privileged access ----

  readWord(address: number): number {
    const pa = this.privileged(address, false);
    if (pa < 0) return 0;
    if (pa % 8 === 0) return this.mem.i32[(pa >> 2) + 1]! * 4294967296 + (this.mem.i32[pa >> 2]! >>> 0);
    let v = 0n;
    for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(this.byteAt(address + k));
    return Number(BigInt.asIntN(64, v));
  }

  readWords(address: number, out: Float64Array, count: number): void {
    // One translation serves all the words when the TLB holds their page (a hit has no side effect);
    // otherwise each word is read as readWord reads it, since the privileged walk pins the frame each time.
    const space = this.space;
    const tlb = space.tlb;
    const offset = address % PAGE_SIZE;
    const vpn = (address - offset) / PAGE_SIZE;
    const slot = vpn & tlb.mask;
    const pa = tlb.frameBase[slot]! + offset;
    if (tlb.readTag[slot] !== vpn || !space.isCurrent || offset > PAGE_SIZE - 8 * count || pa % 8 !== 0) {
      for (let k = 0; k < count; k++) out[k] = this.readWord(address + 8 * k);
      return;
    }
    const i32 = this.mem.i32;
    for (let k = 0, i = pa >> 2; k < count; k++, i += 2) out[k] = i32[i + 1]! * 4294967296 + (i32[i]! >>> 0);
  }

  writeWord(address: number, value: number): void {
    const pa = this.privileged(address, true);
    if (pa >= 0 && pa % 8 === 0) {
      const hi = Math.floor(value / 4294967296);
      this.mem.i32[pa >> 2] = value - hi * 4294967296;
      this.mem.i32[(pa >> 2) + 1] = hi;
      return;
    }
    let v = BigInt.asUintN(64, BigInt(value));
    for (let k = 0; k < 8; k++) {
      const p = this.space.physical(address + k, true);
      if (p >= 0) this.mem.bytes[p] = Number(v & 0xffn);
      v >>= 8n;
    }
  }

  /**
   * Physical address of a heap word for the allocator: straight from the TLB when it holds the page (for
   * a write, only a private writable page is there), else through the address space's privileged walk.
   * The allocator translates every word afresh and never keeps a physical address, so a TLB hit needs
   * no pin against eviction; this is the allocator's hot path (tens of millions of words in malloc.c).
   */
  private privileged(address: number, write: boolean): number {
    const space = this.space;
    const tlb = space.tlb;
    const vpn = Math.floor(address / PAGE_SIZE);
    const i = vpn & tlb.mask;
    if ((write ? tlb.writeTag[i] : tlb.readTag[i]) === vpn && space.isCurrent) return tlb.frameBase[i]! + (address - vpn * PAGE_SIZE);
    return write ? space.physical(address, true) : space.peek(address);
  }

  copy(dst: number, src: number, length: number): void {
    const tmp = new Uint8Array(length);
    for (let k = 0; k < length; ) {
      const n = Math.min(length - k, PAGE_SIZE - ((src + k) % PAGE_SIZE));
      const pa = this.space.peek(src + k);
      if (pa >= 0) tmp.set(this.mem.bytes.subarray(pa, pa + n), k);
      k += n;
    }
    for (let k = 0; k < length; ) {
      const n = Math.min(length - k, PAGE_SIZE - ((dst + k) % PAGE_SIZE));
      const pa = this.space.physical(dst + k, true);
      if (pa >= 0) this.mem.bytes.set(tmp.subarray(k, k + n), pa);
      k += n;
    }
  }

  sbrk(increment: number): number {
    const old = this.space.brk;
    // The heap limit (a lesson's `heap_limit`, like `ulimit -d`): malloc's heap cannot grow past it.
    if (this.heapLimit > 0 && increment > 0 && old + increment - this.space.heapStart > this.heapLimit) return -1;
    return this.space.setBrk(old + increment) ? old : -1;
  }

  mmap(length: number): number {
    return this.space.mmap(length, { read: true, write: true, execute: false }, NOACCESS, true);
  }

  munmap(address: number, length: number): void {
    this.space.munmap(address, length);
  }

  private byteAt(address: number): number {
    const pa = this.space.peek(address);
    return pa < 0 ? 0 : this.mem.bytes[pa]!;
  }

  // ---- the program's heap calls ----

  malloc(size: number, ctx: HeapCallContext, what = 'malloc'): Pointer {
    if (!(size >= 0 && size <= MAX_REQUEST)) return this.failed(what, size, ctx, 'out-of-memory');
    const result = this.allocator.malloc(size);
    if (!result.ok) return this.failed(what, size, ctx, result.reason, result.totalFree, result.largestFree);
    return { address: result.block.address, object: this.adopt(result.block, ctx.stack(this.objects.stacks), UNDEFINED) };
  }

  calloc(count: number, size: number, ctx: HeapCallContext): Pointer {
    const total = count * size;
    if (!(count >= 0 && size >= 0) || total > MAX_REQUEST) return this.failed('calloc', total, ctx, 'out-of-memory');
    const result = this.allocator.malloc(total);
    if (!result.ok) return this.failed('calloc', total, ctx, result.reason, result.totalFree, result.largestFree);
    const b = result.block;
    this.zero(b.address, b.requested);
    return { address: b.address, object: this.adopt(b, ctx.stack(this.objects.stacks), DEFINED) };
  }

  realloc(p: Pointer, size: number, ctx: HeapCallContext): Pointer {
    if (p.address === 0) return this.malloc(size, ctx, 'realloc');
    const stale = this.freedOrigin(p);
    if (stale) {
      this.badFree(p, 'double-free', ctx, 'realloc', stale);
      return NULL;
    }
    const oldRecord = this.recordOf(p);
    const oldId = oldRecord ? (this.objectOfId(oldRecord.id)) : 0;
    const oldSize = oldId ? this.objects.size(oldId) : 0;
    if (!(size >= 0 && size <= MAX_REQUEST)) return this.failed('realloc', size, ctx, 'out-of-memory');
    const valid = oldRecord?.state === 'allocated' && oldRecord.address === p.address;
    // What the old payload holds is read now: an mmapped block's pages are gone once it is released.
    const before = valid && (size === 0 || oldRecord.mmapped) ? this.shadowOf(p.address, oldSize) : undefined;
    const result = this.allocator.realloc(p.address, size);
    if (!result.ok) {
      if (result.reason === 'invalid-free' || result.reason === 'double-free') {
        this.badFree(p, result.reason, ctx, 'realloc');
        return NULL;
      }
      return this.failed('realloc', size, ctx, result.reason);
    }
    const stack = ctx.stack(this.objects.stacks);
    if (!result.block) {
      // realloc(p, 0) freed p, and the pointers inside it with it.
      if (oldId) {
        this.retire(oldId, oldRecord!, stack);
        this.dropAll(before, p.address, ctx);
      }
      return NULL;
    }
    const b = result.block;
    if (!result.moved && oldId && b.address === p.address) {
      // In place, the bytes stay, but as in C (and valgrind, whose realloc always moves) the block is a
      // new one: pointers kept from before the call are stale. Pointers stored in a cut-off tail go.
      if (b.requested < oldSize) this.dropAll(this.shadowOf(b.address + b.requested, oldSize - b.requested), b.address + b.requested, ctx);
      const id = this.objects.addHeap(b, stack);
      this.setObjectOf(b.id, id);
      this.objects.state[oldId] = FREED;
      this.objects.freeStack[oldId] = stack;
      if (b.requested > oldSize) this.shadow.set(b.address + oldSize, b.requested - oldSize, UNDEFINED);
      this.guard(b);
      return { address: b.address, object: id };
    }
    const old = before ?? this.shadowOf(p.address, oldSize);
    const id = this.adopt(b, stack, UNDEFINED);
    const kept = Math.min(oldSize, b.requested);
    if (kept > 0) this.copyShadow(b.address, old, kept);
    if (oldId) {
      // The kept pointers were counted at their new place first: only a cut-off tail can lose one.
      this.dropAll(old, p.address, ctx);
      this.retire(oldId, oldRecord!, stack);
    }
    return { address: b.address, object: id };
  }

  free(p: Pointer, ctx: HeapCallContext): void {
    if (p.address === 0) return;
    const stale = this.freedOrigin(p);
    if (stale) {
      // The pointer came from a block already freed: a double free, even if a new block now starts at
      // the same address (which must not be freed in its place).
      this.badFree(p, 'double-free', ctx, 'free', stale);
      return;
    }
    // The pointers the block holds are read before the allocator may unmap it.
    const record = this.recordOf(p);
    const held = record?.state === 'allocated' && record.address === p.address ? this.heldSlots(p.address, record.requested) : 0;
    const result = this.allocator.free(p.address);
    if (result.ok) {
      const id = this.objectOfId(result.block.id);
      if (id) this.retire(id, result.block, ctx.stack(this.objects.stacks));
      if (held > 0) this.dropHeld(held, ctx);
      return;
    }
    this.badFree(p, result.reason, ctx, 'free');
  }

  /** Object id of the heap block whose extent (header to end) contains `va`, or 0. */
  objectAt(va: number): number {
    const rec = this.allocator.blockAt(va);
    return rec ? this.objectOfId(rec.id) : 0;
  }

  /** Object id of a block record, or 0. */
  objectOfBlock(block: BlockRecord): number {
    return this.objectOfId(block.id);
  }

  /** Live blocks as a leak scan reads them: payload address, requested size, object id; in address order. */
  liveExtents(): { address: number; size: number; object: number }[] {
    const out: { address: number; size: number; object: number }[] = [];
    for (const chunk of this.allocator.chunks()) {
      const b = chunk.block;
      if (!chunk.free && b && b.state === 'allocated') out.push({ address: b.address, size: b.requested, object: this.objectOfId(b.id) });
    }
    // The brk heap's blocks come in address order, then the mmapped ones (above it, in order).
    for (let i = 1; i < out.length; i++) {
      if (out[i]!.address < out[i - 1]!.address) return out.sort((x, y) => x.address - y.address);
    }
    return out;
  }

  /** Live (allocated) blocks with their object ids, in address order. */
  liveBlocks(): { block: BlockRecord; object: number }[] {
    // The allocator's chunks are the live heap (records would also list every block ever freed).
    const out: { block: BlockRecord; object: number }[] = [];
    for (const chunk of this.allocator.chunks()) {
      if (!chunk.free && chunk.block && chunk.block.state === 'allocated') out.push({ block: chunk.block, object: this.objectOfId(chunk.block.id) });
    }
    return out.sort((a, b) => a.block.address - b.block.address);
  }

  stats(): HeapStats {
    return this.allocator.stats();
  }

  // ---- internals ----

  /** The freed block `p` was derived from, if it points at that block's start (0 otherwise). */
  private freedOrigin(p: Pointer): number {
    const id = p.object;
    const objects = this.objects;
    return id > 0 && id < objects.count && objects.kind[id] === KIND_HEAP && objects.state[id] === FREED && objects.start[id] === p.address ? id : 0;
  }

  /**
   * The record of the block `p` points into: through its provenance (the object it came from) when it
   * points at that block's start, which is free; else by address (a sorted search of the heap).
   */
  private recordOf(p: Pointer): BlockRecord | undefined {
    const id = p.object;
    const objects = this.objects;
    if (id > 0 && id < objects.count && objects.kind[id] === KIND_HEAP && objects.start[id] === p.address) {
      const block = objects.block[id];
      if (block) return block;
    }
    return this.allocator.blockAt(p.address);
  }

  private objectOfId(blockId: number): number {
    return blockId < this.objectIds.length ? this.objectIds[blockId]! : 0;
  }

  private setObjectOf(blockId: number, object: number): void {
    if (blockId >= this.objectIds.length) {
      let n = this.objectIds.length;
      while (n <= blockId) n *= 2;
      const grown = new Int32Array(n);
      grown.set(this.objectIds);
      this.objectIds = grown;
    }
    this.objectIds[blockId] = object;
  }

  /** Makes a fresh block known to memcheck: object, shadow of payload and surroundings, no stale tags. */
  private adopt(b: BlockRecord, stack: number, payload: number): number {
    const id = this.objects.addHeap(b, stack);
    this.setObjectOf(b.id, id);
    if (!this.markInPage(b, payload)) {
      this.shadow.set(b.address, b.requested, payload);
      this.shadow.clearTags(b.address, b.requested);
      this.guard(b);
    }
    return id;
  }

  /**
   * The common case of adopt, in one pass: the whole block lies in one resident page. Returns false
   * when it does not (the general path handles pages without frames).
   */
  private markInPage(b: BlockRecord, payload: number): boolean {
    const start = b.blockStart;
    const end = start + b.blockSize;
    if (Math.floor(start / PAGE_SIZE) !== Math.floor((end - 1) / PAGE_SIZE)) return false;
    const pa = this.space.physical(start, false);
    if (pa < 0) return false;
    const state = this.shadowMemory.state;
    const at = pa + (b.address - start);
    const stop = at + b.requested;
    const blockEnd = pa + b.blockSize;
    if (b.blockSize <= SHORT_BLOCK) {
      // A small block (the common case) is cheaper byte by byte than through four fill() calls.
      const tags = this.shadowMemory.tags;
      for (let k = pa; k < at; k++) state[k] = NOACCESS;
      for (let k = at; k < stop; k++) state[k] = payload;
      for (let k = stop; k < blockEnd; k++) state[k] = NOACCESS;
      for (let k = at >> 3, last = (stop + 7) >> 3; k < last; k++) tags[k] = 0;
      return true;
    }
    state.fill(NOACCESS, pa, at);
    state.fill(payload, at, stop);
    state.fill(NOACCESS, stop, blockEnd);
    this.shadowMemory.tags.fill(0, at >> 3, (stop + 7) >> 3);
    return true;
  }

  /** Header and the bytes between the requested size and the block's end are not addressable. */
  private guard(b: BlockRecord): void {
    if (b.address > b.blockStart) this.shadow.set(b.blockStart, b.address - b.blockStart, NOACCESS);
    const end = b.blockStart + b.blockSize;
    const payloadEnd = b.address + b.requested;
    if (end > payloadEnd) this.shadow.set(payloadEnd, end - payloadEnd, NOACCESS);
  }

  /**
   * The shadow of a payload, read page by page where each page is (check/page-contents.ts: a page in
   * swap stays there): each byte's state and each 8-byte slot's tag (payloads are 16-aligned). Pages
   * without contents read as their pending state, untagged.
   */
  private shadowOf(va: number, length: number): PayloadShadow {
    const states = new Uint8Array(length);
    const tags = new Int32Array(length >> 3);
    for (let k = 0; k < length; ) {
      const n = Math.min(length - k, PAGE_SIZE - ((va + k) % PAGE_SIZE));
      const page = pageContents(this.space, this.shadowMemory, va + k);
      if (page) {
        const pa = page.base + ((va + k) % PAGE_SIZE);
        states.set(page.states.subarray(pa, pa + n), k);
        for (let s = Math.ceil(k / 8); (s + 1) * 8 <= k + n; s++) tags[s] = page.tags[(pa - k + s * 8) >> 3]!;
      } else states.fill(this.shadow.get(va + k), k, k + n);
      k += n;
    }
    return { states, tags };
  }

  /**
   * The tagged slots of a payload into `held`: tag and address in pairs; returns how many. Pages are
   * read where they are (a free of a block in swap reads the slots' copies, faulting nothing in). One
   * array serves every free (a list's nodes each hold a pointer).
   */
  private heldSlots(va: number, length: number): number {
    const fast = this.heldSlotsInPage(va, length);
    if (fast >= 0) return fast;
    let n = 0;
    for (let k = 0; k + 8 <= length; ) {
      const len = Math.min(length - k, PAGE_SIZE - ((va + k) % PAGE_SIZE));
      const page = pageContents(this.space, this.shadowMemory, va + k);
      if (page) {
        const slotTags = page.tags;
        const pa = page.base + ((va + k) % PAGE_SIZE);
        for (let s = k >> 3; (s + 1) * 8 <= k + len; s++) {
          const tag = slotTags[(pa - k + s * 8) >> 3]!;
          if (tag === 0) continue;
          this.hold(n++, tag, va + s * 8);
        }
      }
      k += len;
    }
    return n;
  }

  /** Puts the n-th held slot, its tag and address, into `held` (grown when full). */
  private hold(n: number, tag: number, address: number): void {
    if (2 * n + 2 > this.held.length) {
      const grown = new Float64Array(this.held.length * 2);
      grown.set(this.held);
      this.held = grown;
    }
    this.held[2 * n] = tag;
    this.held[2 * n + 1] = address;
  }

  /**
   * `heldSlots` in the usual case: the payload lies in one page that the TLB holds (what pageContents
   * finds first), read without building the page's record. -1 when that is not the case.
   */
  private heldSlotsInPage(va: number, length: number): number {
    const space = this.space;
    const tlb = space.tlb;
    const offset = va % PAGE_SIZE;
    const vpn = (va - offset) / PAGE_SIZE;
    const i = vpn & tlb.mask;
    if (tlb.readTag[i] !== vpn || !space.isCurrent || offset + length > PAGE_SIZE || va % 8 !== 0) return -1;
    const tags = this.shadowMemory.tags;
    const first = (tlb.frameBase[i]! + offset) >> 3;
    let n = 0;
    for (let s = 0; (s + 1) * 8 <= length; s++) {
      const tag = tags[first + s]!;
      if (tag === 0) continue;
      this.hold(n++, tag, va + s * 8);
    }
    return n;
  }

  /** Removes the `n` slots found by `heldSlots` (their block was just freed) from the counts. */
  private dropHeld(n: number, ctx: HeapCallContext): void {
    const site = ctx.dropSite(CAUSE_FREED);
    let lost: number[] | undefined;
    let slots: number[] | undefined;
    for (let i = 0; i < n; i++) {
      const tag = this.held[2 * i]!;
      const at = this.held[2 * i + 1]!;
      this.clearSlotTag(at);
      if (drop(this.objects, tag, site)) {
        (lost ??= []).push(tag);
        (slots ??= []).push(at);
      }
    }
    if (lost) ctx.lost(lost, slots!, CAUSE_FREED);
  }

  /**
   * Clears the pointer tag of the slot at `va`, where its page is (a frame or a swap slot); a page still
   * shared with another process is made this one's own first (check/page-contents.ts).
   */
  private clearSlotTag(va: number): void {
    // The usual case: the page is in the TLB as a private writable page (what ownPageContents finds first).
    const space = this.space;
    const tlb = space.tlb;
    const offset = va % PAGE_SIZE;
    const vpn = (va - offset) / PAGE_SIZE;
    const i = vpn & tlb.mask;
    if (tlb.writeTag[i] === vpn && space.isCurrent) {
      this.shadowMemory.tags[(tlb.frameBase[i]! + offset) >> 3] = 0;
      return;
    }
    clearSlotTagSlowly(space, this.shadowMemory, va);
  }

  /** Removes a freed payload's pointers (read by `shadowOf` at `va`) from the counts, clearing their tags. */
  private dropAll(held: PayloadShadow | undefined, va: number, ctx: HeapCallContext): void {
    if (!held) return;
    const lost: number[] = [];
    const slots: number[] = [];
    let site = 0;
    for (let s = 0; s < held.tags.length; s++) {
      if (held.tags[s] === 0) continue;
      const at = va + s * 8;
      this.clearSlotTag(at);
      site ||= ctx.dropSite(CAUSE_FREED);
      releaseSlots(held.tags, this.objects, s, s + 1, site, (id) => {
        lost.push(id);
        slots.push(at);
      });
    }
    if (lost.length > 0) ctx.lost(lost, slots, CAUSE_FREED);
  }

  private retire(id: number, b: BlockRecord, stack: number): void {
    this.objects.state[id] = FREED;
    this.objects.freeStack[id] = stack;
    // An unmapped (mmap'd) block's pages are gone; otherwise the payload becomes not addressable.
    if (!b.mmapped) this.shadow.set(b.address, this.objects.size(id), NOACCESS);
  }

  /**
   * calloc's zeroing of the pages of [va, va+length) that have contents (the others will be zero-filled
   * when first touched). It is a write: a page still shared with another process is copied first.
   */
  private zero(va: number, length: number): void {
    const pages: number[] = [];
    this.space.forEachResident((pageVa) => pages.push(pageVa), va - (va % PAGE_SIZE), va + length);
    for (const pageVa of pages) {
      const from = Math.max(va, pageVa);
      const to = Math.min(va + length, pageVa + PAGE_SIZE);
      const pa = this.space.physical(from, false);
      if (to > from && pa >= 0) this.mem.bytes.fill(0, pa, pa + (to - from));
    }
  }

  /** Gives [dst, dst+n) the states and slot tags of a payload read by `shadowOf` (resident pages), counting the tags. */
  private copyShadow(dst: number, from: PayloadShadow, n: number): void {
    const state = this.shadowMemory.state;
    const tags = this.shadowMemory.tags;
    for (let k = 0; k < n; ) {
      const len = Math.min(n - k, PAGE_SIZE - ((dst + k) % PAGE_SIZE));
      const pa = this.space.physical(dst + k, true);
      if (pa >= 0) {
        for (let i = 0; i < len; i++) state[pa + i] = from.states[k + i]! & UNDEFINED;
        for (let s = Math.ceil(k / 8); (s + 1) * 8 <= k + len; s++) {
          const slot = (pa - k + s * 8) >> 3;
          tags[slot] = from.tags[s]!;
          countSlots(tags, this.objects, slot, slot + 1);
        }
      }
      k += len;
    }
  }

  private failed(what: string, size: number, ctx: HeapCallContext, reason: string, totalFree = 0, largestFree = 0): Pointer {
    let details: string[];
    let explanation: string;
    switch (reason) {
      case 'fragmentation': {
        const blocks = this.allocator.freeList().length;
        const need = blockSizeFor(size);
        details = [`${count(totalFree)} bytes are free in ${blocks} block${blocks === 1 ? '' : 's'}, but the largest is ${count(largestFree)} bytes and the request needs a ${count(need)}-byte block`];
        explanation = `The heap has ${count(totalFree)} bytes free in all, more than the ${count(size)} bytes asked for, but they are scattered in blocks between allocated ones and none is large enough (the heap cannot grow any further): the heap is fragmented.`;
        break;
      }
      case 'heap-corrupted':
        details = ["the heap's bookkeeping was overwritten"];
        explanation = `The allocation of ${count(size)} bytes failed because the heap's own headers were overwritten.`;
        break;
      default:
        details = ['the heap cannot grow any further'];
        explanation = `The allocation of ${count(size)} bytes failed: memory is exhausted, and ${what}() returned NULL.`;
    }
    ctx.report('out-of-memory', `${what}(${size}) failed and returned NULL`, details, explanation, { size });
    return NULL;
  }

  private badFree(p: Pointer, reason: 'invalid-free' | 'double-free' | 'heap-corrupted', ctx: HeapCallContext, what: string, known = 0): void {
    const va = p.address;
    const rec = known ? undefined : this.allocator.blockAt(va);
    const id = known || (rec ? this.objectOfId(rec.id) : 0);
    const message = 'Invalid free() / delete / delete[] / realloc()';
    const allocated = (line: number) => (line ? ` (allocated at line ${line})` : '');
    if (reason === 'double-free' && id) {
      const info = this.objects.infoOf(id);
      const freeStack = info?.kind === 'heap' ? info.freeStack : undefined;
      const allocStack = info?.kind === 'heap' ? info.allocStack : undefined;
      const line = ctx.lineOf(freeStack);
      const size = this.objects.size(id);
      ctx.report(
        'double-free',
        message,
        [`Address ${hex(va)} is 0 bytes inside a block of size ${count(size)} free'd`],
        `This ${size}-byte block${allocated(ctx.lineOf(allocStack))} was already freed${line ? ` at line ${line}` : ''}: freeing it twice corrupts a real program's heap (glibc aborts with "free(): double free detected").`,
        { address: va, allocStack, freeStack },
      );
      return;
    }
    let detail: string;
    let explanation: string;
    let allocStack: readonly number[] | undefined;
    let freeStack: readonly number[] | undefined;
    if (id) {
      const info = this.objects.infoOf(id);
      const size = this.objects.size(id);
      const live = this.objects.state[id] === LIVE;
      const offset = va - this.objects.start[id]!;
      if (info?.kind === 'heap') {
        allocStack = info.allocStack;
        freeStack = info.freeStack;
      }
      detail = `Address ${hex(va)} is ${relation(offset, size)} a block of size ${count(size)} ${live ? "alloc'd" : "free'd"}`;
      const where = offset < 0 ? `${-offset} bytes before` : offset >= size ? `${offset - size} bytes past the end of` : `${offset} bytes into`;
      explanation = `${what}() was given a pointer ${where} ${sized(size)} ${live ? '' : 'freed '}block${allocated(ctx.lineOf(allocStack))}: it must get exactly the address malloc returned.`;
    } else if (p.object !== 0 && p.object < this.objects.count && this.objects.kind[p.object] !== KIND_HEAP) {
      const size = this.objects.size(p.object);
      const phrase = objectPhrase(this.objects.infoOf(p.object), size);
      detail = `Address ${hex(va)} is ${relation(va - this.objects.start[p.object]!, size)} ${phrase}`;
      explanation = `${what}() was given the address of ${phrase}: only memory from malloc, calloc or realloc can be freed.`;
    } else {
      const vma = this.space.vmas.find(va);
      detail = vma?.kind === 'stack' ? `Address ${hex(va)} is on thread 1's stack` : `Address ${hex(va)} is not stack'd, malloc'd or (recently) free'd`;
      explanation = `${what}() was given ${hex(va)}, an address malloc never returned: only memory from malloc, calloc or realloc can be freed.`;
    }
    ctx.report(reason === 'double-free' ? 'double-free' : 'invalid-free', message, [detail], explanation, { address: va, allocStack, freeStack });
  }

}

/**
 * `clearSlotTag` where the TLB does not hold the page: in a frame, in swap, or shared after fork. Apart
 * from the method so that its closures do not make every call allocate.
 */
function clearSlotTagSlowly(space: AddressSpace, shadowMemory: ShadowMemory, va: number): void {
  const slot = (page: PageContents) => (page.base + (va % PAGE_SIZE)) >> 3;
  const page = ownPageContents(space, shadowMemory, va, (shared) => shared.tags[slot(shared)] !== 0);
  if (page) page.tags[slot(page)] = 0;
}
