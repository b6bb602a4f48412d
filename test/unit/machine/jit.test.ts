// The JIT must be invisible: compiled code and the interpreter give the same output, steps, faults,
// memcheck reports and counters, and stop at exactly the same instruction for any budget.
import { strict as assert } from 'node:assert';
import { Asm, type FnBuilder } from './asm';
import { makeMachine } from './harness';
import type { Program } from '../../../src/engine/program';
import type { Machine } from '../../../src/engine/machine/machine';

const FP = 255;
const SP = 254;
const ABS = 253;

function call(f: FnBuilder, name: string, args: number[], dest = 255): FnBuilder {
  f.op('ADJSP', -16);
  args.forEach((r, i) => f.op('ST64', r, SP, 8 * i));
  return f.op('CALL', name, dest).op('ADJSP', 16);
}

/** A program with loops over memory, calls, recursion, natives, 64-bit values beyond 2^53 and bugs. */
function workload(bss: number): Program {
  return new Asm()
    .fn('fib', { nregs: 6, frameSize: 16, argBytes: 8 }, (f) =>
      f.op('ENTER', 16).op('LD32', 0, FP, 16).op('LI', 1, 2).op('JLTS32', 0, 1, 'small')
        .op('ADDI32', 2, 0, -1).op('ADJSP', -16).op('ST64', 2, SP, 0).op('CALL', 'fib', 3).op('ADJSP', 16)
        .op('ADDI32', 2, 0, -2).op('ADJSP', -16).op('ST64', 2, SP, 0).op('CALL', 'fib', 4).op('ADJSP', 16)
        .op('ADD32', 0, 3, 4).label('small').op('RET', 0))
    .fn('main', { nregs: 12, frameSize: 32, variables: [{ name: 'buf', fpOffset: -32, size: 16 }] }, (f) => {
      f.op('ENTER', 32);
      // for (i = 0; i < 3000; i++) { a[i % 512] += i; h = (h ^ i) * FNV_PRIME; }
      f.op('LI', 0, 0).op('LI64', 5, 14695981039346656037n - 2n ** 64n).op('ST64', 5, ABS, bss + 8 * 600);
      f.label('loop').op('LI', 1, 511).op('AND32', 2, 0, 1).op('SEXT32', 2, 2).op('MULI64', 2, 2, 8).op('ADDR', 3, ABS, bss, 1).op('ADD64', 3, 3, 2);
      f.op('LD64', 4, 3, 0).op('SEXT32', 6, 0).op('ADD64', 4, 4, 6).op('ST64', 4, 3, 0);
      f.op('LD64', 5, ABS, bss + 8 * 600).op('XOR64', 5, 5, 6).op('LI64', 7, 1099511628211n).op('MUL64', 5, 5, 7).op('ST64', 5, ABS, bss + 8 * 600);
      f.op('ADDI32', 0, 0, 1).op('LI', 1, 3000).op('JLTS32', 0, 1, 'loop');
      // An out-of-bounds write in a loop (one report, counted), an uninitialised branch.
      f.op('LI', 0, 0).op('ADDR', 8, FP, -32, 1).label('oob').op('ST32', 0, 8, 16).op('ADDI32', 0, 0, 1).op('LI', 1, 5).op('JLTS32', 0, 1, 'oob');
      f.op('LD32', 9, FP, -28).op('JZ', 9, 'z').label('z');
      f.op('LI', 1, 18);
      call(f, 'fib', [1], 10);
      f.op('LI', 1, 46);
      call(f, 'putchar', [1]);
      f.op('TRUNC32', 0, 10).op('RET', 0);
    })
    .native('exit')
    .native('putchar')
    .build({ bss: 8 * 601, objects: [{ name: 'a', address: bss, size: 8 * 512, section: 'bss', kind: 'global' }] });
}

const probe = workload(0);
const program = workload(probe.bss.address);

