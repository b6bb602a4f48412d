// pow, correctly rounded, so that it gives glibc's results (glibc's pow is correctly rounded except
// within a hair of a rounding midpoint; JavaScript's ** is not: 0.5 ** 7.5 is one ulp off).
//
// How it works. Special operands (zeros, infinities, NaN, x = 1, y = 0) follow C's Annex F rules.
// For an integer exponent up to 64 the result is computed exactly as a fraction of BigInts and rounded
// once. Otherwise pow(x, y) = 2^(y·log2 x) is evaluated in fixed point with 192 fraction bits: ln x by
// the atanh series, the product by y, and exp by argument reduction (e^t = 2^k · e^r, |r| < ln2)
// and the Taylor series; the ~180 correct bits are then rounded to a double, nearest even. An invalid
// operation (negative base, fractional exponent) gives -nan, the NaN x86's SSE unit produces.

import { decompose } from './float-format';
import { NEGATIVE_NAN, roundBinary } from './numbers';

const BITS = 192n;
const ONE = 1n << BITS;

/** atanh(n/d) in fixed point, for 0 <= n/d <= 1/3 (the series gains 3 bits or more per term). */
function atanhRatio(n: bigint, d: bigint): bigint {
  const z = (n << BITS) / d;
  const z2 = (z * z) >> BITS;
  let term = z;
  let sum = 0n;
  for (let k = 1n; term !== 0n; k += 2n) {
    sum += term / k;
    term = (term * z2) >> BITS;
  }
  return sum;
}

const LN2 = 2n * atanhRatio(1n, 3n);

/** ln of mantissa × 2^exponent (a positive double decomposed), in fixed point. */
function ln(mantissa: bigint, exponent: number): bigint {
  // Normalise to m in [1, 2): mantissa / 2^(bits-1), then ln m = 2 atanh((m - 1) / (m + 1)).
  const bits = mantissa.toString(2).length;
  const scale = 1n << BigInt(bits - 1);
  const e = exponent + bits - 1;
  return BigInt(e) * LN2 + 2n * atanhRatio(mantissa - scale, mantissa + scale);
}

/** e^t for t in fixed point, as a big mantissa and a binary exponent. */
function exp(t: bigint): { mantissa: bigint; exponent: number } {
  // k = trunc(t / ln2), so r = t - k ln2 lies within ±ln2 and the series converges fast.
  const k = t / LN2;
  const r = t - k * LN2;
  let term = ONE;
  let sum = 0n;
  for (let n = 1n; term !== 0n; n++) {
    sum += term;
    term = (term * r) / (ONE * n);
  }
  return { mantissa: sum, exponent: Number(k) - Number(BITS) };
}

function isOddInteger(y: number): boolean {
  return Number.isInteger(y) && Math.abs(y) < 2 ** 53 && Math.abs(y % 2) === 1;
}

export function correctlyRoundedPow(x: number, y: number): number {
  if (y === 0 || x === 1) return 1;
  if (Number.isNaN(x)) return x;
  if (Number.isNaN(y)) return y;
  if (x === -1 && !Number.isFinite(y)) return 1;
  if (x === 0 || !Number.isFinite(x) || !Number.isFinite(y)) return x ** y;
  if (x < 0 && !Number.isInteger(y)) return NEGATIVE_NAN;
  const negative = x < 0 && isOddInteger(y);
  const { mantissa, exponent } = decompose(Math.abs(x));
  let result: number;
  if (Number.isInteger(y) && Math.abs(y) <= 64) {
    result = exactIntegerPower(mantissa, exponent, y);
  } else {
    const exponentOfY = decompose(Math.abs(y));
    let t = ln(mantissa, exponent) * exponentOfY.mantissa;
    t = exponentOfY.exponent >= 0 ? t << BigInt(exponentOfY.exponent) : t >> BigInt(-exponentOfY.exponent);
    if (y < 0) t = -t;
    // Far outside the double range: do not build huge numbers.
    if (t > 800n * ONE) result = Infinity;
    else if (t < -800n * ONE) result = 0;
    else {
      const e = exp(t);
      result = roundBinary(e.mantissa, e.exponent).value;
    }
  }
  return negative ? -result : result;
}

/** (mantissa × 2^exponent)^y for an integer y, exact then rounded once. */
function exactIntegerPower(mantissa: bigint, exponent: number, y: number): number {
  const power = mantissa ** BigInt(Math.abs(y));
  const binary = exponent * Math.abs(y);
  if (y > 0) return roundBinary(power, binary).value;
  // 1 / (power × 2^binary): divide with 128 spare bits; the remainder only breaks exact ties, which
  // cannot happen for a reciprocal of an odd number > 1 and are exact for powers of two.
  const shift = power.toString(2).length + 128;
  const quotient = (1n << BigInt(shift)) / power;
  const sticky = quotient * power === 1n << BigInt(shift) ? 0n : 1n;
  return roundBinary((quotient << 1n) | sticky, -shift - binary - 1).value;
}
