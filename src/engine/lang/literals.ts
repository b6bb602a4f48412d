// Literal decoding: the spelling of a number, character constant or string literal → its value and type.
//
// Integers follow C11 6.4.4.1 for LP64: the digits are read into a bigint, the suffix is matched against
// the legal forms (u, l, ll in any order and case, but never "lL"), and the type is the first of the
// standard's candidate list that holds the value — decimal constants without `u` only try signed types,
// octal and hex constants try the unsigned type after each signed one.
//
// Floats are rounded exactly once, as gcc does. A decimal constant goes through `Number()`, which rounds
// correctly to double; for an `f` constant, rounding that double again to float can go wrong only when
// the double lands exactly halfway between two floats, and that one case is settled by comparing the
// decimal with the halfway point in exact bigint arithmetic. A hex float is an exact binary fraction
// (bigint mantissa × 2^exponent), rounded to nearest-even at the target precision by `roundBinary`.
//
// Character constants and strings share one escape decoder producing bytes: source text is UTF-8, so a
// non-ASCII character stands for its UTF-8 bytes, as in gcc. Every function reports its problems to the
// sink with gcc's wording and returns null when the literal has no usable value (a diagnostic was given;
// the caller should carry on with 0 and not report again).

import type { DiagnosticSink, SourceLocation } from '../diagnostics';

export type IntegerType = 'int' | 'unsigned int' | 'long' | 'unsigned long' | 'long long' | 'unsigned long long';
export type FloatType = 'float' | 'double' | 'long double';

export interface IntegerLiteral {
  readonly value: bigint;
  readonly type: IntegerType;
}

export interface FloatLiteral {
  readonly value: number;
  readonly type: FloatType;
}

/** The value of each integer type's largest member, LP64 (int 32 bits, long and long long 64 bits). */
const MAX: Record<IntegerType, bigint> = {
  'int': 0x7fffffffn,
  'unsigned int': 0xffffffffn,
  'long': 0x7fffffffffffffffn,
  'unsigned long': 0xffffffffffffffffn,
  'long long': 0x7fffffffffffffffn,
  'unsigned long long': 0xffffffffffffffffn,
};

/** C11 6.4.4.1p5: candidate types by suffix, for decimal and for octal/hexadecimal constants. */
const CANDIDATES: Record<string, { decimal: IntegerType[]; other: IntegerType[] }> = {
  '': { decimal: ['int', 'long', 'long long'], other: ['int', 'unsigned int', 'long', 'unsigned long', 'long long', 'unsigned long long'] },
  'u': { decimal: ['unsigned int', 'unsigned long', 'unsigned long long'], other: ['unsigned int', 'unsigned long', 'unsigned long long'] },
  'l': { decimal: ['long', 'long long'], other: ['long', 'unsigned long', 'long long', 'unsigned long long'] },
  'ul': { decimal: ['unsigned long', 'unsigned long long'], other: ['unsigned long', 'unsigned long long'] },
  'll': { decimal: ['long long'], other: ['long long', 'unsigned long long'] },
  'ull': { decimal: ['unsigned long long'], other: ['unsigned long long'] },
};

/** Normalises an integer suffix to a key of CANDIDATES, or undefined when it is not a legal suffix. */
function integerSuffix(suffix: string): string | undefined {
  const m = /^(?:([uU])(l|L|ll|LL)?|(l|L|ll|LL)([uU])?)?$/.exec(suffix);
  if (m === null) return undefined;
  const unsigned = m[1] !== undefined || m[4] !== undefined;
  const longs = (m[2] ?? m[3] ?? '').length;
  return (unsigned ? 'u' : '') + 'l'.repeat(longs);
}

/** Offsets a location by `offset` characters on the same line (for pointing inside a literal). */
function within(loc: SourceLocation, offset: number): SourceLocation {
  return offset === 0 ? loc : { file: loc.file, line: loc.line, column: loc.column + offset };
}

/** True when a pp-number spells a floating constant rather than an integer one. */
export function isFloatingSpelling(text: string): boolean {
  if (/^0[xX]/.test(text)) return /[.pP]/.test(text);
  return /[.eE]/.test(text);
}

