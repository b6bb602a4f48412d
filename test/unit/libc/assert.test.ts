// assert's failure path against glibc: the same message on stderr and death by SIGABRT.

import { strict as assert } from 'node:assert';
import { LIBC } from '../../../src/engine/libc';
import { assertionMessage } from '../../../src/engine/libc/assert';
import { FakeMachine, FakeSignal, ptr, uint } from './fake-call';
import { runWithGcc } from './gcc';

describe('libc assert', () => {
  it('prints glibc’s message, program name first, then raises SIGABRT', () => {
    const m = new FakeMachine();
    m.programName = 'prog';
    assert.throws(
      () => LIBC.__assert_fail!.run(m.call('__assert_fail', [ptr(m.string('x > 0')), ptr(m.string('t.c')), uint(12), ptr(m.string('main'))])),
      (e: unknown) => e instanceof FakeSignal && e.signal === 'SIGABRT',
    );
    assert.equal(m.err(), "prog: t.c:12: main: Assertion `x > 0' failed.\n");
  });

  it('matches the message of a gcc-compiled program', () => {
    const run = runWithGcc('#include <assert.h>\nint main(void) {\n  int x = 0;\n  assert(x > 0 && "positive");\n  return 0;\n}\n');
    const expected = run
      ? run.stderr.toString()
      : "prog: probe.c:4: main: Assertion `x > 0 && \"positive\"' failed.\n";
    const program = expected.slice(0, expected.indexOf(':'));
    const file = expected.slice(program.length + 2, expected.indexOf(':', program.length + 2));
    assert.equal(assertionMessage(program, 'x > 0 && "positive"', file, 4, 'main'), expected);
    if (run) assert.equal(run.signal, 'SIGABRT');
  });

  it('leaves the program prefix out when the name is unknown', () => {
    assert.equal(assertionMessage(undefined, 'ok', 'a.c', 1, 'f'), "a.c:1: f: Assertion `ok' failed.\n");
  });
});
