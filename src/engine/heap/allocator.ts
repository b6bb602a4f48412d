// malloc, free and realloc for a simulated process: the `Allocator` the machine calls (host.ts).
//
// How it works. Requests of at least `mmapThreshold` bytes get their own region (mmap-blocks.ts); the
// rest live in the brk heap (brk-heap.ts), an explicit free list of boundary-tagged blocks ordered by
// address, searched by the chosen policy (policy.ts), with the byte layout of block.ts. The heap is set
// up on the first small request, as glibc's is.
//
// Every free and realloc is first judged against the records (records.ts), never against memory: a
// pointer that is not the payload of any block is an invalid free, the payload of a freed block a double
// free, and neither touches memory. Then the words the operation reads (headers, footers, links) are
// checked against what the allocator wrote; a mismatch is reported as 'heap-corrupted' with glibc's
// message and nothing changes. So a program's bad free or stray write can never corrupt the allocator,
// make it loop, or make it throw.
//
// realloc follows valgrind's accounting: a realloc of a live block to a non-zero size is always a new
// record (a new allocation) and frees the old one, even when the block stays where it is (`moved` says
// whether the address changed). So a pointer kept from before a realloc is known to be stale.
//
// free(0) is C's no-op and is the caller's to skip: the allocator answers 'invalid-free' for address 0.

import { BLOCK_OVERHEAD, HEADER_SIZE, MAX_REQUEST, MMAP_PAYLOAD_OFFSET, WORD, blockSizeFor, payloadOf, roundUp } from './block';
import { BrkHeap } from './brk-heap';
import type { Chunk } from './heap-map';
import type { AllocationResult, Allocator, AllocatorOptions, BlockRecord, FreeResult, HeapChunk, HeapCorruption, HeapHost, HeapStats } from './host';
import { MmapBlocks } from './mmap-blocks';
import { BlockRecords } from './records';

export function createAllocator(host: HeapHost, options: AllocatorOptions): Allocator {
  return new ExplicitListAllocator(host, options, new BlockRecords(), new MmapBlocks(host), null);
}

/** What an allocation came to, before it is phrased as the contract's result. */
type Allocation =
  | { readonly kind: 'allocated'; readonly block: BlockRecord }
  | { readonly kind: 'failed'; readonly reason: 'out-of-memory' | 'fragmentation' }
  | { readonly kind: 'corrupt'; readonly corruption: HeapCorruption };

type ReallocResult = ReturnType<Allocator['realloc']>;

class ExplicitListAllocator implements Allocator {
  /** The latest search's path when it was not the heap's own (a clone's copy, or none: []); null: ask the heap. */
  private searchPath: number[] | null = [];

  constructor(
    private readonly host: HeapHost,
    private readonly options: AllocatorOptions,
    private readonly history: BlockRecords,
    private readonly big: MmapBlocks,
    private heap: BrkHeap | null,
  ) {}

  malloc(size: number): AllocationResult {
    const outcome = this.allocate(size);
    switch (outcome.kind) {
      case 'allocated':
        return { ok: true, block: outcome.block };
      case 'failed':
        return { ok: false, reason: outcome.reason, totalFree: this.totalFree(), largestFree: this.largestFree() };
      case 'corrupt':
        return { ok: false, reason: 'heap-corrupted', corruption: outcome.corruption, totalFree: this.totalFree(), largestFree: this.largestFree() };
      default: {
        const unknown: never = outcome;
        return unknown;
      }
    }
  }

  free(address: number): FreeResult {
    const block = this.liveAt(address) ?? this.history.atPayload(address);
    if (!block) return { ok: false, reason: 'invalid-free', block: this.blockAt(address) };
    if (block.state === 'freed') return { ok: false, reason: 'double-free', block };
    const corruption = this.release(block);
    if (corruption) return { ok: false, reason: 'heap-corrupted', block, corruption };
    return { ok: true, block };
  }

