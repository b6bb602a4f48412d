// Hand-computed traces of each placement policy, with and without coalescing. Offsets are from the first
// block; a block is the request + 16 rounded up to 16 (at least 32); a split happens only when 32 bytes
// or more would be left. Every trace starts from the same heap:
//
//   offset  0    64   96        224  256      352  384 (break)
//           [64] [32] [128]     [32] [96]     [32]
//           free used free      used free     used
//
// built by SETUP below (pointers 0-5; pointer k is the k-th allocation of the whole script).

import * as assert from 'node:assert/strict';
import type { HeapPolicy } from '../../../src/engine/heap/host';
import { walkHeap } from './heap-walk';
import { makeHeap, runScript, type ScriptStep } from './harness';

const SETUP = '+48,+16,+112,+16,+80,+16,-0,-2,-4';
const SETUP_STEPS = 9;

function trace(policy: HeapPolicy, coalesce: boolean, ops: string): ScriptStep[] {
  const t = makeHeap({ policy, coalesce });
  const steps = runScript(t, `${SETUP},${ops}`);
  assert.deepEqual(steps[SETUP_STEPS - 1].free, [[0, 64], [96, 128], [256, 96]], 'the starting heap');
  return steps.slice(SETUP_STEPS);
}

const alloc = (offset: number, searched: number, free: [number, number][]): ScriptStep => ({ offset, searched, free });
const freed = (free: [number, number][]): ScriptStep => ({ free });

// +40 (64 bytes), +60 (80), +8 (32), then free those two, free pointer 1, and ask for +100 (128).
const OPS = '+40,+60,+8,-7,-8,-1,+100';

describe('heap policies: hand-computed traces', () => {
  it('first fit with coalescing takes the first block that fits; the merged space serves the last request', () => {
    assert.deepEqual(trace('first', true, OPS), [
      alloc(0, 1, [[96, 128], [256, 96]]),
      alloc(96, 1, [[176, 48], [256, 96]]),
      alloc(176, 1, [[256, 96]]), // 48 - 32 = 16 left: no split
      freed([[96, 80], [256, 96]]),
      freed([[96, 128], [256, 96]]), // merged with the free block below
      freed([[64, 160], [256, 96]]), // merged with the free block above
      alloc(64, 1, [[192, 32], [256, 96]]),
    ]);
  });

  it('first fit without coalescing leaves fragments too small for the last request, so the heap grows', () => {
    assert.deepEqual(trace('first', false, OPS), [
      alloc(0, 1, [[96, 128], [256, 96]]),
      alloc(96, 1, [[176, 48], [256, 96]]),
      alloc(176, 1, [[256, 96]]),
      freed([[96, 80], [256, 96]]),
      freed([[96, 80], [176, 48], [256, 96]]),
      freed([[64, 32], [96, 80], [176, 48], [256, 96]]),
      alloc(384, 4, [[64, 32], [96, 80], [176, 48], [256, 96]]),
    ]);
  });

  it('best fit with coalescing takes the smallest block that fits, looking at all of them', () => {
    assert.deepEqual(trace('best', true, OPS), [
      alloc(0, 3, [[96, 128], [256, 96]]),
      alloc(256, 2, [[96, 128]]), // 96 - 80 = 16 left: no split
      alloc(96, 1, [[128, 96]]),
      freed([[128, 96], [256, 96]]),
      freed([[96, 128], [256, 96]]),
      freed([[64, 160], [256, 96]]),
      alloc(64, 2, [[192, 32], [256, 96]]),
    ]);
  });

  it('best fit without coalescing', () => {
    assert.deepEqual(trace('best', false, OPS), [
      alloc(0, 3, [[96, 128], [256, 96]]),
      alloc(256, 2, [[96, 128]]),
      alloc(96, 1, [[128, 96]]),
      freed([[128, 96], [256, 96]]),
      freed([[96, 32], [128, 96], [256, 96]]),
      freed([[64, 32], [96, 32], [128, 96], [256, 96]]),
      alloc(384, 4, [[64, 32], [96, 32], [128, 96], [256, 96]]),
    ]);
  });

  it('worst fit with coalescing takes the largest block, the lowest address winning a tie', () => {
    assert.deepEqual(trace('worst', true, OPS), [
      alloc(96, 3, [[0, 64], [160, 64], [256, 96]]),
      alloc(256, 3, [[0, 64], [160, 64]]),
      alloc(0, 2, [[32, 32], [160, 64]]), // two 64-byte blocks: the first one
      freed([[32, 32], [160, 64], [256, 96]]),
      freed([[0, 64], [160, 64], [256, 96]]),
      freed([[0, 96], [160, 64], [256, 96]]),
      alloc(384, 3, [[0, 96], [160, 64], [256, 96]]),
    ]);
  });

  it('worst fit without coalescing', () => {
    assert.deepEqual(trace('worst', false, OPS), [
      alloc(96, 3, [[0, 64], [160, 64], [256, 96]]),
      alloc(256, 3, [[0, 64], [160, 64]]),
      alloc(0, 2, [[32, 32], [160, 64]]),
      freed([[32, 32], [160, 64], [256, 96]]),
      freed([[0, 32], [32, 32], [160, 64], [256, 96]]),
      freed([[0, 32], [32, 32], [64, 32], [160, 64], [256, 96]]),
      alloc(384, 5, [[0, 32], [32, 32], [64, 32], [160, 64], [256, 96]]),
    ]);
  });

  it('next fit starts where the last search ended, wraps around to the head, and its rover follows merges', () => {
    const t = makeHeap({ policy: 'next' });
    const steps = runScript(t, `${SETUP},+40,+60,+8,-7,-8,-1,+8,-9`);
    assert.deepEqual(steps.slice(SETUP_STEPS), [
      alloc(0, 1, [[96, 128], [256, 96]]), // rover: the block after, at 96
      alloc(96, 1, [[176, 48], [256, 96]]), // rover: the rest, at 176
      alloc(176, 1, [[256, 96]]), // rover: 256
      freed([[96, 80], [256, 96]]),
      freed([[96, 128], [256, 96]]),
      freed([[64, 160], [256, 96]]),
      alloc(256, 1, [[64, 160], [288, 64]]), // first fit would have taken 64; rover: 288
      freed([[64, 160], [256, 96]]), // the rover's block merged into the freed one below it
    ]);
    const first = t.host.heapBase + 24;
    assert.equal(walkHeap(t.host).rover, first + 256, 'the rover word in the arena moved to the merged block');
    const wrapped = runScript(t, '+100');
    assert.deepEqual(wrapped[0], alloc(64, 2, [[192, 32], [256, 96]]));
    assert.deepEqual(t.heap.lastSearch(), [first + 256, first + 64], '256 was too small: the search wrapped to the head');
    assert.equal(walkHeap(t.host).rover, first + 192);
  });

  it('next fit without coalescing', () => {
    const t = makeHeap({ policy: 'next', coalesce: false });
    const steps = runScript(t, `${SETUP},+40,+60,+8,-7,+16,+16`);
    assert.deepEqual(steps.slice(SETUP_STEPS), [
      alloc(0, 1, [[96, 128], [256, 96]]),
      alloc(96, 1, [[176, 48], [256, 96]]),
      alloc(176, 1, [[256, 96]]),
      freed([[96, 80], [256, 96]]),
      alloc(256, 1, [[96, 80], [288, 64]]), // from the rover at 256, not the freed 96
      alloc(288, 1, [[96, 80], [320, 32]]),
    ]);
  });
});
