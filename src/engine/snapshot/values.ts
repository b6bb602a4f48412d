// C values as a debugger shows them: the text of a value of any type read from memory (or from bytes an
// expression produced), whether every byte of it was defined, and the parts it expands into.
//
// How it works. A value is a type and a place: memory at an address (read when shown, through
// ProcessMemory) or loose bytes. Scalars decode little-endian from their bytes as gcc lays them out on
// x86-64; the text follows gdb's conventions, which C programmers already read: `65 'A'` for a char,
// `0x4052a0` for a pointer (`NULL` for zero, `0x402010 "hi"` for a char pointer to readable text,
// `0x401000 <main>` for a function pointer), `"hello"` for a char array, `{1, 2, 3}` for other arrays
// and `{val = 1, next = NULL}` for structs, cut short with `...` past a length a hover can show.
// A value with any undefined byte is still shown (its bits are what a real program would read) and
// flagged `defined: false`, so views can say "uninitialised" next to it.

import type { Program } from '../program';
import type { MemoryBytes, ProcessMemory } from './memory';
import { BYTE_DEFINED } from './memory';
import { INT_SIZE, sizeOf, typeName, type Member, type Type } from '../lang/types';

export type Place =
  | { readonly kind: 'memory'; readonly address: number }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly state: Uint8Array };

export interface ValueContext {
  readonly memory: ProcessMemory;
  readonly program: Program;
}

export interface FormatOptions {
  /** Integers and pointers in hexadecimal. */
  readonly hex?: boolean;
}

export interface ShownValue {
  readonly text: string;
  readonly defined: boolean;
}

/** One part of an aggregate or the target of a pointer. */
export interface ValuePart {
  readonly name: string;
  readonly type: Type;
  readonly place: Place;
  /** How an expression names it, relative to the parent's expression (`.val`, `[3]`, `->next`, `*`). */
  readonly access: { readonly kind: 'member' | 'index' | 'arrow' | 'deref'; readonly text: string };
}

/** Longest text of an aggregate before it is cut with `...`. */
const SUMMARY_LIMIT = 120;
const STRING_LIMIT = 200;
const ARRAY_ELEMENTS = 16;

export function atAddress(address: number): Place {
  return { kind: 'memory', address };
}

/** The bytes of a value (at most `limit`); shorter when memory ends. */
export function bytesOf(ctx: ValueContext, type: Type, place: Place, limit = 1 << 20): MemoryBytes {
  const size = Math.min(sizeOf(type), limit);
  if (place.kind === 'bytes') return { bytes: place.bytes.subarray(0, size), state: place.state.subarray(0, size) };
  return ctx.memory.read(place.address, size);
}

export type Scalar =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'pointer'; readonly value: bigint };

/** The scalar a value of arithmetic or pointer type holds, or undefined (not a scalar, or unreadable). */
export function readScalar(ctx: ValueContext, type: Type, place: Place): { scalar: Scalar; defined: boolean } | undefined {
  const size = scalarSize(type);
  if (size === 0) return undefined;
  const { bytes, state } = bytesOf(ctx, type, place);
  if (bytes.length < size) return undefined;
  return { scalar: decodeScalar(type, bytes), defined: state.every((s) => s === BYTE_DEFINED) };
}

function scalarSize(t: Type): number {
  switch (t.kind) {
    case 'int':
      return INT_SIZE[t.rank];
    case 'enum':
      return 4;
    case 'float':
      return t.size;
    case 'pointer':
      return 8;
    default:
      return 0;
  }
}

export function decodeScalar(type: Type, bytes: Uint8Array): Scalar {
  if (type.kind === 'float') {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { kind: 'float', value: type.size === 4 ? view.getFloat32(0, true) : view.getFloat64(0, true) };
  }
  const size = scalarSize(type);
  let v = 0n;
  for (let k = size - 1; k >= 0; k--) v = (v << 8n) | BigInt(bytes[k] ?? 0);
  if (type.kind === 'pointer') return { kind: 'pointer', value: v };
  const signed = type.kind === 'int' ? type.signed : type.kind === 'enum' && type.def.signed;
  return { kind: 'int', value: signed ? BigInt.asIntN(size * 8, v) : v };
}

