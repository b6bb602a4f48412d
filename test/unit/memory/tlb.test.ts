import { strict as assert } from 'node:assert';
import { ACCESS_READ, ACCESS_WRITE } from '../../../src/engine/memory/fault';
import { Tlb } from '../../../src/engine/memory/tlb';
import { makeSpace, RW } from './space';

describe('TLB', () => {
  it('misses once per page, then hits; a miss fills the entry from the walk', () => {
    const { space, tlb } = makeSpace();
    space.map(0x601000, 0x604000, RW, 'data', 'data', 0);
    space.translate(0x601000, ACCESS_READ);
    assert.deepEqual([tlb.hits, tlb.misses], [0, 1]);
    for (let k = 8; k < 4096; k += 8) space.translate(0x601000 + k, ACCESS_READ);
    assert.deepEqual([tlb.hits, tlb.misses], [511, 1]);
    space.translate(0x602000, ACCESS_READ);
    assert.deepEqual([tlb.hits, tlb.misses], [511, 2]);
  });

  it('lets a write hit only once the page is dirty: the first write walks to set D', () => {
    const { space, tlb } = makeSpace();
    space.map(0x601000, 0x602000, RW, 'data', 'data', 0);
    space.translate(0x601000, ACCESS_READ);
    space.translate(0x601008, ACCESS_WRITE);
    assert.equal(tlb.misses, 2);
    const w = space.walk(0x601000);
    assert.ok(w.ok && w.steps[3]!.flags.dirty);
    space.translate(0x601010, ACCESS_WRITE);
    assert.deepEqual([tlb.hits, tlb.misses], [1, 2]);
  });

  it('is direct-mapped: two pages whose numbers agree modulo the size evict each other', () => {
    const { space, tlb } = makeSpace(1024 * 1024, 4);
    space.map(0x600000, 0x610000, RW, 'data', 'data', 0);
    const a = 0x600000;
    const b = 0x600000 + 4 * 4096;
    space.translate(a, ACCESS_READ);
    space.translate(b, ACCESS_READ);
    space.translate(a, ACCESS_READ);
    assert.deepEqual([tlb.hits, tlb.misses], [0, 3]);
    space.translate(a + 4096, ACCESS_READ);
    space.translate(a, ACCESS_READ);
    assert.deepEqual([tlb.hits, tlb.misses], [1, 4]);
  });

  it('flush drops every entry; invalidate drops one page', () => {
    const { space, tlb } = makeSpace();
    space.map(0x601000, 0x603000, RW, 'data', 'data', 0);
    space.translate(0x601000, ACCESS_READ);
    space.translate(0x602000, ACCESS_READ);
    assert.equal(tlb.entries().length, 2);
    tlb.invalidate(0x601000 / 4096);
    assert.deepEqual(tlb.entries().map((e) => e.vpn), [0x602]);
    tlb.flush();
    assert.equal(tlb.entries().length, 0);
    space.translate(0x602000, ACCESS_READ);
    assert.equal(tlb.misses, 3);
  });

  it('unmapping a page invalidates its entry, so a stale translation is never used', () => {
    const { space } = makeSpace();
    space.map(0x601000, 0x602000, RW, 'data', 'data', 0);
    space.translate(0x601000, ACCESS_WRITE);
    space.munmap(0x601000, 4096);
    assert.throws(() => space.translate(0x601000, ACCESS_READ), (e: { reason?: string }) => e.reason === 'unmapped');
  });

  it('rejects sizes that are not powers of two', () => {
    assert.throws(() => new Tlb(48), RangeError);
    assert.equal(new Tlb(64).mask, 63);
  });
});
