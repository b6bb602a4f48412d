// Leak categories as valgrind defines them, on synthetic memory (blocks and the words they hold) and on
// a running machine (roots: globals, the live stack, registers).
import { strict as assert } from 'node:assert';
import { findLeaks, type LeakBlock } from '../../../src/engine/check/leaks';
import { Asm, type FnBuilder } from '../machine/asm';
import { runToEnd } from '../machine/harness';

/** Blocks at 0x1000·(i+1) of the given sizes; `words` maps an address to the pointer value stored there. */
function leaks(sizes: number[], words: Map<number, number>, roots: number[]) {
  const blocks: LeakBlock[] = sizes.map((size, i) => ({ address: 0x10000 * (i + 1), size, object: i + 1 }));
  return findLeaks({
    blocks,
    registers: [],
    forEachRootWord: (visit) => roots.forEach((v) => visit(v, 0)),
    forEachWordIn: (start, size, visit) => {
      for (let a = start; a + 8 <= start + size; a += 8) visit(words.get(a) ?? 0, 0);
    },
    stackKey: (id) => `site${id}`,
  });
}

const B = (i: number, off = 0) => 0x10000 * (i + 1) + off;

describe('leak check (valgrind categories)', () => {
  it('a block pointed to from a root is still reachable, and so is what it points to', () => {
    const r = leaks([16, 32], new Map([[B(0), B(1)]]), [B(0)]);
    assert.deepEqual([r.reachable, r.definite], [{ bytes: 48, blocks: 2 }, { bytes: 0, blocks: 0 }]);
  });

  it('an unreferenced block is definitely lost; what only it points to is indirectly lost', () => {
    const r = leaks([16, 32, 8], new Map([[B(0), B(1)], [B(1) + 8, B(2)]]), []);
    assert.deepEqual(r.definite, { bytes: 16, blocks: 1 });
    assert.deepEqual(r.indirect, { bytes: 40, blocks: 2 });
    const lead = r.records.find((x) => x.kind === 'definite')!;
    assert.equal(lead.indirectBytes, 40);
  });

  it('in an unreachable cycle one block is definitely lost and the rest indirectly', () => {
    const r = leaks([16, 16, 16], new Map([[B(0), B(1)], [B(1), B(2)], [B(2), B(0)]]), []);
    assert.deepEqual([r.definite.blocks, r.indirect.blocks], [1, 2]);
  });

  it('a later clique leader that reaches an earlier one absorbs it', () => {
    // block 1 → block 0; nothing points at block 1: 1 is the lead, 0 indirect.
    const r = leaks([16, 16], new Map([[B(1), B(0)]]), []);
    assert.deepEqual([r.verdicts.get(1), r.verdicts.get(2)], ['indirect', 'definite']);
    assert.equal(r.records.find((x) => x.kind === 'definite')!.indirectBytes, 16);
  });

  it('a block reached only through an interior pointer is possibly lost', () => {
    const r = leaks([64, 16], new Map([[B(0) + 8, B(1)]]), [B(0, 24)]);
    assert.deepEqual(r.possible, { bytes: 80, blocks: 2 });
  });

  it("a word whose pointer tag names another object (a freed block's stale pointer) is no way into the block now at its address", () => {
    const blocks: LeakBlock[] = [{ address: B(0), size: 16, object: 7 }, { address: B(1), size: 16, object: 8 }];
    const judge = (rootTag: number, registerTag: number) =>
      findLeaks({
        blocks,
        registers: [B(1)],
        registerTags: [registerTag],
        forEachRootWord: (visit) => visit(B(0), rootTag),
        forEachWordIn: () => undefined,
        stackKey: (id) => `site${id}`,
      }).verdicts;
    assert.deepEqual([...judge(7, 8)], [[7, 'reachable'], [8, 'reachable']]);
    assert.deepEqual([...judge(0, 0)], [[7, 'reachable'], [8, 'reachable']], 'untagged values count by value, as in valgrind');
    assert.deepEqual([...judge(3, 3)], [[7, 'definite'], [8, 'definite']], 'tags of another (freed) object reach nothing');
  });

  it('a start pointer found in a possibly-lost block only makes its target possibly lost', () => {
    const r = leaks([64, 16], new Map([[B(0), B(1)]]), [B(0, 8)]);
    assert.deepEqual([r.verdicts.get(1), r.verdicts.get(2)], ['possible', 'possible']);
  });
});

const SP = 254;
const ABS = 253;

function call(f: FnBuilder, name: string, args: number[], dest = 255): FnBuilder {
  f.op('ADJSP', -16);
  args.forEach((r, i) => f.op('ST64', r, SP, 8 * i));
  return f.op('CALL', name, dest).op('ADJSP', 16);
}

describe('leak check on a machine', () => {
  it('a global pointer keeps its block reachable; a dropped pointer leaves a definite leak with its allocation stack', () => {
    const build = (bss: number) =>
      new Asm()
        .fn('main', { nregs: 8 }, (f) => {
          f.op('ENTER', 0).op('LI', 1, 40);
          call(f, 'malloc', [1], 2);
          f.op('ST64', 2, ABS, bss);
          f.op('LI', 1, 24).stmt(14);
          call(f, 'malloc', [1], 3);
          f.op('LI', 3, 0).op('LI', 2, 0).op('LI', 0, 0).op('RET', 0);
        })
        .native('exit')
        .native('malloc')
        .build({ bss: 8, objects: [{ name: 'keep', address: bss, size: 8, section: 'bss', kind: 'global' }] });
    const p = build(build(0).bss.address);
    const r = runToEnd(p);
    const l = r.machine.leakCheck();
    assert.deepEqual(l.reachable, { bytes: 40, blocks: 1 });
    assert.deepEqual(l.definite, { bytes: 24, blocks: 1 });
    const rec = l.records.find((x) => x.kind === 'definite')!;
    assert.deepEqual(rec.allocStack.slice(0, 2).map((s) => [s.function, s.line]), [['malloc', 0], ['main', 14]]);
    const h = r.machine.heapSummary();
    assert.deepEqual([h.inUseBytes, h.inUseBlocks, h.allocs, h.frees, h.bytesAllocated], [64, 2, 2, 0, 64]);
  });
});
