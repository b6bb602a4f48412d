// stdio natives over the fake machine: where bytes go, what each function returns (glibc's values),
// and that bad buffers and uninitialised arguments are reported at the call.

import { strict as assert } from 'node:assert';
import { LIBC } from '../../../src/engine/libc';
import { FakeMachine, NULL, dbl, int, long, ptr, undef } from './fake-call';

const run = (m: FakeMachine, name: string, ...slots: Parameters<FakeMachine['run']>[2]) => m.run(name, LIBC[name], slots);

describe('libc stdio natives', () => {
  it('printf writes the formatted bytes to stdout and returns their count', () => {
    const m = new FakeMachine();
    const n = run(m, 'printf', ptr(m.string('%d-%s-%.2f|%c\n')), int(-7), ptr(m.string('ok')), dbl(2.345), int(65));
    assert.equal(m.out(), '-7-ok-2.35|A\n');
    assert.equal(n, 13);
  });

  it('fprintf chooses the stream by the descriptor in the FILE object', () => {
    const m = new FakeMachine();
    run(m, 'fprintf', ptr(m.stream(2)), ptr(m.string('err %x\n')), int(255));
    run(m, 'fprintf', ptr(m.stream(1)), ptr(m.string('out\n')));
    assert.equal(m.err(), 'err ff\n');
    assert.equal(m.out(), 'out\n');
  });

  it('fprintf to a null stream faults on reading the FILE, as glibc does', () => {
    const m = new FakeMachine();
    assert.throws(() => run(m, 'fprintf', ptr(NULL), ptr(m.string('x'))), /null-deref/);
  });

  it('sprintf writes the text and a NUL; writing past the buffer is reported as an invalid write', () => {
    const m = new FakeMachine();
    const buf = m.allocate(8, 'buf');
    assert.equal(run(m, 'sprintf', ptr(buf), ptr(m.string('%d'), ), int(1234)), 4);
    assert.equal(m.text(buf), '1234');
    assert.equal(m.errors.length, 0);
    run(m, 'sprintf', ptr(buf), ptr(m.string('%s')), ptr(m.string('far too long')));
    assert.equal(m.errors[0]?.kind, 'invalid-write');
  });

  it('snprintf truncates to size-1 bytes plus NUL and returns the length it would have written', () => {
    const m = new FakeMachine();
    const buf = m.allocate(6, 'buf');
    assert.equal(run(m, 'snprintf', ptr(buf), long(6), ptr(m.string('%s')), ptr(m.string('memscope'))), 8);
    assert.equal(m.text(buf), 'memsc');
    assert.equal(run(m, 'snprintf', ptr(NULL), long(0), ptr(m.string('%d')), int(12345)), 5);
    assert.equal(m.errors.length, 0);
  });

  it('%s of a buffer without a NUL is reported as a read past its end', () => {
    const m = new FakeMachine();
    const chars = m.allocate(3, 'chars', 'abc');
    run(m, 'printf', ptr(m.string('%s\n')), ptr(chars));
    assert.equal(m.errors[0]?.kind, 'invalid-read');
  });

  it('%d of an uninitialised argument is reported as an uninitialised use', () => {
    const m = new FakeMachine();
    run(m, 'printf', ptr(m.string('%d\n')), undef());
    assert.equal(m.errors.length, 1);
    assert.equal(m.errors[0]?.kind, 'uninitialized');
  });

  it('%n stores the count through the pointer argument', () => {
    const m = new FakeMachine();
    const count = m.allocate(4, 'count');
    run(m, 'printf', ptr(m.string('hello%n!')), ptr(count));
    assert.equal(m.int32(count), 5);
  });

  it('vprintf and vsnprintf read their arguments through the va_list', () => {
    const m = new FakeMachine();
    run(m, 'vprintf', ptr(m.string('%d+%d\n')), ptr(m.vaList([int(2), int(3)])));
    assert.equal(m.out(), '2+3\n');
    const buf = m.allocate(16, 'buf');
    assert.equal(run(m, 'vsnprintf', ptr(buf), long(16), ptr(m.string('[%5s]')), ptr(m.vaList([ptr(m.string('ab'))]))), 7);
    assert.equal(m.text(buf), '[   ab]');
  });

  it('puts, fputs, putchar and fputc return what glibc returns', () => {
    const m = new FakeMachine();
    assert.equal(run(m, 'puts', ptr(m.string('hi'))), 3);
    assert.equal(run(m, 'fputs', ptr(m.string('yo')), ptr(m.stream(1))), 1);
    assert.equal(run(m, 'putchar', int(300)), 44);
    assert.equal(run(m, 'fputc', int(-1), ptr(m.stream(2))), 255);
    assert.equal(run(m, 'fputs', ptr(m.string('x')), ptr(m.stream(0))), -1);
    assert.equal(m.out(), 'hi\nyo,');
    assert.deepEqual(m.stderr, [255]);
  });

  it('fgets reads one line with its newline, at most n-1 bytes, and NULL at end of input', () => {
    const m = new FakeMachine('first line\nsecond\n');
    const stdin = m.stream(0);
    const buf = m.allocate(8, 'buf');
    const r1 = run(m, 'fgets', ptr(buf), int(8), ptr(stdin));
    assert.deepEqual(r1, buf);
    assert.equal(m.text(buf), 'first l');
    run(m, 'fgets', ptr(buf), int(8), ptr(stdin));
    assert.equal(m.text(buf), 'ine\n');
    run(m, 'fgets', ptr(buf), int(8), ptr(stdin));
    assert.equal(m.text(buf), 'second\n');
    assert.deepEqual(run(m, 'fgets', ptr(buf), int(8), ptr(stdin)), NULL);
  });

  it('getchar returns bytes then EOF, and ungetc pushes one back', () => {
    const m = new FakeMachine('ab');
    assert.equal(run(m, 'getchar'), 97);
    assert.equal(run(m, 'ungetc', int(120), ptr(m.stream(0))), 120);
    assert.equal(run(m, 'getchar'), 120);
    assert.equal(run(m, 'getchar'), 98);
    assert.equal(run(m, 'getchar'), -1);
  });

  it('scanf reads from stdin and stores through the pointers', () => {
    const m = new FakeMachine('  42 word 2.5\n');
    const n = m.allocate(4, 'n');
    const w = m.allocate(8, 'w');
    const d = m.allocate(8, 'd');
    assert.equal(run(m, 'scanf', ptr(m.string('%d %7s %lf')), ptr(n), ptr(w), ptr(d)), 3);
    assert.equal(m.int32(n), 42);
    assert.equal(m.text(w), 'word');
    assert.equal(new DataView(m.bytes(d, 8).buffer).getFloat64(0, true), 2.5);
  });

  it('sscanf of a %s longer than its buffer is reported as an invalid write', () => {
    const m = new FakeMachine();
    const w = m.allocate(4, 'w');
    assert.equal(run(m, 'sscanf', ptr(m.string('overflowing')), ptr(m.string('%s')), ptr(w)), 1);
    assert.equal(m.errors[0]?.kind, 'invalid-write');
  });
});
