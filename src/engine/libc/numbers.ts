// Text → number conversions as glibc's strtol, strtoul and strtod do them, over plain bytes. They are
// pure so scanf, the strto* natives and the tests share them.
//
// How it works. Each parser walks the bytes once and returns the value and the index just past the
// last byte it used (0 when no number was found, so the caller sets *endptr to the string itself).
// Integers accumulate in a BigInt and saturate at the type's limits (reporting a range error, which
// the caller turns into errno = ERANGE). Decimal floats are handed to JavaScript's Number(), which
// rounds correctly, as glibc's strtod does; hexadecimal floats are rounded here, to nearest even.

export interface IntegerParse {
  readonly value: bigint;
  /** Index just past the number; 0 when there was none. */
  readonly end: number;
  readonly overflow: boolean;
}

export interface FloatParse {
  readonly value: number;
  readonly end: number;
  /** The value overflowed to infinity or underflowed to zero or a subnormal (strtod sets ERANGE). */
  readonly range: boolean;
}

/** isspace in the C locale. */
export function isSpaceByte(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return 99;
}

const LONG_MAX = (1n << 63n) - 1n;
const ULONG_MAX = (1n << 64n) - 1n;

/**
 * strtol (signed) or strtoul (unsigned) for 64-bit types. `base` is 0 or 2..36 (the caller rejects
 * others with EINVAL). strtoul accepts a sign and negates modulo 2^64, as C requires.
 */
export function parseInteger(bytes: Uint8Array, base: number, signed: boolean): IntegerParse {
  let i = 0;
  while (i < bytes.length && isSpaceByte(bytes[i]!)) i++;
  let negative = false;
  if (bytes[i] === 0x2b || bytes[i] === 0x2d) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  // "0x" is a prefix only when a hex digit follows; otherwise the number is the "0" alone.
  if ((base === 0 || base === 16) && bytes[i] === 0x30 && (bytes[i + 1] === 0x78 || bytes[i + 1] === 0x58) && digitValue(bytes[i + 2] ?? 0) < 16) {
    base = 16;
    i += 2;
  } else if (base === 0) {
    base = bytes[i] === 0x30 ? 8 : 10;
  }
  const start = i;
  let magnitude = 0n;
  const big = BigInt(base);
  for (; i < bytes.length && digitValue(bytes[i]!) < base; i++) {
    if (magnitude <= ULONG_MAX) magnitude = magnitude * big + BigInt(digitValue(bytes[i]!));
  }
  if (i === start) return { value: 0n, end: 0, overflow: false };
  if (signed) {
    const limit = negative ? LONG_MAX + 1n : LONG_MAX;
    if (magnitude > limit) return { value: negative ? -(LONG_MAX + 1n) : LONG_MAX, end: i, overflow: true };
    return { value: negative ? -magnitude : magnitude, end: i, overflow: false };
  }
  if (magnitude > ULONG_MAX) return { value: ULONG_MAX, end: i, overflow: true };
  return { value: negative ? BigInt.asUintN(64, -magnitude) : magnitude, end: i, overflow: false };
}

function lower(c: number | undefined): number {
  return c !== undefined && c >= 0x41 && c <= 0x5a ? c + 0x20 : (c ?? -1);
}

function matchWord(bytes: Uint8Array, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (lower(bytes[at + k]) !== word.charCodeAt(k)) return false;
  return true;
}

const DBL_MIN = 2.2250738585072014e-308;

/** A NaN with its sign bit set ("-nan"); JavaScript's unary minus does not reliably set it. */
export const NEGATIVE_NAN = new DataView(Uint8Array.of(0xff, 0xf8, 0, 0, 0, 0, 0, 0).buffer).getFloat64(0);

