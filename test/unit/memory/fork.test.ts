// fork's memory: pages shared copy-on-write, a copy on the first write with memcheck state, isolation, and
// the RSS / shared / PSS arithmetic after fork.
import { strict as assert } from 'node:assert';
import { ACCESS_READ, ACCESS_WRITE, MemoryFault } from '../../../src/engine/memory/fault';
import { forkSpace } from '../../../src/engine/memory/fork';
import { ProcessShadow } from '../../../src/engine/check/shadow';
import { sharedAndPss } from '../../../src/engine/machine/accounting';
import { UNDEFINED } from '../../../src/engine/check/shadow';
import { makeSpace, RW, RX } from './space';

function forked(pages: number) {
  const m = makeSpace(1024 * 1024, 64, { swapBytes: 64 * 4096 });
  const base = m.space.mmap(16 * 4096, RW, 0, false);
  for (let k = 0; k < pages; k++) {
    m.tick();
    m.mem.bytes[m.space.translate(base + k * 4096, ACCESS_WRITE)] = 10 + k;
  }
  const shadow = new ProcessShadow(m.shadowMemory);
  const child = forkSpace(m.space, 2, shadow);
  shadow.attach(child);
  return { ...m, base, child };
}

describe('fork: copy-on-write address spaces', () => {
  it('shares every page: same virtual address, same frame, read-only and marked COW in both tables', () => {
    const { space, child, base, mem } = forked(3);
    const p = space.walk(base);
    const c = child.walk(base);
    assert.ok(p.ok && c.ok);
    assert.equal(p.frame, c.frame);
    assert.equal(mem.sharers[p.frame], 2);
    for (const w of [p, c]) {
      const leaf = w.steps[3]!.flags;
      assert.equal(leaf.writable, false);
      assert.equal(leaf.cow, true);
    }
    assert.equal(child.counters.residentPages, 3);
  });

  it('a write copies the page for the writer only (a COW fault), with its memcheck state: isolation', () => {
    const { space, child, base, mem, shadowMemory, tick, switchTo } = forked(2);
    const shared = space.walk(base);
    assert.ok(shared.ok);
    shadowMemory.state[shared.physical + 1] = UNDEFINED;
    shadowMemory.tags[(shared.physical + 8) >> 3] = 9;
    switchTo(child);
    tick();
    const pa = child.translate(base, ACCESS_WRITE);
    mem.bytes[pa] = 99;
    assert.equal(child.counters.cowFaults, 1);
    assert.equal(child.counters.minorFaults, 1, 'a COW fault is a minor fault');
    const after = child.walk(base);
    assert.ok(after.ok);
    assert.notEqual(after.frame, shared.frame, 'same virtual address, different frames');
    assert.equal(mem.bytes[shared.physical], 10, 'the parent still sees its value');
    assert.equal(shadowMemory.state[after.physical + 1], UNDEFINED, 'the copy keeps definedness');
    assert.equal(shadowMemory.tags[(after.physical + 8) >> 3], 9, 'and pointer tags');
    assert.equal(mem.sharers[shared.frame], 1);
    // The parent's later write finds the page no longer shared: no copy, just writable again.
    switchTo(space);
    tick();
    assert.equal(space.translate(base, ACCESS_WRITE), shared.physical);
    assert.equal(space.counters.cowFaults, 0);
    assert.equal(space.counters.minorFaults, 3);
  });

  it('RSS, shared and PSS after fork: shared pages count whole in RSS and halved in PSS', () => {
    const { space, child, base, tick, switchTo } = forked(4);
    const P = 4096;
    assert.deepEqual(sharedAndPss(space), { shared: 4 * P, pss: 2 * P });
    assert.deepEqual(sharedAndPss(child), { shared: 4 * P, pss: 2 * P });
    assert.equal(space.rss(), 4 * P);
    assert.equal(child.rss(), 4 * P);
    switchTo(child);
    tick();
    child.translate(base + 4096, ACCESS_WRITE); // the child copies one page
    assert.deepEqual(sharedAndPss(child), { shared: 3 * P, pss: 3 * P / 2 + P });
    assert.deepEqual(sharedAndPss(space), { shared: 3 * P, pss: 3 * P / 2 + P });
    assert.equal(child.rss(), 4 * P);
    // The sum of PSS is the memory really used: 5 frames.
    assert.equal(sharedAndPss(space).pss + sharedAndPss(child).pss, 5 * P);
  });

  it('text stays shared and read-only: a write is a protection fault, not a copy', () => {
    const m = makeSpace();
    const text = 0x401000;
    m.space.map(text, text + 4096, RX, 'text', 'text', 0);
    m.tick();
    m.space.translate(text, ACCESS_READ);
    const child = forkSpace(m.space, 2, new ProcessShadow(m.shadowMemory));
    m.switchTo(child);
    m.tick();
    assert.throws(() => child.translate(text, ACCESS_WRITE), (e: MemoryFault) => e.reason === 'write-protected');
    assert.equal(child.counters.cowFaults, 0);
    const c = child.walk(text);
    assert.ok(c.ok);
    assert.equal(m.mem.sharers[c.frame], 2);
  });

  it('a page in swap is shared too: the first to touch it brings it back for both', () => {
    const m = makeSpace((4 + 6) * 4096, 64, { swapBytes: 16 * 4096, policy: 'fifo' });
    const base = m.space.mmap(8 * 4096, RW, 0, false);
    for (const page of [0, 1, 2, 3, 4, 5, 6]) {
      m.tick();
      m.mem.bytes[m.space.translate(base + page * 4096, ACCESS_WRITE)] = 50 + page;
    }
    assert.equal(m.space.locate(base)?.kind, 'swap');
    // The child's tables need frames: RAM is tiny, so making them evicts the parent's pages too.
    const child = forkSpace(m.space, 2, new ProcessShadow(m.shadowMemory));
    assert.equal(child.counters.swappedPages + child.counters.residentPages, 7);
    assert.equal(m.space.counters.swappedPages, 5, 'the child\'s 4 tables took the frames of 4 more pages');
    m.switchTo(child);
    m.tick();
    const pa = child.peek(base);
    assert.equal(m.mem.bytes[pa], 50);
    assert.equal(m.space.locate(base)?.kind, 'frame', 'the parent\'s entry names the same frame');
    assert.equal((m.space.locate(base) as { physical: number }).physical, pa);
    m.tick();
    child.translate(base, ACCESS_WRITE);
    assert.equal(child.counters.cowFaults, 1);
  });

  it('destroying the child releases its tables and drops its share of every frame', () => {
    const { space, child, mem } = forked(3);
    const used = mem.usedFrames;
    const tables = child.table.tableFrames;
    child.destroy();
    assert.equal(mem.usedFrames, used - tables);
    const w = space.walk(space.vmas.all()[0]!.start);
    assert.ok(w.ok);
    assert.equal(mem.sharers[w.frame], 1);
  });
});
