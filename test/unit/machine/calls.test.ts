// Calls and returns through the stack in simulated memory (docs/abi.md): frame layout bytes, the
// fp chain, arguments, smashed return addresses, stack overflow, function pointers.
import { strict as assert } from 'node:assert';
import { instructionLength, Op } from '../../../src/engine/compile/isa';
import { Asm } from './asm';
import { makeMachine, runToEnd } from './harness';
import { MODES } from './harness';

const FP = 255;
const SP = 254;
const ABS = 253;

function read64(m: ReturnType<typeof makeMachine>['machine'], va: number): number {
  const { bytes } = m.readMemory(va, 8);
  return Number(new DataView(bytes.buffer, bytes.byteOffset).getBigInt64(0, true));
}

for (const m of MODES) {
describe(`${m.name}: calls and frames`, () => {
  const program = new Asm()
    .fn('f', { nregs: 4, frameSize: 16, argBytes: 8, variables: [{ name: 'n', fpOffset: 16, size: 4, kind: 'param' }] }, (f) =>
      f.op('ENTER', 16).stmt(3).op('LD32', 0, FP, 16).op('ADDI32', 0, 0, 1).op('RET', 0),
    )
    .fn('main', { nregs: 4, frameSize: 16 }, (f) =>
      f.op('ENTER', 16).stmt(7).op('LI', 0, 41).op('ADJSP', -16).op('ST64', 0, SP, 0).op('CALL', 'f', 1).label('after').op('ADJSP', 16).stmt(8).op('RET', 1),
    )
    .native('exit')
    .build();
  const fAddr = Asm.addressOf(program, 'f');
  const body = fAddr + instructionLength(Op.ENTER);

  it('lays the frame out as documented: saved fp at fp+0, return address at fp+8, argument 0 at fp+16', () => {
    const { machine } = makeMachine(program, m.options);
    machine.setBreakpoints([body]);
    const stop = machine.run(1000);
    assert.deepEqual(stop, { kind: 'breakpoint', address: body });
    const [inner, outer] = machine.backtrace();
    assert.equal(inner!.function, 'f');
    assert.equal(outer!.function, 'main');
    const fp = machine.registers().fp;
    assert.equal(inner!.fp, fp);
    // The return address is the instruction after main's CALL.
    const main = program.functions.find((x) => x.name === 'main')!;
    const callAt = main.address + instructionLength(Op.ENTER) + instructionLength(Op.LI) + instructionLength(Op.ADJSP) + instructionLength(Op.ST64);
    assert.equal(read64(machine, fp + 8), callAt + instructionLength(Op.CALL));
    assert.equal(read64(machine, fp), outer!.fp);
    assert.equal(read64(machine, fp + 16), 41);
    // sp = fp - frameSize, 16-byte aligned at the call.
    assert.equal(machine.registers().sp, fp - 16);
    assert.equal((fp + 16) % 16, 0);
    // The caller's frame is described by its CALL's line.
    assert.equal(outer!.site.line, 7);
    assert.equal(inner!.site.line, 3);
    assert.deepEqual(machine.run(1000), { kind: 'exited', status: 42 });
  });

  it('a smashed return address sends the program astray: fault "return to a non-instruction address"', () => {
    for (const [target, mmu] of [
      [0x41414141, /no mapping/],
      [fAddr + 1, null],
    ] as const) {
      const smash = new Asm()
        .fn('f', { frameSize: 16 }, (f) => f.op('ENTER', 16).op('LI64', 0, BigInt(target)).op('ST64', 0, FP, 8).op('RETV'))
        .fn('main', {}, (f) => f.op('ENTER', 0).op('CALL', 'f', 255).op('LI', 0, 0).op('RET', 0))
        .native('exit')
        .build();
      fAddr; // same layout as `program` for f: its address is the text base
      const r = runToEnd(smash, m.options);
      assert.equal(r.stop.kind, 'signaled');
      assert.equal(r.machine.exitStatus, 139);
      const e = r.machine.errors.at(-1)!;
      assert.equal(e.kind, 'segfault');
      assert.equal(e.details[0], `return to a non-instruction address 0x${target.toString(16)}`);
      if (mmu) assert.match(e.details[1]!, mmu);
      assert.equal(e.stack[0]!.function, 'f');
    }
  });

  it('a return into the stack faults as execution of a non-executable page', () => {
    const p = new Asm()
      .fn('f', { frameSize: 16 }, (f) => f.op('ENTER', 16).op('ADDR', 0, FP, -16, 0).op('ST64', 0, FP, 8).op('RETV'))
      .fn('main', {}, (f) => f.op('ENTER', 0).op('CALL', 'f', 255).op('LI', 0, 0).op('RET', 0))
      .native('exit')
      .build();
    const r = runToEnd(p, m.options);
    assert.equal(r.machine.exitStatus, 139);
    assert.match(r.machine.errors.at(-1)!.details.join('\n'), /not executable/);
  });

  it('stack overflow is detected at ENTER, naming the function and the depth', () => {
    const p = new Asm()
      .fn('f', { frameSize: 64 }, (f) => f.op('ENTER', 64).op('CALL', 'f', 255).op('RETV'))
      .fn('main', {}, (f) => f.op('ENTER', 0).op('CALL', 'f', 255).op('LI', 0, 0).op('RET', 0))
      .native('exit')
      .build();
    const stackSize = 64 * 1024;
    const r = runToEnd(p, { ...m.options, stackSize });
    assert.equal(r.machine.exitStatus, 139);
    const e = r.machine.errors.at(-1)!;
    assert.equal(e.kind, 'stack-overflow');
    const found = /^stack overflow in f\(\) at depth (\d+)$/.exec(e.message);
    assert.ok(found, e.message);
    // Each level costs 8 (return address) + 8 (saved fp) + 64 bytes of frame.
    const depth = Number(found[1]);
    // Depth 0 is _start and 1 is main; f's frames fill the rest of the stack.
    assert.ok((depth - 2) * 80 <= stackSize && (depth - 1) * 80 + 200 > stackSize, `depth ${depth}`);
    assert.equal(e.stack[0]!.function, 'f');
    // The faulting ENTER did not move sp below the limit.
    assert.ok(r.machine.registers().sp >= 0x7ffffffff000 - stackSize);
  });

  it('calls through a function pointer; a null function pointer is a null dereference', () => {
    const p = new Asm()
      .fn('seven', {}, (f) => f.op('ENTER', 0).op('LI', 0, 7).op('RET', 0))
      .fn('main', {}, (f) => f.op('ENTER', 0).op('LI64', 0, 0x401000n).op('CALLR', 0, 1).op('RET', 1))
      .native('exit')
      .build();
    assert.deepEqual(runToEnd(p, m.options).stop, { kind: 'exited', status: 7 });
    const q = new Asm()
      .fn('main', {}, (f) => f.op('ENTER', 0).op('LI', 0, 0).op('CALLR', 0, 1).op('RET', 1))
      .native('exit')
      .build();
    const r = runToEnd(q, m.options);
    assert.equal(r.machine.exitStatus, 139);
    assert.equal(r.machine.errors.at(-1)!.kind, 'null-deref');
  });

  it('exit status is truncated to 8 bits; _start passes main\'s result to exit', () => {
    const p = new Asm().fn('main', {}, (f) => f.op('ENTER', 0).op('LI', 0, -1).op('RET', 0)).native('exit').build();
    assert.deepEqual(runToEnd(p, m.options).stop, { kind: 'exited', status: 255 });
  });

  it('argv: argc at sp, argv pointers, NULL, envp NULL, strings at the top of the stack', () => {
    const p = new Asm().fn('main', {}, (f) => f.op('ENTER', 0).op('LI', 0, 0).op('RET', 0)).native('exit').build();
    const { machine } = makeMachine(p, { ...m.options, argv: ['prog', 'hello'] });
    const sp = machine.registers().sp;
    assert.equal(sp % 16, 0);
    assert.equal(read64(machine, sp), 2);
    const a0 = read64(machine, sp + 8);
    const a1 = read64(machine, sp + 16);
    assert.equal(read64(machine, sp + 24), 0);
    assert.equal(read64(machine, sp + 32), 0);
    assert.equal(new TextDecoder().decode(machine.readMemory(a0, 5).bytes), 'prog\0');
    assert.equal(new TextDecoder().decode(machine.readMemory(a1, 6).bytes), 'hello\0');
    assert.equal(a1 + 6, 0x7ffffffff000);
    void ABS;
  });
});
}