/** strtod: decimal and hexadecimal floats, "inf", "infinity", "nan" and "nan(chars)", any case. */
export function parseFloat64(bytes: Uint8Array): FloatParse {
  let i = 0;
  while (i < bytes.length && isSpaceByte(bytes[i]!)) i++;
  let negative = false;
  if (bytes[i] === 0x2b || bytes[i] === 0x2d) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  const sign = negative ? -1 : 1;
  if (matchWord(bytes, i, 'inf')) {
    const end = matchWord(bytes, i, 'infinity') ? i + 8 : i + 3;
    return { value: sign * Infinity, end, range: false };
  }
  if (matchWord(bytes, i, 'nan')) {
    let end = i + 3;
    if (bytes[end] === 0x28) {
      let k = end + 1;
      while (k < bytes.length && (digitValue(bytes[k]!) < 36 || bytes[k] === 0x5f)) k++;
      if (bytes[k] === 0x29) end = k + 1;
    }
    return { value: negative ? NEGATIVE_NAN : NaN, end, range: false };
  }
  if (bytes[i] === 0x30 && lower(bytes[i + 1]) === 0x78) {
    const hex = parseHexFloat(bytes, i + 2);
    if (hex) return { value: sign * hex.value, end: hex.end, range: hex.value === Infinity || (hex.value < DBL_MIN && hex.inexact) };
    // "0x" without hex digits: the number is the "0".
    return { value: sign * 0, end: i + 1, range: false };
  }
  const start = i;
  let digits = 0;
  while (digitValue(bytes[i] ?? 0) < 10) (i++, digits++);
  if (bytes[i] === 0x2e) {
    i++;
    while (digitValue(bytes[i] ?? 0) < 10) (i++, digits++);
  }
  if (digits === 0) return { value: 0, end: 0, range: false };
  if (lower(bytes[i]) === 0x65) {
    let k = i + 1;
    if (bytes[k] === 0x2b || bytes[k] === 0x2d) k++;
    if (digitValue(bytes[k] ?? 0) < 10) {
      while (digitValue(bytes[k] ?? 0) < 10) k++;
      i = k;
    }
  }
  const text = String.fromCharCode(...bytes.subarray(start, i));
  const magnitude = Number(text);
  const nonZeroDigits = /[1-9]/.test(text.replace(/[eE].*$/, ''));
  const range = magnitude === Infinity || (nonZeroDigits && magnitude < DBL_MIN);
  return { value: sign * magnitude, end: i, range };
}

/** Hex digits [. hex digits] [p exponent] after "0x", rounded to a double (nearest, ties to even). */
function parseHexFloat(bytes: Uint8Array, at: number): { value: number; end: number; inexact: boolean } | null {
  let i = at;
  let mantissa = 0n;
  let exponent = 0;
  let digits = 0;
  while (digitValue(bytes[i] ?? 0) < 16) {
    mantissa = mantissa * 16n + BigInt(digitValue(bytes[i]!));
    i++;
    digits++;
  }
  if (bytes[i] === 0x2e) {
    i++;
    while (digitValue(bytes[i] ?? 0) < 16) {
      mantissa = mantissa * 16n + BigInt(digitValue(bytes[i]!));
      exponent -= 4;
      i++;
      digits++;
    }
  }
  if (digits === 0) return null;
  if (lower(bytes[i]) === 0x70) {
    let k = i + 1;
    let negative = false;
    if (bytes[k] === 0x2b || bytes[k] === 0x2d) {
      negative = bytes[k] === 0x2d;
      k++;
    }
    if (digitValue(bytes[k] ?? 0) < 10) {
      let e = 0;
      while (digitValue(bytes[k] ?? 0) < 10) {
        e = Math.min(e * 10 + digitValue(bytes[k]!), 1e6);
        k++;
      }
      exponent += negative ? -e : e;
      i = k;
    }
  }
  const { value, inexact } = roundBinary(mantissa, exponent);
  return { value, end: i, inexact };
}

/** mantissa × 2^exponent rounded to the nearest double, ties to even, subnormals included. */
export function roundBinary(mantissa: bigint, exponent: number): { value: number; inexact: boolean } {
  if (mantissa === 0n) return { value: 0, inexact: false };
  const bits = mantissa.toString(2).length;
  // The unit in the last place of the result: 2^(top - 52), but never below 2^-1074.
  const top = bits - 1 + exponent;
  const ulp = Math.max(top - 52, -1074);
  const shift = ulp - exponent;
  let kept = mantissa;
  let inexact = false;
  if (shift > 0) {
    const s = BigInt(shift);
    kept = mantissa >> s;
    const rest = mantissa - (kept << s);
    const half = 1n << (s - 1n);
    inexact = rest !== 0n;
    if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  } else if (shift < 0) {
    kept = mantissa << BigInt(-shift);
  }
  if (ulp > 971) return { value: Infinity, inexact: true };
  return { value: Number(kept) * 2 ** ulp, inexact };
}
