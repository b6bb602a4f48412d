// Mini C types: the one table of sizes and alignments, struct and union layout, the integer promotions
// and usual arithmetic conversions, compatibility, and gcc-style spelling of type names.
//
// How it works. A type is an immutable value of the `Type` union; qualifiers (`const`, `volatile`) and
// the typedef name it was written with are optional fields on any type, so `const int` is `{ kind: 'int',
// rank: 'int', signed: true, isConst: true }`. Structs, unions and enums point to a mutable definition
// object (`RecordDef`, `EnumDef`) shared by every use of the tag, so a forward-declared struct becomes
// complete for all its uses when its body is parsed. Sizes follow LP64 as gcc on x86-64 (docs/abi.md):
// INT_SIZE below is the only place where an integer size is written down.

import type { SourceLocation } from '../diagnostics';

/** Integer conversion rank, lowest first (C11 6.3.1.1). */
export type IntRank = 'bool' | 'char' | 'short' | 'int' | 'long' | 'llong';

const RANK_ORDER: Readonly<Record<IntRank, number>> = { bool: 0, char: 1, short: 2, int: 3, long: 4, llong: 5 };

/** The size in bytes of each integer rank (LP64). Alignment equals size for every scalar. */
export const INT_SIZE: Readonly<Record<IntRank, 1 | 2 | 4 | 8>> = { bool: 1, char: 1, short: 2, int: 4, long: 8, llong: 8 };
export const POINTER_SIZE = 8;

interface Qualified {
  readonly isConst?: boolean;
  readonly isVolatile?: boolean;
  /** The typedef name the type was written with (`size_t`), kept for messages and the views. */
  readonly alias?: string;
}

export interface VoidType extends Qualified { readonly kind: 'void' }
export interface IntType extends Qualified {
  readonly kind: 'int';
  readonly rank: IntRank;
  readonly signed: boolean;
  /** Plain `char`: signed like `signed char` but a distinct type (C11 6.2.5p15). */
  readonly plainChar?: boolean;
}
export interface FloatType extends Qualified { readonly kind: 'float'; readonly size: 4 | 8 }
export interface PointerType extends Qualified { readonly kind: 'pointer'; readonly to: Type }
/** `length` null: an array of unknown size (`int a[]`, an extern declaration, a flexible member). */
export interface ArrayType extends Qualified { readonly kind: 'array'; readonly of: Type; readonly length: number | null }
export interface RecordType extends Qualified { readonly kind: 'struct' | 'union'; readonly def: RecordDef }
export interface EnumType extends Qualified { readonly kind: 'enum'; readonly def: EnumDef }
export interface FunctionType extends Qualified {
  readonly kind: 'function';
  readonly returns: Type;
  readonly params: readonly Type[];
  readonly variadic: boolean;
  /** False for `int f()`: nothing is known about the parameters, calls are not checked. */
  readonly prototyped: boolean;
}

export type Type = VoidType | IntType | FloatType | PointerType | ArrayType | RecordType | EnumType | FunctionType;

export interface Member {
  /** Null for an anonymous struct or union member (C11), whose members are found through it. */
  readonly name: string | null;
  readonly type: Type;
  readonly offset: number;
  readonly loc: SourceLocation;
}

export interface RecordDef {
  readonly kind: 'struct' | 'union';
  readonly tag: string | null;
  /** Null while the struct is only declared (incomplete). */
  members: Member[] | null;
  size: number;
  align: number;
  /** True when the last member is a flexible array member (`int data[];`). */
  flexible: boolean;
  readonly loc: SourceLocation;
}

export interface EnumDef {
  readonly tag: string | null;
  constants: { name: string; value: number }[];
  complete: boolean;
  /** gcc gives an enum the type unsigned int unless one of its constants is negative. */
  signed: boolean;
}

