// Memcheck in the CPU: heap, stack and global out-of-bounds, use after free (exact, even after the
// memory is reused), dangling stack pointers, uninitialised values reported where they matter, each
// error once per site with a count, and writes into heap headers not performed.
import { strict as assert } from 'node:assert';
import { Asm, type FnBuilder } from './asm';
import { makeMachine, runToEnd } from './harness';
import { MODES } from './harness';

const FP = 255;
const SP = 254;
const ABS = 253;

/** call name(arg registers…) → dest (255: none), per docs/abi.md. */
function call(f: FnBuilder, name: string, args: number[], dest = 255): FnBuilder {
  const area = Math.ceil((args.length * 8) / 16) * 16;
  if (area) f.op('ADJSP', -area);
  args.forEach((r, i) => f.op('ST64', r, SP, 8 * i));
  f.op('CALL', name, dest);
  if (area) f.op('ADJSP', area);
  return f;
}

function heapProgram(body: (f: FnBuilder) => void, frameSize = 32, objects = {}): ReturnType<Asm['build']> {
  return new Asm()
    .fn('main', { nregs: 16, frameSize, variables: [{ name: 'arr', fpOffset: -16, size: 16 }, { name: 'x', fpOffset: -20, size: 4 }] }, (f) => {
      f.op('ENTER', frameSize);
      body(f);
      f.op('LI', 0, 0).op('RET', 0);
    })
    .native('exit')
    .native('malloc')
    .native('free')
    .native('calloc')
    .native('realloc')
    .build(objects);
}