/** Decodes an integer constant (C11 6.4.4.1) and picks its LP64 type. */
export function parseIntegerLiteral(text: string, loc: SourceLocation, sink: DiagnosticSink): IntegerLiteral | null {
  const length = text.length;
  let base: 8 | 10 | 16;
  let digits: string;
  let suffix: string;
  if (/^0[bB]/.test(text)) {
    sink.error(loc, 'binary constants are a GNU extension, not part of C11', {
      length, code: 'binary-constant', hint: 'write the value in hexadecimal, e.g. 0b101 is 0x5',
    });
    return null;
  }
  if (/^0[xX]/.test(text)) {
    const m = /^0[xX]([0-9a-fA-F]*)(.*)$/.exec(text) as RegExpExecArray;
    base = 16;
    digits = m[1];
    suffix = m[2];
    if (digits === '') {
      sink.error(loc, `invalid suffix "${text.slice(1)}" on integer constant`, { length, code: 'invalid-suffix' });
      return null;
    }
  } else {
    const m = /^([0-9]*)(.*)$/.exec(text) as RegExpExecArray;
    digits = m[1];
    suffix = m[2];
    base = digits.length > 1 && digits[0] === '0' ? 8 : 10;
    if (digits === '') {
      sink.error(loc, `invalid integer constant "${text}"`, { length, code: 'invalid-number' });
      return null;
    }
  }
  const key = integerSuffix(suffix);
  if (key === undefined) {
    if (isFloatingSpelling(text)) {
      sink.error(loc, `"${text}" is a floating constant, not an integer constant`, { length, code: 'invalid-number' });
    } else {
      sink.error(loc, `invalid suffix "${suffix}" on integer constant`, { length, code: 'invalid-suffix' });
    }
    return null;
  }
  if (base === 8) {
    const bad = /[89]/.exec(digits);
    if (bad !== null) {
      sink.error(loc, `invalid digit "${bad[0]}" in octal constant`, {
        length, code: 'octal-digit', hint: 'a number starting with 0 is octal; drop the leading 0 for decimal',
      });
      return null;
    }
  }
  const value = BigInt(base === 16 ? '0x' + digits : base === 8 ? '0o' + digits : digits);
  if (value > MAX['unsigned long long']) {
    sink.error(loc, 'integer constant is too large for its type', {
      length, code: 'integer-too-large', hint: 'the largest integer constant is 18446744073709551615 (2^64 - 1)',
    });
    return null;
  }
  const list = base === 10 ? CANDIDATES[key].decimal : CANDIDATES[key].other;
  for (const type of list) {
    if (value <= MAX[type]) return { value, type };
  }
  // A decimal constant without `u` beyond LLONG_MAX: gcc warns and makes it unsigned.
  sink.warning(loc, 'integer constant is so large that it is unsigned', {
    length, code: 'integer-unsigned', hint: 'add a U suffix if you mean an unsigned value',
  });
  return { value, type: key.includes('ll') ? 'unsigned long long' : 'unsigned long' };
}

// ---- floating constants --------------------------------------------------------------------------

interface BinaryFormat {
  readonly precision: number; // significand bits, hidden bit included
  readonly minExponent: number; // exponent of the smallest normal number
}

const DOUBLE: BinaryFormat = { precision: 53, minExponent: -1022 };
const FLOAT: BinaryFormat = { precision: 24, minExponent: -126 };

function bitLength(n: bigint): number {
  return n.toString(2).length;
}

/** mantissa × 2^exponent rounded to nearest-even in `format` (subnormals included), as a JS number. */
function roundBinary(mantissa: bigint, exponent: number, format: BinaryFormat): number {
  if (mantissa === 0n) return 0;
  const length = bitLength(mantissa);
  // Exponent of the last significand bit kept: limited by the precision and by the subnormal floor.
  const lsb = Math.max(exponent + length - format.precision, format.minExponent - format.precision + 1);
  let m = mantissa;
  let e = exponent;
  if (lsb > exponent) {
    const shift = BigInt(lsb - exponent);
    const rest = m & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    m >>= shift;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m += 1n;
    e = lsb;
  }
  // m now fits the format; scale in two steps so no intermediate power of two under- or overflows.
  if (e > 1023) return m === 0n ? 0 : Infinity;
  const half = Math.trunc(e / 2);
  return Number(m) * 2 ** half * 2 ** (e - half);
}

