import * as assert from 'node:assert/strict';
import type { BlockRecord } from '../../../src/engine/heap/host';
import { allocated, assertMemoryMatches, freeExtents, makeHeap, type TestHeap } from './harness';

/** Five 32-byte blocks at offsets 0, 32, 64, 96, 128 (the last keeps the others away from the break). */
function fiveBlocks(coalesce = true): { t: TestHeap; b: BlockRecord[] } {
  const t = makeHeap({ coalesce });
  const b = [0, 1, 2, 3, 4].map(() => allocated(t.heap.malloc(16)));
  return { t, b };
}

describe('heap allocator: free and coalescing', () => {
  it('case 1: a block between two allocated ones joins the list alone', () => {
    const { t, b } = fiveBlocks();
    t.heap.free(b[1].address);
    assert.deepEqual(freeExtents(t), [[32, 32]]);
    assert.equal(t.host.readWord(b[1].blockStart), 32, 'header: size, allocated bit clear');
    assertMemoryMatches(t);
  });

  it('case 2: a block after a free one merges into it through the footer below', () => {
    const { t, b } = fiveBlocks();
    t.heap.free(b[1].address);
    t.heap.free(b[2].address);
    assert.deepEqual(freeExtents(t), [[32, 64]]);
    assertMemoryMatches(t);
  });

  it('case 3: a block before a free one absorbs it and takes its place in the list', () => {
    const { t, b } = fiveBlocks();
    t.heap.free(b[3].address);
    t.heap.free(b[0].address);
    t.heap.free(b[2].address);
    assert.deepEqual(freeExtents(t), [[0, 32], [64, 64]]);
    assertMemoryMatches(t);
  });

  it('case 4: a block between two free ones merges all three into one', () => {
    const { t, b } = fiveBlocks();
    t.heap.free(b[1].address);
    t.heap.free(b[3].address);
    t.heap.free(b[2].address);
    assert.deepEqual(freeExtents(t), [[32, 96]]);
    assert.equal(t.heap.chunks().length, 3);
    assertMemoryMatches(t);
  });

  it('without coalescing, neighbouring free blocks stay apart, listed by address', () => {
    const { t, b } = fiveBlocks(false);
    for (const i of [3, 1, 2]) t.heap.free(b[i].address);
    assert.deepEqual(freeExtents(t), [[32, 32], [64, 32], [96, 32]]);
    const grown = t.heap.malloc(60); // 80 bytes: only the three free blocks together would hold it
    assert.equal(grown.ok && grown.block.blockStart, 160 + t.host.heapBase + 24, 'so the heap grows instead');
    assert.deepEqual(freeExtents(t), [[32, 32], [64, 32], [96, 32]]);
    assertMemoryMatches(t);
  });

  it('reports an interior pointer as an invalid free, naming the block it points into, and changes nothing', () => {
    const { t, b } = fiveBlocks();
    const before = t.host.heap.slice();
    const result = t.heap.free(b[2].address + 8);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.reason, 'invalid-free');
      assert.equal(result.block, b[2]);
    }
    assert.equal(b[2].state, 'allocated');
    assert.deepEqual(t.host.heap, before);
  });

  it('reports stack, global, garbage and null pointers as invalid frees without touching memory', () => {
    const { t } = fiveBlocks();
    const before = t.host.heap.slice();
    for (const address of [0x7fffffffe000, 0x404010, 12345, 0, t.host.heapBase]) {
      const result = t.heap.free(address);
      assert.equal(!result.ok && result.reason, 'invalid-free', `free(0x${address.toString(16)})`);
      assert.equal(!result.ok && result.block, undefined);
    }
    assert.deepEqual(t.host.heap, before);
    assert.equal(t.heap.stats().totalFrees, 0);
  });

  it('reports a second free of the same block as a double free and leaves the heap as it was', () => {
    const { t, b } = fiveBlocks();
    t.heap.free(b[1].address);
    const before = t.host.heap.slice();
    const list = t.heap.freeList();
    const result = t.heap.free(b[1].address);
    assert.equal(!result.ok && result.reason, 'double-free');
    assert.equal(!result.ok && result.block, b[1]);
    assert.deepEqual(t.host.heap, before);
    assert.deepEqual(t.heap.freeList(), list);
    assert.equal(t.heap.stats().totalFrees, 1);
  });

  it('still knows a double free after the memory went to a new block, and keeps the new block', () => {
    const { t, b } = fiveBlocks();
    t.heap.free(b[1].address);
    t.heap.free(b[2].address); // one 64-byte free block at offset 32
    const reuse = allocated(t.heap.malloc(40)); // takes all of it; b[2]'s payload is now inside it
    const result = t.heap.free(b[2].address);
    assert.equal(!result.ok && result.reason, 'double-free');
    assert.equal(reuse.state, 'allocated');
    assert.deepEqual(t.heap.freeList(), []);
    assertMemoryMatches(t);
  });

  it('reports a free of a freed mmapped block as a double free without unmapping again', () => {
    const t = makeHeap();
    const big = allocated(t.heap.malloc(200_000));
    assert.ok(t.heap.free(big.address).ok);
    const again = t.heap.free(big.address);
    assert.equal(!again.ok && again.reason, 'double-free');
  });

  it('names the newest block at an address in a double free, before and after the first bad free', () => {
    const t = makeHeap();
    const a = allocated(t.heap.malloc(24));
    assert.ok(t.heap.free(a.address).ok);
    const b = allocated(t.heap.malloc(24)); // the same place again
    assert.equal(b.address, a.address);
    assert.ok(t.heap.free(b.address).ok);
    const first = t.heap.free(a.address); // the first bad free: the allocator looks the payload up in its history
    assert.equal(!first.ok && first.reason, 'double-free');
    assert.equal(!first.ok && first.block, b);
    const c = allocated(t.heap.malloc(24)); // recorded after that lookup
    assert.equal(c.address, a.address);
    assert.ok(t.heap.free(c.address).ok);
    const second = t.heap.free(a.address);
    assert.equal(!second.ok && second.block, c);
    const invalid = t.heap.free(a.address + 16);
    assert.equal(!invalid.ok && invalid.reason, 'invalid-free');
  });
});
