// The scanf family's engine: a format and a byte input → stored values and the count glibc returns.
//
// How it works. `scanFormat` follows glibc's __vfscanf_internal step by step, because learners see
// its corner cases: whitespace in the format skips any amount of input whitespace; every conversion but
// %c, %[ and %n skips leading whitespace first; a number is read character by character into a buffer
// (sign, "0x" prefix, digits, within the field width), and only one character can be pushed back, so
// "-x" read by %d consumes the '-'. The buffer is then converted with numbers.ts (strtol semantics,
// saturating, then truncated to the argument's size). The result counts assignments; end of input
// before the first assignment gives EOF (-1), a mismatch gives the count so far.
//
// It is pure: the input is a `ScanInput` (stdin or a string) and stores go through `ScanArgs`, so the
// natives check every store against simulated memory (a %s into a short buffer is an invalid write).

import type { Pointer } from './native';
import { isSpaceByte, parseFloat64, parseInteger } from './numbers';

export interface ScanInput {
  /** The next byte, or -1 at the end. */
  read(): number;
  /** Pushes back the byte just read. */
  unread(byte: number): void;
}

export interface ScanArgs {
  /** The next variadic argument, a pointer to where the conversion stores. */
  pointer(): Pointer;
  storeInteger(p: Pointer, size: 1 | 2 | 4 | 8, value: bigint): void;
  storeFloat(p: Pointer, size: 4 | 8, value: number): void;
  storeBytes(p: Pointer, bytes: Uint8Array): void;
}

const EOF = -1;

type Length = 'hh' | 'h' | '' | 'l' | 'll';

/** Why scanning stopped early: end of input (input failure) or a mismatch (matching failure). */
class Stop {
  constructor(readonly kind: 'input' | 'match') {}
}

