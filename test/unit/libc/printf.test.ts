// The printf formatter against glibc: a sweep of generated cases printed by a gcc-compiled program and by
// formatPrintf must agree byte for byte; plus named cases for the documented glibc behaviours.
// Without gcc the sweep compares with expected/printf.out, recorded from glibc 2.36 on x86-64.

import { strict as assert } from 'node:assert';
import { formatPrintf } from '../../../src/engine/libc/printf';
import { glibcOutput } from './gcc';
import { type ArgValue, ListArgs } from './list-args';
import { CASE_END, printfCases, printfProgram } from './printf-cases';

function format(fmt: string, args: ArgValue[]): string {
  const list = new ListArgs(args);
  const result = formatPrintf(new TextEncoder().encode(fmt), list);
  assert.equal(list.used, args.length, `${fmt}: arguments consumed`);
  return Buffer.from(result.bytes).toString('latin1');
}

const d = (value: number): ArgValue => ({ kind: 'double', value });
const i = (value: number): ArgValue => ({ kind: 'int', value });

describe('libc printf formatter', () => {
  it('prints every case of the sweep exactly as glibc does', function () {
    this.timeout(60000);
    const cases = printfCases(6000);
    const expected = glibcOutput('printf', printfProgram(cases)).toString('latin1').split(String.fromCharCode(CASE_END));
    expected.pop();
    assert.equal(expected.length, cases.length);
    const failures: string[] = [];
    cases.forEach((c, k) => {
      const actual = format(c.format, c.args);
      if (actual !== expected[k]) failures.push(`${c.format} ${JSON.stringify(c.args, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}: got ${JSON.stringify(actual)}, glibc ${JSON.stringify(expected[k])}`);
    });
    assert.deepEqual(failures.slice(0, 30), [], `${failures.length} of ${cases.length} cases differ`);
  });

  it('prints (nil) for a null %p and 0x… in lowercase otherwise', () => {
    assert.equal(format('%p %p', [{ kind: 'pointer', value: 0 }, { kind: 'pointer', value: 0xabc }]), '(nil) 0xabc');
  });

  it('prints (null) for a null %s only when the precision lets six bytes through', () => {
    assert.equal(format('[%s][%.5s][%.6s]', [{ kind: 'string', value: null }, { kind: 'string', value: null }, { kind: 'string', value: null }]), '[(null)][][(null)]');
  });

  it('expands doubles exactly and rounds exact ties to even', () => {
    assert.equal(format('%.20f', [d(0.1)]), '0.10000000000000000555');
    assert.equal(format('%.0f %.0f %.0f %.1f', [d(0.5), d(2.5), d(1.5), d(0.25)]), '0 2 2 0.2');
    assert.equal(format('%f', [d(1e300)]).length, 301 + 7);
  });

  it('spells infinities and NaNs as glibc does, ignoring the 0 flag', () => {
    assert.equal(format('%f %F %05f %+f', [d(Infinity), d(-Infinity), d(Number.NaN), d(Infinity)]), 'inf -INF   nan +inf');
  });

  it('chooses %g notation by the exponent and drops trailing zeros', () => {
    assert.equal(format('%g %g %g %g %#g', [d(0.0001), d(0.00001), d(123456), d(1234567), d(1)]), '0.0001 1e-05 123456 1.23457e+06 1.00000');
  });

  it('writes at least two exponent digits', () => {
    assert.equal(format('%e %e %E', [d(1), d(1e-300), d(5e-324)]), '1.000000e+00 1.000000e-300 4.940656E-324');
  });

  it('takes * widths and precisions from the arguments, a negative width meaning left-justified', () => {
    assert.equal(format('[%*d][%-*d][%.*f][%.*f]', [i(5), i(42), i(-5), i(42), i(2), d(3.14159), i(-1), d(1)]), '[   42][42   ][3.14][1.000000]');
  });

  it('applies length modifiers by truncating as the argument type does', () => {
    assert.equal(format('%hhd %hd %hhu %lld', [i(300), i(70000), i(-1), { kind: 'long', value: -9223372036854775808n }]), '44 4464 255 -9223372036854775808');
  });

  it('stores the count written so far through %n', () => {
    const list = new ListArgs([{ kind: 'pointer', value: 0x500 }, { kind: 'pointer', value: 0x600 }]);
    formatPrintf(new TextEncoder().encode('abc%nde%hhn'), list);
    assert.deepEqual(list.counts, [{ address: 0x500, size: 4, count: 3 }, { address: 0x600, size: 1, count: 5 }]);
  });

  it('fails with -1 on a format ending in a lone %, after writing what came before', () => {
    const result = formatPrintf(new TextEncoder().encode('abc%'), new ListArgs([]));
    assert.equal(result.status, -1);
    assert.equal(Buffer.from(result.bytes).toString(), 'abc');
  });

  it('prints an unknown conversion as written', () => {
    assert.equal(format('%y|%5k', []), '%y|%5k');
  });

  it('refuses absurd widths and precisions with -1 instead of printing gigabytes', () => {
    const result = formatPrintf(new TextEncoder().encode('ok%*d'), new ListArgs([i(2000000000), i(1)]));
    assert.equal(result.status, -1);
    assert.equal(Buffer.from(result.bytes).toString(), 'ok');
    assert.equal(formatPrintf(new TextEncoder().encode('%.999999999f'), new ListArgs([d(1)])).status, -1);
  });
});
