// math.h against glibc, bit for bit: each function on a sweep of arguments (edge values, halves,
// negative zero, infinities, NaN, random doubles) printed with %a by a gcc-compiled program.

import { strict as assert } from 'node:assert';
import { LIBC } from '../../../src/engine/libc';
import { formatPrintf } from '../../../src/engine/libc/printf';
import { FakeMachine, dbl } from './fake-call';
import { C_DOUBLE_PRELUDE, cDouble, glibcOutput } from './gcc';
import { ListArgs } from './list-args';

const EDGES = [0, -0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.49999999999999994, 1, -1, 2, 3, 10, 0.1, 1e-300, 5e-324, 1e300, 1.7976931348623157e308, 4503599627370495.5, 9007199254740993, Infinity, -Infinity, NaN, Math.PI, -7.25, 123.456];

function randomDoubles(count: number): number[] {
  let s = 12345;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s;
  };
  const out: number[] = [];
  while (out.length < count) {
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(0, next() & 0x407fffff);
    view.setUint32(4, next());
    out.push(view.getFloat64(0) * (next() & 1 ? 1 : -1));
  }
  return out;
}

const UNARY = ['sqrt', 'fabs', 'floor', 'ceil', 'trunc', 'round'];
const BINARY = ['fmod', 'pow'];

function hexText(x: number): string {
  return Buffer.from(formatPrintf(new TextEncoder().encode('%a'), new ListArgs([{ kind: 'double', value: x }])).bytes).toString();
}

function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  const view = new DataView(new ArrayBuffer(16));
  view.setFloat64(0, a);
  view.setFloat64(8, b);
  return Math.abs(Number(view.getBigInt64(0) - view.getBigInt64(8)));
}

function parseHexDouble(text: string): number {
  const m = /^(-?)0x([01])(?:\.([0-9a-f]+))?p([+-]\d+)$/.exec(text);
  if (!m) return text.includes('nan') ? NaN : text.startsWith('-') ? -Infinity : Infinity;
  const fraction = m[3] ?? '';
  const value = (parseInt(m[2]! + fraction, 16) / 16 ** fraction.length) * 2 ** Number(m[4]);
  return m[1] ? -value : value;
}

describe('libc math', () => {
  const xs = [...EDGES, ...randomDoubles(150)];
  const ys = [0, -0, 1, -1, 2, 0.5, 3, -2, 10, 0.1, Infinity, -Infinity, NaN, 1e-5, 7.5];
  const pairs: [number, number][] = [];
  for (const x of xs.slice(0, 60)) for (const y of ys) pairs.push([x, y]);
  for (const x of [2, 10, 1.0001, 0.9, -3, 1.5]) for (let y = -40; y <= 40; y++) pairs.push([x, y]);
  const lines: string[] = [];
  for (const f of UNARY) for (const x of xs) lines.push(`printf("%a\\n", ${f}(${cDouble(x)}));`);
  for (const f of BINARY) for (const [x, y] of pairs) lines.push(`printf("%a\\n", ${f}(${cDouble(x)}, ${cDouble(y)}));`);
  const program = `#include <stdio.h>\n#include <math.h>\n${C_DOUBLE_PRELUDE}int main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`;
  const m = new FakeMachine();
  const glibc = (): string[] => glibcOutput('math', program).toString().trimEnd().split('\n');

  it('computes sqrt fabs floor ceil trunc round and fmod exactly as glibc, NaN signs included', () => {
    const expected = glibc();
    const actual: string[] = [];
    const labels: string[] = [];
    for (const f of UNARY) for (const x of xs) (actual.push(hexText(m.run(f, LIBC[f], [dbl(x)]) as number)), labels.push(`${f}(${x})`));
    const fmodStart = UNARY.length * xs.length;
    pairs.forEach(([x, y], k) => {
      actual[fmodStart + k] = hexText(m.run('fmod', LIBC.fmod, [dbl(x), dbl(y)]) as number);
      labels[fmodStart + k] = `fmod(${x}, ${y})`;
    });
    const diffs = actual.map((a, k) => (a === expected[k] ? null : `${labels[k]}: ${a} vs glibc ${expected[k]}`)).filter((d) => d !== null);
    assert.deepEqual(diffs.slice(0, 20), []);
  });

  it('computes pow correctly rounded: equal to glibc except within one ulp near rounding midpoints', () => {
    const expected = glibc().slice(UNARY.length * xs.length + pairs.length);
    let differing = 0;
    const far: string[] = [];
    pairs.forEach(([x, y], k) => {
      const mine = m.run('pow', LIBC.pow, [dbl(x), dbl(y)]) as number;
      const text = hexText(mine);
      if (text === expected[k]) return;
      differing++;
      if (ulpDistance(mine, parseHexDouble(expected[k]!)) > 1 || Number.isNaN(mine)) far.push(`pow(${x}, ${y}): ${text} vs glibc ${expected[k]}`);
    });
    assert.deepEqual(far, []);
    assert.ok(differing <= pairs.length / 50, `${differing} of ${pairs.length} pow results differ from glibc by one ulp`);
  });

  it('rounds exact integer powers once: pow(2, -3) is 0.125 and pow(10, 15) is 1e15', () => {
    assert.equal(m.run('pow', LIBC.pow, [dbl(2), dbl(-3)]), 0.125);
    assert.equal(m.run('pow', LIBC.pow, [dbl(10), dbl(15)]), 1e15);
    assert.equal(m.run('pow', LIBC.pow, [dbl(0.5), dbl(7.5)]), 0.005524271728019903);
  });
});
