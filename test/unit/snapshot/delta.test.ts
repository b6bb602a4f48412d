import { strict as assert } from 'node:assert';
import { applyDelta, diffSnapshots } from '../../../src/engine/snapshot/delta';
import type { HeapChunk, ProcessView, Snapshot } from '../../../src/engine/snapshot/types';

function chunk(start: number, state: HeapChunk['state']): HeapChunk {
  return { key: start, start, headerSize: 16, payload: start + 16, requested: 24, size: 48, state, mmapped: false, preview: '00', definedBytes: 0 };
}

function process(chunks: HeapChunk[], sp: number): ProcessView {
  const counters = { vsz: 0, rss: 0, rssPeak: 0, shared: 0, pss: 0, swapped: 0, pageTableBytes: 0, minorFaults: 0, majorFaults: 0, invalidFaults: 0, cowFaults: 0, tlbHits: 0, tlbMisses: 0, simulatedTimeNs: 0, instructions: 0 };
  return {
    pid: 1, ppid: 0, name: 'prog', state: 'running',
    registers: { pc: 0x401000, sp, fp: sp + 16, brk: 0x405000 },
    regions: [], globals: [], pointers: [], pages: [], counters,
    stack: [{ key: 1, function: 'main', origin: 'user', site: { file: 0, line: 3, column: 1 }, pc: 0x401000, fp: sp + 16, low: sp, high: sp + 32, slots: [] }],
    heap: { policy: 'first', start: 0x405000, brk: 0x426000, freeList: [], totalFree: 0, largestFree: 0, externalFragmentation: 0, allocatedBlocks: chunks.length, allocatedBytes: 0, lastSearch: [] },
    chunks,
  };
}

function snapshot(step: number, p: ProcessView): Snapshot {
  return {
    version: 1, kind: 'full', step, files: ['prog.c'], current: 1, processes: [p],
    physical: { frameCount: 16, frameSize: 4096, frames: [] }, swap: { slotCount: 0, slots: [] },
    tlb: { size: 64, entries: [], hits: 0, misses: 0 }, errors: [], position: null,
  };
}

describe('snapshot deltas', () => {
  const before = snapshot(10, process([chunk(0x405000, 'allocated'), chunk(0x405030, 'allocated'), chunk(0x405060, 'free')], 0x7ffffffe000));
  const after = snapshot(25, process([chunk(0x405000, 'allocated'), chunk(0x405030, 'free'), chunk(0x405090, 'allocated')], 0x7ffffffdff0));

  it('sends only the heap chunks that changed or disappeared', () => {
    const delta = diffSnapshots(before, after);
    const chunks = delta.processes[0]!.chunks;
    assert.deepEqual(chunks.upsert.map((c) => c.key), [0x405030, 0x405090]);
    assert.deepEqual(chunks.remove, [0x405060]);
  });

  it('rebuilds exactly the later snapshot from the earlier one and the delta', () => {
    assert.deepEqual(applyDelta(before, diffSnapshots(before, after)), after);
  });

  it('refuses a delta computed against another step', () => {
    const delta = diffSnapshots(before, after);
    assert.throws(() => applyDelta(after, delta), /does not apply/);
  });
});
