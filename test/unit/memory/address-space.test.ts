import { strict as assert } from 'node:assert';
import { ACCESS_READ, ACCESS_WRITE, MemoryFault } from '../../../src/engine/memory/fault';
import { makeSpace, RW, RO, NONE } from './space';

const TOP = 0x7ffffffff000;

describe('address space: demand paging', () => {
  it('gives a page a frame on first touch only (one minor fault per page); VSZ ≫ RSS', () => {
    const { space } = makeSpace(4 * 1024 * 1024);
    const base = space.mmap(1024 * 1024 * 1024, RW, 0, false);
    assert.ok(base > 0);
    assert.equal(space.vsz(), 1024 * 1024 * 1024);
    assert.equal(space.rss(), 0);
    for (let k = 0; k < 10; k++) {
      space.translate(base + k * 4096, ACCESS_WRITE);
      space.translate(base + k * 4096 + 100, ACCESS_WRITE);
    }
    assert.equal(space.counters.minorFaults, 10);
    assert.equal(space.rss(), 10 * 4096);
    assert.equal(space.counters.peakResidentPages, 10);
  });

  it('places mmap regions top-down below the mmap top and reuses holes', () => {
    const { space } = makeSpace();
    const a = space.mmap(8192, RW, 0, false);
    const b = space.mmap(4096, RW, 0, false);
    assert.equal(a, 0x7ffff7fff000 - 8192);
    assert.equal(b, a - 4096);
    assert.ok(space.munmap(a, 8192));
    assert.equal(space.mmap(4096, RW, 0, false), 0x7ffff7fff000 - 4096);
  });

  it('munmap and mprotect split VMAs like /proc/self/maps shows', () => {
    const { space } = makeSpace();
    const a = space.mmap(4 * 4096, RW, 0, false);
    assert.ok(space.mprotect(a + 4096, 4096, RO));
    assert.ok(space.munmap(a + 2 * 4096, 4096));
    const maps = space.vmas.all().map((v) => [v.start - a, v.end - a, v.write]);
    assert.deepEqual(maps, [
      [0, 4096, true],
      [4096, 8192, false],
      [3 * 4096, 4 * 4096, true],
    ]);
    assert.equal(space.mprotect(a + 2 * 4096, 4096, RW), false);
  });

  it('mprotect changes present pages: a written page becomes read-only, PROT_NONE hides it and keeps its data', () => {
    const { space, mem } = makeSpace();
    const a = space.mmap(4096, RW, 0, false);
    const pa = space.translate(a, ACCESS_WRITE);
    mem.bytes[pa] = 42;
    space.mprotect(a, 4096, RO);
    assert.throws(() => space.translate(a, ACCESS_WRITE), (e: MemoryFault) => e.reason === 'write-protected');
    space.mprotect(a, 4096, NONE);
    assert.throws(() => space.translate(a, ACCESS_READ), (e: MemoryFault) => e.reason === 'read-protected');
    const w = space.walk(a);
    assert.equal(w.ok, false);
    space.mprotect(a, 4096, RW);
    assert.equal(mem.bytes[space.translate(a, ACCESS_READ)], 42);
  });

  it('brk grows and shrinks the heap VMA; frames of released heap pages are freed', () => {
    const { space, mem } = makeSpace();
    space.initHeap(0x605000, 0);
    assert.ok(space.setBrk(0x605000 + 10000));
    const heap = space.vmas.find(0x605000)!;
    assert.deepEqual([heap.name, heap.start, heap.end], ['[heap]', 0x605000, 0x605000 + 12288]);
    space.translate(0x605000 + 9000, ACCESS_WRITE);
    const used = mem.usedFrames;
    assert.ok(space.setBrk(0x605000 + 100));
    assert.equal(space.vmas.find(0x605000 + 9000), undefined);
    assert.equal(mem.usedFrames, used - 1);
    assert.equal(space.setBrk(0x604000), false);
  });
});

describe('address space: the stack', () => {
  it('grows down on demand within its limit, one page at a time', () => {
    const { space } = makeSpace(4 * 1024 * 1024);
    space.initStack(TOP, 1024 * 1024, 4096, 0);
    const vma = () => space.vmas.all().find((v) => v.kind === 'stack')!;
    assert.equal(vma().start, TOP - 4096);
    space.translate(TOP - 300 * 1024, ACCESS_WRITE);
    assert.equal(vma().start, TOP - 300 * 1024);
    assert.equal(space.counters.minorFaults, 1);
    assert.equal(space.vsz(), 300 * 1024);
  });

  it('faults in the guard page below the limit (stack overflow), and is unmapped further down', () => {
    const { space } = makeSpace(4 * 1024 * 1024);
    space.initStack(TOP, 1024 * 1024, 4096, 0);
    const limit = TOP - 1024 * 1024;
    space.translate(limit, ACCESS_WRITE);
    const guard = (() => {
      try {
        space.translate(limit - 8, ACCESS_WRITE);
      } catch (e) {
        return e as MemoryFault;
      }
      return undefined;
    })();
    assert.equal(guard?.reason, 'guard-page');
    assert.throws(() => space.translate(limit - 4096 - 8, ACCESS_WRITE), (e: MemoryFault) => e.reason === 'unmapped');
  });
});
