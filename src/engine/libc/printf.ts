// The printf formatter: format bytes plus a source of arguments → output bytes, exactly as glibc prints.
//
// How it works. `formatPrintf` walks the format once. Ordinary bytes are copied; each `%` starts a
// directive, parsed into a `Directive` (flags, width, precision, length modifier, conversion), whose `*`
// width and precision are taken from the arguments in order. The directive then reads its argument from
// the source with the accessor its length modifier implies (int, long, double, pointer …) and renders the
// text: sign, prefix, zero padding and field padding are assembled by `pad` the same way for every
// numeric conversion. Doubles go through float-format.ts, which is exact.
//
// The formatter is pure: it never touches a machine. The source says how to read a %s string and how to
// store a %n count, so the natives (stdio.ts) check those accesses against simulated memory and tests
// can run it on plain arrays.
//
// glibc's quirks kept on purpose: `(nil)` for a null %p, `(null)` for a null %s when the precision lets
// six bytes through (nothing otherwise), %p printed as %#lx (flags '+', ' ', '0' and a precision apply).
// An unknown conversion is printed back from its parsed parts ("%-3k" for "%-*k" with 3, flags in
// glibc's order), and it switches glibc to its slower positional path: from then on a format that ends
// inside a directive prints that directive back; before it, such a format makes the call fail with -1
// after writing what came before.

import type { Pointer, VarArgs } from './native';
import { formatFixed, formatGeneral, formatHexFloat, formatScientific, signBit } from './float-format';

/** What the formatter reads its arguments from. */
export interface PrintfArgs extends VarArgs {
  /** The bytes of the string at p (a %s argument): up to the NUL, or at most `limit` bytes. */
  string(p: Pointer, limit: number | undefined): Uint8Array;
  /** Stores `count` (bytes written so far) through a %n argument, as an integer of `size` bytes. */
  storeCount(p: Pointer, size: 1 | 2 | 4 | 8, count: number): void;
}

export interface PrintfResult {
  readonly bytes: Uint8Array;
  /** What printf returns: the number of bytes, or -1 for a malformed format. */
  readonly status: number;
}

type Length = 'hh' | 'h' | 'l' | 'll' | 'j' | 'z' | 't' | 'L' | '';

interface Directive {
  left: boolean;
  plus: boolean;
  space: boolean;
  alternate: boolean;
  zero: boolean;
  /** The ' flag: digit grouping, which the C locale does not do. */
  grouping: boolean;
  width: number;
  precision: number | undefined;
  length: Length;
  conversion: string;
}

const PERCENT = 0x25;
/** The largest field width or precision memscope formats (16 MiB of padding). */
export const MAX_FIELD = 1 << 24;

