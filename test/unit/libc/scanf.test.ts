// scanf's engine against glibc: each case is an input, a format and the types of the targets; a
// gcc-compiled program runs sscanf on every case and prints the return value and every target, and
// memscope's scanFormat must produce the same. Targets start filled with a sentinel so "not stored" is
// compared too.

import { strict as assert } from 'node:assert';
import type { Pointer } from '../../../src/engine/libc/native';
import { formatPrintf } from '../../../src/engine/libc/printf';
import { scanFormat } from '../../../src/engine/libc/scanf';
import { glibcOutput } from './gcc';
import { ListArgs } from './list-args';

type Target = 'i8' | 'i16' | 'i32' | 'i64' | 'f32' | 'f64' | 's';
interface Case {
  input: string;
  format: string;
  targets: Target[];
}

const C_TYPE: Record<Target, string> = { i8: 'signed char', i16: 'short', i32: 'int', i64: 'long', f32: 'float', f64: 'double', s: 'char' };
const PRINT: Record<Target, string> = { i8: '%d', i16: '%d', i32: '%d', i64: '%ld', f32: '%a', f64: '%a', s: '[%s]' };

function cases(): Case[] {
  const list: Case[] = [];
  const add = (format: string, targets: Target[], inputs: string[]): void => {
    for (const input of inputs) list.push({ input, format, targets });
  };
  const ints = ['42', '  -17', '+5', '0x1F', '0X', '0xg', '017', '08', '-', '+x', 'abc', '', '   ', '2147483648', '99999999999', '-99999999999999999999', '18446744073709551615', '12abc', '-0', '1 2 3'];
  add('%d', ['i32'], ints);
  add('%i', ['i32'], ints);
  add('%u', ['i32'], ints);
  add('%x', ['i32'], ints);
  add('%o', ['i32'], ints);
  add('%ld', ['i64'], ints);
  add('%lu', ['i64'], ints);
  add('%lld', ['i64'], ints);
  add('%hd', ['i16'], ints);
  add('%hhd', ['i8'], ints);
  add('%3d%d', ['i32', 'i32'], ['12345', '-12345', '1 2', '0x12']);
  add('%2x%x', ['i32', 'i32'], ['0x12', 'abcdef']);
  add('%d%n', ['i32', 'i32'], ['  42  ', '7']);
  add('%*d %d', ['i32'], ['1 2', '1', 'x 2']);
  const floats = ['3.14', '-2.5e3', '1e', '1e+', '.5', '.', '-.5e-2x', 'inf', '-INFINITY', 'infinit', 'nan', 'NaN(123)', 'nax', '0x1.8p1', '0x', '0x.8', '1e400', '1e-400', '4.9e-324', '+', '12.34.56', '  7'];
  add('%f', ['f32'], floats);
  add('%lf', ['f64'], floats);
  add('%le', ['f64'], floats);
  add('%3lf%lf', ['f64', 'f64'], ['1.2345', '-1.5', 'inf']);
  add('%s', ['s'], ['hello world', '   lead', '', ' ', 'x']);
  add('%5s%s', ['s', 's'], ['abcdefgh', 'ab cd']);
  add('%c', ['s'], [' x', 'y', '']);
  add('%3c', ['s'], ['abcd', 'ab', ' a b']);
  add(' %c', ['s'], ['   z']);
  add('%[a-z]', ['s'], ['abcXYZ', 'XYZ', '', 'a-b']);
  add('%[^,],%d', ['s', 'i32'], ['name,42', ',5', 'x,']);
  add('%[]x]', ['s'], [']]xx]a']);
  add('%[a-]', ['s'], ['a-a-b']);
  add('%d,%d', ['i32', 'i32'], ['1,2', '1 ,2', '1, 2', '1;2', '1']);
  add('x%dy', ['i32'], ['x5y', 'x 5y', ' x5y', 'y5']);
  add('%d%%', ['i32'], ['5%', '5 %', '5']);
  add('%d %d', ['i32', 'i32'], ['1', '1   ', '', '1\n\n2']);
  add('%k', ['i32'], ['5']);
  return list;
}

