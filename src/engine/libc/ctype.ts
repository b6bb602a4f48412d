// ctype.h in the C locale, returning the very values glibc's macros do.
//
// glibc's `isalpha(c)` is a lookup in a table of 16-bit class masks, `table[c] & _ISalpha`, so a true
// result is the class's bit (isalpha('a') is 1024, isdigit('5') is 2048), not 1. Programs that print
// the result print these numbers under gcc, so memscope returns the same bits. Arguments from -128 to
// 255 are accepted as glibc's table covers them (EOF and negative chars are in no class); toupper and
// tolower change only the ASCII letters, and map a negative char to its unsigned byte as glibc's do.

import type { NativeSpec } from './native';

/** glibc's class bits on a little-endian machine (ctype.h's _ISbit). */
const CLASS = {
  upper: 256,
  lower: 512,
  alpha: 1024,
  digit: 2048,
  xdigit: 4096,
  space: 8192,
  print: 16384,
  graph: 32768,
  blank: 1,
  cntrl: 2,
  punct: 4,
  alnum: 8,
} as const;

type ClassName = keyof typeof CLASS;

function classes(c: number): Set<ClassName> {
  const set = new Set<ClassName>();
  if (c < 0 || c > 127) return set;
  const upper = c >= 0x41 && c <= 0x5a;
  const lower = c >= 0x61 && c <= 0x7a;
  const digit = c >= 0x30 && c <= 0x39;
  if (upper) set.add('upper');
  if (lower) set.add('lower');
  if (upper || lower) set.add('alpha');
  if (digit) set.add('digit');
  if (digit || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)) set.add('xdigit');
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) set.add('space');
  if (c === 0x20 || c === 0x09) set.add('blank');
  if (c < 0x20 || c === 0x7f) set.add('cntrl');
  if (c >= 0x20 && c < 0x7f) set.add('print');
  if (c > 0x20 && c < 0x7f) set.add('graph');
  if (c > 0x20 && c < 0x7f && !upper && !lower && !digit) set.add('punct');
  if (upper || lower || digit) set.add('alnum');
  return set;
}

/** The class mask of every byte value, as glibc's table holds it. */
const TABLE: Uint16Array = (() => {
  const t = new Uint16Array(256);
  for (let c = 0; c < 256; c++) for (const name of classes(c)) t[c] |= CLASS[name];
  return t;
})();

/** What glibc's is<class>(c) returns. */
export function classify(name: ClassName, c: number): number {
  if (c < -128 || c > 255) return 0;
  return TABLE[c & 0xff]! & CLASS[name] & (c < 0 ? 0 : 0xffff);
}

function predicate(name: ClassName): NativeSpec {
  return { returns: 'int', run: (call) => classify(name, call.int(0)) };
}

export const CTYPE: Record<string, NativeSpec> = {
  isalpha: predicate('alpha'),
  isdigit: predicate('digit'),
  isalnum: predicate('alnum'),
  isspace: predicate('space'),
  isupper: predicate('upper'),
  islower: predicate('lower'),
  isxdigit: predicate('xdigit'),
  ispunct: predicate('punct'),
  isprint: predicate('print'),
  iscntrl: predicate('cntrl'),
  isgraph: predicate('graph'),
  isblank: predicate('blank'),
  toupper: { returns: 'int', run: (call) => convertCase(call.int(0), 0x61, -0x20) },
  tolower: { returns: 'int', run: (call) => convertCase(call.int(0), 0x41, 0x20) },
};

/**
 * glibc's toupper/tolower tables: ASCII letters change case; the entries for -128..-2 hold the
 * unsigned value (toupper(-128) is 128, because a negative char means the byte c + 256); EOF stays -1.
 */
function convertCase(c: number, first: number, shift: number): number {
  if (c >= first && c < first + 26) return c + shift;
  if (c >= -128 && c <= -2) return c + 256;
  return c;
}
