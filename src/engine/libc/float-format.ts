// Exact decimal and hexadecimal text of doubles, as glibc's printf produces it for %f %e %g %a.
//
// How it works. A finite double is exactly mantissa × 2^exponent, so its value is a fraction num/den of
// two BigInts. Every conversion multiplies that fraction by a power of ten, divides, and rounds the
// quotient to nearest with ties to even — what glibc does in the default rounding mode. Because nothing
// goes through JavaScript's own number-to-string code, `%.20f` of 0.1 gives all the true digits
// (0.10000000000000000555) and `%.0f` of 2.5 gives 2 (toFixed would say 3).
// Infinity and NaN are spelled by the caller; these functions take finite magnitudes only.

const view = new DataView(new ArrayBuffer(8));

/** The sign bit of x (so -0 and -nan count as negative, as glibc prints them). */
export function signBit(x: number): boolean {
  view.setFloat64(0, x);
  return view.getUint8(0) >= 0x80;
}

/** |x| = mantissa × 2^exponent, with exponent = -1074 for zero and subnormals. */
export function decompose(x: number): { mantissa: bigint; exponent: number } {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

function exact(x: number): Fraction {
  const { mantissa, exponent } = decompose(x);
  return exponent >= 0 ? { num: mantissa << BigInt(exponent), den: 1n } : { num: mantissa, den: 1n << BigInt(-exponent) };
}

const TEN = 10n;
function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** num/den rounded to the nearest integer, ties to even. */
function roundHalfEven(num: bigint, den: bigint): bigint {
  const q = num / den;
  const twice = 2n * (num - q * den);
  if (twice > den || (twice === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Digits of |x| with `precision` digits after the point (%f), without sign: e.g. "3.14". */
export function fixedDigits(x: number, precision: number): { integer: string; fraction: string } {
  const { num, den } = exact(Math.abs(x));
  const scaled = roundHalfEven(num * pow10(precision), den).toString().padStart(precision + 1, '0');
  return { integer: scaled.slice(0, scaled.length - precision), fraction: scaled.slice(scaled.length - precision) };
}

/**
 * |x| as d.ddd × 10^exp with `precision` digits after the point (%e). `digits` holds precision + 1
 * digits; rounding can carry into a new leading digit, which bumps the exponent (9.99 → 1.00e+01).
 */
export function scientificDigits(x: number, precision: number): { digits: string; exponent: number; carried: boolean } {
  const { num, den } = exact(Math.abs(x));
  if (num === 0n) return { digits: '0'.repeat(precision + 1), exponent: 0, carried: false };
  // Estimate the decimal exponent from the lengths, then correct it so 10^e <= num/den < 10^(e+1).
  let e = num.toString().length - den.toString().length;
  const atLeast = (k: number): boolean => (k >= 0 ? num >= den * pow10(k) : num * pow10(-k) >= den);
  while (atLeast(e + 1)) e++;
  while (!atLeast(e)) e--;
  const shift = precision - e;
  let n = shift >= 0 ? roundHalfEven(num * pow10(shift), den) : roundHalfEven(num, den * pow10(-shift));
  const carried = n >= pow10(precision + 1);
  if (carried) {
    n /= TEN;
    e++;
  }
  return { digits: n.toString(), exponent: e, carried };
}

/** The exponent suffix glibc writes: at least two digits, always signed ("e+05", "E-300"). */
export function exponentText(e: number, upper: boolean): string {
  const sign = e < 0 ? '-' : '+';
  return (upper ? 'E' : 'e') + sign + String(Math.abs(e)).padStart(2, '0');
}

/** %f body (no sign): integer digits, and the point unless precision is 0 without '#'. */
export function formatFixed(x: number, precision: number, alternate: boolean): string {
  const { integer, fraction } = fixedDigits(x, precision);
  return precision > 0 || alternate ? `${integer}.${fraction}` : integer;
}

/** %e body (no sign). */
export function formatScientific(x: number, precision: number, alternate: boolean, upper: boolean): string {
  const { digits, exponent } = scientificDigits(x, precision);
  const point = precision > 0 || alternate ? '.' : '';
  return digits[0] + point + digits.slice(1) + exponentText(exponent, upper);
}

function stripTrailingZeros(text: string): string {
  if (!text.includes('.')) return text;
  return text.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * %g body (no sign). C11 7.21.6.1: with P the precision (6 if omitted, 1 if 0) and X the exponent that
 * %e would print, use %f with precision P-1-X when P > X >= -4, else %e with precision P-1; then remove
 * trailing zeros unless '#'.
 *
 * glibc decides the style before rounding: when rounding carries a value that had P digits before the
 * point (99.5 with P = 2) into the %e style, it prints no digits after the point, so "%#.2g" of 99.5 is
 * "1.e+02" where C11 says "1.0e+02". Only '#' shows the difference; it is kept to print as glibc.
 */
export function formatGeneral(x: number, precision: number, alternate: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const { digits, exponent, carried } = scientificDigits(x, p - 1);
  if (p > exponent && exponent >= -4) {
    const text = formatFixed(x, p - 1 - exponent, alternate);
    return alternate ? text : stripTrailingZeros(text);
  }
  if (alternate && carried && exponent === p) return digits[0] + '.' + exponentText(exponent, upper);
  const point = p - 1 > 0 || alternate ? '.' : '';
  const mantissa = digits[0] + point + digits.slice(1);
  return (alternate ? mantissa : stripTrailingZeros(mantissa)) + exponentText(exponent, upper);
}

/**
 * %a body (no sign), as glibc prints a double: "0x1.8p+1"; subnormals keep a leading 0 and exponent
 * -1022; without a precision, trailing zero hex digits are dropped. With a precision, the fraction is
 * rounded to nearest, ties to even, and a carry goes into the leading digit ("0x2.00p+0", as glibc).
 */
export function formatHexFloat(x: number, precision: number | undefined, alternate: boolean, upper: boolean): string {
  const { mantissa, exponent } = decompose(Math.abs(x));
  let lead: bigint;
  let fraction: bigint; // 52 bits
  let exp: number;
  if (mantissa === 0n) {
    lead = 0n;
    fraction = 0n;
    exp = 0;
  } else if (mantissa < 1n << 52n) {
    lead = 0n;
    fraction = mantissa;
    exp = -1022;
  } else {
    lead = 1n;
    fraction = mantissa - (1n << 52n);
    exp = exponent + 52;
  }
  let hex: string;
  if (precision === undefined) {
    hex = fraction.toString(16).padStart(13, '0').replace(/0+$/, '');
  } else if (precision >= 13) {
    hex = fraction.toString(16).padStart(13, '0') + '0'.repeat(precision - 13);
  } else {
    const drop = BigInt(4 * (13 - precision));
    const whole = (lead << 52n) | fraction;
    const rounded = roundHalfEven(whole, 1n << drop);
    lead = rounded >> BigInt(4 * precision);
    const kept = rounded - (lead << BigInt(4 * precision));
    hex = precision === 0 ? '' : kept.toString(16).padStart(precision, '0');
  }
  const point = hex.length > 0 || alternate ? '.' : '';
  const sign = exp < 0 ? '-' : '+';
  const text = `0x${lead.toString(16)}${point}${hex}p${sign}${Math.abs(exp)}`;
  return upper ? text.toUpperCase() : text;
}
