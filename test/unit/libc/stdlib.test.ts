// stdlib natives: strtol/strtoul/strtod (value, end pointer and errno) against glibc on edge inputs,
// the heap calls delegating to the allocator, exit and abort.

import { strict as assert } from 'node:assert';
import { LIBC } from '../../../src/engine/libc';
import { parseFloat64, parseInteger } from '../../../src/engine/libc/numbers';
import { FakeExit, FakeMachine, FakeSignal, NULL, int, long, ptr } from './fake-call';
import { glibcOutput } from './gcc';
import { ListArgs } from './list-args';
import { formatPrintf } from '../../../src/engine/libc/printf';

const INTEGER_INPUTS = ['0', '42', '-42', '+7', '  \t\n 12', '0x1f', '0X1F', '0x', '0xg', '017', '08', '09', 'z', 'Z', '-', '+', '', ' ', '123abc', '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616', '-1', '-18446744073709551615', '99999999999999999999999', '1010', '777', 'ff', 'zz', '-0x10', '0b101'];
const BASES = [0, 2, 8, 10, 16, 36, 1, 37];
const FLOAT_INPUTS = ['0', '3.14', '-2.5e3', '1e', '1e+', '.5', '.', '-.5e-2x', 'inf', '-INFINITY', 'infinit', 'nan', 'NaN(abc)', 'nan(', '0x1.8p1', '0x', '0x.8p-1', '0x1p-1074', '0x1p-1075', '0x1.fffffffffffff8p1023', '1e400', '-1e400', '1e-400', '4.9e-324', '2.4e-324', '1e-310', '123456789012345678901234567890', '0.1', '   +7.', 'x', '1.7976931348623157e308', '2.2250738585072014e-308', '1_0'];

describe('libc stdlib', () => {
  it('parses integers as glibc strtol and strtoul do: value, end and ERANGE', () => {
    const lines: string[] = [];
    const actual: string[] = [];
    for (const input of INTEGER_INPUTS) {
      for (const base of BASES) {
        lines.push(`  errno = 0; { const char *in = ${JSON.stringify(input)}; char *e = 0; long v = strtol(in, &e, ${base}); int er = errno; errno = 0; char *f = 0; unsigned long u = strtoul(in, &f, ${base}); printf("%ld %ld %d %lu %ld %d\\n", v, e ? (long) (e - in) : -1L, er, u, f ? (long) (f - in) : -1L, errno); }`);
        const bytes = Buffer.from(input, 'latin1');
        const bad = base === 1 || base > 36;
        // With an invalid base glibc leaves *endptr untouched (-1 here).
        const s = bad ? { value: 0n, end: -1, overflow: false } : parseInteger(bytes, base, true);
        const u = bad ? { value: 0n, end: -1, overflow: false } : parseInteger(bytes, base, false);
        const errno = (r: { overflow: boolean }): number => (bad ? 22 : r.overflow ? 34 : 0);
        actual.push(`${s.value} ${s.end} ${errno(s)} ${u.value} ${u.end} ${errno(u)}`);
      }
    }
    const program = `#include <stdio.h>\n#include <stdlib.h>\n#include <errno.h>\nint main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`;
    const expected = glibcOutput('strtol', program).toString().trimEnd().split('\n');
    const labels = INTEGER_INPUTS.flatMap((i) => BASES.map((b) => `${JSON.stringify(i)} base ${b}`));
    const diffs = actual.map((a, k) => (a === expected[k] ? null : `${labels[k]}: ${a} vs glibc ${expected[k]}`)).filter((d) => d);
    assert.deepEqual(diffs, []);
  });

  it('parses doubles as glibc strtod does: value (bit for bit), end and ERANGE', () => {
    const lines = FLOAT_INPUTS.map((input) => `  errno = 0; { char *e; double v = strtod(${JSON.stringify(input)}, &e); printf("%a %ld %d\\n", v, (long) (e - ${JSON.stringify(input)}), errno); }`);
    const program = `#include <stdio.h>\n#include <stdlib.h>\n#include <errno.h>\nint main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`;
    const expected = glibcOutput('strtod', program).toString().trimEnd().split('\n');
    const actual = FLOAT_INPUTS.map((input) => {
      const r = parseFloat64(Buffer.from(input, 'latin1'));
      const text = Buffer.from(formatPrintf(new TextEncoder().encode('%a'), new ListArgs([{ kind: 'double', value: r.value }])).bytes).toString();
      return `${text} ${r.end} ${r.range ? 34 : 0}`;
    });
    const diffs = actual.map((a, k) => (a === expected[k] ? null : `${JSON.stringify(FLOAT_INPUTS[k])}: ${a} vs glibc ${expected[k]}`)).filter((d) => d);
    assert.deepEqual(diffs, []);
  });

  it('__memscope_strtol stores the end pointer into the string and ERANGE through the errno pointer', () => {
    const m = new FakeMachine();
    const s = m.string('  99999999999999999999x');
    const end = m.allocate(8, 'end');
    const errno = m.allocate(4, 'errno', new Uint8Array(4));
    const v = m.run('__memscope_strtol', LIBC.__memscope_strtol, [ptr(s), ptr(end), int(10), ptr(errno)]);
    assert.equal(v, 9223372036854775807n);
    assert.equal(m.int64(end), BigInt(s.address + 22));
    assert.equal(m.int32(errno), 34);
  });

  it('malloc, calloc and free go to the heap; calloc of an overflowing size is NULL', () => {
    const m = new FakeMachine();
    const p = m.run('malloc', LIBC.malloc, [long(24)]) as { address: number };
    assert.ok(p.address > 0);
    assert.deepEqual(m.run('calloc', LIBC.calloc, [long(2n ** 62n), long(16)]), NULL);
    m.run('free', LIBC.free, [ptr(NULL)]);
    m.run('free', LIBC.free, [ptr(p as never)]);
    m.run('free', LIBC.free, [ptr(p as never)]);
    assert.deepEqual(m.errors.map((e) => e.kind), ['double-free']);
  });

  it('exit ends the process with the status and abort with SIGABRT', () => {
    const m = new FakeMachine();
    assert.throws(() => m.run('exit', LIBC.exit, [int(3)]), (e: unknown) => e instanceof FakeExit && e.status === 3);
    assert.throws(() => m.run('abort', LIBC.abort, []), (e: unknown) => e instanceof FakeSignal && e.signal === 'SIGABRT');
  });

  it('abs wraps INT_MIN as the hardware does, labs and llabs work on 64 bits', () => {
    const m = new FakeMachine();
    assert.equal(m.run('abs', LIBC.abs, [int(-5)]), 5);
    assert.equal(m.run('abs', LIBC.abs, [int(-2147483648)]), -2147483648);
    assert.equal(m.run('labs', LIBC.labs, [long(-9000000000n)]), 9000000000n);
  });
});
