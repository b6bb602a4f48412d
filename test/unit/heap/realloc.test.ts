import * as assert from 'node:assert/strict';
import { allocated, assertMemoryMatches, freeExtents, makeHeap } from './harness';

/** Bytes 0..n-1 with every high bit pattern a double or a negative long would have. */
function pattern(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 37 + 0xf1) & 0xff);
}

describe('heap allocator: realloc', () => {
  it('realloc(NULL, n) is malloc(n)', () => {
    const t = makeHeap();
    const result = t.heap.realloc(0, 24);
    assert.ok(result.ok && result.block);
    assert.equal(result.block.requested, 24);
    assert.equal(result.moved, false);
    assert.equal(t.heap.stats().totalAllocs, 1);
  });

  it('realloc(p, 0) frees p and returns no block, counting one free and no allocation', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(24));
    allocated(t.heap.malloc(1));
    const result = t.heap.realloc(a.address, 0);
    assert.ok(result.ok);
    assert.equal(result.block, null);
    assert.equal(result.old, a);
    assert.equal(a.state, 'freed');
    assert.deepEqual(freeExtents(t), [[0, 48]]);
    assert.equal(t.heap.stats().totalAllocs, 2);
    assert.equal(t.heap.stats().totalFrees, 1);
  });

  it('shrinks in place, splitting off the tail and merging it with a free block above', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(100)); // 128 at 0
    const b = allocated(t.heap.malloc(16)); // 32 at 128
    allocated(t.heap.malloc(16)); // 32 at 160
    t.heap.free(b.address);
    const result = t.heap.realloc(a.address, 20); // 48
    assert.ok(result.ok && result.block);
    assert.equal(result.moved, false);
    assert.equal(result.block.address, a.address);
    assert.equal(result.block.blockSize, 48);
    assert.deepEqual(freeExtents(t), [[48, 80 + 32]]);
    assertMemoryMatches(t);
  });

  it('grows in place into the free block above, leaving the rest free', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(16)); // 32 at 0
    const b = allocated(t.heap.malloc(100)); // 128 at 32
    allocated(t.heap.malloc(16)); // 32 at 160
    t.heap.free(b.address);
    t.host.writeBytes(a.address, pattern(16));
    const result = t.heap.realloc(a.address, 60); // 80: 32 + 48 of the 128 above
    assert.ok(result.ok && result.block);
    assert.equal(result.moved, false);
    assert.equal(result.block.blockSize, 80);
    assert.deepEqual(freeExtents(t), [[80, 80]]);
    assert.deepEqual(t.host.readBytes(a.address, 16), pattern(16));
    assertMemoryMatches(t);
  });

  it('grows in place past the break when the block is the last one', () => {
    const t = makeHeap();
    allocated(t.heap.malloc(16));
    const last = allocated(t.heap.malloc(16));
    const breakBefore = t.host.breakAddress;
    const result = t.heap.realloc(last.address, 1000); // 1024
    assert.ok(result.ok && result.block);
    assert.equal(result.moved, false);
    assert.equal(t.host.breakAddress, breakBefore + 1024 - 32);
    assertMemoryMatches(t);
  });

  it('grows in place into a free last block and past the break', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(16));
    const b = allocated(t.heap.malloc(16));
    t.heap.free(b.address);
    const result = t.heap.realloc(a.address, 200); // 224 = 32 + 32 + 160 more
    assert.ok(result.ok && result.block);
    assert.equal(result.moved, false);
    assert.equal(t.host.breakAddress, a.blockStart + 224);
    assert.deepEqual(t.heap.freeList(), []);
    assertMemoryMatches(t);
  });

  it('moves a block it cannot grow: new block, payload copied byte for byte, old block freed', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(40));
    allocated(t.heap.malloc(1));
    t.host.writeBytes(a.address, pattern(40));
    const result = t.heap.realloc(a.address, 100);
    assert.ok(result.ok && result.block);
    assert.equal(result.moved, true);
    assert.equal(result.old, a);
    assert.equal(a.state, 'freed');
    assert.deepEqual(t.host.readBytes(result.block.address, 40), pattern(40));
    assert.deepEqual(freeExtents(t), [[0, 64]]);
    assertMemoryMatches(t);
  });

  it('copies through words when the host has no byte copy', () => {
    const t = makeHeap({ byteCopy: false });
    const a = allocated(t.heap.malloc(24));
    allocated(t.heap.malloc(1));
    const words = [1, 2 ** 52 + 3, 123456789];
    words.forEach((w, i) => t.host.writeWord(a.address + 8 * i, w));
    const result = t.heap.realloc(a.address, 64);
    assert.ok(result.ok && result.block && result.moved);
    assert.deepEqual(words.map((_, i) => t.host.readWord(result.block!.address + 8 * i)), words);
  });

  it('keeps the block and its bytes when there is no room to move it', () => {
    const t = makeHeap({ heapLimit: 24 + 64 });
    const a = allocated(t.heap.malloc(16));
    allocated(t.heap.malloc(16));
    t.host.writeBytes(a.address, pattern(16));
    const result = t.heap.realloc(a.address, 100);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'out-of-memory');
    assert.equal(a.state, 'allocated');
    assert.deepEqual(t.host.readBytes(a.address, 16), pattern(16));
    assertMemoryMatches(t);
  });

  it('counts an in-place realloc as valgrind does: a new record and a free of the old one', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(16));
    const result = t.heap.realloc(a.address, 20);
    assert.ok(result.ok && result.block);
    assert.equal(result.moved, false);
    assert.notEqual(result.block.id, a.id);
    assert.equal(a.state, 'freed');
    assert.equal(t.heap.blockAt(a.address), result.block);
    const s = t.heap.stats();
    assert.deepEqual([s.totalAllocs, s.totalFrees, s.totalBytesAllocated, s.allocatedBytes], [2, 1, 36, 20]);
  });

  it('reports realloc of a pointer that is no block as invalid, and of a freed block as a double free', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(16));
    allocated(t.heap.malloc(16));
    const interior = t.heap.realloc(a.address + 4, 40);
    assert.equal(!interior.ok && interior.reason, 'invalid-free');
    assert.equal(!interior.ok && interior.block, a);
    t.heap.free(a.address);
    const stale = t.heap.realloc(a.address, 40);
    assert.equal(!stale.ok && stale.reason, 'double-free');
    assertMemoryMatches(t);
  });

  it('keeps an mmapped block in its region while the new size fits, and moves it otherwise', () => {
    const t = makeHeap();
    const big = allocated(t.heap.malloc(140_000)); // a region of 35 pages: 143360 bytes, 143344 of payload
    assert.equal(big.mmapped, true);
    t.host.writeBytes(big.address, pattern(64));
    const same = t.heap.realloc(big.address, 143_344);
    assert.ok(same.ok && same.block);
    assert.equal(same.moved, false);
    assert.equal(t.host.mappings.length, 1);
    const moved = t.heap.realloc(same.block.address, 300_000);
    assert.ok(moved.ok && moved.block);
    assert.equal(moved.moved, true);
    assert.equal(t.host.mappings.length, 1, 'the old region is unmapped');
    assert.deepEqual(t.host.readBytes(moved.block.address, 64), pattern(64));
    const small = t.heap.realloc(moved.block.address, 10);
    assert.ok(small.ok && small.block);
    assert.equal(small.block.mmapped, true, 'shrinking stays in the region, as glibc does');
  });
});
