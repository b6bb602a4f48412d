import * as assert from 'node:assert/strict';
import { chunkPayload } from '../../../src/engine/heap/block';
import { allocated, assertMemoryMatches, freeExtents, makeHeap } from './harness';

describe('heap allocator: blocks, growth and big blocks', () => {
  it('puts the first payload 32 bytes above the heap start, after the arena and an 8-byte header', () => {
    const t = makeHeap();
    const block = allocated(t.heap.malloc(10));
    const base = t.host.heapBase;
    assert.equal(block.blockStart, base + 24);
    assert.equal(block.address, base + 32);
    assert.equal(block.blockSize, 32);
    assert.equal(t.host.readWord(base + 24), 32 + 1, 'header: size | allocated');
    assert.equal(t.host.readWord(base + 24 + 32 - 8), 32 + 1, 'footer repeats the header');
    assert.equal(t.host.breakAddress, base + 24 + 32);
    assert.deepEqual(t.heap.stats().heapStart, base);
    assert.deepEqual(t.heap.stats().heapEnd, t.host.breakAddress);
  });

  it('sizes blocks as the request plus 16 bytes, rounded up to 16, at least 32', () => {
    const expected: [number, number][] = [[0, 32], [1, 32], [16, 32], [17, 48], [32, 48], [33, 64], [100, 128], [1000, 1024]];
    for (const [request, size] of expected) {
      const t = makeHeap();
      assert.equal(allocated(t.heap.malloc(request)).blockSize, size, `malloc(${request})`);
    }
  });

  it('returns 16-byte aligned payloads for every size', () => {
    const t = makeHeap();
    for (let n = 0; n < 200; n += 7) assert.equal(allocated(t.heap.malloc(n)).address % 16, 0, `malloc(${n})`);
    assertMemoryMatches(t);
  });

  it('returns a distinct minimum block for malloc(0)', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(0));
    const b = allocated(t.heap.malloc(0));
    assert.notEqual(a.address, b.address);
    assert.equal(a.blockSize, 32);
    assert.equal(a.requested, 0);
  });

  it('grows the break by exactly each new block, after one sbrk for the arena', () => {
    const t = makeHeap();
    t.heap.malloc(10);
    t.heap.malloc(40);
    t.heap.malloc(100);
    assert.deepEqual(t.host.sbrkCalls.filter((n) => n !== 0), [24, 32, 64, 128]);
    assert.equal(t.host.breakAddress, t.host.heapBase + 24 + 32 + 64 + 128);
  });

  it('splits a free block when the rest can hold a 32-byte block, and leaves the rest free in its place', () => {
    const t = makeHeap();
    const big = allocated(t.heap.malloc(100)); // 128-byte block at offset 0
    allocated(t.heap.malloc(1)); // keeps the freed block away from the break
    t.heap.free(big.address);
    const small = allocated(t.heap.malloc(40)); // 64-byte block
    assert.equal(small.blockStart, big.blockStart);
    assert.equal(small.blockSize, 64);
    assert.deepEqual(freeExtents(t), [[64, 64]]);
    assertMemoryMatches(t);
  });

  it('hands out the whole free block when splitting would leave less than 32 bytes', () => {
    const t = makeHeap();
    const big = allocated(t.heap.malloc(100)); // 128
    allocated(t.heap.malloc(1));
    t.heap.free(big.address);
    const taken = allocated(t.heap.malloc(90)); // needs 112: 16 bytes would be left over
    assert.equal(taken.blockStart, big.blockStart);
    assert.equal(taken.blockSize, 128);
    assert.deepEqual(t.heap.freeList(), []);
    assertMemoryMatches(t);
  });

  it('extends the last free block when it ends at the break instead of starting a new one', () => {
    const t = makeHeap();
    allocated(t.heap.malloc(16));
    const last = allocated(t.heap.malloc(16));
    t.heap.free(last.address);
    const breakBefore = t.host.breakAddress;
    const grown = allocated(t.heap.malloc(100)); // 128 bytes: 96 more than the free 32
    assert.equal(grown.blockStart, last.blockStart);
    assert.equal(t.host.breakAddress, breakBefore + 96);
    assert.deepEqual(t.heap.freeList(), []);
    assertMemoryMatches(t);
  });

  it('gives requests of at least the mmap threshold their own region, unmapped on free', () => {
    const t = makeHeap();
    const big = allocated(t.heap.malloc(128 * 1024));
    assert.equal(big.mmapped, true);
    assert.equal(t.host.mappings.length, 1);
    const region = t.host.mappings[0];
    assert.equal(region.bytes.length, 128 * 1024 + 4096, 'request + 16 rounded up to pages');
    assert.equal(big.blockStart, region.start);
    assert.equal(big.address, region.start + 16);
    assert.equal(t.host.readWord(region.start + 8), region.bytes.length + 2 + 1, 'header: length | mmapped | allocated');
    assert.equal(t.heap.stats().heapStart, 0, 'the brk heap is not set up for an mmapped block');
    assert.ok(t.heap.free(big.address).ok);
    assert.equal(t.host.mappings.length, 0);
    assert.equal(allocated(t.heap.malloc(128 * 1024 - 1)).mmapped, false, 'one byte under the threshold stays in the heap');
  });

  it('reports fragmentation when the free blocks together would hold the request but none alone does', () => {
    const t = makeHeap({ heapLimit: 24 + 4 * 32 });
    const blocks = [0, 1, 2, 3].map(() => allocated(t.heap.malloc(16)));
    t.heap.free(blocks[0].address);
    t.heap.free(blocks[2].address);
    const failed = t.heap.malloc(40); // needs 64 = 32 + 32
    assert.equal(failed.ok, false);
    if (!failed.ok) {
      assert.equal(failed.reason, 'fragmentation');
      assert.equal(failed.totalFree, 64);
      assert.equal(failed.largestFree, 32);
    }
    const tooBig = t.heap.malloc(100);
    assert.equal(!tooBig.ok && tooBig.reason, 'out-of-memory');
    assertMemoryMatches(t);
  });

  it('reports out-of-memory when mmap fails or a request exceeds the address space, without touching the host', () => {
    const t = makeHeap({ mmapLimit: 0 });
    const mapped = t.heap.malloc(1 << 20);
    assert.equal(!mapped.ok && mapped.reason, 'out-of-memory');
    const huge = t.heap.malloc(2 ** 50);
    assert.equal(!huge.ok && huge.reason, 'out-of-memory');
    const negative = t.heap.malloc(-1);
    assert.equal(!negative.ok && negative.reason, 'out-of-memory');
    assert.deepEqual(t.host.sbrkCalls, []);
  });

  it('keeps one record per allocation for the whole run, freed ones included, ids in allocation order', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(8));
    const b = allocated(t.heap.malloc(24));
    t.heap.free(a.address);
    const c = allocated(t.heap.malloc(8));
    assert.deepEqual(t.heap.records().map((r) => [r.id, r.requested, r.state]), [[1, 8, 'freed'], [2, 24, 'allocated'], [3, 8, 'allocated']]);
    assert.equal(c.address, a.address, 'the freed block is reused');
    assert.equal(b.id, 2);
  });

  it('finds the block covering an address, the newest record first, header included', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(40)); // 64-byte block
    allocated(t.heap.malloc(1));
    t.heap.free(a.address);
    const b = allocated(t.heap.malloc(8)); // reuses the first 32 bytes of a's block
    assert.equal(t.heap.blockAt(b.address + 4), b);
    assert.equal(t.heap.blockAt(b.blockStart), b);
    assert.equal(t.heap.blockAt(a.address + 30), a, 'the free rest of a is still a (freed)');
    assert.equal(t.heap.blockAt(a.address + 30)?.state, 'freed');
    assert.equal(t.heap.blockAt(t.host.heapBase), undefined, 'the arena is no block');
    const big = allocated(t.heap.malloc(200_000));
    assert.equal(t.heap.blockAt(big.address + 150_000), big);
    t.heap.free(big.address);
    assert.equal(t.heap.blockAt(big.address + 150_000), big, 'a freed mmapped block is still known');
  });

  it('counts allocations, frees and bytes as valgrind does, and measures fragmentation', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(10));
    allocated(t.heap.malloc(20));
    const c = allocated(t.heap.malloc(100));
    allocated(t.heap.malloc(30));
    t.heap.free(a.address);
    t.heap.free(c.address);
    const s = t.heap.stats();
    assert.equal(s.totalAllocs, 4);
    assert.equal(s.totalFrees, 2);
    assert.equal(s.totalBytesAllocated, 160);
    assert.equal(s.allocatedBlocks, 2);
    assert.equal(s.allocatedBytes, 50);
    assert.equal(s.totalFree, 32 + 128);
    assert.equal(s.largestFree, 128);
    assert.equal(s.externalFragmentation, 1 - 128 / 160);
  });

  it('lists the heap in address order with each free block pointing to the next in the list', () => {
    const t = makeHeap();
    const blocks = [10, 20, 30, 40].map((n) => allocated(t.heap.malloc(n)));
    t.heap.free(blocks[0].address);
    t.heap.free(blocks[2].address);
    const big = allocated(t.heap.malloc(300_000));
    const chunks = t.heap.chunks();
    assert.deepEqual(chunks.map((c) => [c.start, c.free]), [
      [blocks[0].blockStart, true],
      [blocks[1].blockStart, false],
      [blocks[2].blockStart, true],
      [blocks[3].blockStart, false],
      [big.blockStart, false],
    ]);
    assert.equal(chunks[0].nextFree, blocks[2].blockStart);
    assert.equal(chunks[2].nextFree, 0);
    assert.equal(chunks[1].block, blocks[1]);
    for (const chunk of [chunks[1], chunks[4]]) assert.equal(chunkPayload(chunk).payload, chunk.block?.address, 'payload as the views compute it');
    assert.deepEqual(chunks.map((c) => chunkPayload(c).headerSize), [8, 8, 8, 8, 16]);
    assert.deepEqual(t.heap.freeList(), [blocks[0].blockStart, blocks[2].blockStart]);
  });

  it('records which free blocks the latest malloc examined and how many', () => {
    const t = makeHeap({ policy: 'best' });
    const blocks = [100, 1, 30, 1, 60, 1].map((n) => allocated(t.heap.malloc(n)));
    for (const i of [0, 2, 4]) t.heap.free(blocks[i].address);
    const chosen = allocated(t.heap.malloc(20)); // best fit: the 48-byte block of the 30-byte request
    assert.equal(chosen.blockStart, blocks[2].blockStart);
    assert.deepEqual(t.heap.lastSearch(), [blocks[0].blockStart, blocks[2].blockStart, blocks[4].blockStart]);
    assert.equal(chosen.searched, 3);
    allocated(t.heap.malloc(200_000));
    assert.deepEqual(t.heap.lastSearch(), [], 'an mmapped block searches nothing');
  });

  it('starts past the break when the program moved the break itself, and never merges across the gap', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(16));
    t.host.sbrk(100); // the program's own sbrk
    const b = allocated(t.heap.malloc(16));
    assert.ok(b.blockStart >= a.blockStart + 32 + 100);
    assert.equal(b.address % 16, 0);
    t.heap.free(a.address);
    t.heap.free(b.address);
    assert.deepEqual(t.heap.freeList(), [a.blockStart, b.blockStart]);
    assert.deepEqual(t.heap.chunks().map((c) => c.size), [32, 32]);
  });

  it('keeps the free list in address order across several gaps left by the program\'s own sbrk', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(16));
    t.host.sbrk(64);
    const b = allocated(t.heap.malloc(16));
    t.host.sbrk(64);
    const c = allocated(t.heap.malloc(16));
    for (const block of [c, a, b]) assert.ok(t.heap.free(block.address).ok);
    assert.deepEqual(t.heap.freeList(), [a.blockStart, b.blockStart, c.blockStart]);
    assert.deepEqual(t.heap.chunks().map((chunk) => chunk.nextFree), [b.blockStart, c.blockStart, 0]);
    const reused = allocated(t.heap.malloc(16));
    assert.equal(reused.blockStart, a.blockStart, 'first fit finds the lowest');
  });

  it('clones for a fork: the child sees the same heap over its own memory, and the two then part ways', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(16));
    const b = allocated(t.heap.malloc(16));
    t.heap.free(a.address);
    const childHost = t.host.fork();
    const child = t.heap.clone(childHost);
    assert.deepEqual(child.chunks().map((c) => [c.start, c.size, c.free]), t.heap.chunks().map((c) => [c.start, c.size, c.free]));
    assert.ok(child.free(b.address).ok);
    assert.equal(t.heap.blockAt(b.address)?.state, 'allocated', "the parent's record is untouched");
    assert.equal(child.blockAt(b.address)?.state, 'freed');
    assert.equal(t.heap.free(a.address).ok, false, 'still a double free in the parent');
    const c = allocated(child.malloc(100));
    assert.equal(t.heap.records().length, 2);
    assert.equal(child.records().length, 3);
    assertMemoryMatches({ host: childHost, heap: child });
    assertMemoryMatches(t);
    assert.notEqual(t.host.readWord(c.blockStart), childHost.readWord(c.blockStart), 'the child wrote only its own memory');
  });
});
