// Driving the machine: breakpoints (patched instructions), stepping by instruction and by statement,
// pause inside an infinite loop, the step limit, and determinism.
import { strict as assert } from 'node:assert';
import { instructionLength, Op } from '../../../src/engine/compile/isa';
import { BREAK } from '../../../src/engine/machine/decode';
import { Asm } from './asm';
import { makeMachine, TEST_NATIVES } from './harness';
import { createTestAllocator } from './test-allocator';
import { Machine } from '../../../src/engine/machine/machine';

const FP = 255;
const SP = 254;

// Lines: 2 in add (its only statement); main: 10 (x = 0), 11 (loop: x = add(x)), 12 (x < 3), 13 (return x)
const program = new Asm()
  .fn('add', { frameSize: 16, argBytes: 8 }, (f) => f.op('ENTER', 16).stmt(2).op('LD32', 0, FP, 16).op('ADDI32', 0, 0, 1).op('RET', 0))
  .fn('main', { frameSize: 16 }, (f) =>
    f
      .op('ENTER', 16)
      .stmt(10).op('LI', 0, 0).op('ST32', 0, FP, -4)
      .label('loop')
      .stmt(11).op('LD32', 1, FP, -4).op('ADJSP', -16).op('ST64', 1, SP, 0).op('CALL', 'add', 2).op('ADJSP', 16).op('ST32', 2, FP, -4)
      .stmt(12).op('LD32', 3, FP, -4).op('LI', 4, 3).op('JLTS32', 3, 4, 'loop')
      .stmt(13).op('LD32', 0, FP, -4).op('RET', 0),
  )
  .native('exit')
  .build();

const line = (m: ReturnType<typeof makeMachine>['machine']) => m.backtrace(1)[0]!.site.line;
const fn = (m: ReturnType<typeof makeMachine>['machine']) => m.backtrace(1)[0]!.function;

describe('breakpoints', () => {
  it('stop before the instruction each time it is reached; only that instruction is patched', () => {
    const { machine } = makeMachine(program);
    const [addr] = machine.statementAddresses(0, 12);
    assert.deepEqual(machine.setBreakpoints([addr!]), [addr]);
    const patched = [...machine.text.op].filter((o) => o === BREAK).length;
    assert.equal(patched, 1);
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(machine.run(1e6), { kind: 'breakpoint', address: addr });
      assert.equal(line(machine), 12);
    }
    assert.deepEqual(machine.run(1e6), { kind: 'exited', status: 3 });
  });

  it('clearing restores the original instructions', () => {
    const { machine } = makeMachine(program);
    const before = machine.text.op.slice();
    machine.setBreakpoints(machine.statementAddresses(0, 11));
    machine.clearBreakpoints();
    assert.deepEqual(machine.text.op, before);
    assert.deepEqual(machine.run(1e6), { kind: 'exited', status: 3 });
  });

  it('an address that is not an instruction start is refused', () => {
    const { machine } = makeMachine(program);
    assert.deepEqual(machine.setBreakpoints([program.text.address + 1]), []);
  });
});

