import { strict as assert } from 'node:assert';
import { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, MemoryFault } from '../../../src/engine/memory/fault';
import { pteFrame, pteLo, pteHi, pteFlags, PTE_PRESENT } from '../../../src/engine/memory/pte';
import { tableIndex } from '../../../src/engine/memory/page-table';
import { makeSpace, RW, RX, RO, NONE } from './space';

function faultOf(f: () => unknown): MemoryFault {
  try {
    f();
  } catch (e) {
    if (e instanceof MemoryFault) return e;
    throw e;
  }
  assert.fail('expected a fault');
}

describe('page-table entries (PTE layout)', () => {
  it('keeps the frame number in bits 12–51 across the two halves', () => {
    for (const frame of [0, 1, 0xfffff, 0x100000, 0xffffffffff]) {
      const lo = pteLo(frame, PTE_PRESENT);
      const hi = pteHi(frame, true);
      assert.equal(pteFrame(lo, hi), frame);
      assert.equal(hi >>> 31, 1);
      assert.equal(pteFlags(lo, hi).nx, true);
      assert.equal(pteFlags(lo, hi).present, true);
      assert.equal(pteFlags(lo, hi).writable, false);
    }
  });
});

describe('4-level page-table walk', () => {
  it('splits a 48-bit address into four 9-bit indices', () => {
    const va = 0x7ffffffde123;
    assert.equal(tableIndex(va, 4), Number((BigInt(va) >> 39n) & 511n));
    assert.equal(tableIndex(va, 3), Number((BigInt(va) >> 30n) & 511n));
    assert.equal(tableIndex(va, 2), Number((BigInt(va) >> 21n) & 511n));
    assert.equal(tableIndex(va, 1), Number((BigInt(va) >> 12n) & 511n));
  });

  it('walks PML4 → PDPT → PD → PT stored in physical frames, with each entry\'s bits', () => {
    const { space, mem } = makeSpace();
    space.map(0x601000, 0x603000, RW, 'data', 'data', 0);
    const va = 0x601234;
    const pa = space.translate(va, ACCESS_WRITE);
    const w = space.walk(va);
    assert.ok(w.ok);
    assert.deepEqual(w.steps.map((s) => s.table), ['PML4', 'PDPT', 'PD', 'PT']);
    assert.deepEqual(w.steps.map((s) => s.index), [4, 3, 2, 1].map((l) => tableIndex(va, l as 4 | 3 | 2 | 1)));
    // Each step's table frame is the previous step's next frame, and the root is the address space's.
    assert.equal(w.steps[0]!.tableFrame, space.table.root);
    for (let i = 1; i < 4; i++) assert.equal(w.steps[i]!.tableFrame, w.steps[i - 1]!.nextFrame);
    // The entries really are in memory: read the leaf entry's bytes back.
    const leaf = w.steps[3]!;
    const lo = mem.u32[leaf.entryAddress >> 2]!;
    const hi = mem.u32[(leaf.entryAddress >> 2) + 1]!;
    assert.equal(leaf.entry, (BigInt(hi) << 32n) | BigInt(lo));
    assert.deepEqual(
      { p: leaf.flags.present, w: leaf.flags.writable, u: leaf.flags.user, a: leaf.flags.accessed, d: leaf.flags.dirty, nx: leaf.flags.nx },
      { p: true, w: true, u: true, a: true, d: true, nx: true },
    );
    assert.equal(w.physical, pa);
    assert.equal(w.frame * 4096 + (va % 4096), pa);
    // Four frames: the pages' frame plus PDPT, PD and PT (the PML4 was made with the space).
    assert.equal(space.table.tableFrames, 4);
  });

  it('reports where a walk stops for an address with no mapping', () => {
    const { space } = makeSpace();
    const w = space.walk(0x12345000);
    assert.equal(w.ok, false);
    if (!w.ok) {
      assert.equal(w.reason, 'not-present');
      assert.equal(w.level, 4);
      assert.equal(w.steps.length, 1);
    }
    assert.equal(space.walk(-1).ok, false);
    assert.equal(space.walk(2 ** 47).ok, false);
  });

  it('sets the dirty bit only on a write; text pages are read-only and executable', () => {
    const { space } = makeSpace();
    space.map(0x401000, 0x402000, RX, 'text', 'text', 0);
    space.map(0x601000, 0x602000, RW, 'data', 'data', 0);
    space.translate(0x401000, ACCESS_EXECUTE);
    space.translate(0x601000, ACCESS_READ);
    const text = space.walk(0x401000);
    const data = space.walk(0x601000);
    assert.ok(text.ok && data.ok);
    const t = text.steps[3]!.flags;
    const d = data.steps[3]!.flags;
    assert.deepEqual([t.writable, t.nx, t.accessed, t.dirty], [false, false, true, false]);
    assert.deepEqual([d.writable, d.nx, d.accessed, d.dirty], [true, true, true, false]);
    space.translate(0x601008, ACCESS_WRITE);
    const after = space.walk(0x601000);
    assert.ok(after.ok && after.steps[3]!.flags.dirty);
  });
});