  realloc(address: number, size: number): ReallocResult {
    if (address === 0) {
      const outcome = this.malloc(size);
      if (outcome.ok) return { ok: true, block: outcome.block, moved: false };
      return { ok: false, reason: outcome.reason, corruption: outcome.corruption };
    }
    const old = this.liveAt(address) ?? this.history.atPayload(address);
    if (!old) return { ok: false, reason: 'invalid-free', block: this.blockAt(address) };
    if (old.state === 'freed') return { ok: false, reason: 'double-free', block: old };
    if (size === 0) {
      // glibc: realloc(p, 0) frees p and returns NULL.
      const corruption = this.release(old);
      if (corruption) return { ok: false, reason: 'heap-corrupted', block: old, corruption };
      return { ok: true, block: null, moved: false, old };
    }
    if (!isRequest(size)) return { ok: false, reason: 'out-of-memory', block: old };

    const inPlace = this.resizeInPlace(old, size);
    if (inPlace.kind === 'corrupt') return { ok: false, reason: 'heap-corrupted', block: old, corruption: inPlace.corruption };
    if (inPlace.kind === 'allocated') return { ok: true, block: inPlace.block, moved: false, old };

    const fresh = this.allocate(size);
    switch (fresh.kind) {
      case 'failed':
        return { ok: false, reason: fresh.reason, block: old };
      case 'corrupt':
        return { ok: false, reason: 'heap-corrupted', block: old, corruption: fresh.corruption };
      case 'allocated': {
        this.copy(fresh.block.address, old.address, Math.min(old.requested, size));
        const corruption = this.release(old);
        if (corruption) return { ok: false, reason: 'heap-corrupted', block: old, corruption };
        return { ok: true, block: fresh.block, moved: true, old };
      }
      default: {
        const unknown: never = fresh;
        return unknown;
      }
    }
  }

  /** The live block whose payload starts at `address`, from the heap's index (no search). */
  private liveAt(address: number): BlockRecord | undefined {
    const chunk = this.heap?.map.at(address - HEADER_SIZE);
    if (chunk && !chunk.free && chunk.block?.address === address) return chunk.block;
    return this.big.at(address);
  }

  blockAt(address: number): BlockRecord | undefined {
    // A live block covering the address is the newest record there (records.ts explains why).
    return this.heap?.map.containing(address)?.block ?? this.big.containing(address) ?? this.history.latestCovering(address);
  }

  records(): readonly BlockRecord[] {
    return this.history.all();
  }

  chunks(): HeapChunk[] {
    const out: HeapChunk[] = [];
    for (const chunk of this.heap?.map.all() ?? []) {
      if (chunk.free) out.push({ start: chunk.start, size: chunk.size, free: true, nextFree: chunk.nextFree?.start ?? 0 });
      else out.push({ start: chunk.start, size: chunk.size, free: false, block: chunk.block ?? undefined });
    }
    for (const block of this.big.list()) out.push({ start: block.blockStart, size: block.blockSize, free: false, block });
    return out;
  }

  freeList(): number[] {
    return this.heap ? this.heap.freeList.entries().map((chunk) => chunk.start) : [];
  }

  lastSearch(): number[] {
    return this.searchPath ? [...this.searchPath] : (this.heap?.search.blocks() ?? []);
  }

  stats(): HeapStats {
    const totalFree = this.totalFree();
    const largestFree = this.largestFree();
    const { allocatedBytes, allocatedBlocks, totalAllocs, totalFrees, totalBytesAllocated } = this.history.totals;
    return {
      heapStart: this.heap?.start ?? 0,
      heapEnd: this.heap?.top ?? 0,
      allocatedBytes,
      allocatedBlocks,
      totalFree,
      largestFree,
      externalFragmentation: totalFree === 0 ? 0 : 1 - largestFree / totalFree,
      totalAllocs,
      totalFrees,
      totalBytesAllocated,
    };
  }

  clone(host: HeapHost): Allocator {
    const { records, twin } = this.history.clone();
    const copy = new ExplicitListAllocator(host, this.options, records, this.big.cloneFor(host, twin), this.heap?.cloneFor(host, twin) ?? null);
    copy.searchPath = this.lastSearch();
    return copy;
  }