function outcome(machine: Machine, stop: unknown, out: string) {
  return {
    stop,
    out,
    steps: machine.steps,
    registers: machine.registers(),
    errors: machine.errors.map((e) => ({ kind: e.kind, message: e.message, details: e.details, stack: e.stack, count: e.count })),
    counters: machine.counters(),
    memory: Buffer.from(machine.readMemory(program.bss.address, 8 * 601).bytes).toString('hex'),
  };
}

function runAll(jit: boolean, budget: number) {
  const { machine, out } = makeMachine(program, { jit, jitThreshold: 0 });
  const stops: unknown[] = [];
  let stop = machine.run(budget);
  while (stop.kind === 'budget' || stop.kind === 'error') {
    stops.push([stop.kind, machine.steps, machine.registers().pc]);
    stop = machine.run(budget);
  }
  return { machine, result: outcome(machine, stop, out()), stops };
}

describe('JIT', () => {
  it('compiles the hot functions and agrees with the interpreter on everything', () => {
    const a = runAll(false, 1e9);
    const b = runAll(true, 1e9);
    assert.equal(a.machine.compiledFunctions, 0);
    assert.ok(b.machine.compiledFunctions >= 2);
    assert.deepEqual(b.result, a.result);
    assert.deepEqual(a.result.stop, { kind: 'exited', status: 2584 & 0xff });
    assert.deepEqual(a.result.errors.map((e) => [e.kind, e.count]), [['invalid-write', 5], ['uninitialized', 1]]);
  });

  for (const budget of [1, 7, 97, 1000]) {
    it(`stops at exactly the same instruction for a budget of ${budget}`, () => {
      const a = runAll(false, budget);
      const b = runAll(true, budget);
      assert.deepEqual(b.stops, a.stops);
      assert.deepEqual(b.result, a.result);
    });
  }

  it('agrees on a frame larger than a page (locals on several pages, one of them cold)', () => {
    const p = new Asm()
      .fn('main', { nregs: 4, frameSize: 3 * 4096 }, (f) =>
        f.op('ENTER', 3 * 4096).op('LI', 0, 0).label('l')
          .op('ST32', 0, FP, -8).op('ST32', 0, FP, -5000).op('LD32', 1, FP, -5000).op('ST32', 1, FP, -9000)
          .op('LD32', 2, FP, -9000).op('ADD32', 3, 1, 2).op('ST32', 3, FP, -12000)
          .op('ADDI32', 0, 0, 1).op('LI', 1, 300).op('JLTS32', 0, 1, 'l').op('LD32', 0, FP, -12000).op('RET', 0))
      .native('exit')
      .build();
    const run = (jit: boolean) => {
      const { machine } = makeMachine(p, { jit, jitThreshold: 0 });
      const stop = machine.run(1e6);
      return { stop, steps: machine.steps, counters: machine.counters(), errors: machine.errors.length };
    };
    assert.deepEqual(run(true), run(false));
    assert.deepEqual(run(true).stop, { kind: 'exited', status: (299 * 2) & 0xff });
  });

  it('agrees on a fault in compiled code (same steps, same report)', () => {
    const p = new Asm()
      .fn('main', { nregs: 4 }, (f) => f.op('ENTER', 0).op('LI', 0, 0).label('l').op('ADDI32', 0, 0, 1).op('LI', 1, 100).op('JLTS32', 0, 1, 'l').op('LI64', 2, 0x10000000n).op('LD32', 3, 2, 0).op('RET', 3))
      .native('exit')
      .build();
    const run = (jit: boolean) => {
      const { machine } = makeMachine(p, { jit, jitThreshold: 0 });
      const stop = machine.run(1e6);
      return { stop, steps: machine.steps, errors: machine.errors.map((e) => [e.kind, e.details, e.stack]) };
    };
    assert.deepEqual(run(true), run(false));
    assert.equal(run(true).errors[0]![0], 'segfault');
  });
});