describe('faults come from the walk', () => {
  it('any access below 0x1000 is a null dereference', () => {
    const { space } = makeSpace();
    for (const va of [0, 8, 0xfff]) assert.equal(faultOf(() => space.translate(va, ACCESS_READ)).reason, 'null');
    assert.equal(space.counters.invalidFaults, 3);
  });

  it('unmapped, non-canonical, write to read-only, execute of data, PROT_NONE', () => {
    const { space } = makeSpace();
    space.map(0x401000, 0x402000, RX, 'text', 'text', 0);
    space.map(0x402000, 0x403000, RO, 'rodata', 'rodata', 0);
    space.map(0x601000, 0x602000, RW, 'data', 'data', 0);
    space.map(0x700000, 0x701000, NONE, '[mmap]', 'mmap', 0);
    assert.equal(faultOf(() => space.translate(0x900000, ACCESS_READ)).reason, 'unmapped');
    assert.equal(faultOf(() => space.translate(2 ** 47 + 8, ACCESS_READ)).reason, 'non-canonical');
    assert.equal(faultOf(() => space.translate(-16, ACCESS_READ)).reason, 'non-canonical');
    // Present page, read-only entry: a write faults from the entry's W bit.
    space.translate(0x401000, ACCESS_READ);
    const f = faultOf(() => space.translate(0x401000, ACCESS_WRITE));
    assert.deepEqual([f.reason, f.access, f.address], ['write-protected', 'write', 0x401000]);
    // Not-present page of a read-only VMA: the fault handler refuses the write.
    assert.equal(faultOf(() => space.translate(0x402010, ACCESS_WRITE)).reason, 'write-protected');
    space.translate(0x601000, ACCESS_READ);
    assert.equal(faultOf(() => space.translate(0x601000, ACCESS_EXECUTE)).reason, 'execute-protected');
    assert.equal(faultOf(() => space.translate(0x700010, ACCESS_READ)).reason, 'read-protected');
  });

  it('an exhausted physical memory faults with out-of-memory', () => {
    const { space, mem } = makeSpace(16 * 4096);
    space.map(0x10000000, 0x20000000, RW, '[mmap]', 'mmap', 0);
    let n = 0;
    const f = faultOf(() => {
      for (;;) space.translate(0x10000000 + 4096 * n++, ACCESS_WRITE);
    });
    assert.equal(f.reason, 'out-of-memory');
    assert.equal(mem.freeFrames, 0);
  });
});

describe('physical frames', () => {
  it('are handed out lowest first, zeroed, with their owner recorded; page tables use frames too', () => {
    const { space, mem } = makeSpace(64 * 1024);
    assert.equal(mem.frameCount, 16);
    space.map(0x601000, 0x605000, RW, 'data', 'data', 0);
    const pa1 = space.translate(0x603000, ACCESS_WRITE);
    const pa2 = space.translate(0x601000, ACCESS_WRITE);
    // Frame 0: PML4; 1–3: PDPT, PD, PT; then pages in the order they were first touched.
    assert.equal(pa1, 4 * 4096);
    assert.equal(pa2, 5 * 4096);
    assert.deepEqual(mem.record(4), { frame: 4, use: 'page', pid: 1, page: 0x603000, sharers: 1 });
    assert.equal(mem.record(0).use, 'page-table');
    mem.bytes[pa1] = 99;
    space.munmap(0x603000, 4096);
    assert.equal(mem.record(4).use, 'free');
    // The freed frame is the lowest free one: it is reused, and zeroed.
    const pa3 = space.translate(0x602000, ACCESS_WRITE);
    assert.equal(pa3, 4 * 4096);
    assert.equal(mem.bytes[pa3], 0);
  });
});
