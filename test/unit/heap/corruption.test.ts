// A program can write over the allocator's own words (memcheck reports and blocks such writes, but a
// debugger write or a run without checking can still do it). The allocator must notice, say where in
// glibc's words, change nothing, and never throw or loop.

import * as assert from 'node:assert/strict';
import type { HeapPolicy } from '../../../src/engine/heap/host';
import { allocated, makeHeap } from './harness';

function threeBlocks(policy: HeapPolicy = 'first') {
  const t = makeHeap({ policy });
  const b = [16, 16, 16].map((n) => allocated(t.heap.malloc(n)));
  return { t, b };
}

describe('heap allocator: scribbled allocator memory', () => {
  it('a scribbled header makes free report heap corruption and leaves the block allocated', () => {
    const { t, b } = threeBlocks();
    t.host.writeWord(b[1].blockStart, 0x4141414141);
    const before = t.host.heap.slice();
    const result = t.heap.free(b[1].address);
    assert.equal(result.ok, false);
    if (!result.ok && result.reason === 'heap-corrupted') {
      assert.equal(result.corruption.address, b[1].blockStart);
      assert.equal(result.corruption.message, 'free(): invalid size');
      assert.equal(result.corruption.expected, 32 + 1);
      assert.equal(result.corruption.found, 0x4141414141);
    } else assert.fail(`expected heap-corrupted, got ${JSON.stringify(result)}`);
    assert.equal(b[1].state, 'allocated');
    assert.deepEqual(t.host.heap, before);
  });

  it('an overflow into the footer or the next header is "invalid next size"', () => {
    const { t, b } = threeBlocks();
    t.host.writeWord(b[0].blockStart + 24, 7); // b[0]'s footer, right after its 16-byte payload
    const own = t.heap.free(b[0].address);
    assert.equal(!own.ok && own.reason === 'heap-corrupted' && own.corruption.message, 'free(): invalid next size (normal)');
    const other = threeBlocks();
    other.t.host.writeWord(other.b[2].blockStart, 0); // the next block's header
    const next = other.t.heap.free(other.b[1].address);
    assert.equal(!next.ok && next.reason === 'heap-corrupted' && next.corruption.address, other.b[2].blockStart);
  });

  it('a free-list link bent into a cycle stops malloc with a corruption report instead of looping', () => {
    const { t, b } = threeBlocks();
    allocated(t.heap.malloc(16));
    t.heap.free(b[0].address);
    t.heap.free(b[2].address);
    t.host.writeWord(b[2].blockStart + 8, b[0].blockStart); // next link of the last free block -> the first
    const before = t.host.heap.slice();
    const result = t.heap.malloc(100);
    assert.equal(!result.ok && result.reason, 'heap-corrupted');
    assert.equal(!result.ok && result.corruption?.message, 'malloc(): corrupted double-linked list');
    assert.equal(!result.ok && result.corruption?.address, b[2].blockStart + 8);
    assert.deepEqual(t.host.heap, before);
  });

  it('a scribbled free-list head or next-fit rover is reported by malloc', () => {
    const { t, b } = threeBlocks();
    t.heap.free(b[1].address);
    t.host.writeWord(t.host.heapBase, 0x1234);
    const head = t.heap.malloc(8);
    assert.equal(!head.ok && head.corruption?.message, 'malloc(): corrupted free list head');
    const next = threeBlocks('next');
    next.t.heap.free(next.b[1].address);
    next.t.host.writeWord(next.t.host.heapBase + 8, 0x999);
    const rover = next.t.heap.malloc(8);
    assert.equal(!rover.ok && rover.corruption?.message, 'malloc(): corrupted next-fit rover');
  });

  it('realloc checks the header too, and keeps the block', () => {
    const { t, b } = threeBlocks();
    t.host.writeWord(b[1].blockStart, 1);
    const result = t.heap.realloc(b[1].address, 400);
    assert.equal(!result.ok && result.reason, 'heap-corrupted');
    assert.equal(!result.ok && result.corruption?.message, 'realloc(): invalid old size');
    assert.equal(b[1].state, 'allocated');
  });

  it('a scribbled mmapped header is reported and the region stays mapped', () => {
    const t = makeHeap();
    const big = allocated(t.heap.malloc(200_000));
    t.host.writeWord(big.address - 8, 5);
    const result = t.heap.free(big.address);
    assert.equal(!result.ok && result.reason === 'heap-corrupted' && result.corruption.message, 'munmap_chunk(): invalid pointer');
    assert.equal(t.host.mappings.length, 1);
  });

  it('random scribbles over the heap never make it throw or hang: every answer is a typed result', () => {
    for (let seed = 1; seed <= 40; seed++) {
      let state = seed;
      const next = (n: number): number => {
        state = (state * 1103515245 + 12345) % 2 ** 31;
        return state % n;
      };
      const policy = (['first', 'next', 'best', 'worst'] as const)[seed % 4];
      const t = makeHeap({ policy, coalesce: seed % 2 === 0, heapLimit: 4096 });
      const live: number[] = [];
      let corrupted = 0;
      for (let step = 0; step < 200; step++) {
        if (step % 10 === 5) {
          const span = t.host.breakAddress - t.host.heapBase;
          if (span >= 8) t.host.writeWord(t.host.heapBase + 8 * next(span / 8), next(4096));
        }
        const choice = next(3);
        if (choice === 0 || live.length === 0) {
          const r = t.heap.malloc(next(200));
          if (r.ok) live.push(r.block.address);
          else if (r.reason === 'heap-corrupted') corrupted++;
        } else if (choice === 1) {
          const r = t.heap.free(live.splice(next(live.length), 1)[0]);
          if (!r.ok) assert.ok(['heap-corrupted', 'double-free', 'invalid-free'].includes(r.reason));
          if (!r.ok && r.reason === 'heap-corrupted') corrupted++;
        } else {
          const i = next(live.length);
          const r = t.heap.realloc(live[i], next(300));
          if (r.ok && r.block) live[i] = r.block.address;
          else if (r.ok) live.splice(i, 1);
          else if (r.reason === 'heap-corrupted') corrupted++;
        }
      }
      assert.ok(corrupted > 0, `seed ${seed}: the scribbles were noticed`);
    }
  });
});