/** The exact binary value of a finite double: mantissa × 2^exponent. */
function exactDouble(d: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** Compares digits × 10^power with mantissa × 2^exponent exactly: -1, 0 or 1. */
function compareDecimalBinary(digits: bigint, power: number, mantissa: bigint, exponent: number): number {
  let left = digits;
  let right = mantissa;
  if (power >= 0) left *= 10n ** BigInt(power);
  else right *= 10n ** BigInt(-power);
  if (exponent >= 0) right <<= BigInt(exponent);
  else left <<= BigInt(-exponent);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Rounds a decimal constant to float directly (see the file header for why the midpoint case matters). */
function decimalToFloat(mantissaDigits: string, power: number, asDouble: number): number {
  const once = Math.fround(asDouble);
  if (!Number.isFinite(asDouble) || asDouble === once) return once;
  const below = Math.abs(once) < Math.abs(asDouble) ? once : nextFloatToward0(once);
  const above = below === once ? nextFloatAway0(once) : once;
  // Exact: the mean of two adjacent floats is a double. Past FLT_MAX the "next float" is infinity, and
  // the rounding boundary is where the float after FLT_MAX would be if the exponent range went on.
  const midpoint = above === Infinity ? below + 2 ** 103 : (below + above) / 2;
  if (midpoint !== asDouble) return once;
  const m = exactDouble(Math.abs(midpoint));
  const cmp = compareDecimalBinary(BigInt(mantissaDigits), power, m.mantissa, m.exponent);
  if (cmp === 0) return once; // a true tie: fround already chose the even neighbour
  return cmp > 0 ? above : below;
}

function nextFloatToward0(f: number): number {
  const a = new Float32Array([f]);
  const u = new Uint32Array(a.buffer);
  u[0] -= 1;
  return a[0];
}

function nextFloatAway0(f: number): number {
  const a = new Float32Array([f]);
  const u = new Uint32Array(a.buffer);
  u[0] += 1;
  return a[0];
}

/** Decodes a floating constant (C11 6.4.4.2), decimal or hexadecimal, with suffix f, F, l or L. */
export function parseFloatLiteral(text: string, loc: SourceLocation, sink: DiagnosticSink): FloatLiteral | null {
  const length = text.length;
  const hex = /^0[xX]/.test(text);
  const m = hex
    ? /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:([pP])([+-]?)([0-9]*))?(.*)$/.exec(text)
    : /^([0-9]*)(?:\.([0-9]*))?(?:([eE])([+-]?)([0-9]*))?(.*)$/.exec(text);
  if (m === null) {
    sink.error(loc, `invalid floating constant "${text}"`, { length, code: 'invalid-number' });
    return null;
  }
  const [, whole, fraction = '', marker, sign = '', exponentDigits = '', suffix] = m;
  if (whole === '' && fraction === '') {
    sink.error(loc, `invalid floating constant "${text}"`, { length, code: 'invalid-number' });
    return null;
  }
  if (suffix.includes('.')) {
    sink.error(loc, 'too many decimal points in number', { length, code: 'invalid-number' });
    return null;
  }
  if (marker !== undefined && exponentDigits === '') {
    sink.error(loc, 'exponent has no digits', { length, code: 'invalid-number' });
    return null;
  }
  if (hex && marker === undefined) {
    sink.error(loc, 'hexadecimal floating constants require an exponent', {
      length, code: 'invalid-number', hint: 'add a binary exponent, e.g. 0x1.8p0',
    });
    return null;
  }
  let type: FloatType;
  if (suffix === '') type = 'double';
  else if (suffix === 'f' || suffix === 'F') type = 'float';
  else if (suffix === 'l' || suffix === 'L') type = 'long double';
  else {
    sink.error(loc, `invalid suffix "${suffix}" on floating constant`, { length, code: 'invalid-suffix' });
    return null;
  }
  const exponent = marker === undefined ? 0 : Number(sign + exponentDigits); // huge exponents become ±Infinity
  let value: number;
  let exact: { isZero: boolean };
  if (hex) {
    const mantissa = BigInt('0x' + (whole + fraction || '0'));
    const binaryExponent = Number.isFinite(exponent) ? Math.max(-100000, Math.min(100000, exponent)) - 4 * fraction.length : 0;
    value = roundBinary(mantissa, binaryExponent, type === 'float' ? FLOAT : DOUBLE);
    exact = { isZero: mantissa === 0n };
  } else {
    const digits = (whole + fraction).replace(/^0+(?=.)/, '');
    const asDouble = Number(`${whole || '0'}.${fraction || '0'}e${sign}${exponentDigits || '0'}`);
    const power = Math.max(-100000, Math.min(100000, exponent)) - fraction.length;
    value = type === 'float' ? decimalToFloat(digits, power, asDouble) : asDouble;
    exact = { isZero: /^0*$/.test(digits) };
  }
  const typeName = type === 'float' ? 'float' : 'double';
  if (!Number.isFinite(value)) {
    sink.warning(loc, `floating constant exceeds range of '${typeName}'`, { length, code: 'float-overflow' });
  } else if (value === 0 && !exact.isZero) {
    sink.warning(loc, 'floating constant truncated to zero', { length, code: 'float-underflow' });
  }
  return { value, type };
}

/** An integer or floating constant, told apart by its spelling. */
export type NumberLiteral = ({ kind: 'integer' } & IntegerLiteral) | ({ kind: 'float' } & FloatLiteral);

/** Decodes any pp-number that reached the parser. */
export function parseNumberLiteral(text: string, loc: SourceLocation, sink: DiagnosticSink): NumberLiteral | null {
  if (isFloatingSpelling(text)) {
    const f = parseFloatLiteral(text, loc, sink);
    return f === null ? null : { kind: 'float', ...f };
  }
  const i = parseIntegerLiteral(text, loc, sink);
  return i === null ? null : { kind: 'integer', ...i };
}

// ---- character constants and string literals ---------------------------------------------------

const SIMPLE_ESCAPES: Record<string, number> = {
  'n': 10, 't': 9, 'r': 13, 'a': 7, 'b': 8, 'f': 12, 'v': 11, '\\': 92, '\'': 39, '"': 34, '?': 63,
};

const utf8 = new TextEncoder();

/**
 * Decodes the body of a literal (between the quotes) into bytes. `offset` is the body's column offset
 * in the token, used to point diagnostics at the escape itself. Returns null after an error.
 */
function decodeBody(body: string, offset: number, loc: SourceLocation, sink: DiagnosticSink): number[] | null {
  const bytes: number[] = [];
  let ok = true;
  let i = 0;
  while (i < body.length) {
    const c = body.charCodeAt(i);
    if (c !== 92) {
      if (c < 128) {
        bytes.push(c);
        i++;
      } else {
        const width = c >= 0xd800 && c <= 0xdbff ? 2 : 1;
        for (const b of utf8.encode(body.slice(i, i + width))) bytes.push(b);
        i += width;
      }
      continue;
    }
    const at = within(loc, offset + i);
    const e = body[i + 1] ?? '';
    if (e in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[e]);
      i += 2;
    } else if (e >= '0' && e <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1)) as RegExpExecArray;
      let v = parseInt(m[0], 8);
      if (v > 255) {
        sink.warning(at, 'octal escape sequence out of range', { length: 1 + m[0].length, code: 'escape-range' });
        v &= 255;
      }
      bytes.push(v);
      i += 1 + m[0].length;
    } else if (e === 'x') {
      const m = /^[0-9a-fA-F]*/.exec(body.slice(i + 2)) as RegExpExecArray;
      if (m[0] === '') {
        sink.error(at, '\\x used with no following hex digits', { length: 2, code: 'escape-hex' });
        ok = false;
        i += 2;
        continue;
      }
      let v = BigInt('0x' + m[0]);
      if (v > 255n) {
        sink.warning(at, 'hex escape sequence out of range', { length: 2 + m[0].length, code: 'escape-range' });
        v &= 255n;
      }
      bytes.push(Number(v));
      i += 2 + m[0].length;
    } else if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + n);
      const point = /^[0-9a-fA-F]+$/.test(hex) && hex.length === n ? parseInt(hex, 16) : -1;
      if (point < 0 || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
        sink.error(at, `incomplete or invalid universal character name \\${e}${hex}`, { length: 2 + hex.length, code: 'escape-ucn' });
        ok = false;
        i += 2;
        continue;
      }
      for (const b of utf8.encode(String.fromCodePoint(point))) bytes.push(b);
      i += 2 + n;
    } else if (e === 'e' || e === 'E') {
      sink.warning(at, `non-ISO-standard escape sequence, '\\${e}'`, { length: 2, code: 'escape-unknown', hint: 'write \\033 for the escape character' });
      bytes.push(27);
      i += 2;
    } else {
      // gcc: a warning, and the backslash is dropped.
      const shown = e === '' ? '' : e;
      sink.warning(at, `unknown escape sequence: '\\${shown}'`, {
        length: 2, code: 'escape-unknown', hint: e === '' ? undefined : `write \\\\ for a backslash; '${e}' needs no escape`,
      });
      if (e !== '') {
        const width = e.charCodeAt(0) >= 0xd800 && e.charCodeAt(0) <= 0xdbff ? 2 : 1;
        for (const b of utf8.encode(body.slice(i + 1, i + 1 + width))) bytes.push(b);
        i += 1 + width;
      } else {
        i += 1;
      }
    }
  }
  return ok ? bytes : null;
}