// The basic types, unqualified.
export const VOID: VoidType = { kind: 'void' };
export const BOOL: IntType = { kind: 'int', rank: 'bool', signed: false };
export const CHAR: IntType = { kind: 'int', rank: 'char', signed: true, plainChar: true };
export const SCHAR: IntType = { kind: 'int', rank: 'char', signed: true };
export const UCHAR: IntType = { kind: 'int', rank: 'char', signed: false };
export const SHORT: IntType = { kind: 'int', rank: 'short', signed: true };
export const USHORT: IntType = { kind: 'int', rank: 'short', signed: false };
export const INT: IntType = { kind: 'int', rank: 'int', signed: true };
export const UINT: IntType = { kind: 'int', rank: 'int', signed: false };
export const LONG: IntType = { kind: 'int', rank: 'long', signed: true };
export const ULONG: IntType = { kind: 'int', rank: 'long', signed: false };
export const LLONG: IntType = { kind: 'int', rank: 'llong', signed: true };
export const ULLONG: IntType = { kind: 'int', rank: 'llong', signed: false };
export const FLOAT: FloatType = { kind: 'float', size: 4 };
export const DOUBLE: FloatType = { kind: 'float', size: 8 };

export function pointerTo(t: Type): PointerType {
  return { kind: 'pointer', to: t };
}

export function arrayOf(t: Type, length: number | null): ArrayType {
  return { kind: 'array', of: t, length };
}

export function sizeOf(t: Type): number {
  switch (t.kind) {
    case 'void': return 1;
    case 'int': return INT_SIZE[t.rank];
    case 'float': return t.size;
    case 'pointer': return POINTER_SIZE;
    case 'array': return t.length === null ? 0 : t.length * sizeOf(t.of);
    case 'struct':
    case 'union': return t.def.size;
    case 'enum': return 4;
    case 'function': return 1;
    default: {
      const never: never = t;
      return never;
    }
  }
}

export function alignOf(t: Type): number {
  switch (t.kind) {
    case 'array': return alignOf(t.of);
    case 'struct':
    case 'union': return t.def.align;
    default: return sizeOf(t);
  }
}