  private allocate(size: number): Allocation {
    if (!isRequest(size)) return { kind: 'failed', reason: 'out-of-memory' };
    if (size >= this.options.mmapThreshold) return this.allocateMapped(size);
    this.heap ??= BrkHeap.create(this.host, this.options.policy);
    if (!this.heap) return { kind: 'failed', reason: 'out-of-memory' };
    const need = blockSizeFor(size);
    const placed = this.heap.allocate(need);
    this.searchPath = null;
    switch (placed.kind) {
      case 'corrupt':
        return { kind: 'corrupt', corruption: placed.corruption };
      case 'no-room':
        return { kind: 'failed', reason: need <= this.heap.totalFree() ? 'fragmentation' : 'out-of-memory' };
      case 'placed': {
        const chunk = placed.chunk;
        const block = this.history.add({
          address: payloadOf(chunk.start),
          requested: size,
          blockSize: chunk.size,
          blockStart: chunk.start,
          mmapped: false,
          searched: this.heap.search.examined,
        });
        chunk.block = block;
        return { kind: 'allocated', block };
      }
      default: {
        const unknown: never = placed;
        return unknown;
      }
    }
  }

  private allocateMapped(size: number): Allocation {
    this.searchPath = [];
    const region = this.big.map(size);
    if (!region) return { kind: 'failed', reason: 'out-of-memory' };
    const block = this.history.add({
      address: region.start + MMAP_PAYLOAD_OFFSET,
      requested: size,
      blockSize: region.length,
      blockStart: region.start,
      mmapped: true,
      searched: 0,
    });
    this.big.adopt(block);
    return { kind: 'allocated', block };
  }

  /** Frees a live block; the record is already known to be allocated. */
  private release(block: BlockRecord): HeapCorruption | null {
    if (block.mmapped) {
      const bad = this.big.check(block, 'munmap_chunk(): invalid pointer');
      if (bad) return bad;
      this.big.unmap(block);
    } else {
      const chunk = this.chunkOf(block);
      if (!chunk) return null;
      const bad = this.heap?.release(chunk, this.options.coalesce) ?? null;
      if (bad) return bad;
    }
    this.history.markFreed(block);
    return null;
  }

  /** realloc's attempt to keep the block where it is; 'failed' here only means "move it". */
  private resizeInPlace(old: BlockRecord, size: number): Allocation {
    const chunk = old.mmapped ? undefined : this.chunkOf(old);
    if (old.mmapped) {
      const bad = this.big.check(old, 'realloc(): invalid pointer');
      if (bad) return { kind: 'corrupt', corruption: bad };
      if (size > this.big.capacity(old)) return { kind: 'failed', reason: 'out-of-memory' };
    } else {
      if (!chunk || !this.heap) return { kind: 'failed', reason: 'out-of-memory' };
      const resized = this.heap.resizeInPlace(chunk, blockSizeFor(size), this.options.coalesce);
      if (resized.kind === 'corrupt') return resized;
      if (resized.kind === 'cannot') return { kind: 'failed', reason: 'out-of-memory' };
    }
    this.searchPath = [];
    const block = this.history.add({
      address: old.address,
      requested: size,
      blockSize: chunk ? chunk.size : old.blockSize,
      blockStart: old.blockStart,
      mmapped: old.mmapped,
      searched: 0,
    });
    this.history.markFreed(old);
    if (chunk) chunk.block = block;
    else this.big.adopt(block);
    return { kind: 'allocated', block };
  }

  /** Copies a payload; through whole words when the host has no byte copy (both payloads have room). */
  private copy(dst: number, src: number, length: number): void {
    if (this.host.copy) {
      this.host.copy(dst, src, length);
      return;
    }
    for (let offset = 0; offset < roundUp(length, WORD); offset += WORD) {
      this.host.writeWord(dst + offset, this.host.readWord(src + offset));
    }
  }

  private chunkOf(block: BlockRecord): Chunk | undefined {
    const chunk = this.heap?.map.at(block.blockStart);
    return chunk && !chunk.free ? chunk : undefined;
  }

  private totalFree(): number {
    return this.heap?.totalFree() ?? 0;
  }

  private largestFree(): number {
    return this.heap?.largestFree() ?? 0;
  }
}

/** A size a request can have: a whole number of bytes below the size of the address space. */
function isRequest(size: number): boolean {
  return Number.isSafeInteger(size) && size >= 0 && size <= MAX_REQUEST - BLOCK_OVERHEAD;
}