/** Splits a literal's spelling into prefix and body, or reports why it cannot be decoded. */
function literalBody(text: string, quote: '"' | "'", loc: SourceLocation, sink: DiagnosticSink): { body: string; offset: number } | null {
  const open = text.indexOf(quote);
  const prefix = open < 0 ? '' : text.slice(0, open);
  if (open < 0 || text.length < open + 2 || text[text.length - 1] !== quote) {
    sink.error(loc, `missing terminating ${quote} character`, { length: Math.max(1, text.length), code: 'unterminated-literal' });
    return null;
  }
  if (prefix !== '' && !(prefix === 'u8' && quote === '"')) {
    const what = quote === '"' ? 'string literals' : 'character constants';
    sink.error(loc, `wide and Unicode ${what} (prefix ${prefix}) are not supported in Mini C`, {
      length: text.length, code: 'unsupported', hint: `use a plain ${quote === '"' ? 'string literal' : 'character constant'} without the ${prefix} prefix`,
    });
    return null;
  }
  return { body: text.slice(open + 1, -1), offset: open + 1 };
}

/** Decodes a character constant: type int, plain char is signed; multi-character constants as gcc. */
export function parseCharLiteral(text: string, loc: SourceLocation, sink: DiagnosticSink): { value: number } | null {
  const parts = literalBody(text, "'", loc, sink);
  if (parts === null) return null;
  if (parts.body === '') {
    sink.error(loc, 'empty character constant', { length: text.length, code: 'empty-char', hint: "a character constant holds one character, e.g. ' ' for a space" });
    return null;
  }
  const bytes = decodeBody(parts.body, parts.offset, loc, sink);
  if (bytes === null) return null;
  if (bytes.length === 1) return { value: (bytes[0] << 24) >> 24 }; // sign-extended: char is signed
  // gcc: each byte shifts in from the right and the int keeps the last four.
  let value = 0;
  for (const b of bytes) value = ((value << 8) | b) | 0;
  if (bytes.length > 4) {
    sink.warning(loc, 'character constant too long for its type', { length: text.length, code: 'multichar' });
  } else {
    sink.warning(loc, 'multi-character character constant', {
      length: text.length, code: 'multichar', hint: 'did you mean a string literal in double quotes?',
    });
  }
  return { value };
}

/** Decodes a string literal to its bytes, without the terminating NUL. */
export function parseStringLiteral(text: string, loc: SourceLocation, sink: DiagnosticSink): Uint8Array | null {
  const parts = literalBody(text, '"', loc, sink);
  if (parts === null) return null;
  const bytes = decodeBody(parts.body, parts.offset, loc, sink);
  return bytes === null ? null : Uint8Array.from(bytes);
}

/** Adjacent string literals are one array (translation phase 6): their bytes, joined. */
export function concatStrings(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
