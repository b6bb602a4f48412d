// Library functions see the machine through NativeCall: arguments from the stack slots (with pointer
// provenance), memory accesses checked as the program's own, attributed to the function and its caller.
import { strict as assert } from 'node:assert';
import { Asm, type FnBuilder } from './asm';
import { makeMachine, runToEnd, TEST_NATIVES } from './harness';
import { MODES } from './harness';
import type { NativeSpec } from '../../../src/engine/libc/native';

const FP = 255;
const SP = 254;

function call(f: FnBuilder, name: string, args: number[], dest = 255): FnBuilder {
  const area = Math.ceil((args.length * 8) / 16) * 16;
  if (area) f.op('ADJSP', -area);
  args.forEach((r, i) => f.op('ST64', r, SP, 8 * i));
  f.op('CALL', name, dest);
  if (area) f.op('ADJSP', area);
  return f;
}

for (const m of MODES) {
describe(`${m.name}: natives: NativeCall`, () => {
  it('strlen running off the end of a heap block is reported as strlen\'s invalid read, called from the caller\'s line', () => {
    const p = new Asm()
      .fn('main', {}, (f) => {
        f.op('ENTER', 0).op('LI', 1, 4);
        call(f, 'malloc', [1], 2);
        f.op('LI', 3, 0x41414141).op('ST32', 3, 2, 0).stmt(17);
        call(f, 'strlen', [2], 4);
        f.op('LI', 0, 0).op('RET', 0);
      })
      .native('exit')
      .native('malloc')
      .native('strlen')
      .build();
    const r = runToEnd(p, m.options);
    const e = r.machine.errors.find((x) => x.kind === 'invalid-read')!;
    assert.ok(e, JSON.stringify(r.machine.errors));
    assert.match(e.details[0]!, /is 0 bytes after a block of size 4 alloc'd/);
    assert.deepEqual(e.stack.slice(0, 2).map((s) => [s.function, s.line]), [['strlen', 0], ['main', 17]]);
  });

  it('memset past a local array is an invalid write by memset; the bytes beyond are still written (the stack is addressable)', () => {
    const p = new Asm()
      .fn('main', { frameSize: 32, variables: [{ name: 'buf', fpOffset: -32, size: 8 }] }, (f) => {
        f.op('ENTER', 32).op('ADDR', 1, FP, -32, 1).op('LI', 2, 0x55).op('LI', 3, 12);
        call(f, 'memset', [1, 2, 3]);
        f.op('LD32', 0, FP, -24).op('RET', 0);
      })
      .native('exit')
      .native('memset')
      .build();
    const r = runToEnd(p, m.options);
    assert.equal(r.machine.errors[0]!.kind, 'invalid-write');
    assert.equal(r.machine.errors[0]!.stack[0]!.function, 'memset');
    assert.match(r.machine.errors[0]!.details[0]!, /0 bytes after local variable 'buf' of size 8/);
    assert.deepEqual(r.stop, { kind: 'exited', status: 0x55 });
  });

  it('reads arguments from the caller\'s slots: int, long beyond 2^53, double, pointer with its provenance', () => {
    const seen: unknown[] = [];
    const probe: NativeSpec = {
      returns: 'long',
      run(c) {
        seen.push(c.int(0), c.long(1), c.double(2), c.pointer(3).object !== 0, c.argDefined(0, 'a'));
        return c.long(1) + 1n;
      },
    };
    const p = new Asm()
      .fn('main', { frameSize: 16, variables: [{ name: 'v', fpOffset: -8, size: 8 }] }, (f) => {
        f.op('ENTER', 16).op('LI', 1, -3).op('SEXT32', 1, 1).op('LI64', 2, 2n ** 60n + 1n).op('LIF', 3, 2.5).op('ADDR', 4, FP, -8, 1);
        // A double argument is stored whole with STF64 (docs/abi.md).
        f.op('ADJSP', -32).op('ST64', 1, SP, 0).op('ST64', 2, SP, 8).op('STF64', 3, SP, 16).op('ST64', 4, SP, 24).op('CALL', 'probe', 5).op('ADJSP', 32);
        f.op('SUB64', 6, 5, 2).op('TRUNC32', 0, 6).op('RET', 0);
      })
      .native('exit')
      .native('probe')
      .build();
    const r = runToEnd(p, { ...m.options, natives: { ...TEST_NATIVES, probe } });
    assert.deepEqual(seen, [-3, 2n ** 60n + 1n, 2.5, true, true]);
    assert.deepEqual(r.stop, { kind: 'exited', status: 1 });
  });

  it('argDefined reports an uninitialised argument at the call', () => {
    const probe: NativeSpec = { returns: 'int', run: (c) => (c.argDefined(0, 'the value') ? 1 : 0) };
    const p = new Asm()
      .fn('main', { frameSize: 16 }, (f) => {
        f.op('ENTER', 16).op('LD64', 1, FP, -8).stmt(5);
        call(f, 'probe', [1], 2);
        f.op('MOV', 0, 2).op('RET', 0);
      })
      .native('exit')
      .native('probe')
      .build();
    const r = runToEnd(p, { ...m.options, natives: { ...TEST_NATIVES, probe } });
    assert.deepEqual(r.stop, { kind: 'exited', status: 0 });
    assert.equal(r.machine.errors[0]!.kind, 'uninitialized');
    assert.deepEqual(r.machine.errors[0]!.stack.slice(0, 2).map((s) => s.function), ['probe', 'main']);
  });

  it('a native touching unmapped memory ends the process with SIGSEGV; abort gives SIGABRT (134)', () => {
    const p = new Asm()
      .fn('main', {}, (f) => {
        f.op('ENTER', 0).op('LI64', 1, 0x10000000n);
        call(f, 'strlen', [1], 2);
        f.op('LI', 0, 0).op('RET', 0);
      })
      .native('exit')
      .native('strlen')
      .build();
    const r = runToEnd(p, m.options);
    assert.equal(r.machine.exitStatus, 139);
    assert.equal(r.machine.errors[0]!.kind, 'segfault');
    assert.equal(r.machine.errors[0]!.stack[0]!.function, 'strlen');
    const q = new Asm().fn('main', {}, (f) => call(f.op('ENTER', 0), 'abort', []).op('LI', 0, 0).op('RET', 0)).native('exit').native('abort').build();
    const a = runToEnd(q, m.options);
    assert.deepEqual(a.stop, { kind: 'signaled', signal: 'SIGABRT', reason: 'abort() was called', error: undefined });
    assert.equal(a.machine.exitStatus, 134);
  });

  it('writes to stdout through the machine\'s io, and a missing native is a clear failure', () => {
    const p = new Asm()
      .fn('main', {}, (f) => {
        f.op('ENTER', 0).op('LI', 1, 72);
        call(f, 'putchar', [1]);
        f.op('LI', 1, 105);
        call(f, 'putchar', [1]);
        call(f, 'nosuch', []);
        f.op('LI', 0, 0).op('RET', 0);
      })
      .native('exit')
      .native('putchar')
      .native('nosuch')
      .build();
    const { machine, out } = makeMachine(p, m.options);
    const stop = machine.run(1e6);
    assert.equal(out(), 'Hi');
    assert.equal(stop.kind === 'signaled' && stop.reason, 'library function nosuch() is not available in memscope');
  });

  it('kernel functions: sbrk and mmap give addressable, defined memory; munmap removes it', () => {
    const p = new Asm()
      .fn('main', {}, (f) => {
        f.op('ENTER', 0).op('LI', 1, 4096);
        call(f, 'sbrk', [1], 2);
        f.op('LD32', 3, 2, 100).op('JZ', 3, 'ok').label('ok');
        f.op('LI', 4, 0).op('LI', 5, 8192).op('LI', 6, 3).op('LI', 7, 0x22).op('LI', 8, -1).op('SEXT32', 8, 8).op('LI', 9, 0);
        call(f, 'mmap', [4, 5, 6, 7, 8, 9], 10);
        f.op('LI', 3, 5).op('ST32', 3, 10, 4100);
        call(f, 'munmap', [10, 5], 11);
        f.op('LD32', 3, 10, 0);
        f.op('LI', 0, 0).op('RET', 0);
      })
      .native('exit')
      .native('sbrk')
      .native('mmap')
      .native('munmap')
      .build();
    const r = runToEnd(p, m.options);
    assert.equal(r.machine.errors.length, 1);
    assert.equal(r.machine.errors[0]!.kind, 'segfault');
    assert.match(r.machine.errors[0]!.details.join(' '), /not within mapped region/);
    assert.equal(r.machine.counters().minorFaults >= 2, true);
  });
});
}
