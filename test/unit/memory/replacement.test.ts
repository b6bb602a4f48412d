// Page replacement: each policy evicts the page it should, checked against reference strings computed by
// hand, through real accesses of an address space (a TLB of one entry, so every change of page walks).
import { strict as assert } from 'node:assert';
import { ACCESS_READ, ACCESS_WRITE } from '../../../src/engine/memory/fault';
import { ReferenceString } from '../../../src/engine/memory/reference-string';
import { createPolicy } from '../../../src/engine/memory/replacement';
import type { PagePolicy } from '../../../src/engine/settings';
import { makeSpace, RW } from './space';

/** Frames an mmap region's page tables take (PML4, PDPT, PD, PT). */
const TABLES = 4;

/**
 * Runs `refs` (page numbers) with `frames` frames for pages: each reference is one "instruction". Returns
 * the faulting references (true where the page was not resident) and the machine.
 */
function run(policy: PagePolicy, frames: number, refs: readonly number[], writes = false) {
  const m = makeSpace((TABLES + frames) * 4096, 1, { swapBytes: 64 * 4096, policy });
  const base = m.space.mmap(16 * 4096, RW, 0, false);
  if (policy === 'opt') {
    // The future, as the recording run would give it: reference i happens at instruction i + 1.
    const future = new ReferenceString();
    refs.forEach((page, i) => future.record(1, base / 4096 + page, i + 1));
    m.pager.future = () => future;
  }
  const faulted: boolean[] = [];
  for (const page of refs) {
    m.tick();
    const before = m.space.counters.minorFaults + m.space.counters.majorFaults;
    m.space.translate(base + page * 4096, writes ? ACCESS_WRITE : ACCESS_READ);
    faulted.push(m.space.counters.minorFaults + m.space.counters.majorFaults > before);
  }
  return { m, faulted, faults: faulted.filter(Boolean).length, base };
}

const BELADY = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
/** Silberschatz's reference string (Operating System Concepts, 9.4). */
const OSC = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1];

describe('page replacement policies (hand-computed reference strings)', () => {
  it('FIFO shows Belady\'s anomaly: 9 faults with 3 frames, 10 with 4', () => {
    assert.equal(run('fifo', 3, BELADY).faults, 9);
    assert.equal(run('fifo', 4, BELADY).faults, 10);
  });

  it('FIFO, LRU and OPT give the textbook 15, 12 and 9 faults on the Silberschatz string with 3 frames', () => {
    assert.equal(run('fifo', 3, OSC).faults, 15);
    assert.equal(run('lru', 3, OSC).faults, 12);
    assert.equal(run('opt', 3, OSC).faults, 9);
  });

  it('LRU evicts the least recently used page, exactly, even when its accesses hit the TLB', () => {
    // With a 64-entry TLB, pages 0 and 1 are TLB hits after their first walk: only the hit stamps tell
    // that page 0 was used after page 1, so page 1 must be the victim when page 3 arrives.
    const m = makeSpace((TABLES + 3) * 4096, 64, { swapBytes: 16 * 4096, policy: 'lru' });
    m.tlb.stampHits = true;
    const base = m.space.mmap(8 * 4096, RW, 0, false);
    for (const page of [0, 1, 2, 1, 0]) {
      m.tick();
      m.space.translate(base + page * 4096, ACCESS_READ);
    }
    m.tick();
    m.space.translate(base + 3 * 4096, ACCESS_READ);
    assert.equal(m.space.locate(base + 2 * 4096)?.kind, 'swap', 'page 2 (least recently used) was evicted');
    assert.equal(m.space.locate(base)?.kind, 'frame');
    assert.equal(m.space.locate(base + 4096)?.kind, 'frame');
  });

  it('clock gives a second chance to referenced pages and evicts the first unreferenced one', () => {
    // 3 frames, all referenced once: the hand clears 0, 1, 2 and comes back to evict page 0; then page 1
    // (bit cleared, not touched again) goes next, while page 3 — just loaded — stays.
    const { m, faults, base } = run('clock', 3, [0, 1, 2, 3, 4]);
    assert.equal(faults, 5);
    assert.equal(m.space.locate(base)?.kind, 'swap');
    assert.equal(m.space.locate(base + 4096)?.kind, 'swap');
    assert.equal(m.space.locate(base + 2 * 4096)?.kind, 'frame');
    assert.equal(m.space.locate(base + 3 * 4096)?.kind, 'frame');
  });

  it('clock keeps a page referenced since the hand passed it', () => {
    // The first eviction clears every bit and takes page 0; page 1 is then used again (its TLB entry was
    // dropped when its bit was cleared, so the access walks and sets the bit again), so when page 4
    // arrives the hand passes over page 1 and takes page 2.
    const { m, base } = run('clock', 3, [0, 1, 2, 3, 1, 4]);
    assert.equal(m.space.locate(base + 4096)?.kind, 'frame', 'page 1 had its second chance');
    assert.equal(m.space.locate(base + 2 * 4096)?.kind, 'swap');
  });

  it('random is deterministic: the same seed evicts the same pages every run', () => {
    const refs = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 6, 2, 4, 0];
    const a = run('random', 3, refs).faulted;
    const b = run('random', 3, refs).faulted;
    assert.deepEqual(a, b);
    assert.ok(a.filter(Boolean).length >= 7);
    // Another seed chooses differently at least once on this string.
    const other = createPolicy('random', 8, 12345);
    const same = createPolicy('random', 8);
    const facts = { frameCount: 8, evictable: () => true, referenced: () => false, clearReferenced: () => undefined, lastUse: () => 0, nextUse: () => Infinity };
    const picks = (p: ReturnType<typeof createPolicy>) => Array.from({ length: 10 }, () => p.victim(facts, 0));
    assert.notDeepEqual(picks(other), picks(same));
  });

  it('OPT never does worse than FIFO, LRU or clock', () => {
    const refs = [0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 5, 0, 1, 4, 4, 3, 2];
    const opt = run('opt', 3, refs).faults;
    for (const policy of ['fifo', 'lru', 'clock'] as const) assert.ok(opt <= run(policy, 3, refs).faults, policy);
  });
});