export function scanFormat(format: Uint8Array, input: ScanInput, args: ScanArgs): number {
  let done = 0;
  let consumed = 0;
  const read = (): number => {
    const c = input.read();
    if (c !== EOF) consumed++;
    return c;
  };
  const unread = (c: number): void => {
    if (c === EOF) return;
    consumed--;
    input.unread(c);
  };
  const skipSpace = (): void => {
    let c: number;
    do c = read();
    while (c !== EOF && isSpaceByte(c));
    unread(c);
  };

  try {
    let skip = false;
    let f = 0;
    while (f < format.length) {
      const fc = format[f]!;
      if (isSpaceByte(fc)) {
        skip = true;
        f++;
        continue;
      }
      if (fc !== 0x25) {
        // A literal byte must match the next input byte.
        f++;
        let c = read();
        if (c === EOF) throw new Stop('input');
        if (skip) {
          while (isSpaceByte(c)) {
            c = read();
            if (c === EOF) throw new Stop('input');
          }
          skip = false;
        }
        if (c !== fc) {
          unread(c);
          throw new Stop('match');
        }
        continue;
      }
      // conversion = "%" "*"? width? length? (d i u o x X p c s [set] f e g a E G A n %)
      f++;
      let suppress = false;
      if (format[f] === 0x2a) {
        suppress = true;
        f++;
      }
      let width = 0;
      while (format[f] !== undefined && format[f]! >= 0x30 && format[f]! <= 0x39) width = width * 10 + (format[f++]! - 0x30);
      if (width === 0) width = -1;
      let length: Length = '';
      const l1 = format[f];
      if (l1 === 0x68 || l1 === 0x6c) {
        f++;
        if (format[f] === l1) {
          f++;
          length = l1 === 0x68 ? 'hh' : 'll';
        } else length = l1 === 0x68 ? 'h' : 'l';
      } else if (l1 === 0x7a || l1 === 0x6a || l1 === 0x74 || l1 === 0x4c || l1 === 0x71) {
        f++;
        length = 'll';
      }
      if (f >= format.length) break;
      const conv = String.fromCharCode(format[f++]!);
      if (skip || (conv !== '[' && conv !== 'c' && conv !== 'n')) {
        skipSpace();
        skip = false;
      }
      switch (conv) {
        case '%': {
          const c = read();
          if (c === EOF) throw new Stop('input');
          if (c !== 0x25) {
            unread(c);
            throw new Stop('match');
          }
          break;
        }
        case 'n':
          if (!suppress) args.storeInteger(args.pointer(), integerSize(length), BigInt(consumed));
          break;
        case 'c': {
          const count = width === -1 ? 1 : width;
          let c = read();
          if (c === EOF) throw new Stop('input');
          const bytes: number[] = [c];
          while (bytes.length < count && (c = read()) !== EOF) bytes.push(c);
          if (!suppress) {
            args.storeBytes(args.pointer(), Uint8Array.from(bytes));
            done++;
          }
          break;
        }
        case 's':
        case '[': {
          let accepts = (c: number): boolean => !isSpaceByte(c);
          if (conv === '[') {
            const set = parseScanset(format, f);
            f = set.end;
            accepts = set.accepts;
          }
          let c = read();
          if (c === EOF) throw new Stop('input');
          const bytes: number[] = [];
          for (;;) {
            if (!accepts(c)) {
              unread(c);
              break;
            }
            bytes.push(c);
            if (width > 0 && bytes.length >= width) break;
            c = read();
            if (c === EOF) break;
          }
          if (bytes.length === 0) throw new Stop('match');
          if (!suppress) {
            bytes.push(0);
            args.storeBytes(args.pointer(), Uint8Array.from(bytes));
            done++;
          }
          break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'o':
        case 'x':
        case 'X':
        case 'p': {
          const base = conv === 'd' || conv === 'u' ? 10 : conv === 'i' ? 0 : conv === 'o' ? 8 : 16;
          const text = readIntegerText(read, unread, width, base);
          const signed = conv === 'd' || conv === 'i';
          const value = parseInteger(text, base, signed).value;
          if (!suppress) {
            args.storeInteger(args.pointer(), conv === 'p' ? 8 : integerSize(length), value);
            done++;
          }
          break;
        }
        case 'f':
        case 'F':
        case 'e':
        case 'E':
        case 'g':
        case 'G':
        case 'a':
        case 'A': {
          const text = readFloatText(read, unread, width);
          const parsed = parseFloat64(text);
          if (parsed.end === 0) throw new Stop('match');
          if (!suppress) {
            args.storeFloat(args.pointer(), length === 'l' || length === 'll' ? 8 : 4, parsed.value);
            done++;
          }
          break;
        }
        default:
          // An unknown conversion ends the scan as a matching failure, as in glibc.
          throw new Stop('match');
      }
    }
    if (skip) skipSpace();
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    if (e.kind === 'input' && done === 0) return EOF;
  }
  return done;
}

function integerSize(length: Length): 1 | 2 | 4 | 8 {
  return length === 'hh' ? 1 : length === 'h' ? 2 : length === '' ? 4 : 8;
}

/** The characters of an integer field, as glibc collects them (the "0x" prefix is read but not kept). */
function readIntegerText(read: () => number, unread: (c: number) => void, width: number, base: number): Uint8Array {
  const text: number[] = [];
  let c = read();
  if (c === EOF) throw new Stop('input');
  const more = (): boolean => width !== 0;
  const use = (): void => {
    if (width > 0) width--;
  };
  if (c === 0x2b || c === 0x2d) {
    text.push(c);
    use();
    c = read();
  }
  if (more() && c === 0x30) {
    use();
    text.push(c);
    c = read();
    if (more() && (c === 0x78 || c === 0x58)) {
      if (base === 0) base = 16;
      if (base === 16) {
        use();
        c = read();
      }
    } else if (base === 0) base = 8;
  }
  if (base === 0) base = 10;
  while (c !== EOF && more()) {
    const digit = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : 99;
    if (digit >= base) break;
    text.push(c);
    use();
    c = read();
  }
  unread(c);
  if (text.length === 0 || (text.length === 1 && (text[0] === 0x2b || text[0] === 0x2d))) throw new Stop('match');
  // A base prefix decided here must reach the converter: keep it for base 16 and 8 by passing digits
  // only, with the caller's base (0 for %i) replaced by what was seen.
  return base === 16 && text.length > 0 ? hexText(text) : Uint8Array.from(text);
}

/** Digits read for a hexadecimal %i or %x, prefixed so parseInteger with base 0 or 16 reads them as hex. */
function hexText(text: number[]): Uint8Array {
  const sign = text[0] === 0x2b || text[0] === 0x2d ? [text[0]] : [];
  const digits = sign.length ? text.slice(1) : text;
  return Uint8Array.from([...sign, 0x30, 0x78, ...digits]);
}

/** The characters of a floating-point field: sign, inf/nan words, hex or decimal digits, point, exponent. */
function readFloatText(read: () => number, unread: (c: number) => void, width: number): Uint8Array {
  const text: number[] = [];
  let c = read();
  if (c === EOF) throw new Stop('input');
  const take = (): boolean => {
    text.push(c);
    if (width > 0) width--;
    if (width === 0) return false;
    c = read();
    return c !== EOF;
  };
  if (c === 0x2b || c === 0x2d) {
    if (!take()) throw new Stop('match');
  }
  const low = (x: number): number => (x >= 0x41 && x <= 0x5a ? x + 0x20 : x);
  for (const word of ['nan', 'inf']) {
    if (low(c) !== word.charCodeAt(0)) continue;
    for (let k = 0; k < 3; k++) {
      if (low(c) !== word.charCodeAt(k)) {
        unread(c);
        throw new Stop('match');
      }
      if (!take() && k < 2) throw new Stop('match');
    }
    if (word === 'inf' && c !== EOF && width !== 0 && low(c) === 0x69) {
      for (const ch of 'inity') {
        if (low(c) !== ch.charCodeAt(0)) {
          unread(c);
          throw new Stop('match');
        }
        if (!take() && ch !== 'y') throw new Stop('match');
      }
    }
    if (c !== EOF && width !== 0) unread(c);
    return Uint8Array.from(text);
  }
  let hex = false;
  let digit = false;
  let dot = false;
  let exp = false;
  if (c === 0x30) {
    digit = true;
    if (!take()) return Uint8Array.from(text);
    if (low(c) === 0x78) {
      hex = true;
      digit = false;
      if (!take()) throw new Stop('match');
    }
  }
  const expChar = hex ? 0x70 : 0x65;
  for (;;) {
    const isDec = c >= 0x30 && c <= 0x39;
    const isHex = hex && !exp && ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46));
    if (isDec || isHex) digit = true;
    else if (exp && low(text[text.length - 1]!) === expChar && (c === 0x2b || c === 0x2d)) {
      /* sign of the exponent */
    } else if (digit && !exp && low(c) === expChar) {
      exp = true;
      dot = true;
    } else if (!exp && !dot && c === 0x2e) dot = true;
    else {
      unread(c);
      break;
    }
    if (!take()) break;
  }
  // "0x" must be followed by a hex digit; glibc fails the conversion otherwise.
  if (hex && !digit) throw new Stop('match');
  return Uint8Array.from(text);
}

interface Scanset {
  readonly accepts: (c: number) => boolean;
  /** Index in the format just past the closing ']'. */
  readonly end: number;
}

/** scanset = "[" "^"? "]"? chars "]" where "a-z" is a range when a <= z. */
function parseScanset(format: Uint8Array, at: number): Scanset {
  const member = new Uint8Array(256);
  let f = at;
  let negate = false;
  if (format[f] === 0x5e) {
    negate = true;
    f++;
  }
  if (format[f] === 0x5d) {
    member[0x5d] = 1;
    f++;
  }
  while (f < format.length && format[f] !== 0x5d) {
    const c = format[f]!;
    const next = format[f + 1];
    if (c === 0x2d && f > at && next !== undefined && next !== 0x5d && format[f - 1]! <= next) {
      for (let k = format[f - 1]!; k <= next; k++) member[k] = 1;
      f += 2;
      continue;
    }
    member[c] = 1;
    f++;
  }
  return { accepts: (c) => (member[c] === 1) !== negate, end: f + 1 };
}
