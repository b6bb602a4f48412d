// Differential tests of C's arithmetic rules: random expressions over every integer type (promotions,
// usual arithmetic conversions, signed and unsigned wraparound, shifts, casts, compound assignment) and
// over float and double (conversions both ways, rounding to float), compiled by memscope and by gcc,
// must print the same values. Expressions mix variables (computed at run time by the simulated CPU)
// and constants (folded by the compiler), so both paths are checked against gcc's. Without gcc the
// programs must still run cleanly to the end.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram } from '../../../src/engine/run';
import { build } from './harness';

const haveGcc = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'memscope-differential-'));

/** A small deterministic random source (an LCG), so every run tests the same programs. */
class Random {
  constructor(private seed: number) {}
  next(n: number): number {
    this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((this.seed / 2147483648) * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.next(xs.length)]!;
  }
}

const INT_TYPES: Record<string, readonly string[]> = {
  'char': ['-128', '127', '0', '-1', '65'],
  'unsigned char': ['0', '255', '1', '200'],
  'short': ['-32768', '32767', '-300', '7'],
  'unsigned short': ['0', '65535', '40000'],
  'int': ['(-2147483647 - 1)', '2147483647', '-1', '0', '123456'],
  'unsigned': ['0U', '4294967295U', '2147483648U', '3U'],
  'long': ['(-9223372036854775807L - 1)', '9223372036854775807L', '-5L', '4294967296L'],
  'unsigned long': ['0UL', '18446744073709551615UL', '9223372036854775808UL', '12UL'],
  '_Bool': ['0', '1'],
};

function integerProgram(seed: number): string {
  const r = new Random(seed);
  const types = Object.keys(INT_TYPES);
  const vars: string[] = [];
  const lines = ['#include <stdio.h>', 'int main(void) {'];
  for (let i = 0; i < 12; i++) {
    const t = r.pick(types);
    lines.push(`  ${t} v${i} = (${t})${r.pick(INT_TYPES[t]!)};`);
    vars.push(`v${i}`);
  }
  const constant = (): string => r.pick(['0', '1', '3', '31', '255', '65535', '2147483647', '4294967295U', '(-1)', '(-2L)', '100UL', '7LL']);
  const expr = (depth: number): string => {
    if (depth <= 0 || r.next(4) === 0) return r.next(10) < 7 ? r.pick(vars) : constant();
    const a = expr(depth - 1);
    const b = expr(depth - 1);
    const op = r.pick(['+', '-', '*', '&', '|', '^', '<<', '>>', '/', '%', '<', '>=', '==', '!=', '&&', '||', '?:', '~', '!', 'neg', 'cast']);
    switch (op) {
      case '<<': case '>>': return `(${a} ${op} ${r.next(16)})`;
      case '/': case '%': return `(${a} ${op} ${1 + r.next(13)})`;
      case '?:': return `(${a} ? ${b} : ${expr(depth - 1)})`;
      case '~': case '!': return `(${op}${a})`;
      case 'neg': return `(- ${a})`;
      case 'cast': return `((${r.pick(types)})${a})`;
      default: return `(${a} ${op} ${b})`;
    }
  };
  for (let k = 0; k < 80; k++) {
    const e = expr(1 + r.next(5));
    if (r.next(10) < 3) {
      const v = r.pick(vars);
      lines.push(`  ${v} ${r.pick(['=', '+=', '-=', '*=', '&=', '|=', '^='])} ${e};`, `  printf("%d %lld\\n", ${k}, (long long)${v});`);
    } else {
      lines.push(`  printf("%d %lld\\n", ${k}, (long long)(${e}));`);
    }
  }
  lines.push('  return 0;', '}');
  return lines.join('\n') + '\n';
}

function floatProgram(seed: number): string {
  const r = new Random(seed);
  const lines = ['#include <stdio.h>', 'int main(void) {'];
  const vars: string[] = [];
  for (let i = 0; i < 8; i++) {
    lines.push(`  ${r.pick(['float', 'double'])} f${i} = ${r.pick(['0.0', '1.5', '-2.25', '1e10', '-3e9', '0.1', '123456.789', '1e-3', '16777217.0', '2.5', '-0.5'])};`);
    vars.push(`f${i}`);
  }
  for (let i = 0; i < 5; i++) {
    const t = r.pick(['char', 'unsigned char', 'short', 'int', 'unsigned', 'long', 'unsigned long']);
    lines.push(`  ${t} i${i} = (${t})${r.pick(['0', '1', '-1', '7', '-100', '2147483647', '255'])};`);
    vars.push(`i${i}`);
  }
  const expr = (depth: number): string => {
    if (depth <= 0 || r.next(10) < 3) return r.next(4) < 3 ? r.pick(vars) : r.pick(['2.0', '0.5f', '3', '-1', '1e-7', '100.0f']);
    const a = expr(depth - 1);
    const b = expr(depth - 1);
    const op = r.pick(['+', '-', '*', '/', '<', '==', '?:', 'cast', 'neg']);
    switch (op) {
      case '/': return `(${a} / ${r.pick(['2.0', '3', '0.25f', '-5'])})`;
      case '?:': return `(${a} ? ${b} : ${expr(depth - 1)})`;
      case 'cast': return `((${r.pick(['int', 'unsigned char', 'long', 'float', 'double', 'short'])})${a})`;
      case 'neg': return `(- ${a})`;
      default: return `(${a} ${op} ${b})`;
    }
  };
  for (let k = 0; k < 60; k++) {
    const e = expr(1 + r.next(4));
    const form = r.next(4);
    if (form === 0) lines.push(`  printf("%d %.17g\\n", ${k}, (double)(${e}));`);
    else if (form === 1) lines.push(`  printf("%d %.9g\\n", ${k}, (double)(float)(${e}));`);
    else if (form === 2) lines.push(`  printf("%d %d\\n", ${k}, (int)(${e} > 0));`);
    else {
      const v = r.pick(vars);
      lines.push(`  ${v} ${r.pick(['=', '+=', '*=', '-='])} ${e};`, `  printf("%d %.17g\\n", ${k}, (double)${v});`);
    }
  }
  lines.push('  return 0;', '}');
  return lines.join('\n') + '\n';
}

function gccOutput(name: string, source: string): string {
  const c = join(dir, `${name}.c`);
  writeFileSync(c, source);
  const exe = join(dir, name);
  const cc = spawnSync('gcc', ['-std=c11', '-w', '-o', exe, c], { encoding: 'utf8' });
  assert.equal(cc.status, 0, cc.stderr);
  return spawnSync(exe, { encoding: 'utf8' }).stdout;
}

function check(name: string, source: string): void {
  const result = runProgram(build(source), { argv: [name], maxSteps: 10_000_000 });
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(result.errors, []);
  if (!haveGcc) {
    assert.ok(result.stdout.split('\n').length > 50);
    return;
  }
  const expected = gccOutput(name, source).split('\n');
  const actual = result.stdout.split('\n');
  const first = expected.findIndex((line, i) => line !== actual[i]);
  assert.equal(first, -1, first < 0 ? '' : `first difference at output line ${first}: memscope "${actual[first]}", gcc "${expected[first]}"\n${source}`);
}

describe('differential: arithmetic against gcc', function () {
  this.timeout(60000);
  for (let seed = 1; seed <= 8; seed++) it(`integer expressions, seed ${seed}`, () => check(`int${seed}`, integerProgram(seed)));
  for (let seed = 1; seed <= 5; seed++) it(`floating expressions, seed ${seed}`, () => check(`float${seed}`, floatProgram(seed)));
});
