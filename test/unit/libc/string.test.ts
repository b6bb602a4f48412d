// string.h natives over the fake machine: results, glibc's comparison values, the overlap report in
// valgrind's words, and out-of-bounds and uninitialised accesses attributed to the call.

import { strict as assert } from 'node:assert';
import { LIBC } from '../../../src/engine/libc';
import type { Pointer } from '../../../src/engine/libc/native';
import { FakeMachine, NULL, type Slot, int, long, ptr } from './fake-call';
import { glibcOutput } from './gcc';

const run = (m: FakeMachine, name: string, ...slots: Slot[]) => m.run(name, LIBC[name], slots);
const at = (p: unknown): number => (p as Pointer).address;

describe('libc string natives', () => {
  it('strcmp, strncmp and memcmp return the byte difference glibc returns', () => {
    const pairs: [string, string, number][] = [['a', 'c', 1], ['c', 'a', 1], ['abc', 'ab', 3], ['ab', 'abc', 3], ['abz', 'abd', 3], ['same', 'same', 4], ['a\u00c8', 'a\u0001', 2], ['', 'x', 1], ['hello', 'help', 2]];
    const lines = pairs.map(([a, b, n]) => `  { char x[16], y[16]; memset(x, 0, 16); memset(y, 0, 16); memcpy(x, ${cBytes(a)}, ${a.length}); memcpy(y, ${cBytes(b)}, ${b.length}); printf("%d %d %d\\n", f(x, y), h(x, y, ${n}), g(x, y, ${n})); }`);
    const program = `#include <stdio.h>\n#include <string.h>\nint main(void) {\n  int (*volatile f)(const char *, const char *) = strcmp;\n  int (*volatile h)(const char *, const char *, size_t) = strncmp;\n  int (*volatile g)(const void *, const void *, size_t) = memcmp;\n${lines.join('\n')}\n  return 0;\n}\n`;
    const expected = glibcOutput('strcmp', program).toString().trimEnd().split('\n');
    const m = new FakeMachine();
    const actual = pairs.map(([a, b, n]) => {
      const x = m.string(a);
      const y = m.string(b);
      const padded = (s: string) => m.allocate(16, 'padded', s.padEnd(16, '\0'));
      return `${String(run(m, 'strcmp', ptr(x), ptr(y)))} ${String(run(m, 'strncmp', ptr(x), ptr(y), long(n)))} ${String(run(m, 'memcmp', ptr(padded(a)), ptr(padded(b)), long(n)))}`;
    });
    assert.deepEqual(actual, expected);
  });

  it('strcmp stops at the first difference, so an unterminated buffer that differs early is fine', () => {
    const m = new FakeMachine();
    const raw = m.allocate(3, 'raw', 'abd');
    assert.equal(run(m, 'strcmp', ptr(m.string('abc')), ptr(raw)), -1);
    assert.equal(m.errors.length, 0);
  });

  it('strcmp reports comparing an uninitialised byte', () => {
    const m = new FakeMachine();
    const partly = m.allocate(8, 'partly', 'ab');
    run(m, 'strcmp', ptr(m.string('abc')), ptr(partly));
    assert.deepEqual(m.errors.map((e) => e.kind), ['uninitialized']);
  });

  it('strlen(NULL) faults in the checked read', () => {
    const m = new FakeMachine();
    assert.throws(() => run(m, 'strlen', ptr(NULL)), /null-deref/);
  });

  it('strcpy copies with the NUL and reports writing past a too-small destination', () => {
    const m = new FakeMachine();
    const small = m.allocate(4, 'small');
    assert.deepEqual(run(m, 'strcpy', ptr(small), ptr(m.string('abc'))), small);
    assert.equal(m.text(small), 'abc');
    assert.equal(m.errors.length, 0);
    run(m, 'strcpy', ptr(small), ptr(m.string('abcd')));
    assert.equal(m.errors[0]?.kind, 'invalid-write');
  });

  it('memcpy of overlapping ranges is reported in valgrind’s words and still copies', () => {
    const m = new FakeMachine();
    const buf = m.allocate(32, 'buf', '0123456789abcdefghijklmnopqrstuv');
    const dst = { ...buf, address: buf.address + 4 };
    run(m, 'memcpy', ptr(dst), ptr(buf), long(20));
    assert.deepEqual(m.errors, [{ kind: 'overlap', message: `Source and destination overlap in memcpy(0x${dst.address.toString(16)}, 0x${buf.address.toString(16)}, 20)`, address: dst.address }]);
    assert.equal(Buffer.from(m.bytes(dst, 20)).toString(), '0123456789abcdefghij');
    run(m, 'memmove', ptr(buf), ptr(dst), long(8));
    assert.equal(m.errors.length, 1);
  });

  it('strcat and strncat append; strncpy pads with NULs', () => {
    const m = new FakeMachine();
    const buf = m.allocate(16, 'buf', 'ab\0');
    run(m, 'strcat', ptr(buf), ptr(m.string('cd')));
    run(m, 'strncat', ptr(buf), ptr(m.string('efgh')), long(2));
    assert.equal(m.text(buf), 'abcdef');
    const padded = m.allocate(6, 'padded', 'zzzzzz');
    run(m, 'strncpy', ptr(padded), ptr(m.string('xy')), long(6));
    assert.deepEqual([...m.bytes(padded, 6)], [120, 121, 0, 0, 0, 0]);
  });

  it('strchr, strrchr, strstr, memchr and strpbrk return pointers into the string or NULL', () => {
    const m = new FakeMachine();
    const s = m.string('hello world');
    assert.equal(at(run(m, 'strchr', ptr(s), int(111))), s.address + 4);
    assert.equal(at(run(m, 'strchr', ptr(s), int(0))), s.address + 11);
    assert.equal(at(run(m, 'strrchr', ptr(s), int(111))), s.address + 7);
    assert.equal(at(run(m, 'strstr', ptr(s), ptr(m.string('wor')))), s.address + 6);
    assert.equal(at(run(m, 'strstr', ptr(s), ptr(m.string('')))), s.address);
    assert.equal(at(run(m, 'memchr', ptr(s), int(119), long(11))), s.address + 6);
    assert.equal(at(run(m, 'strpbrk', ptr(s), ptr(m.string('rw')))), s.address + 6);
    assert.deepEqual(run(m, 'strchr', ptr(s), int(122)), NULL);
    assert.equal(m.errors.length, 0);
  });

  it('strspn and strcspn count the leading span', () => {
    const m = new FakeMachine();
    assert.equal(run(m, 'strspn', ptr(m.string('aabbcx')), ptr(m.string('abc'))), 5);
    assert.equal(run(m, 'strcspn', ptr(m.string('hello, you')), ptr(m.string(', '))), 5);
  });

  it('strtok splits in place and remembers its position between calls', () => {
    const m = new FakeMachine();
    const s = m.allocate(16, 'line', ' a,b,,c \0');
    const delim = m.string(', ');
    const tokens: number[] = [];
    let p = run(m, 'strtok', ptr(s), ptr(delim));
    while (at(p) !== 0) {
      tokens.push(at(p) - s.address);
      p = run(m, 'strtok', ptr(NULL), ptr(delim));
    }
    assert.deepEqual(tokens, [1, 3, 6]);
  });

  it('strdup copies into a new heap block', () => {
    const m = new FakeMachine();
    const copy = run(m, 'strdup', ptr(m.string('dup'))) as Pointer;
    assert.equal(m.text(copy), 'dup');
    assert.equal(m.objects[copy.object - 1]?.name, 'heap block');
  });

  it('memset fills and strlen counts up to the NUL', () => {
    const m = new FakeMachine();
    const buf = m.allocate(8, 'buf');
    run(m, 'memset', ptr(buf), int(0x41), long(7));
    run(m, 'memset', ptr({ ...buf, address: buf.address + 7 }), int(0), long(1));
    assert.equal(run(m, 'strlen', ptr(buf)), 7);
  });
});

function cBytes(s: string): string {
  return '"' + [...Buffer.from(s, 'latin1')].map((b) => '\\x' + b.toString(16).padStart(2, '0')).join('') + '"';
}
