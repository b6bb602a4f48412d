// math.h: the functions whose results memscope can guarantee to be glibc's, bit for bit.
//
// sqrt, fabs, floor, ceil, trunc and fmod are exact operations (IEEE 754 requires sqrt to be correctly
// rounded, and JavaScript's % on doubles is C's fmod); round rounds halves away from zero as C's does,
// unlike Math.round. pow is glibc's correctly rounded in practice and so is V8's for the arguments
// the tests sweep (test/unit/libc/math.test.ts compares them with gcc).
// sin, cos, exp and log are left out: V8's and glibc's implementations differ in the last bit for some
// arguments, and a program would then print different digits under memscope and under gcc.

import type { NativeSpec } from './native';

/** C's round: to nearest, halves away from zero. */
export function roundHalfAway(x: number): number {
  if (!Number.isFinite(x)) return x;
  const t = Math.trunc(x);
  const frac = Math.abs(x - t);
  if (frac >= 0.5) return t + Math.sign(x);
  // Math.trunc keeps the sign of zero: round(-0.4) is -0.0 in C too.
  return t === 0 ? (Object.is(x, -0) || x < 0 ? -0 : 0) : t;
}

function unary(f: (x: number) => number): NativeSpec {
  return { returns: 'double', run: (call) => f(call.double(0)) };
}

export const MATH: Record<string, NativeSpec> = {
  sqrt: unary(Math.sqrt),
  fabs: unary(Math.abs),
  floor: unary(Math.floor),
  ceil: unary(Math.ceil),
  trunc: unary(Math.trunc),
  round: unary(roundHalfAway),
  fmod: { returns: 'double', run: (call) => call.double(0) % call.double(1) },
  pow: { returns: 'double', run: (call) => cPow(call.double(0), call.double(1)) },
};

/** pow with C's special cases where JavaScript's differs: pow(1, y) and pow(x, ±0) are 1 even for NaN. */
export function cPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && !Number.isFinite(y)) return 1;
  return x ** y;
}