export function alignTo(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

/**
 * Lays out members as gcc does: each at the next multiple of its alignment (all at 0 in a union), the
 * size rounded up to the largest alignment. A flexible array member adds no size.
 */
export function layoutRecord(def: RecordDef, members: readonly { name: string | null; type: Type; loc: SourceLocation }[]): void {
  let offset = 0;
  let size = 0;
  let align = 1;
  const laid: Member[] = [];
  for (const m of members) {
    const a = alignOf(m.type);
    align = Math.max(align, a);
    const at = def.kind === 'union' ? 0 : alignTo(offset, a);
    laid.push({ name: m.name, type: m.type, offset: at, loc: m.loc });
    offset = at + sizeOf(m.type);
    size = Math.max(size, offset);
  }
  const last = members[members.length - 1];
  def.flexible = def.kind === 'struct' && last !== undefined && last.type.kind === 'array' && last.type.length === null;
  def.members = laid;
  def.align = align;
  def.size = alignTo(size, align);
}

/** Finds a member by name, looking inside anonymous struct/union members; offsets are from the outer record. */
export function findMember(def: RecordDef, name: string): Member | undefined {
  for (const m of def.members ?? []) {
    if (m.name === name) return m;
    if (m.name === null && (m.type.kind === 'struct' || m.type.kind === 'union')) {
      const inner = findMember(m.type.def, name);
      if (inner) return { ...inner, offset: m.offset + inner.offset };
    }
  }
  return undefined;
}

// Classification.

export function isInteger(t: Type): t is IntType | EnumType {
  return t.kind === 'int' || t.kind === 'enum';
}
export function isArithmetic(t: Type): boolean {
  return t.kind === 'int' || t.kind === 'enum' || t.kind === 'float';
}
export function isScalar(t: Type): boolean {
  return isArithmetic(t) || t.kind === 'pointer';
}
export function isRecord(t: Type): t is RecordType {
  return t.kind === 'struct' || t.kind === 'union';
}
/** Complete object types have a known size (C11 6.2.5p1). */
export function isComplete(t: Type): boolean {
  switch (t.kind) {
    case 'void': return false;
    case 'array': return t.length !== null && isComplete(t.of);
    case 'struct':
    case 'union': return t.def.members !== null;
    case 'enum': return true;
    case 'function': return false;
    default: return true;
  }
}

/** The integer type an enum behaves as in arithmetic, or the type itself. */
export function asIntType(t: IntType | EnumType): IntType {
  if (t.kind === 'int') return t;
  return t.def.signed ? INT : UINT;
}

export function isSigned(t: Type): boolean {
  if (t.kind === 'int') return t.signed;
  if (t.kind === 'enum') return t.def.signed;
  return t.kind === 'float';
}

/** Drops qualifiers (an rvalue's type, C11 6.3.2.1p2), and with them the typedef name that carried them. */
export function unqualified<T extends Type>(t: T): T {
  if (!t.isConst && !t.isVolatile) return t;
  const { isConst: _c, isVolatile: _v, alias: _a, ...rest } = t;
  return rest as unknown as T;
}

export function withQualifiers<T extends Type>(t: T, q: { isConst?: boolean; isVolatile?: boolean }): T {
  if (!q.isConst && !q.isVolatile) return t;
  // Qualifiers on an array type apply to its elements (C11 6.7.3p9).
  if (t.kind === 'array') return { ...t, of: withQualifiers(t.of, q) } as T;
  return { ...t, isConst: t.isConst || q.isConst || undefined, isVolatile: t.isVolatile || q.isVolatile || undefined };
}

/** True if an object of this type cannot be assigned: const, an array, or a struct with a const member. */
export function isReadOnly(t: Type): boolean {
  if (t.isConst) return true;
  if (t.kind === 'array') return isReadOnly(t.of);
  if ((t.kind === 'struct' || t.kind === 'union') && t.def.members) return t.def.members.some((m) => isReadOnly(m.type));
  return false;
}

/** Integer promotion (C11 6.3.1.1p2): types below int become int. */
export function promote(t: Type): Type {
  if (t.kind === 'enum') return asIntType(t);
  if (t.kind !== 'int') return unqualified(t);
  if (RANK_ORDER[t.rank] < RANK_ORDER.int) return INT;
  return unqualified(t);
}

/** The usual arithmetic conversions (C11 6.3.1.8): the common type of two arithmetic operands. */
export function usualArithmetic(a: Type, b: Type): Type {
  if (a.kind === 'float' || b.kind === 'float') {
    const sa = a.kind === 'float' ? a.size : 0;
    const sb = b.kind === 'float' ? b.size : 0;
    return Math.max(sa, sb) === 8 ? DOUBLE : FLOAT;
  }
  const x = promote(a) as IntType;
  const y = promote(b) as IntType;
  if (x.signed === y.signed) return RANK_ORDER[x.rank] >= RANK_ORDER[y.rank] ? x : y;
  const [u, s] = x.signed ? [y, x] : [x, y];
  if (RANK_ORDER[u.rank] >= RANK_ORDER[s.rank]) return u;
  if (INT_SIZE[s.rank] > INT_SIZE[u.rank]) return s;
  return { kind: 'int', rank: s.rank, signed: false };
}

/** C11 6.2.7 compatible types (qualifiers must match too). */
export function compatible(a: Type, b: Type): boolean {
  if (!!a.isConst !== !!b.isConst || !!a.isVolatile !== !!b.isVolatile) return false;
  return compatibleUnqualified(a, b);
}

export function compatibleUnqualified(a: Type, b: Type): boolean {
  if (a.kind === 'enum' && b.kind === 'int') return sameInt(asIntType(a), b);
  if (a.kind === 'int' && b.kind === 'enum') return sameInt(a, asIntType(b));
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'void': return true;
    case 'int': return sameInt(a, b as IntType);
    case 'float': return a.size === (b as FloatType).size;
    case 'pointer': return compatible(a.to, (b as PointerType).to);
    case 'array': {
      const y = b as ArrayType;
      return compatible(a.of, y.of) && (a.length === null || y.length === null || a.length === y.length);
    }
    case 'struct':
    case 'union': return a.def === (b as RecordType).def;
    case 'enum': return a.def === (b as EnumType).def;
    case 'function': {
      const g = b as FunctionType;
      if (!compatible(unqualified(a.returns), unqualified(g.returns))) return false;
      if (!a.prototyped || !g.prototyped) return true;
      if (a.variadic !== g.variadic || a.params.length !== g.params.length) return false;
      return a.params.every((p, i) => compatible(unqualified(p), unqualified(g.params[i]!)));
    }
    default: {
      const never: never = a;
      return never;
    }
  }
}