describe('stepping', () => {
  it('by instruction: one instruction per run()', () => {
    const { machine } = makeMachine(program);
    const pc0 = machine.registers().pc;
    machine.step('instruction');
    assert.deepEqual(machine.run(1e6), { kind: 'step' });
    assert.equal(machine.steps, 1);
    assert.notEqual(machine.registers().pc, pc0);
  });

  it('statement over stays in main; statement in enters add; statement out returns to main', () => {
    const { machine } = makeMachine(program);
    machine.setBreakpoints(machine.statementAddresses(0, 11));
    assert.equal(machine.run(1e6).kind, 'breakpoint');
    machine.clearBreakpoints();
    machine.step('statement-over');
    assert.deepEqual(machine.run(1e6), { kind: 'step' });
    assert.deepEqual([fn(machine), line(machine)], ['main', 12]);
    machine.step('statement-over');
    machine.run(1e6);
    assert.deepEqual([fn(machine), line(machine)], ['main', 11]);
    machine.step('statement-in');
    machine.run(1e6);
    assert.deepEqual([fn(machine), line(machine)], ['add', 2]);
    machine.step('statement-out');
    assert.deepEqual(machine.run(1e6), { kind: 'step' });
    assert.equal(fn(machine), 'main');
    // Back right after the CALL: the return value lands and the statement completes.
    const main = program.functions.find((f) => f.name === 'main')!;
    assert.ok(machine.registers().pc > main.address && machine.registers().pc < main.address + main.size);
    assert.deepEqual(machine.run(1e6), { kind: 'exited', status: 3 });
  });

  it('a user breakpoint interrupts a step', () => {
    const { machine } = makeMachine(program);
    const addAddr = program.functions.find((f) => f.name === 'add')!.address + instructionLength(Op.ENTER);
    machine.setBreakpoints(machine.statementAddresses(0, 11));
    machine.run(1e6);
    machine.setBreakpoints([addAddr]);
    machine.step('statement-over');
    assert.deepEqual(machine.run(1e6), { kind: 'breakpoint', address: addAddr });
  });
});

describe('bounded execution', () => {
  const spin = new Asm().fn('main', {}, (f) => f.op('ENTER', 0).label('l').op('JMP', 'l')).native('exit').build();

  it('run(budget) returns after the budget; pause() makes the next run() return at once', () => {
    const { machine } = makeMachine(spin);
    assert.deepEqual(machine.run(100_000), { kind: 'budget' });
    assert.equal(machine.steps, 100_000);
    machine.pause();
    assert.deepEqual(machine.run(100_000), { kind: 'paused' });
    assert.equal(machine.steps, 100_000);
    assert.deepEqual(machine.run(10), { kind: 'budget' });
  });

  it('pause() from inside a library call stops after that instruction', () => {
    const p = new Asm()
      .fn('main', {}, (f) => f.op('ENTER', 0).label('l').op('LI', 1, 46).op('ADJSP', -16).op('ST64', 1, SP, 0).op('CALL', 'putchar', 255).op('ADJSP', 16).op('JMP', 'l'))
      .native('exit')
      .native('putchar')
      .build();
    let writes = 0;
    const machine: Machine = new Machine(p, { physMem: 1 << 20, natives: TEST_NATIVES, allocator: createTestAllocator }, {
      write: () => {
        if (++writes === 3) machine.pause();
      },
      readStdin: () => -1,
    });
    assert.deepEqual(machine.run(1e9), { kind: 'paused' });
    assert.equal(writes, 3);
  });

  it('maxSteps stops a runaway program', () => {
    const { machine } = makeMachine(spin, { maxSteps: 5000 });
    assert.deepEqual(machine.run(1e9), { kind: 'max-steps' });
    assert.equal(machine.steps, 5000);
  });
});

describe('determinism', () => {
  it('the same program and input give the same steps, addresses, output and errors', () => {
    const p = new Asm()
      .fn('main', { nregs: 8 }, (f) => {
        f.op('ENTER', 0).op('LI', 1, 100);
        for (let i = 0; i < 3; i++) f.op('ADJSP', -16).op('ST64', 1, SP, 0).op('CALL', 'malloc', 2 + i).op('ADJSP', 16);
        f.op('LI', 6, 1).op('ST32', 6, 3, 100).op('SUB64', 7, 4, 2).op('TRUNC32', 0, 7).op('RET', 0);
      })
      .native('exit')
      .native('malloc')
      .build();
    const once = () => {
      const { machine } = makeMachine(p);
      const stop = machine.run(1e6);
      return { stop, steps: machine.steps, errors: machine.errors.map((e) => [e.kind, e.address, e.details]), counters: machine.counters(), regions: machine.regions() };
    };
    assert.deepEqual(once(), once());
  });
});
