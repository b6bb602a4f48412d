// Words for memcheck reports: where an address is relative to an object, in valgrind's phrasing.
//
// How it works. Every report about an access names the object the pointer was derived from (its
// provenance tag) or, for an untagged access, the object that contains the address. The position is an
// offset: negative → "N bytes before", past the end → "N bytes after", else "N bytes inside" — valgrind's
// "Address 0x4a4b044 is 0 bytes after a block of size 20 alloc'd". Stack and global objects, which
// valgrind cannot tell apart, get the same shape with their names. Each report also gets one plain
// sentence for a learner.

import type { ErrorKind } from '../errors';
import { ObjectTable, LIVE, FREED, KIND_HEAP, KIND_LOCAL, type ObjectInfo } from './objects';

export function hex(n: number): string {
  return n < 0 || !Number.isFinite(n) ? String(n) : `0x${n.toString(16)}`;
}

/** A count as valgrind prints it (`%'lu`): 300,000. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "N bytes before" / "N bytes inside" / "N bytes after". */
export function relation(offset: number, size: number): string {
  if (offset < 0) return `${count(-offset)} bytes before`;
  if (offset >= size) return `${count(offset - size)} bytes after`;
  return `${count(offset)} bytes inside`;
}

/** The object as a noun phrase: "a block of size 20", "local variable 'buf' of size 16 in the frame of f()". */
export function objectPhrase(info: ObjectInfo | undefined, size: number): string {
  if (!info) return `an object of size ${count(size)}`;
  switch (info.kind) {
    case 'heap':
      return `a block of size ${count(size)}`;
    case 'static': {
      const o = info.object;
      if (o.kind === 'string-literal') return `a string literal of size ${count(size)}`;
      if (o.kind === 'compound-literal') return `a compound literal of size ${count(size)}`;
      if (o.kind === 'static-local') return `static variable '${o.name}' of size ${count(size)} in ${o.function ?? '?'}()`;
      return `global variable '${o.name}' of size ${count(size)}`;
    }
    case 'local':
      return `${info.param ? 'parameter' : 'local variable'} '${info.name}' of size ${count(size)} in the frame of ${info.function}()`;
    case 'argv':
      return `${info.name} of size ${count(size)}`;
    default: {
      const never: never = info;
      return String(never);
    }
  }
}

/** "a 20-byte", "an 8-byte", "an 11-byte": the article a number's spoken form takes. */
export function sized(n: number): string {
  const digits = String(n);
  const an = digits.startsWith('8') || /^1[18](\d{3})*$/.test(digits);
  return `${an ? 'an' : 'a'} ${n}-byte`;
}

/** Where an access lands, for a learner: "just past the end of", "starting 12 bytes before the start of"… */
function place(offset: number, size: number): string {
  if (offset === size) return 'just past the end of';
  if (offset > size) return `starting ${offset - size} bytes past the end of`;
  return `starting ${-offset} bytes before the start of`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export interface AccessVerdict {
  readonly kind: ErrorKind;
  readonly detail: string;
  readonly explanation: string;
}

/** A library function's or a block copy's access: its whole range and who made it ("strcpy()"). */
export interface RangeAccess {
  readonly start: number;
  readonly length: number;
  readonly by?: string;
}

/**
 * The error for an access of `size` bytes at `va` through a pointer derived from object `id` that is out
 * of its bounds or dead. `siteLine` turns allocation/free stacks into line numbers. For a range (a
 * library call, a struct copy), `va` is its first byte outside the object and `range` the whole access.
 */
export function accessVerdict(objects: ObjectTable, id: number, va: number, size: number, write: boolean, siteLine: (stack: readonly number[] | undefined) => number, range?: RangeAccess): AccessVerdict {
  const info = objects.infoOf(id);
  const start = objects.start[id]!;
  const osize = objects.size(id);
  const state = objects.state[id];
  const offset = va - start;
  const who = `${range?.by ?? 'The program'} ${write ? 'wrote' : 'read'}`;
  const where = `${relation(offset, osize)} ${objectPhrase(info, osize)}`;
  // A range that starts inside the object and runs past its end: how much of it went over.
  const over = range && range.start >= start && range.start < start + osize ? range.start + range.length - (start + osize) : 0;
  const landing = (what: string, tail: string): string =>
    over > 0
      ? `${who} ${plural(range!.length, 'byte')} into ${what}: the last ${over === 1 ? 'one' : over} went past its end${tail}`
      : `${who} ${plural(size, 'byte')} ${place(offset, osize)} ${what}${tail}`;
  if (objects.kind[id] === KIND_HEAP && info?.kind === 'heap') {
    const allocLine = siteLine(info.allocStack);
    if (state === FREED) {
      const freeLine = siteLine(info.freeStack);
      return {
        kind: 'use-after-free',
        detail: `Address ${hex(va)} is ${relation(offset, osize)} a block of size ${count(osize)} free'd`,
        explanation: `${who} ${plural(size, 'byte')} of ${sized(osize)} heap block after it was freed${freeLine ? ` at line ${freeLine}` : ''}: that memory is no longer the program's to use.`,
      };
    }
    return {
      kind: write ? 'invalid-write' : 'invalid-read',
      detail: `Address ${hex(va)} is ${where} alloc'd`,
      explanation: landing(`${sized(osize)} heap block${allocLine ? ` (allocated at line ${allocLine})` : ''}`, ', outside the bytes it asked for.'),
    };
  }
  if (objects.kind[id] === KIND_LOCAL && info?.kind === 'local' && state !== LIVE) {
    return {
      kind: 'dangling-stack',
      detail: `Address ${hex(va)} is ${where}, which has returned`,
      explanation: `The pointer points into the frame of ${info.function}(), which has returned: its ${info.param ? 'parameter' : 'local variable'} '${info.name}' no longer exists.`,
    };
  }
  return {
    kind: write ? 'invalid-write' : 'invalid-read',
    detail: `Address ${hex(va)} is ${where}`,
    explanation: landing(objectPhrase(info, osize), `, into whatever lies beside it (valgrind cannot see this; memscope knows which object the pointer came from).`),
  };
}
