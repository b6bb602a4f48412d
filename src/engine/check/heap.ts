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
//            in place: the object's end moves, new bytes undefined, dropped bytes not addressable
//   free     the object becomes FREED for the rest of the run (stale pointers are caught exactly even
//            after the memory is reused) and its payload not addressable
// Errors (invalid or double free, out of memory) are reported through the caller's `HeapCallContext`,
// which knows the current call stack; this file does not depend on the CPU.

import type { Allocator, AllocatorOptions, BlockRecord, HeapHost, HeapStats } from '../heap/host';
import type { ErrorKind } from '../errors';
import type { Pointer } from '../libc/native';
import type { AddressSpace } from '../memory/address-space';
import { PAGE_SIZE, type PhysicalMemory } from '../memory/physical';
import { DEFINED, UNDEFINED, NOACCESS, type ShadowMemory, type ProcessShadow } from './shadow';
import { ObjectTable, KIND_HEAP, FREED, LIVE, type StackTable } from './objects';
import { hex, relation, objectPhrase } from './describe';

export type AllocatorFactory = (host: HeapHost, options: AllocatorOptions) => Allocator;

/** What a heap call needs from the machine: the call stack and a way to report. */
export interface HeapCallContext {
  /** Interned id (in `stacks`) of the current call stack: instruction numbers, innermost first. */
  stack(stacks: StackTable): number;
  /** Line of the innermost user frame of a recorded stack (0 if none). */
  lineOf(stack: readonly number[] | undefined): number;
  report(kind: ErrorKind, message: string, details: string[], explanation: string, extra: { address?: number; size?: number; allocStack?: readonly number[]; freeStack?: readonly number[] }): void;
}

const NULL: Pointer = { address: 0, object: 0 };
/** Largest request memscope will try (beyond it malloc fails as glibc's does for absurd sizes). */
const MAX_REQUEST = 2 ** 47;