for (const m of MODES) {
describe(`${m.name}: memcheck: heap`, () => {
  it('reports a write just past a heap block, in valgrind\'s words, and goes on', () => {
    const p = heapProgram((f) => {
      f.op('LI', 1, 20);
      call(f, 'malloc', [1], 2);
      f.op('LI', 3, 5).stmt(12).op('ST32', 3, 2, 20);
    });
    const r = runToEnd(p, m.options);
    assert.deepEqual(r.stop, { kind: 'exited', status: 0 });
    const [e] = r.machine.errors;
    assert.equal(e!.kind, 'invalid-write');
    assert.equal(e!.message, 'Invalid write of size 4');
    assert.match(e!.details[0]!, /^Address 0x[0-9a-f]+ is 0 bytes after a block of size 20 alloc'd$/);
    assert.equal(e!.stack[0]!.line, 12);
    assert.equal(e!.allocStack![0]!.function, 'malloc');
    assert.equal(e!.fatal, false);
  });

  it('a write into a heap header is reported and not performed', () => {
    const p = heapProgram((f) => {
      f.op('LI', 1, 24);
      call(f, 'malloc', [1], 2);
      f.op('LI', 3, 0x41).op('ST64', 3, 2, -16).op('ST64', 2, ABS, 0x600000);
    });
    const { machine } = makeMachine(p, m.options);
    const before = (() => {
      const m2 = makeMachine(p, m.options).machine;
      m2.run(1e6);
      return m2;
    })();
    machine.run(1e6);
    assert.equal(machine.errors[0]!.kind, 'invalid-write');
    assert.match(machine.errors[0]!.details[0]!, /16 bytes before a block of size 24 alloc'd/);
    // The header still holds what the allocator wrote (size | allocated), not 0x41.
    const heapStart = machine.current.space.heapStart;
    const header = machine.readMemory(heapStart, 8).bytes;
    assert.notEqual(header[0], 0x41);
    assert.deepEqual(header, before.readMemory(heapStart, 8).bytes);
  });

  it('use after free is exact even after the memory is reused by a new block', () => {
    const p = heapProgram((f) => {
      f.op('LI', 1, 20);
      call(f, 'malloc', [1], 2); // p
      call(f, 'free', [2]);
      call(f, 'malloc', [1], 4); // q: same address
      f.op('SUB64', 5, 4, 2).op('TRUNC32', 5, 5).op('ST32', 5, FP, -20); // x = q - p (0 when reused)
      f.op('LI', 3, 9).stmt(20).op('ST32', 3, 2, 4); // *(p+4): stale pointer
      f.stmt(21).op('ST32', 3, 4, 4); // *(q+4): fine
    });
    const r = runToEnd(p, m.options);
    // The new block really is at the old address.
    const [first, second] = r.machine.current.heap.allocator.records();
    assert.equal(first!.address, second!.address);
    assert.equal(r.machine.errors.length, 1);
    const e = r.machine.errors[0]!;
    assert.equal(e.kind, 'use-after-free');
    assert.match(e.details[0]!, /is 4 bytes inside a block of size 20 free'd/);
    assert.equal(e.stack[0]!.line, 20);
    assert.equal(e.freeStack![0]!.function, 'free');
  });

  it('calloc memory is defined, malloc memory is not: a branch on it is an uninitialised use', () => {
    for (const [fn, errors] of [['calloc', 0], ['malloc', 1]] as const) {
      const p = heapProgram((f) => {
        f.op('LI', 1, 4).op('LI', 6, 1);
        if (fn === 'calloc') call(f, 'calloc', [6, 1], 2);
        else call(f, 'malloc', [1], 2);
        f.op('LD32', 3, 2, 0).stmt(30).op('JZ', 3, 'z').label('z');
      });
      const r = runToEnd(p, m.options);
      assert.equal(r.machine.errors.length, errors, fn);
      if (errors) {
        assert.equal(r.machine.errors[0]!.kind, 'uninitialized');
        assert.equal(r.machine.errors[0]!.message, 'Conditional jump or move depends on uninitialised value(s)');
      }
    }
  });

  it('realloc carries definedness with the bytes; the new tail is undefined', () => {
    const p = heapProgram((f) => {
      f.op('LI', 1, 8);
      call(f, 'malloc', [1], 2);
      f.op('LI', 3, 7).op('ST32', 3, 2, 0).op('LI', 1, 64);
      call(f, 'realloc', [2, 1], 4);
      f.op('ST64', 4, ABS, 0x7ffffffde000);
    });
    const { machine } = makeMachine(p, m.options);
    machine.run(1e6);
    const block = machine.current.heap.liveBlocks()[0]!.block;
    assert.equal(block.requested, 64);
    const d = machine.definedness(block.address, 12);
    assert.deepEqual([...d], [0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    assert.equal(machine.definedness(block.address + 64, 1)[0], 2);
  });

  it('double free and invalid free are reported and do not corrupt the heap', () => {
    const p = heapProgram((f) => {
      f.op('LI', 1, 16);
      call(f, 'malloc', [1], 2);
      call(f, 'free', [2]);
      call(f, 'free', [2]);
      f.op('ADDR', 5, FP, -16, 1);
      call(f, 'free', [5]);
      call(f, 'malloc', [1], 6);
    });
    const r = runToEnd(p, m.options);
    assert.deepEqual(r.machine.errors.map((e) => e.kind), ['double-free', 'invalid-free']);
    assert.match(r.machine.errors[1]!.details[0]!, /local variable 'arr' of size 16 in the frame of main\(\)/);
    assert.equal(r.machine.heapSummary().inUseBlocks, 1);
  });
});

describe(`${m.name}: memcheck: stack and globals (which valgrind misses)`, () => {
  it('a write past a local array is an invalid write naming the variable', () => {
    const p = heapProgram((f) => {
      f.op('ADDR', 1, FP, -16, 1).op('LI', 2, 1).op('ST32', 2, 1, 12).stmt(40).op('ST32', 2, 1, 16);
    });
    const r = runToEnd(p, m.options);
    assert.equal(r.machine.errors.length, 1);
    assert.equal(r.machine.errors[0]!.kind, 'invalid-write');
    assert.match(r.machine.errors[0]!.details[0]!, /is 0 bytes after local variable 'arr' of size 16 in the frame of main\(\)$/);
    assert.equal(r.machine.errors[0]!.stack[0]!.line, 40);
  });

  it('a read past a global array is an invalid read naming the global', () => {
    const p = new Asm()
      .fn('main', {}, (f) => f.op('ENTER', 0).op('ADDR', 1, ABS, 0, 1).op('LD32', 2, 1, 16).op('LI', 0, 0).op('RET', 0))
      .native('exit')
      .build({ bss: 32, objects: [] });
    // Point the ADDR at the bss object: rebuild with the object at the bss address.
    const q = new Asm()
      .fn('main', {}, (f) => f.op('ENTER', 0).op('ADDR', 1, ABS, p.bss.address, 1).op('LD32', 2, 1, 16).op('LI', 0, 0).op('RET', 0))
      .native('exit')
      .build({ bss: 32, objects: [{ name: 'g', address: p.bss.address, size: 16, section: 'bss', kind: 'global' }] });
    const r = runToEnd(q, m.options);
    assert.equal(r.machine.errors[0]!.kind, 'invalid-read');
    assert.match(r.machine.errors[0]!.details[0]!, /is 0 bytes after global variable 'g' of size 16$/);
  });

  it('a pointer into a returned frame is dangling-stack on use', () => {
    const p = new Asm()
      .fn('g', { frameSize: 16, variables: [{ name: 'local', fpOffset: -4, size: 4 }] }, (f) => f.op('ENTER', 16).op('ADDR', 0, FP, -4, 1).op('RET', 0))
      .fn('main', {}, (f) => f.op('ENTER', 0).op('CALL', 'g', 1).stmt(9).op('LD32', 2, 1, 0).op('LI', 0, 0).op('RET', 0))
      .native('exit')
      .build();
    const r = runToEnd(p, m.options);
    const e = r.machine.errors[0]!;
    assert.equal(e.kind, 'dangling-stack');
    assert.match(e.details[0]!, /local variable 'local' of size 4 in the frame of g\(\), which has returned/);
    assert.equal(e.stack[0]!.line, 9);
  });
});

describe(`${m.name}: memcheck: uninitialised values and error counting`, () => {
  it('copying an undefined value is silent; branching on it (after a copy through memory) is reported there', () => {
    const p = heapProgram((f) => {
      f.op('LD32', 1, FP, -20).op('ST32', 1, FP, -16).op('LD32', 2, FP, -16).op('ADDI32', 3, 2, 1).stmt(50).op('JNZ', 3, 'x').label('x');
    });
    const r = runToEnd(p, m.options);
    assert.equal(r.machine.errors.length, 1);
    assert.equal(r.machine.errors[0]!.stack[0]!.line, 50);
  });

  it('an address computed from an undefined value is reported', () => {
    const p = heapProgram((f) => {
      f.op('LD64', 1, FP, -16).stmt(51).op('LD32', 2, 1, 0);
    });
    const r = runToEnd(p, m.options);
    assert.equal(r.machine.errors[0]!.message, 'Use of uninitialised value of size 8');
  });

  it('each distinct error (kind + site) is reported once, with a count', () => {
    const p = heapProgram((f) => {
      f.op('LI', 1, 4);
      call(f, 'malloc', [1], 2);
      f.op('LI', 5, 0).label('loop').op('ST32', 5, 2, 4).op('ADDI32', 5, 5, 1).op('LI', 6, 10).op('JLTS32', 5, 6, 'loop');
    });
    const r = runToEnd(p, m.options);
    assert.equal(r.machine.errors.length, 1);
    assert.equal(r.machine.errors[0]!.count, 10);
  });

  it('a value read from an invalid address counts as defined (one bug, one report)', () => {
    const p = heapProgram((f) => {
      f.op('LI', 1, 4);
      call(f, 'malloc', [1], 2);
      f.op('LD32', 3, 2, 8).op('JZ', 3, 'z').label('z');
    });
    const r = runToEnd(p, m.options);
    assert.deepEqual(r.machine.errors.map((e) => e.kind), ['invalid-read']);
  });

  it('with stopOnErrors, run() stops at each new error and can go on', () => {
    const p = heapProgram((f) => {
      f.op('LI', 1, 4);
      call(f, 'malloc', [1], 2);
      f.op('LD32', 3, 2, 8).op('ST32', 3, 2, 8);
    });
    const { machine } = makeMachine(p, { ...m.options, stopOnErrors: true });
    const a = machine.run(1e6);
    assert.equal(a.kind, 'error');
    assert.equal(a.kind === 'error' && a.error.kind, 'invalid-read');
    const b = machine.run(1e6);
    assert.equal(b.kind === 'error' && b.error.kind, 'invalid-write');
    assert.deepEqual(machine.run(1e6), { kind: 'exited', status: 0 });
  });

  it('null dereference is fatal: SIGSEGV, exit code 139', () => {
    const p = heapProgram((f) => f.op('LI', 1, 0).op('LD32', 2, 1, 8));
    const r = runToEnd(p, m.options);
    assert.equal(r.stop.kind === 'signaled' && r.stop.signal, 'SIGSEGV');
    assert.equal(r.machine.exitStatus, 139);
    const e = r.machine.errors[0]!;
    assert.deepEqual([e.kind, e.message, e.address, e.fatal], ['null-deref', 'Invalid read of size 4', 8, true]);
  });
});
}