function sameInt(a: IntType, b: IntType): boolean {
  return a.rank === b.rank && a.signed === b.signed && !!a.plainChar === !!b.plainChar;
}

/** The value range of an integer type, for folding constants and range checks. */
export function intRange(t: IntType): { min: bigint; max: bigint } {
  const bits = BigInt(INT_SIZE[t.rank] * 8);
  if (t.rank === 'bool') return { min: 0n, max: 1n };
  return t.signed ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n } : { min: 0n, max: (1n << bits) - 1n };
}

/** Wraps a mathematical integer into the value set of an integer type, as conversions do on x86-64. */
export function wrapInt(value: bigint, t: IntType): bigint {
  if (t.rank === 'bool') return value !== 0n ? 1n : 0n;
  const bits = INT_SIZE[t.rank] * 8;
  return t.signed ? BigInt.asIntN(bits, value) : BigInt.asUintN(bits, value);
}

// Spelling, as gcc writes types in its messages ("long unsigned int", "char *", "int (*)(int)").

const INT_NAMES: Record<IntRank, [string, string]> = {
  bool: ['_Bool', '_Bool'],
  char: ['signed char', 'unsigned char'],
  short: ['short int', 'short unsigned int'],
  int: ['int', 'unsigned int'],
  long: ['long int', 'long unsigned int'],
  llong: ['long long int', 'long long unsigned int'],
};

/** The type as gcc spells it, using the typedef name when the type was written with one. */
export function typeName(t: Type): string {
  return spell(t, '', true, true);
}

/** The type as gcc spells it without typedef names (gcc's "aka" text). */
export function canonicalTypeName(t: Type): string {
  return spell(t, '', true, false);
}

function qualifierText(t: Type): string {
  return (t.isConst ? 'const ' : '') + (t.isVolatile ? 'volatile ' : '');
}

/**
 * Spells `t` around `inner`, the declarator text built so far (C's inside-out syntax). `bare` is true
 * while `inner` holds only array and parameter suffixes, which gcc writes without a space: 'int[10]',
 * 'int(int)', but 'int *' and 'void (*)(int)'.
 */
function spell(t: Type, inner: string, bare: boolean, aliases: boolean): string {
  const join = (base: string): string => (inner === '' ? base : bare ? base + inner : `${base} ${inner}`);
  if (aliases && t.alias) return join(qualifierText(t) + t.alias);
  switch (t.kind) {
    case 'void': return join(qualifierText(t) + 'void');
    case 'int': return join(qualifierText(t) + (t.plainChar ? 'char' : INT_NAMES[t.rank][t.signed ? 0 : 1]));
    case 'float': return join(qualifierText(t) + (t.size === 4 ? 'float' : 'double'));
    case 'struct':
    case 'union': return join(qualifierText(t) + `${t.kind} ${t.def.tag ?? '<anonymous>'}`);
    case 'enum': return join(qualifierText(t) + `enum ${t.def.tag ?? '<anonymous>'}`);
    case 'pointer': {
      const q = (t.isConst ? ' const' : '') + (t.isVolatile ? ' volatile' : '');
      let s = '*' + q + (!bare && inner.startsWith('(') ? ' ' : '') + inner;
      if (t.to.kind === 'array' || t.to.kind === 'function') s = `(${s})`;
      return spell(t.to, s, false, aliases);
    }
    case 'array': return spell(t.of, `${inner}[${t.length ?? ''}]`, bare, aliases);
    case 'function': {
      const params = !t.prototyped ? '' : t.params.length === 0 && !t.variadic ? 'void' : t.params.map((p) => spell(p, '', true, aliases)).join(', ') + (t.variadic ? ', ...' : '');
      return spell(t.returns, `${inner}(${params})`, bare, aliases);
    }
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** gcc's quoting of a type in a message: 'size_t' {aka 'long unsigned int'} when a typedef hides it. */
export function quoteType(t: Type): string {
  const a = typeName(t);
  const b = canonicalTypeName(t);
  return a === b ? `'${a}'` : `'${a}' {aka '${b}'}`;
}
