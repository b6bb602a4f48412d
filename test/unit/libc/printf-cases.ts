// The printf sweep: thousands of format/argument cases (flags × width × precision × length × values,
// edge values included) generated from a fixed seed, and the C program that prints them all with glibc.
// The same list drives memscope's formatter, so the two outputs can be compared case by case.

import { C_DOUBLE_PRELUDE, cDouble } from './gcc';
import type { ArgValue } from './list-args';

export interface PrintfCase {
  readonly format: string;
  readonly args: ArgValue[];
}

/** A small deterministic generator (xorshift32) so the sweep is the same on every run. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

const FLAGS = ['', '-', '+', ' ', '#', '0', '-0', '+0', ' 0', '#0', '-#', '+ ', '-+', '#-0', "'"];
const WIDTHS = ['', '1', '3', '7', '12', '25', '*'];
const PRECISIONS = ['', '.', '.0', '.1', '.2', '.3', '.6', '.10', '.17', '.25', '.*'];

const INTS = [0, 1, -1, 7, 42, -42, 255, 256, -128, 127, 1000, 65535, 65536, -32768, 2147483647, -2147483648, 123456789, -987654];
const LONGS = [0n, 1n, -1n, 42n, 4294967295n, 4294967296n, -9223372036854775808n, 9223372036854775807n, 18446744073709551615n, 1234567890123n, -1234567890123n];
/** -nan: the NaN with its sign bit set (what 0.0/0.0 gives on x86-64). */
function negativeNaN(): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, 0xfff8000000000000n);
  return view.getFloat64(0);
}

const DOUBLES = [
  0, -0, 0.1, 0.5, 1.5, 2.5, -2.5, 3.5, 0.125, 0.3, 1 / 3, 2 / 3, 1, -1, 10, 100, 1e6, 1234567, 123456.5, 0.05, 0.15, 0.25,
  0.35, 9.5, 99.5, 0.0001, 0.00001, 0.000123456, 9.9999999, 99999.95, 999999.5, 1e21, 1e22, 1e-5, 1e100, 1e300, -1e300,
  1.7976931348623157e308, 2.2250738585072014e-308, 5e-324, 1e-310, 4.9406564584124654e-320, 3.141592653589793,
  2.718281828459045, 1.0000000000000002, 0.9999999999999999, 1e15, 1e16, 1e17, 123456789012345680000, 6.02214076e23,
  Infinity, -Infinity, Number.NaN, negativeNaN(), 1.999, 1.03125, 255.5, -0.0000001,
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function starArgs(rand: () => number, width: string, precision: string): ArgValue[] {
  const args: ArgValue[] = [];
  if (width === '*') args.push({ kind: 'int', value: pick(rand, [5, 0, -8, 12, 1]) });
  if (precision === '.*') args.push({ kind: 'int', value: pick(rand, [3, 0, -1, 8, 20]) });
  return args;
}

export function printfCases(count: number): PrintfCase[] {
  const rand = generator(20250101);
  const cases: PrintfCase[] = [];
  const add = (format: string, args: ArgValue[]): void => {
    cases.push({ format, args });
  };
  // Fixed cases of the quirks named in the documentation.
  add('[%p] [%10p] [%-10p]|', [{ kind: 'pointer', value: 0 }, { kind: 'pointer', value: 0 }, { kind: 'pointer', value: 0 }]);
  add('[%s] [%.3s] [%.6s] [%10s]|', [{ kind: 'string', value: null }, { kind: 'string', value: null }, { kind: 'string', value: null }, { kind: 'string', value: null }]);
  add('%.20f %.0f %.0f %.0f %.0f', [0.1, 0.5, 2.5, 1.5, 3.5].map((value) => ({ kind: 'double', value })));
  add('%5% %-5% %y %5k %', []);
  for (let n = 0; cases.length < count; n++) {
    const flags = pick(rand, FLAGS);
    const width = pick(rand, WIDTHS);
    const precision = pick(rand, PRECISIONS);
    const family = pick(rand, ['int', 'int', 'long', 'double', 'double', 'double', 'string', 'char', 'pointer']);
    const args = starArgs(rand, width, precision);
    const spec = `%${flags}${width}${precision}`;
    switch (family) {
      case 'int': {
        const length = pick(rand, ['', '', 'h', 'hh']);
        const conv = pick(rand, ['d', 'i', 'u', 'x', 'X', 'o']);
        args.push({ kind: 'int', value: pick(rand, INTS) });
        add(`[${spec}${length}${conv}]`, args);
        break;
      }
      case 'long': {
        const length = pick(rand, ['l', 'll', 'z', 'j', 't']);
        const conv = pick(rand, ['d', 'i', 'u', 'x', 'X', 'o']);
        args.push({ kind: 'long', value: pick(rand, LONGS) });
        add(`[${spec}${length}${conv}]`, args);
        break;
      }
      case 'double': {
        const conv = pick(rand, ['f', 'F', 'e', 'E', 'g', 'G', 'g', 'f', 'e', 'a', 'A']);
        const length = pick(rand, ['', '', '', 'l']);
        args.push({ kind: 'double', value: rand() < 0.3 ? randomDouble(rand) : pick(rand, DOUBLES) });
        add(`[${spec}${length}${conv}]`, args);
        break;
      }
      case 'string': {
        const value = pick(rand, ['hello', '', 'a', 'memscope prints exactly', null]);
        args.push({ kind: 'string', value });
        add(`[%${flags.replace(/[+ #0']/g, '')}${width}${precision}s]`, args);
        break;
      }
      case 'char': {
        const charArgs = starArgs(rand, width, '');
        charArgs.push({ kind: 'int', value: pick(rand, [65, 122, 32, 48, 321]) });
        add(`[%${flags.replace(/[+ #']/g, '')}${width}c]`, charArgs);
        break;
      }
      default:
        args.push({ kind: 'pointer', value: pick(rand, [0, 0x1234, 0x7ffffffde9c8, 0x401000, 1]) });
        add(`[${spec}p]`, args);
    }
  }
  return cases;
}

/** A double from random bits: any exponent, subnormals included, but finite. */
function randomDouble(rand: () => number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, Math.floor(rand() * 4294967296));
  view.setUint32(4, Math.floor(rand() * 4294967296));
  const x = view.getFloat64(0);
  return Number.isFinite(x) ? x : 1.5;
}

/** The separator printed after every case (a byte no case prints). */
export const CASE_END = 0x1e;

function cString(s: string): string {
  return JSON.stringify(s).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
}

function cArgument(a: ArgValue): string {
  switch (a.kind) {
    case 'int':
      return a.value === -2147483648 ? '(-2147483647-1)' : String(a.value);
    case 'long':
      return a.value === -9223372036854775808n ? '(-9223372036854775807L-1)' : a.value > 9223372036854775807n ? `${a.value}UL` : `${a.value}L`;
    case 'double':
      return cDouble(a.value);
    case 'string':
      return a.value === null ? '(char *)0' : cString(a.value);
    case 'pointer':
      return `(void *)${a.value}UL`;
    default: {
      const never: never = a;
      return never;
    }
  }
}

/** A C program printing every case with glibc's printf, each followed by CASE_END. */
export function printfProgram(cases: readonly PrintfCase[]): string {
  const lines = cases.map((c) => `  printf(${cString(c.format)}${c.args.map((a) => ', ' + cArgument(a)).join('')}); putchar(${CASE_END});`);
  return `#include <stdio.h>\n${C_DOUBLE_PRELUDE}int main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`;
}