const SENTINEL = -99;

function cProgram(list: Case[]): string {
  const body = list
    .map((c, k) => {
      const decls = c.targets.map((t, i) => (t === 's' ? `char v${i}[32]; memset(v${i}, 0, 32);` : `${C_TYPE[t]} v${i} = ${SENTINEL};`)).join(' ');
      const args = c.targets.map((t, i) => (t === 's' ? `, v${i}` : `, &v${i}`)).join('');
      const prints = c.targets.map((t, i) => `printf(" ${PRINT[t]}", ${t === 's' ? `v${i}` : t === 'f32' ? `(double) v${i}` : `v${i}`});`).join(' ');
      return `  { ${decls} int r = sscanf(${JSON.stringify(c.input)}, ${JSON.stringify(c.format)}${args}); printf("%d: %d", ${k}, r); ${prints} printf("\\n"); }`;
    })
    .join('\n');
  return `#include <stdio.h>\n#include <string.h>\nint main(void) {\n${body}\n  return 0;\n}\n`;
}

function memscopeLine(c: Case, k: number): string {
  const values = new Map<number, bigint | number | Uint8Array>();
  let next = 0;
  const input = Buffer.from(c.input, 'latin1');
  let at = 0;
  const result = scanFormat(
    Buffer.from(c.format, 'latin1'),
    { read: () => (at < input.length ? input[at++]! : -1), unread: () => void at-- },
    {
      pointer: (): Pointer => ({ address: 0x1000 * (1 + next++), object: 0 }),
      storeInteger: (p, size, value) => values.set(p.address, BigInt.asIntN(size * 8, value)),
      storeFloat: (p, size, value) => values.set(p.address, size === 4 ? Math.fround(value) : value),
      storeBytes: (p, bytes) => values.set(p.address, bytes),
    },
  );
  let line = `${k}: ${result}`;
  c.targets.forEach((t, i) => {
    const v = values.get(0x1000 * (i + 1));
    const fmt = new TextEncoder().encode(' ' + PRINT[t]);
    let text: string;
    if (t === 's') {
      const bytes = v instanceof Uint8Array ? v : new Uint8Array();
      const end = bytes.indexOf(0);
      text = ` [${Buffer.from(end === -1 ? bytes : bytes.subarray(0, end)).toString('latin1')}]`;
    } else if (t === 'f32' || t === 'f64') {
      text = Buffer.from(formatPrintf(fmt, new ListArgs([{ kind: 'double', value: typeof v === 'number' ? v : SENTINEL }])).bytes).toString('latin1');
    } else {
      text = ` ${typeof v === 'bigint' ? v : SENTINEL}`;
    }
    line += text;
  });
  return line;
}

describe('libc scanf engine', () => {
  it('returns and stores what glibc sscanf does for every case of the sweep', () => {
    const list = cases();
    const expected = glibcOutput('sscanf', cProgram(list)).toString('latin1').trimEnd().split('\n');
    assert.equal(expected.length, list.length);
    const failures = list.map((c, k) => ({ c, got: memscopeLine(c, k), want: expected[k] })).filter((x) => x.got !== x.want);
    assert.deepEqual(failures.slice(0, 20).map((f) => `${JSON.stringify(f.c.input)} ${f.c.format}: got "${f.got}", glibc "${f.want}"`), []);
  });

  it('gives EOF when input ends before the first assignment and the count after a mismatch', () => {
    const none = memscopeLine({ input: '   ', format: '%d', targets: ['i32'] }, 0);
    const mismatch = memscopeLine({ input: '7 x', format: '%d %d', targets: ['i32', 'i32'] }, 0);
    assert.equal(none, `0: -1 ${SENTINEL}`);
    assert.equal(mismatch, `0: 1 7 ${SENTINEL}`);
  });
});
