// The structural equality diffSnapshots uses instead of comparing JSON texts: it must call two items
// equal exactly when their JSON is equal, or deltas would miss changes (or resend unchanged items).
import { strict as assert } from 'node:assert';
import { diffSnapshots, sameJson } from '../../../src/engine/snapshot/delta';
import type { HeapChunk, Snapshot } from '../../../src/engine/snapshot/types';

const agreesWithJson = (a: unknown, b: unknown) => assert.equal(sameJson(a, b), JSON.stringify(a) === JSON.stringify(b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);

describe('snapshot item equality', () => {
  it('agrees with comparing JSON texts on scalars, nesting and arrays', () => {
    agreesWithJson({ a: 1, b: 'x', c: [1, 2, { d: true }] }, { a: 1, b: 'x', c: [1, 2, { d: true }] });
    agreesWithJson({ a: 1, c: [1, 2, { d: true }] }, { a: 1, c: [1, 2, { d: false }] });
    agreesWithJson({ a: [1, 2] }, { a: [1, 2, 3] });
    agreesWithJson({ a: [] }, { a: {} });
    agreesWithJson({ a: null }, { a: 0 });
    agreesWithJson({ a: '1' }, { a: 1 });
    agreesWithJson({ value: { text: '0x10', pointer: { kind: 'valid' } } }, { value: { text: '0x10', pointer: { kind: 'wild' } } });
  });

  it('treats a property holding undefined as absent, as JSON does', () => {
    assert.equal(sameJson({ a: 1, inScope: undefined }, { a: 1 }), true);
    assert.equal(sameJson({ a: 1 }, { a: 1, inScope: undefined }), true);
    assert.equal(sameJson({ a: 1, inScope: undefined }, { a: 1, inScope: false }), false);
  });

  it('ignores the order of properties (an item rebuilt in another order is the same item)', () => {
    assert.equal(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 }), true);
    assert.equal(sameJson({ a: 1, b: 2 }, { b: 2, a: 1, c: 3 }), false);
  });

  it('sends a heap chunk again when a single byte of its preview changed, and not otherwise', () => {
    const chunk = (preview: string): HeapChunk => ({ key: 0x405018, start: 0x405018, headerSize: 8, payload: 0x405020, requested: 16, size: 32, state: 'allocated', mmapped: false, blockId: 1, preview, definedBytes: 16 });
    const snapshot = (step: number, c: HeapChunk): Snapshot => ({
      version: 1, kind: 'full', step, files: [], current: 1, errors: [], position: null,
      physical: { frameCount: 0, frameSize: 4096, frames: [] }, swap: { slotCount: 0, slots: [] }, tlb: { size: 0, entries: [], hits: 0, misses: 0 },
      processes: [{
        pid: 1, ppid: 0, name: 'p', state: 'running', registers: { pc: 0, sp: 0, fp: 0, brk: 0 }, regions: [], stack: [], globals: [], pointers: [], pages: [],
        heap: { policy: 'first', start: 0, brk: 0, freeList: [], totalFree: 0, largestFree: 0, externalFragmentation: 0, allocatedBlocks: 1, allocatedBytes: 16, lastSearch: [] },
        chunks: [c],
        counters: { vsz: 0, rss: 0, rssPeak: 0, shared: 0, pss: 0, swapped: 0, pageTableBytes: 0, minorFaults: 0, majorFaults: 0, invalidFaults: 0, cowFaults: 0, tlbHits: 0, tlbMisses: 0, simulatedTimeNs: 0, instructions: 0 },
      }],
    });
    const before = snapshot(1, chunk('01000000000000000000000000000000'));
    assert.deepEqual(diffSnapshots(before, snapshot(2, chunk('01000000000000000000000000000000'))).processes[0]!.chunks.upsert, []);
    assert.equal(diffSnapshots(before, snapshot(2, chunk('01000000000000000000000000000001'))).processes[0]!.chunks.upsert.length, 1);
  });
});
