// Long random runs of malloc, free and realloc under every policy, checking after every step what must
// always hold: memory describes the same heap as the allocator's views, no live payload is ever touched
// by the allocator (each holds a pattern written by its owner), the statistics add up, and every live
// block is found by blockAt.

import * as assert from 'node:assert/strict';
import type { BlockRecord, HeapPolicy } from '../../../src/engine/heap/host';
import { assertMemoryMatches, makeHeap } from './harness';
import { walkHeap } from './heap-walk';

function fill(block: BlockRecord, length: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (block.id * 31 + i * 7) & 0xff);
}

describe('heap allocator: invariants over random runs', () => {
  for (const policy of ['first', 'next', 'best', 'worst'] as HeapPolicy[]) {
    for (const coalesce of [true, false]) {
      it(`${policy} fit${coalesce ? '' : ', no coalescing'}: memory, payloads, statistics and lookups stay consistent`, () => {
        for (let seed = 1; seed <= 8; seed++) {
          let state = seed * 2654435761;
          const next = (n: number): number => {
            state = (state * 1103515245 + 12345) % 2 ** 31;
            return state % n;
          };
          const t = makeHeap({ policy, coalesce, heapLimit: 64 * 1024, mmapThreshold: 4096 });
          // Each live block with the bytes its owner wrote (the first min(requested, 64) bytes).
          const live = new Map<BlockRecord, Uint8Array>();
          const own = (block: BlockRecord, keep?: Uint8Array): void => {
            const bytes = fill(block, Math.min(block.requested, 64));
            if (keep) bytes.set(keep.subarray(0, Math.min(keep.length, bytes.length)));
            t.host.writeBytes(block.address, bytes);
            live.set(block, bytes);
          };
          let moves = 0;
          for (let step = 0; step < 300; step++) {
            const blocks = [...live.keys()];
            const choice = next(10);
            const size = next(8) === 0 ? 4096 + next(8000) : next(300);
            if (choice < 4 || blocks.length === 0) {
              const r = t.heap.malloc(size);
              if (r.ok) own(r.block);
            } else if (choice < 7) {
              const victim = blocks[next(blocks.length)];
              assert.ok(t.heap.free(victim.address).ok);
              live.delete(victim);
            } else {
              const victim = blocks[next(blocks.length)];
              const kept = live.get(victim)!;
              const r = t.heap.realloc(victim.address, size);
              if (r.ok) {
                live.delete(victim);
                assert.equal(victim.state, 'freed', 'realloc always retires the old record');
                if (r.block) {
                  const expected = kept.subarray(0, Math.min(kept.length, size));
                  assert.deepEqual(t.host.readBytes(r.block.address, expected.length), expected, 'realloc keeps the contents');
                  own(r.block, kept);
                  if (r.moved) moves++;
                }
              }
            }
            assertMemoryMatches(t);
            for (const [block, bytes] of live) {
              assert.equal(block.state, 'allocated');
              assert.deepEqual(t.host.readBytes(block.address, bytes.length), bytes, `payload of block ${block.id} untouched`);
              assert.equal(t.heap.blockAt(block.address), block);
            }
            const stats = t.heap.stats();
            assert.equal(stats.allocatedBlocks, live.size);
            assert.equal(stats.allocatedBytes, [...live.keys()].reduce((sum, b) => sum + b.requested, 0));
            assert.equal(stats.totalAllocs - stats.totalFrees, live.size);
            const free = t.heap.chunks().filter((c) => c.free);
            assert.equal(stats.totalFree, free.reduce((sum, c) => sum + c.size, 0));
            if (policy === 'next' && stats.heapStart !== 0) {
              const rover = walkHeap(t.host, stats.heapStart, stats.heapEnd).rover;
              assert.ok(rover === 0 || t.heap.freeList().includes(rover), 'the rover names a free block');
            }
            if (coalesce) {
              const chunks = t.heap.chunks();
              for (let i = 1; i < chunks.length; i++) {
                const adjacent = chunks[i - 1].start + chunks[i - 1].size === chunks[i].start;
                assert.ok(!(adjacent && chunks[i - 1].free && chunks[i].free), 'no two neighbouring free blocks');
              }
            }
          }
          assert.ok(moves > 0 && t.heap.records().length > 100, 'the run exercised realloc moves');
        }
      });
    }
  }
});