/** The little-endian bytes of a scalar of `type` (integers wrapped to its width). */
export function encodeScalar(type: Type, value: bigint | number): Uint8Array {
  const size = scalarSize(type);
  const out = new Uint8Array(size);
  if (type.kind === 'float') {
    const view = new DataView(out.buffer);
    if (type.size === 4) view.setFloat32(0, Number(value), true);
    else view.setFloat64(0, Number(value), true);
    return out;
  }
  let v = BigInt.asUintN(size * 8, typeof value === 'bigint' ? value : BigInt(Math.trunc(value)));
  if (type.kind === 'int' && type.rank === 'bool') v = v !== 0n ? 1n : 0n;
  for (let k = 0; k < size; k++) {
    out[k] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A pointer's value as an address, when it is one a process can have (below 2^53). */
export function pointerAddress(scalar: Scalar): number | undefined {
  return scalar.kind === 'pointer' && scalar.value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(scalar.value) : undefined;
}

export function hexText(value: bigint | number): string {
  return `0x${BigInt.asUintN(64, BigInt(value)).toString(16)}`;
}

/** The value's text and whether it was fully defined; `?` with defined false when it cannot be read. */
export function formatValue(ctx: ValueContext, type: Type, place: Place, options: FormatOptions = {}): ShownValue {
  let defined = true;
  const text = format(ctx, type, place, options, 0, (d) => {
    defined &&= d;
  });
  return { text, defined };
}

function format(ctx: ValueContext, type: Type, place: Place, options: FormatOptions, depth: number, note: (defined: boolean) => void): string {
  switch (type.kind) {
    case 'int':
    case 'enum':
    case 'float':
    case 'pointer': {
      const read = readScalar(ctx, type, place);
      if (!read) {
        note(false);
        return '<unreadable>';
      }
      note(read.defined);
      return scalarText(ctx, type, read.scalar, options);
    }
    case 'array': {
      if (isCharType(type.of)) {
        const { bytes, state } = bytesOf(ctx, type, place, STRING_LIMIT);
        const end = bytes.indexOf(0);
        const used = end < 0 ? bytes.length : end;
        note(state.subarray(0, Math.min(state.length, used + 1)).every((s) => s === BYTE_DEFINED));
        return quoteBytes(bytes.subarray(0, used)) + (end < 0 && (type.length ?? 0) > bytes.length ? '...' : '');
      }
      if (depth > 1) return '{...}';
      const n = type.length ?? 0;
      const element = sizeOf(type.of);
      const parts: string[] = [];
      let length = 1;
      for (let i = 0; i < Math.min(n, ARRAY_ELEMENTS); i++) {
        const part = format(ctx, type.of, offsetPlace(place, i * element, element), options, depth + 1, note);
        length += part.length + 2;
        parts.push(part);
        if (length > SUMMARY_LIMIT) break;
      }
      return `{${parts.join(', ')}${parts.length < n ? ', ...' : ''}}`;
    }
    case 'struct':
    case 'union': {
      if (depth > 1) return '{...}';
      const parts: string[] = [];
      let length = 1;
      const members = type.def.members ?? [];
      for (const m of members) {
        const part = `${memberName(m)} = ${format(ctx, m.type, offsetPlace(place, m.offset, sizeOf(m.type)), options, depth + 1, note)}`;
        length += part.length + 2;
        parts.push(part);
        if (length > SUMMARY_LIMIT) break;
      }
      return `{${parts.join(', ')}${parts.length < members.length ? ', ...' : ''}}`;
    }
    case 'function':
      return place.kind === 'memory' ? `{${typeName(type)}} ${hexText(place.address)}${functionLabel(ctx, place.address)}` : typeName(type);
    case 'void':
      return 'void';
    default: {
      const never: never = type;
      return String(never);
    }
  }
}

export function scalarText(ctx: ValueContext, type: Type, scalar: Scalar, options: FormatOptions = {}): string {
  switch (scalar.kind) {
    case 'float':
      return floatText(scalar.value);
    case 'pointer': {
      if (scalar.value === 0n) return 'NULL';
      const text = hexText(scalar.value);
      const address = pointerAddress(scalar);
      if (address === undefined || type.kind !== 'pointer') return text;
      if (type.to.kind === 'function') return text + functionLabel(ctx, address);
      if (isCharType(type.to)) {
        const s = cString(ctx, address);
        return s === undefined ? text : `${text} ${s}`;
      }
      return text;
    }
    case 'int': {
      const v = scalar.value;
      if (type.kind === 'enum') {
        const c = type.def.constants.find((k) => BigInt(k.value) === v);
        return c ? c.name : options.hex ? hexText(v) : String(v);
      }
      if (type.kind === 'int' && type.rank === 'bool') return v === 0n ? 'false' : v === 1n ? 'true' : String(v);
      const number = options.hex ? `0x${BigInt.asUintN(INT_SIZE[type.kind === 'int' ? type.rank : 'int'] * 8, v).toString(16)}` : String(v);
      if (type.kind === 'int' && type.rank === 'char') return `${number} ${charLiteral(Number(BigInt.asUintN(8, v)))}`;
      return number;
    }
    default: {
      const never: never = scalar;
      return String(never);
    }
  }
}

/** A double as gdb prints it: shortest round-trip digits, `inf`, `-nan(0x8000000000000)` simplified to `nan`. */
export function floatText(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function functionLabel(ctx: ValueContext, address: number): string {
  const fn = ctx.program.functions.find((f) => f.address === address);
  return fn ? ` <${fn.name}>` : '';
}

export function isCharType(t: Type): boolean {
  return t.kind === 'int' && t.rank === 'char';
}

/** The C string at `address` as a quoted literal (cut at STRING_LIMIT), or undefined when unreadable. */
export function cString(ctx: ValueContext, address: number, limit = STRING_LIMIT): string | undefined {
  const { bytes } = ctx.memory.read(address, limit + 1);
  if (bytes.length === 0) return undefined;
  const end = bytes.indexOf(0);
  if (end < 0) return quoteBytes(bytes.subarray(0, Math.min(bytes.length, limit))) + '...';
  return quoteBytes(bytes.subarray(0, end));
}

const ESCAPES: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 34: '\\"', 39: "\\'", 92: '\\\\' };

function escapeByte(b: number, quote: number): string {
  if (b !== quote && (b === 34 || b === 39)) return String.fromCharCode(b);
  const e = ESCAPES[b];
  if (e) return e;
  if (b >= 32 && b < 127) return String.fromCharCode(b);
  return `\\${b.toString(8).padStart(3, '0')}`;
}

export function quoteBytes(bytes: Uint8Array): string {
  let s = '"';
  for (const b of bytes) s += escapeByte(b, 34);
  return s + '"';
}

function charLiteral(b: number): string {
  return `'${escapeByte(b, 39)}'`;
}

function memberName(m: Member): string {
  return m.name ?? '<anonymous>';
}

/** The place `offset` bytes into `place`. */
export function offsetPlace(place: Place, offset: number, size: number): Place {
  if (place.kind === 'memory') return { kind: 'memory', address: place.address + offset };
  return { kind: 'bytes', bytes: place.bytes.subarray(offset, offset + size), state: place.state.subarray(offset, offset + size) };
}

/** How many parts a value expands into (0: not expandable); arrays count their elements. */
export function partCount(ctx: ValueContext, type: Type, place: Place): number {
  switch (type.kind) {
    case 'array':
      return type.length ?? 0;
    case 'struct':
    case 'union':
      return type.def.members?.length ?? 0;
    case 'pointer': {
      const target = pointerTarget(ctx, type, place);
      if (!target) return 0;
      return isRecord(type.to) ? (type.to.def.members?.length ?? 0) : 1;
    }
    default:
      return 0;
  }
}

function isRecord(t: Type): t is Extract<Type, { kind: 'struct' | 'union' }> {
  return t.kind === 'struct' || t.kind === 'union';
}

/** Where a pointer value points, when that memory can be read and its type has a size. */
export function pointerTarget(ctx: ValueContext, type: Type, place: Place): number | undefined {
  if (type.kind !== 'pointer' || type.to.kind === 'void' || type.to.kind === 'function') return undefined;
  const read = readScalar(ctx, type, place);
  const address = read ? pointerAddress(read.scalar) : undefined;
  if (address === undefined || address === 0) return undefined;
  const size = Math.max(1, sizeOf(type.to));
  return ctx.memory.readable(address, Math.min(size, 4096)) ? address : undefined;
}

/**
 * The parts of a value: the members of a struct, the elements `start…start+count` of an array, the
 * members of the struct a pointer points to, or the single target of another pointer.
 */
export function partsOf(ctx: ValueContext, type: Type, place: Place, start = 0, count = Infinity): ValuePart[] {
  switch (type.kind) {
    case 'array': {
      const element = sizeOf(type.of);
      const n = type.length ?? 0;
      const parts: ValuePart[] = [];
      for (let i = Math.max(0, start); i < Math.min(n, start + count); i++) {
        parts.push({ name: `[${i}]`, type: type.of, place: offsetPlace(place, i * element, element), access: { kind: 'index', text: `[${i}]` } });
      }
      return parts;
    }
    case 'struct':
    case 'union':
      return (type.def.members ?? []).map((m) => ({ name: memberName(m), type: m.type, place: offsetPlace(place, m.offset, sizeOf(m.type)), access: { kind: 'member', text: `.${memberName(m)}` } }));
    case 'pointer': {
      const target = pointerTarget(ctx, type, place);
      if (target === undefined) return [];
      const to = type.to;
      if (isRecord(to)) {
        return (to.def.members ?? []).map((m) => ({ name: memberName(m), type: m.type, place: atAddress(target + m.offset), access: { kind: 'arrow', text: `->${memberName(m)}` } }));
      }
      return [{ name: '*', type: to, place: atAddress(target), access: { kind: 'deref', text: '*' } }];
    }
    default:
      return [];
  }
}