export function formatPrintf(format: Uint8Array, args: PrintfArgs): PrintfResult {
  const out: number[] = [];
  let positional = false;
  let i = 0;
  while (i < format.length) {
    const byte = format[i]!;
    if (byte !== PERCENT) {
      out.push(byte);
      i++;
      continue;
    }
    i++;
    const d: Directive = { left: false, plus: false, space: false, alternate: false, zero: false, grouping: false, width: 0, precision: undefined, length: '', conversion: '' };
    // flags = ("-" | "+" | " " | "#" | "0" | "'")*
    for (; i < format.length; i++) {
      const c = String.fromCharCode(format[i]!);
      if (c === '-') d.left = true;
      else if (c === '+') d.plus = true;
      else if (c === ' ') d.space = true;
      else if (c === '#') d.alternate = true;
      else if (c === '0') d.zero = true;
      else if (c === "'") d.grouping = true;
      else break;
    }
    // width = "*" | digits
    if (format[i] === 0x2a) {
      const w = args.int();
      if (w < 0) {
        d.left = true;
        d.width = -w;
      } else d.width = w;
      i++;
    } else {
      while (isDigit(format[i])) d.width = Math.min(d.width * 10 + (format[i++]! - 0x30), 2 ** 40);
    }
    // precision = "." ("*" | digits)?
    if (format[i] === 0x2e) {
      i++;
      if (format[i] === 0x2a) {
        const p = args.int();
        d.precision = p < 0 ? undefined : p;
        i++;
      } else {
        let p = 0;
        while (isDigit(format[i])) p = Math.min(p * 10 + (format[i++]! - 0x30), 2 ** 40);
        d.precision = p;
      }
    }
    // length = "hh" | "h" | "ll" | "l" | "j" | "z" | "t" | "L"
    const l1 = String.fromCharCode(format[i] ?? 0);
    const l2 = String.fromCharCode(format[i + 1] ?? 0);
    if ((l1 === 'h' || l1 === 'l') && l2 === l1) {
      d.length = (l1 + l2) as Length;
      i += 2;
    } else if ('hljztL'.includes(l1) && l1 !== '\0') {
      d.length = l1 as Length;
      i++;
    }
    // A width or precision this large is a bug in the program (often an uninitialised `*` argument);
    // glibc would try to print gigabytes. memscope stops with printf's error result instead.
    if (d.width > MAX_FIELD || (d.precision ?? 0) > MAX_FIELD) return { bytes: Uint8Array.from(out), status: -1 };
    if (i >= format.length) {
      if (!positional) return { bytes: Uint8Array.from(out), status: -1 };
      pushText(out, unknownDirective(d));
      break;
    }
    d.conversion = String.fromCharCode(format[i]!);
    i++;
    if (!convert(d, args, out)) {
      positional = true;
      pushText(out, unknownDirective(d));
    }
  }
  return { bytes: Uint8Array.from(out), status: out.length };
}

/** A directive glibc does not know, printed back as its parsed parts (glibc's __printf_unknown). */
function unknownDirective(d: Directive): string {
  let text = '%';
  if (d.alternate) text += '#';
  if (d.plus) text += '+';
  else if (d.space) text += ' ';
  if (d.left) text += '-';
  else if (d.zero) text += '0';
  if (d.grouping) text += "'";
  if (d.width !== 0) text += String(d.width);
  if (d.precision !== undefined) text += `.${d.precision}`;
  return text + d.conversion;
}

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 0x30 && b <= 0x39;
}

