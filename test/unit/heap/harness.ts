// Shared set-up for the allocator tests: an allocator over a FakeHost, result unwrapping, and the check
// that memory (read back by heap-walk.ts) says exactly what the allocator's views say.

import * as assert from 'node:assert/strict';
import { createAllocator } from '../../../src/engine/heap/allocator';
import type { AllocationResult, Allocator, BlockRecord, HeapPolicy } from '../../../src/engine/heap/host';
import { FakeHost, type FakeHostOptions } from './fake-host';
import { walkHeap } from './heap-walk';

export interface TestHeap {
  readonly host: FakeHost;
  readonly heap: Allocator;
}

export function makeHeap(options: { policy?: HeapPolicy; coalesce?: boolean; mmapThreshold?: number } & FakeHostOptions = {}): TestHeap {
  const host = new FakeHost(options);
  const heap = createAllocator(host, {
    policy: options.policy ?? 'first',
    coalesce: options.coalesce ?? true,
    mmapThreshold: options.mmapThreshold ?? 128 * 1024,
  });
  return { host, heap };
}

export function allocated(result: AllocationResult): BlockRecord {
  if (!result.ok) assert.fail(`allocation failed: ${result.reason}`);
  return result.block;
}

/** The first block's address: the heap base plus the 24-byte arena. */
export function firstBlock(host: FakeHost): number {
  return host.heapBase + 24;
}

/** Block offsets from the first block, as [offset, size] pairs of the free list. */
export function freeExtents(t: TestHeap): [number, number][] {
  const sizes = new Map(t.heap.chunks().map((c) => [c.start, c.size]));
  return t.heap.freeList().map((start) => [start - firstBlock(t.host), sizes.get(start) ?? -1]);
}

/** Asserts that the headers, footers and links in memory describe the heap the allocator reports. */
export function assertMemoryMatches(t: TestHeap): void {
  const stats = t.heap.stats();
  if (stats.heapStart === 0) return;
  const walked = walkHeap(t.host, stats.heapStart, stats.heapEnd);
  const brkChunks = t.heap.chunks().filter((c) => !c.block?.mmapped);
  assert.deepEqual(
    walked.blocks.map((b) => [b.start, b.size, b.allocated]),
    brkChunks.map((c) => [c.start, c.size, !c.free]),
    'blocks in memory',
  );
  assert.deepEqual(walked.freeList, t.heap.freeList(), 'free list in memory');
  for (const c of brkChunks) {
    if (c.block) assert.equal(c.block.blockStart, c.start, 'record and chunk agree');
  }
}

export interface ScriptStep {
  /** For an allocation: the block's offset from the first block, or -1 if it failed. */
  readonly offset?: number;
  readonly searched?: number;
  /** The free list after the step, as [offset, size] pairs. */
  readonly free: [number, number][];
}

/**
 * Runs malloc.py-style operations: "+n" allocates n bytes (the k-th allocation is pointer k), "-k" frees
 * pointer k. After every step it checks memory against the allocator's views.
 */
export function runScript(t: TestHeap, ops: string): ScriptStep[] {
  const pointers: number[] = [];
  const steps: ScriptStep[] = [];
  for (const op of ops.split(',')) {
    const n = Number(op.slice(1));
    if (op.startsWith('+')) {
      const result = t.heap.malloc(n);
      pointers.push(result.ok ? result.block.address : 0);
      steps.push({
        offset: result.ok ? result.block.blockStart - firstBlock(t.host) : -1,
        searched: result.ok ? result.block.searched : t.heap.lastSearch().length,
        free: freeExtents(t),
      });
    } else {
      const result = t.heap.free(pointers[n]);
      assert.ok(result.ok, `free of pointer ${n}`);
      steps.push({ free: freeExtents(t) });
    }
    assertMemoryMatches(t);
  }
  return steps;
}