export class HeapGlue implements HeapHost {
  readonly allocator: Allocator;
  /** Object id of each block record, by record id (ids count allocations from 1). */
  private objectIds = new Int32Array(1024);

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
  }

  /**
   * The glue of a forked child: the allocator cloned over the child's memory, and memcheck's records
   * (block objects) as the parent has them; `objects` is the child's copy of the table.
   */
  fork(space: AddressSpace, shadow: ProcessShadow, objects: ObjectTable): HeapGlue {
    const child = new HeapGlue(space, this.mem, this.shadowMemory, shadow, objects, this.factory, this.options, this.allocator);
    child.objectIds = this.objectIds.slice();
    return child;
  }

  // ---- HeapHost: privileged access ----

  readWord(address: number): number {
    const pa = this.space.physical(address, false);
    if (pa < 0) return 0;
    if (pa % 8 === 0) return this.mem.i32[(pa >> 2) + 1]! * 4294967296 + (this.mem.i32[pa >> 2]! >>> 0);
    let v = 0n;
    for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(this.byteAt(address + k));
    return Number(BigInt.asIntN(64, v));
  }

  writeWord(address: number, value: number): void {
    const pa = this.space.physical(address, true);
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

  copy(dst: number, src: number, length: number): void {
    const tmp = new Uint8Array(length);
    for (let k = 0; k < length; ) {
      const n = Math.min(length - k, PAGE_SIZE - ((src + k) % PAGE_SIZE));
      const pa = this.space.physical(src + k, false);
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
    return this.space.setBrk(old + increment) ? old : -1;
  }

  mmap(length: number): number {
    return this.space.mmap(length, { read: true, write: true, execute: false }, NOACCESS, true);
  }

  munmap(address: number, length: number): void {
    this.space.munmap(address, length);
  }

  private byteAt(address: number): number {
    const pa = this.space.physical(address, false);
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
    const oldRecord = this.allocator.blockAt(p.address);
    const oldId = oldRecord ? (this.objectOfId(oldRecord.id)) : 0;
    const oldSize = oldId ? this.objects.size(oldId) : 0;
    if (!(size >= 0 && size <= MAX_REQUEST)) return this.failed('realloc', size, ctx, 'out-of-memory');
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
      if (oldId) this.retire(oldId, oldRecord!, stack);
      return NULL;
    }
    const b = result.block;
    if (!result.moved && oldId && b.address === p.address) {
      // In place: same object, new end.
      this.objects.end[oldId] = b.address + b.requested;
      if (b.requested > oldSize) this.shadow.set(b.address + oldSize, b.requested - oldSize, UNDEFINED);
      this.guard(b);
      this.setObjectOf(b.id, oldId);
      return { address: b.address, object: oldId };
    }
    const id = this.adopt(b, stack, UNDEFINED);
    const kept = Math.min(oldSize, b.requested);
    if (kept > 0) this.copyShadow(b.address, p.address, kept);
    if (oldId) this.retire(oldId, oldRecord!, stack);
    return { address: b.address, object: id };
  }

  free(p: Pointer, ctx: HeapCallContext): void {
    if (p.address === 0) return;
    const result = this.allocator.free(p.address);
    if (result.ok) {
      const id = this.objectOfId(result.block.id);
      if (id) this.retire(id, result.block, ctx.stack(this.objects.stacks));
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

  /** Live (allocated) blocks with their object ids, in address order. */
  liveBlocks(): { block: BlockRecord; object: number }[] {
    return this.allocator
      .records()
      .filter((r) => r.state === 'allocated')
      .map((r) => ({ block: r, object: this.objectOfId(r.id) }))
      .sort((a, b) => a.block.address - b.block.address);
  }

  stats(): HeapStats {
    return this.allocator.stats();
  }

  // ---- internals ----

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
    state.fill(NOACCESS, pa, at);
    state.fill(payload, at, stop);
    state.fill(NOACCESS, stop, pa + b.blockSize);
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

  private retire(id: number, b: BlockRecord, stack: number): void {
    this.objects.state[id] = FREED;
    this.objects.freeStack[id] = stack;
    // An unmapped (mmap'd) block's pages are gone; otherwise the payload becomes not addressable.
    if (!b.mmapped) this.shadow.set(b.address, this.objects.size(id), NOACCESS);
  }

  private zero(va: number, length: number): void {
    this.space.forEachResident((pageVa, physical) => {
      const from = Math.max(va, pageVa);
      const to = Math.min(va + length, pageVa + PAGE_SIZE);
      if (to > from) this.mem.bytes.fill(0, physical + (from - pageVa), physical + (to - pageVa));
    }, va - (va % PAGE_SIZE), va + length);
  }

  /** Copies shadow states and slot tags of [src, src+n) to [dst, dst+n) (resident pages). */
  private copyShadow(dst: number, src: number, n: number): void {
    const states = new Uint8Array(n);
    for (let k = 0; k < n; k++) states[k] = this.shadow.get(src + k);
    const state = this.shadowMemory.state;
    const tags = this.shadowMemory.tags;
    for (let k = 0; k < n; k++) {
      const pa = this.space.physical(dst + k, true);
      if (pa < 0) continue;
      state[pa] = states[k]! & UNDEFINED;
      if ((dst + k) % 8 === 0 && (src + k) % 8 === 0 && k + 8 <= n) {
        const spa = this.space.physical(src + k, false);
        tags[pa >> 3] = spa >= 0 ? tags[spa >> 3]! : 0;
      } else if ((dst + k) % 8 === 0) tags[pa >> 3] = 0;
    }
  }

  private failed(what: string, size: number, ctx: HeapCallContext, reason: string, totalFree = 0, largestFree = 0): Pointer {
    const fragmentation = reason === 'fragmentation';
    const details = fragmentation
      ? [`${totalFree} bytes are free in total, but the largest free block has only ${largestFree}`]
      : reason === 'heap-corrupted'
        ? ['the heap\'s bookkeeping was overwritten']
        : ['the heap cannot grow any further'];
    ctx.report('out-of-memory', `${what}(${size}) failed and returned NULL`, details, fragmentation ? `There is enough free heap memory in total, but no single free block is large enough for ${size} bytes: the heap is fragmented.` : `The allocation of ${size} bytes failed: memory is exhausted.`, { size });
    return NULL;
  }

  private badFree(p: Pointer, reason: 'invalid-free' | 'double-free' | 'heap-corrupted', ctx: HeapCallContext, what: string): void {
    const va = p.address;
    const rec = this.allocator.blockAt(va);
    const id = rec ? this.objectOfId(rec.id) : 0;
    const message = 'Invalid free() / delete / delete[] / realloc()';
    if (reason === 'double-free' && id) {
      const info = this.objects.infoOf(id);
      const freeStack = info?.kind === 'heap' ? info.freeStack : undefined;
      const allocStack = info?.kind === 'heap' ? info.allocStack : undefined;
      const line = ctx.lineOf(freeStack);
      ctx.report('double-free', message, [`Address ${hex(va)} is 0 bytes inside a block of size ${this.objects.size(id)} free'd`], `This block was already freed${line ? ` at line ${line}` : ''}; freeing it again corrupts the heap in a real program.`, { address: va, allocStack, freeStack });
      return;
    }
    let detail: string;
    let explanation: string;
    let allocStack: readonly number[] | undefined;
    let freeStack: readonly number[] | undefined;
    if (id) {
      const info = this.objects.infoOf(id);
      const size = this.objects.size(id);
      const state = this.objects.state[id] === LIVE ? "alloc'd" : "free'd";
      detail = `Address ${hex(va)} is ${relation(va - this.objects.start[id]!, size)} a block of size ${size} ${state}`;
      explanation = `${what}() must be given exactly a pointer that malloc returned; this one points ${va - this.objects.start[id]!} bytes into a ${size}-byte block.`;
      if (info?.kind === 'heap') {
        allocStack = info.allocStack;
        freeStack = info.freeStack;
      }
    } else if (p.object !== 0 && p.object < this.objects.count && this.objects.kind[p.object] !== KIND_HEAP) {
      const size = this.objects.size(p.object);
      detail = `Address ${hex(va)} is ${relation(va - this.objects.start[p.object]!, size)} ${objectPhrase(this.objects.infoOf(p.object), size)}`;
      explanation = `${what}() can only release memory that malloc gave; this pointer points to a variable, not to a heap block.`;
    } else {
      const vma = this.space.vmas.find(va);
      detail = vma?.kind === 'stack' ? `Address ${hex(va)} is on thread 1's stack` : `Address ${hex(va)} is not stack'd, malloc'd or (recently) free'd`;
      explanation = `${what}() can only release memory that malloc gave; this pointer was not returned by malloc.`;
    }
    ctx.report(reason === 'double-free' ? 'double-free' : 'invalid-free', message, [detail], explanation, { address: va, allocStack, freeStack });
  }
}
