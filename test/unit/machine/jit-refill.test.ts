// TLB misses in compiled code: a miss that the page-table walk alone resolves is refilled without
// leaving the region (AddressSpace.refill via the JIT's refill block). The simulation must not see the
// difference: instruction counts, TLB hits and misses, faults, page-table bits, TLB contents, memcheck
// reports and memory are the interpreter's, under every replacement policy, with RAM nearly full (where
// refills are refused), with watchpoints, and for any budget.
import { strict as assert } from 'node:assert';
import { Asm } from './asm';
import { makeMachine } from './harness';
import { AddressSpace } from '../../../src/engine/memory/address-space';
import type { Program } from '../../../src/engine/program';
import type { Machine, MachineOptions } from '../../../src/engine/machine/machine';

const FP = 255;
const ABS = 253;
/** 8-byte words in the array: 64 pages, so a 16-entry TLB misses on most accesses. */
const WORDS = 32768;
/** Words that belong to the array object: indices from here on are out of bounds (reported). */
const IN_BOUNDS = 32000;

/**
 * for (i = 0; i < 6000; i++) { j = (i * 1031) & (WORDS - 1); a[j] += i; s ^= a[(j * 7) & (WORDS - 1)]; }
 * through a pointer tagged with the array's object, so some indices are out of bounds, and with a local
 * (fp-relative) store in the loop, whose page the array's pages keep evicting.
 */
function walk(bss: number): Program {
  return new Asm()
    .fn('main', { nregs: 12, frameSize: 16 }, (f) => {
      f.op('ENTER', 16).op('LI', 0, 0).op('LI', 9, 0);
      f.label('loop').op('MULI32', 1, 0, 1031).op('LI', 2, WORDS - 1).op('AND32', 1, 1, 2);
      f.op('SEXT32', 3, 1).op('MULI64', 3, 3, 8).op('ADDR', 4, ABS, bss, 1).op('ADD64', 4, 4, 3);
      f.op('LD64', 5, 4, 0).op('SEXT32', 6, 0).op('ADD64', 5, 5, 6).op('ST64', 5, 4, 0);
      f.op('MULI32', 7, 1, 7).op('AND32', 7, 7, 2).op('SEXT32', 7, 7).op('MULI64', 7, 7, 8).op('ADDR', 8, ABS, bss, 1).op('ADD64', 8, 8, 7);
      f.op('LD32', 10, 8, 0).op('XOR32', 9, 9, 10).op('ST32', 9, FP, -8);
      f.op('ADDI32', 0, 0, 1).op('LI', 11, 6000).op('JLTS32', 0, 11, 'loop');
      f.op('LD32', 0, FP, -8).op('RET', 0);
    })
    .native('exit')
    .build({ bss: 8 * WORDS, objects: [{ name: 'a', address: bss, size: 8 * IN_BOUNDS, section: 'bss', kind: 'global' }] });
}

const program = walk(walk(0).bss.address);

function outcome(machine: Machine, stop: unknown) {
  return {
    stop,
    steps: machine.steps,
    registers: machine.registers(),
    counters: machine.counters(),
    pages: machine.pages(),
    tlb: machine.tlbEntries(),
    errors: machine.errors.map((e) => ({ kind: e.kind, message: e.message, stack: e.stack, count: e.count })),
    memory: Buffer.from(machine.readMemory(program.bss.address, 8 * WORDS).bytes).toString('hex'),
  };
}

/** Counts AddressSpace.refill calls that filled the TLB while `body` runs. */
function countingRefills<T>(body: () => T): { result: T; refills: number } {
  const original = AddressSpace.prototype.refill;
  let refills = 0;
  AddressSpace.prototype.refill = function (this: AddressSpace, va: number, access: number): number {
    const p = original.call(this, va, access);
    if (p >= 0) refills++;
    return p;
  };
  try {
    return { result: body(), refills };
  } finally {
    AddressSpace.prototype.refill = original;
  }
}

function run(jit: boolean, budget: number, options: Partial<MachineOptions> = {}, setUp?: (m: Machine) => void) {
  return countingRefills(() => {
    const { machine } = makeMachine(program, { jit, jitThreshold: 0, tlbEntries: 16, ...options });
    setUp?.(machine);
    const stops: unknown[] = [];
    let stop = machine.run(budget);
    while (stop.kind === 'budget' || stop.kind === 'error' || stop.kind === 'watch') {
      stops.push([stop.kind, machine.steps, machine.registers().pc]);
      stop = machine.run(budget);
    }
    return { stops, outcome: outcome(machine, stop) };
  });
}

describe('JIT TLB refill', () => {
  it('refills misses in compiled code and agrees with the interpreter on every counter and report', () => {
    const interpreted = run(false, 1e9);
    const compiled = run(true, 1e9);
    assert.equal(interpreted.refills, 0);
    assert.ok(compiled.refills > 3000, `only ${compiled.refills} refills`);
    assert.deepEqual(compiled.result.outcome, interpreted.result.outcome);
    const c = interpreted.result.outcome.counters;
    assert.ok(c.tlbMisses > 6000, `only ${c.tlbMisses} misses`);
    // Out-of-bounds indices were reported (each after a miss that compiled code refilled).
    const kinds = [...new Set(interpreted.result.outcome.errors.map((e) => e.kind))].sort();
    assert.deepEqual(kinds, ['invalid-read', 'invalid-write']);
    assert.ok(interpreted.result.outcome.errors.every((e) => e.count > 10));
  });

  for (const budget of [1, 7, 97]) {
    it(`stops at the same instruction with the same counters for a budget of ${budget}`, () => {
      const a = run(false, budget).result;
      const b = run(true, budget).result;
      assert.deepEqual(b.stops, a.stops);
      assert.deepEqual(b.outcome, a.outcome);
    });
  }

  for (const pagePolicy of ['lru', 'opt', 'fifo'] as const) {
    it(`agrees under the ${pagePolicy} policy (last-use stamps, reference string)`, () => {
      const a = run(false, 1e9, { pagePolicy }).result;
      const b = run(true, 1e9, { pagePolicy });
      assert.ok(b.refills > 0);
      assert.deepEqual(b.result.outcome, a.outcome);
    });
  }

  it('leaves misses to the interpreter when RAM is nearly full (swapping), with the same result', () => {
    const options = { physMem: 48 * 4096, swap: 4 * 1024 * 1024 };
    const a = run(false, 1e9, options).result;
    const b = run(true, 1e9, options);
    assert.ok(a.outcome.counters.majorFaults > 0, 'the run should swap');
    assert.deepEqual(b.result.outcome, a.outcome);
  });

  it('agrees with a watchpoint on one of the walked pages (hidden from the fast paths)', () => {
    const watch = (m: Machine) => m.setWatchpoints([{ address: program.bss.address + 8 * 4096, size: 8, access: 'readWrite' }]);
    const a = run(false, 1e9, {}, watch).result;
    const b = run(true, 1e9, {}, watch);
    assert.ok(a.stops.length > 0, 'the watchpoint should be hit');
    assert.ok(b.refills > 0);
    assert.deepEqual(b.result.stops, a.stops);
    assert.deepEqual(b.result.outcome, a.outcome);
  });
});
