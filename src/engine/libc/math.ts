// math.h: the functions whose results memscope can guarantee to be glibc's, bit for bit.
//
// sqrt, fabs, floor, ceil, trunc and fmod are exact operations (IEEE 754 requires sqrt to be correctly
// rounded, and JavaScript's % on doubles is C's fmod); round rounds halves away from zero as C's does,
// unlike Math.round. pow is correctly rounded (pow.ts), as glibc's is, where V8's ** is not.
// NaNs follow x86: invalid operations give -nan, as glibc prints them (test/unit/libc/math.test.ts
// compares every function with glibc bit for bit).
// sin, cos, exp and log are left out: V8's and glibc's implementations differ in the last bit for some
// arguments, and a program would then print different digits under memscope and under gcc.

import type { NativeSpec } from './native';
import { NEGATIVE_NAN } from './numbers';
import { correctlyRoundedPow } from './pow';

/** C's round: to nearest, halves away from zero. */
export function roundHalfAway(x: number): number {
  if (!Number.isFinite(x)) return x;
  const t = Math.trunc(x);
  const frac = Math.abs(x - t);
  if (frac >= 0.5) return t + Math.sign(x);
  // Math.trunc keeps the sign of zero: round(-0.4) is -0.0 in C too.
  return t === 0 ? (Object.is(x, -0) || x < 0 ? -0 : 0) : t;
}

/**
 * Wraps an operation with x86's NaN rules: a NaN operand is returned as it is (sign included), and
 * an invalid operation on numbers (sqrt(-1), fmod(x, 0)) gives the default NaN, which is -nan.
 */
function withNaNs(f: (...xs: number[]) => number): (...xs: number[]) => number {
  return (...xs) => {
    const nan = xs.find((x) => Number.isNaN(x));
    if (nan !== undefined) return nan;
    const r = f(...xs);
    return Number.isNaN(r) ? NEGATIVE_NAN : r;
  };
}

function unary(f: (x: number) => number): NativeSpec {
  const g = withNaNs(f);
  return { returns: 'double', run: (call) => g(call.double(0)) };
}

function binary(f: (x: number, y: number) => number): NativeSpec {
  return { returns: 'double', run: (call) => f(call.double(0), call.double(1)) };
}

export const MATH: Record<string, NativeSpec> = {
  sqrt: unary(Math.sqrt),
  fabs: { returns: 'double', run: (call) => Math.abs(call.double(0)) },
  floor: unary(Math.floor),
  ceil: unary(Math.ceil),
  trunc: unary(Math.trunc),
  round: unary(roundHalfAway),
  fmod: binary(withNaNs((x, y) => x % y)),
  pow: binary(correctlyRoundedPow),
};
