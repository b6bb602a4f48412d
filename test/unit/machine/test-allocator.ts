// A minimal allocator for machine tests (the real one is heap/allocator.ts): 16-byte headers written
// through the host, first fit over a list of free blocks kept in JavaScript, no coalescing, big blocks
// in their own mmap region. Enough to exercise the machine's heap glue independently of the real heap.

import type { Allocator, AllocatorOptions, BlockRecord, HeapChunk, HeapHost, HeapStats } from '../../../src/engine/heap/host';

const HEADER = 16;

export function createTestAllocator(host: HeapHost, options: AllocatorOptions): Allocator {
  const records: BlockRecord[] = [];
  const free: { start: number; size: number }[] = [];
  let allocs = 0;
  let frees = 0;
  let bytes = 0;
  let heapStart = -1;

  const find = (address: number): BlockRecord | undefined => {
    for (let i = records.length - 1; i >= 0; i--) {
      const r = records[i]!;
      if (address >= r.blockStart && address < r.blockStart + r.blockSize) return r;
    }
    return undefined;
  };

  const allocator: Allocator = {
    malloc(size) {
      const payload = Math.max(16, Math.ceil(size / 16) * 16);
      const need = HEADER + payload;
      let start = -1;
      let blockSize = need;
      let mmapped = false;
      if (size >= options.mmapThreshold) {
        blockSize = Math.ceil(need / 4096) * 4096;
        start = host.mmap(blockSize);
        mmapped = true;
        if (start < 0) return { ok: false, reason: 'out-of-memory', totalFree: 0, largestFree: 0 };
      } else {
        const i = free.findIndex((f) => f.size >= need);
        if (i >= 0) {
          const f = free[i]!;
          start = f.start;
          blockSize = f.size;
          free.splice(i, 1);
        } else {
          start = host.sbrk(need);
          if (heapStart < 0) heapStart = start;
          if (start < 0) return { ok: false, reason: 'out-of-memory', totalFree: 0, largestFree: 0 };
        }
      }
      host.writeWord(start, blockSize | 1);
      const block: BlockRecord = { id: records.length + 1, address: start + HEADER, requested: size, blockSize, blockStart: start, state: 'allocated', mmapped, searched: 0 };
      records.push(block);
      allocs++;
      bytes += size;
      return { ok: true, block };
    },
    free(address) {
      const r = find(address);
      if (!r || r.address !== address) return { ok: false, reason: 'invalid-free', block: r };
      if (r.state === 'freed') return { ok: false, reason: 'double-free', block: r };
      r.state = 'freed';
      frees++;
      if (r.mmapped) host.munmap(r.blockStart, r.blockSize);
      else {
        host.writeWord(r.blockStart, r.blockSize);
        free.push({ start: r.blockStart, size: r.blockSize });
        free.sort((a, b) => a.start - b.start);
      }
      return { ok: true, block: r };
    },
    realloc(address, size) {
      if (address === 0) {
        const m = allocator.malloc(size);
        return m.ok ? { ok: true, block: m.block, moved: true } : { ok: false, reason: m.reason === 'heap-corrupted' ? 'out-of-memory' : m.reason };
      }
      const old = find(address);
      if (!old || old.address !== address) return { ok: false, reason: 'invalid-free', block: old };
      if (old.state === 'freed') return { ok: false, reason: 'double-free', block: old };
      if (size === 0) {
        allocator.free(address);
        return { ok: true, block: null, moved: false, old };
      }
      const m = allocator.malloc(size);
      if (!m.ok) return { ok: false, reason: 'out-of-memory' };
      host.copy!(m.block.address, address, Math.min(size, old.requested));
      allocator.free(address);
      return { ok: true, block: m.block, moved: true, old };
    },
    blockAt: find,
    records: () => records,
    chunks: (): HeapChunk[] => records.filter((r) => r.state === 'allocated').map((r) => ({ start: r.blockStart, size: r.blockSize, free: false, block: r })),
    freeList: () => free.map((f) => f.start),
    lastSearch: () => [],
    stats(): HeapStats {
      const live = records.filter((r) => r.state === 'allocated');
      const totalFree = free.reduce((n, f) => n + f.size, 0);
      return {
        heapStart,
        heapEnd: host.sbrk(0),
        allocatedBytes: live.reduce((n, r) => n + r.requested, 0),
        allocatedBlocks: live.length,
        totalFree,
        largestFree: free.reduce((n, f) => Math.max(n, f.size), 0),
        externalFragmentation: 0,
        totalAllocs: allocs,
        totalFrees: frees,
        totalBytesAllocated: bytes,
      };
    },
    clone: (h) => createTestAllocator(h, options),
  };
  return allocator;
}
