// Swap: an evicted page takes its bytes, memcheck states and pointer tags to a slot and brings them back on
// a major fault; every fault kind is counted as what it is; RAM and swap exhausted is out of memory.
import { strict as assert } from 'node:assert';
import { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, MemoryFault } from '../../../src/engine/memory/fault';
import { UNDEFINED, NOACCESS } from '../../../src/engine/check/shadow';
import { makeSpace, RW, RO, NONE } from './space';

const TABLES = 4;

/** A space whose RAM holds `frames` pages besides the 4 tables of its mmap region. */
function small(frames: number, swapPages = 16, policy: 'fifo' | 'clock' = 'fifo') {
  const m = makeSpace((TABLES + frames) * 4096, 64, { swapBytes: swapPages * 4096, policy });
  const base = m.space.mmap(32 * 4096, RW, 0, false);
  const touch = (page: number, access = ACCESS_WRITE) => {
    m.tick();
    return m.space.translate(base + page * 4096, access);
  };
  return { ...m, base, touch };
}

describe('swap', () => {
  it('evicts the oldest page (FIFO) to a slot and reads it back on a major fault, bytes, states and tags intact', () => {
    const m = small(2);
    const pa = m.touch(0);
    m.mem.bytes[pa + 5] = 0xab;
    m.shadowMemory.state[pa + 6] = UNDEFINED;
    m.shadowMemory.state[pa + 7] = NOACCESS;
    m.shadowMemory.tags[(pa + 8) >> 3] = 42;
    m.touch(1);
    m.touch(2); // RAM is full: page 0 goes to swap
    assert.equal(m.space.locate(m.base)?.kind, 'swap');
    assert.equal(m.space.counters.swappedPages, 1);
    assert.equal(m.space.counters.residentPages, 2);
    assert.equal(m.space.counters.swapOuts, 1);
    assert.equal(m.pager.swap.usedSlots, 1);
    const walk = m.space.walk(m.base);
    assert.equal(walk.ok, false);
    assert.ok(walk.steps[3]!.flags.swapped, 'the leaf entry carries the swapped bit, and names the slot');

    const back = m.touch(0, ACCESS_READ); // major fault (page 1 is evicted to make room)
    assert.equal(m.space.counters.majorFaults, 1);
    assert.equal(m.mem.bytes[back + 5], 0xab);
    assert.equal(m.shadowMemory.state[back + 6], UNDEFINED);
    assert.equal(m.shadowMemory.state[back + 7], NOACCESS);
    assert.equal(m.shadowMemory.tags[(back + 8) >> 3], 42);
    assert.equal(m.pager.swap.usedSlots, 1, 'page 0\'s slot is free again; page 1 took one');
    assert.equal(m.pager.stats.swapIns, 1);
    assert.equal(m.pager.stats.swapOuts, 2);
  });

  it('counts each fault kind: minor on first touch, major from swap, invalid with the reason', () => {
    const m = small(2);
    m.touch(0);
    m.touch(1);
    m.touch(2);
    m.touch(0);
    assert.deepEqual([m.space.counters.minorFaults, m.space.counters.majorFaults, m.space.counters.invalidFaults], [3, 1, 0]);
    const ro = m.space.mmap(4096, RO, 0, false);
    const none = m.space.mmap(4096, NONE, 0, false);
    const reasons = [
      [m.base + 100 * 4096, ACCESS_READ],
      [ro, ACCESS_WRITE],
      [m.base, ACCESS_EXECUTE],
      [none, ACCESS_READ],
      [8, ACCESS_READ],
    ].map(([va, access]) => {
      try {
        m.tick();
        m.space.translate(va!, access!);
        return 'no fault';
      } catch (e) {
        return (e as MemoryFault).reason;
      }
    });
    assert.deepEqual(reasons, ['unmapped', 'write-protected', 'execute-protected', 'read-protected', 'null']);
    assert.equal(m.space.counters.invalidFaults, 5);
  });

  it('RAM and swap exhausted is an out-of-memory fault, not an invalid one', () => {
    const m = small(2, 1);
    m.touch(0);
    m.touch(1);
    m.touch(2); // the only slot now holds page 0
    assert.throws(() => m.touch(3), (e: MemoryFault) => e.reason === 'out-of-memory');
    assert.equal(m.space.counters.invalidFaults, 0);
  });

  it('the OOM killer is asked when nothing can be evicted, and its line travels with the fault', () => {
    const m = small(2, 0);
    const asked: number[] = [];
    m.pager.outOfMemory = (requester) => {
      asked.push(requester.pid);
      return 'Out of memory: Killed process 1 (t) total-vm:128kB, anon-rss:8kB';
    };
    m.touch(0);
    m.touch(1);
    assert.throws(() => m.touch(2), (e: MemoryFault) => e.reason === 'out-of-memory' && e.detail === 'Out of memory: Killed process 1 (t) total-vm:128kB, anon-rss:8kB');
    assert.deepEqual(asked, [1]);
  });

  it('pins the pages of the current instruction: an access straddling two pages keeps its first page', () => {
    const m = small(2);
    m.touch(0);
    m.touch(1);
    // One instruction touches pages 2 and 3 (as a straddling load does): page 2's frame must not be the
    // victim when page 3 needs one, although FIFO would pick it once page 0 and 1 are gone.
    m.tick();
    const first = m.space.translate(m.base + 2 * 4096, ACCESS_WRITE);
    m.space.translate(m.base + 3 * 4096, ACCESS_WRITE);
    assert.equal(m.space.locate(m.base + 2 * 4096)?.kind, 'frame');
    assert.equal((m.space.locate(m.base + 2 * 4096) as { physical: number }).physical, first);
  });

  it('privileged access brings a swapped page back; the debugger\'s locate reads it in place without a fault', () => {
    const m = small(2);
    const pa = m.touch(0);
    m.mem.bytes[pa] = 7;
    m.touch(1);
    m.touch(2);
    const at = m.space.locate(m.base);
    assert.equal(at?.kind, 'swap');
    assert.equal(m.pager.swap.byte((at as { slot: number }).slot, 0), 7);
    assert.equal(m.space.counters.majorFaults, 0);
    assert.equal(m.space.inspectWord(m.base), 7);
    assert.equal(m.space.counters.majorFaults, 0, 'inspecting reads the slot in place');
    m.tick();
    const back = m.space.peek(m.base);
    assert.equal(m.mem.bytes[back], 7);
    assert.equal(m.space.counters.majorFaults, 1);
    assert.equal(m.space.inspectWord(m.base), 7);
  });

  it('munmap of swapped pages frees their slots', () => {
    const m = small(2);
    m.touch(0);
    m.touch(1);
    m.touch(2);
    assert.equal(m.pager.swap.usedSlots, 1);
    m.space.munmap(m.base, 32 * 4096);
    assert.equal(m.pager.swap.usedSlots, 0);
    assert.equal(m.space.counters.swappedPages, 0);
    assert.equal(m.space.counters.residentPages, 0);
  });

  it('64 KiB of physical memory works: page tables take frames too, and the rest swaps', () => {
    const m = makeSpace(64 * 1024, 64, { swapBytes: 256 * 4096, policy: 'clock' });
    const base = m.space.mmap(40 * 4096, RW, 0, false);
    for (let round = 0; round < 2; round++) {
      for (let page = 0; page < 40; page++) {
        m.tick();
        const pa = m.space.translate(base + page * 4096, ACCESS_WRITE);
        if (round === 0) m.mem.bytes[pa] = page;
        else assert.equal(m.mem.bytes[pa], page);
      }
    }
    assert.equal(m.mem.frameCount, 16);
    assert.equal(m.space.counters.residentPages + m.space.counters.swappedPages, 40);
    assert.ok(m.space.counters.majorFaults >= 40 - 12);
  });
});