/** Renders one directive into `out`; false when the conversion is unknown (the caller copies it as is). */
function convert(d: Directive, args: PrintfArgs, out: number[]): boolean {
  switch (d.conversion) {
    case 'd':
    case 'i':
      pushText(out, formatInteger(d, signedArgument(d.length, args), 10, d.plus ? '+' : d.space ? ' ' : ''));
      return true;
    case 'u':
      pushText(out, formatInteger(d, unsignedArgument(d.length, args), 10, ''));
      return true;
    case 'o':
      pushText(out, formatInteger(d, unsignedArgument(d.length, args), 8, ''));
      return true;
    case 'x':
    case 'X': {
      const value = unsignedArgument(d.length, args);
      const prefix = d.alternate && value !== 0n ? '0x' : '';
      const text = formatInteger(d, value, 16, prefix);
      pushText(out, d.conversion === 'X' ? text.toUpperCase() : text);
      return true;
    }
    case 'p': {
      const p = args.pointer();
      if (p.address === 0) pushText(out, pad('', '(nil)', { ...d, zero: false }));
      // glibc prints %p as %#lx, but as a signed conversion: '+' and ' ' apply.
      else pushText(out, formatInteger(d, BigInt(p.address), 16, (d.plus ? '+' : d.space ? ' ' : '') + '0x'));
      return true;
    }
    case 'c': {
      const byte = args.int() & 0xff;
      pushBytes(out, padBytes(Uint8Array.of(byte), d));
      return true;
    }
    case 's': {
      const p = args.pointer();
      if (p.address === 0) {
        const text = d.precision === undefined || d.precision >= 6 ? '(null)' : '';
        pushText(out, pad('', text, { ...d, zero: false }));
      } else {
        pushBytes(out, padBytes(args.string(p, d.precision), d));
      }
      return true;
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A':
      pushText(out, formatDouble(d, args.double()));
      return true;
    case 'n': {
      const p = args.pointer();
      const size = d.length === 'hh' ? 1 : d.length === 'h' ? 2 : d.length === '' ? 4 : 8;
      args.storeCount(p, size, out.length);
      return true;
    }
    case '%':
      out.push(PERCENT);
      return true;
    default:
      return false;
  }
}

function signedArgument(length: Length, args: PrintfArgs): bigint {
  switch (length) {
    case 'hh':
      return BigInt.asIntN(8, BigInt(args.int()));
    case 'h':
      return BigInt.asIntN(16, BigInt(args.int()));
    case '':
    case 'L':
      return BigInt(args.int());
    case 'l':
    case 'll':
    case 'j':
    case 'z':
    case 't':
      return args.long();
    default: {
      const never: never = length;
      return never;
    }
  }
}

function unsignedArgument(length: Length, args: PrintfArgs): bigint {
  switch (length) {
    case 'hh':
      return BigInt.asUintN(8, BigInt(args.uint()));
    case 'h':
      return BigInt.asUintN(16, BigInt(args.uint()));
    case '':
    case 'L':
      return BigInt(args.uint());
    case 'l':
    case 'll':
    case 'j':
    case 'z':
    case 't':
      return args.ulong();
    default: {
      const never: never = length;
      return never;
    }
  }
}

/**
 * d i u o x X p: the precision is the minimum digit count (0 with value 0 prints no digits). `prefix`
 * is what a non-negative value gets in front ("+", " ", "0x"); a negative one gets "-".
 */
function formatInteger(d: Directive, value: bigint, radix: number, prefix: string): string {
  const negative = value < 0n;
  let digits = (negative ? -value : value).toString(radix);
  if (d.precision !== undefined) {
    digits = d.precision === 0 && value === 0n ? '' : digits.padStart(d.precision, '0');
  }
  if (radix === 8 && d.alternate && !digits.startsWith('0')) digits = '0' + digits;
  return pad(negative ? '-' : prefix, digits, { ...d, zero: d.zero && d.precision === undefined });
}

function formatDouble(d: Directive, x: number): string {
  const upper = d.conversion === d.conversion.toUpperCase();
  const sign = signBit(x) ? '-' : d.plus ? '+' : d.space ? ' ' : '';
  if (!Number.isFinite(x)) {
    const word = Number.isNaN(x) ? 'nan' : 'inf';
    return pad(sign, upper ? word.toUpperCase() : word, { ...d, zero: false });
  }
  const precision = d.precision ?? 6;
  let body: string;
  switch (d.conversion) {
    case 'f':
    case 'F':
      body = formatFixed(x, precision, d.alternate);
      break;
    case 'e':
    case 'E':
      body = formatScientific(x, precision, d.alternate, upper);
      break;
    case 'g':
    case 'G':
      body = formatGeneral(x, precision, d.alternate, upper);
      break;
    default: {
      const hex = formatHexFloat(x, d.precision, d.alternate, upper);
      // The 0x prefix stays in front of the zero padding: "0x0001p+0".
      return pad(sign + hex.slice(0, 2), hex.slice(2), d);
    }
  }
  return pad(sign, body, d);
}

/** Sign and prefix, then zero padding (flag '0', not '-') or space padding to the field width. */
function pad(prefix: string, body: string, d: Directive): string {
  const fill = d.width - prefix.length - body.length;
  if (fill <= 0) return prefix + body;
  if (d.left) return prefix + body + ' '.repeat(fill);
  if (d.zero) return prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + prefix + body;
}

function padBytes(bytes: Uint8Array, d: Directive): Uint8Array {
  const fill = d.width - bytes.length;
  if (fill <= 0) return bytes;
  const result = new Uint8Array(d.width).fill(0x20);
  result.set(bytes, d.left ? 0 : fill);
  return result;
}

function pushText(out: number[], text: string): void {
  for (let k = 0; k < text.length; k++) out.push(text.charCodeAt(k));
}

function pushBytes(out: number[], bytes: Uint8Array): void {
  for (const b of bytes) out.push(b);
}
