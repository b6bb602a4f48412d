// Parsing of types: declaration specifiers, declarators and type names (struct, union and enum
// specifiers are in parse-record.ts).
//
// How it works. `declarationSpecifiers` reads the words before a declarator and combines the type words
// by counting them, as chibicc does (`unsigned long int` is one `long` + one `int` + one `unsigned`), which
// also catches combinations C forbids. A declarator is read "inside out" the way chibicc reads it: for
// `int (*fp)(int)` the parenthesized part is skipped, the suffix `(int)` is applied to the base type,
// and then the inner declarator is read with that type. Constructs outside Mini C (bit-fields, VLAs,
// `long double`, `_Complex`, GNU `typeof`…) are errors that name the construct.

import type { SourceLocation } from '../diagnostics';
import type { Variable } from './ast';
import { constInt } from './check-const';
import { parseAssignment } from './parse-expr';
import { MAX_NESTING, describeBefore, headerHint, type Parser } from './parse';
import { enumSpecifier, recordSpecifier } from './parse-record';
import {
  BOOL, CHAR, DOUBLE, FLOAT, INT, LLONG, LONG, SCHAR, SHORT, UCHAR, UINT, ULLONG, ULONG, USHORT, VOID,
  alignOf, arrayOf, isComplete, isInteger, pointerTo, quoteType, sizeOf, withQualifiers, type FunctionType, type Type,
} from './types';

export type StorageClass = 'typedef' | 'static' | 'extern' | 'auto' | 'register';

export interface DeclSpec {
  readonly type: Type;
  readonly storage: StorageClass | null;
  readonly isInline: boolean;
  readonly loc: SourceLocation;
  /** False when no type word was written (implicit int, an error in C11). */
  readonly hasType: boolean;
}

/** A parameter as written: its (adjusted) type, and its name if it has one. */
export interface ParamDecl {
  readonly name: string | null;
  readonly type: Type;
  readonly loc: SourceLocation;
}

export interface Declarator {
  readonly name: string | null;
  readonly loc: SourceLocation;
  readonly type: Type;
  /** The parameters of the function suffix written right after the name (a definition's parameters). */
  readonly params?: readonly ParamDecl[];
  /** True for a K&R identifier list `f(a, b)` (already reported). */
  readonly identifierList?: boolean;
}

// Counting type words, as chibicc does: each word adds its own unit, so every legal combination is a
// distinct sum.
const VOID_W = 1 << 0;
const BOOL_W = 1 << 2;
const CHAR_W = 1 << 4;
const SHORT_W = 1 << 6;
const INT_W = 1 << 8;
const LONG_W = 1 << 10;
const FLOAT_W = 1 << 12;
const DOUBLE_W = 1 << 14;
const OTHER_W = 1 << 16;
const SIGNED_W = 1 << 17;
const UNSIGNED_W = 1 << 18;

const COMBINATIONS = new Map<number, Type>([
  [VOID_W, VOID], [BOOL_W, BOOL],
  [CHAR_W, CHAR], [SIGNED_W + CHAR_W, SCHAR], [UNSIGNED_W + CHAR_W, UCHAR],
  [SHORT_W, SHORT], [SHORT_W + INT_W, SHORT], [SIGNED_W + SHORT_W, SHORT], [SIGNED_W + SHORT_W + INT_W, SHORT],
  [UNSIGNED_W + SHORT_W, USHORT], [UNSIGNED_W + SHORT_W + INT_W, USHORT],
  [INT_W, INT], [SIGNED_W, INT], [SIGNED_W + INT_W, INT], [UNSIGNED_W, UINT], [UNSIGNED_W + INT_W, UINT],
  [LONG_W, LONG], [LONG_W + INT_W, LONG], [SIGNED_W + LONG_W, LONG], [SIGNED_W + LONG_W + INT_W, LONG],
  [UNSIGNED_W + LONG_W, ULONG], [UNSIGNED_W + LONG_W + INT_W, ULONG],
  [2 * LONG_W, LLONG], [2 * LONG_W + INT_W, LLONG], [SIGNED_W + 2 * LONG_W, LLONG], [SIGNED_W + 2 * LONG_W + INT_W, LLONG],
  [UNSIGNED_W + 2 * LONG_W, ULLONG], [UNSIGNED_W + 2 * LONG_W + INT_W, ULLONG],
  [FLOAT_W, FLOAT], [DOUBLE_W, DOUBLE],
]);

const TYPE_WORD_UNITS: Record<string, number> = {
  void: VOID_W, _Bool: BOOL_W, char: CHAR_W, short: SHORT_W, int: INT_W, long: LONG_W, float: FLOAT_W,
  double: DOUBLE_W, signed: SIGNED_W, unsigned: UNSIGNED_W,
};

/** Words that are C (or GNU C) but not Mini C, with the message naming the construct. */
const UNSUPPORTED_WORDS: Record<string, string> = {
  _Complex: 'complex types are not supported in Mini C',
  _Imaginary: 'imaginary types are not supported in Mini C',
  _Atomic: "'_Atomic' is not supported in Mini C",
  _Thread_local: "'_Thread_local' is not supported in Mini C",
  _Alignas: "'_Alignas' is not supported in Mini C",
  typeof: "'typeof' is a GNU extension, not supported in Mini C",
  __typeof__: "'typeof' is a GNU extension, not supported in Mini C",
  __attribute__: "'__attribute__' is a GNU extension, not supported in Mini C",
};

/** The type of `__builtin_va_list`: the address of the next variadic argument slot (docs/abi.md). */
export const VA_LIST: Type = { kind: 'pointer', to: CHAR, alias: '__builtin_va_list' };

/**
 * declaration-specifiers = (storage-class | type-qualifier | type-specifier | function-specifier)+
 * storage-class = "typedef" | "static" | "extern" | "auto" | "register"
 */
export function declarationSpecifiers(p: Parser, allowStorage: boolean): DeclSpec {
  const loc = p.loc();
  let storage: StorageClass | null = null;
  let isInline = false;
  let isConst = false;
  let isVolatile = false;
  let counter = 0;
  let type: Type = INT;
  let hasType = false;
  for (;;) {
    const t = p.tok;
    if (t.kind !== 'ident') break;
    const w = t.text;
    if (w === 'typedef' || w === 'static' || w === 'extern' || w === 'auto' || w === 'register') {
      if (!allowStorage) p.error(p.loc(), `storage class '${w}' is not allowed here`, { code: 'storage' });
      else if (storage !== null && storage !== w) p.error(p.loc(), 'multiple storage classes in declaration specifiers', { code: 'storage' });
      else storage = w;
      p.next();
      continue;
    }
    if (w === 'inline' || w === '__inline' || w === '_Noreturn') {
      isInline ||= w !== '_Noreturn';
      p.next();
      continue;
    }
    if (w === 'const') { isConst = true; p.next(); continue; }
    if (w === 'volatile') { isVolatile = true; p.next(); continue; }
    if (w === 'restrict' || w === '__restrict') { p.next(); continue; }
    const unsupported = UNSUPPORTED_WORDS[w];
    if (unsupported) {
      p.error(p.loc(), unsupported, { code: 'unsupported', length: w.length });
      p.next();
      if (p.is('(')) skipParenthesized(p);
      continue;
    }
    if (w === 'struct' || w === 'union' || w === 'enum' || w === '__builtin_va_list' || (p.lookup(w)?.kind === 'typedef' && counter === 0)) {
      if (counter !== 0) break;
      counter += OTHER_W;
      hasType = true;
      p.next();
      if (w === 'struct' || w === 'union') type = recordSpecifier(p, w);
      else if (w === 'enum') type = enumSpecifier(p);
      else if (w === '__builtin_va_list') type = VA_LIST;
      else type = (p.lookup(w) as { type: Type }).type;
      continue;
    }
    const unit = TYPE_WORD_UNITS[w];
    if (unit === undefined) break;
    if (counter & OTHER_W) break; // a typedef name followed by a type word: the word starts something else
    const wordLoc = p.loc();
    p.next();
    counter += unit;
    hasType = true;
    const combined = COMBINATIONS.get(counter);
    if (combined) {
      type = combined;
    } else if (counter === LONG_W + DOUBLE_W) {
      p.error(wordLoc, "'long double' is not supported in Mini C", { code: 'unsupported', hint: 'use double' });
      type = DOUBLE;
      counter = DOUBLE_W;
    } else {
      p.error(wordLoc, 'two or more data types in declaration specifiers', { code: 'type' });
      counter -= unit;
    }
  }
  return { type: withQualifiers(type, { isConst, isVolatile }), storage, isInline, loc, hasType };
}

function skipParenthesized(p: Parser): void {
  let depth = 0;
  do {
    if (p.is('(')) depth++;
    else if (p.is(')')) depth--;
    p.next();
  } while (depth > 0 && !p.atEnd());
}

/** pointers = ("*" ("const" | "volatile" | "restrict")*)* */
function pointers(p: Parser, base: Type): Type {
  let t = base;
  let levels = 0;
  while (p.accept('*')) {
    // Every level of pointer is a level of nesting for everything that walks the type later.
    if (++levels > MAX_NESTING) {
      p.tooDeep();
      continue;
    }
    t = pointerTo(t);
    for (;;) {
      if (p.accept('const')) t = { ...t, isConst: true };
      else if (p.accept('volatile')) t = { ...t, isVolatile: true };
      else if (p.accept('restrict') || p.accept('__restrict')) continue;
      else if (p.is('_Atomic')) {
        p.error(p.loc(), UNSUPPORTED_WORDS._Atomic!, { code: 'unsupported' });
        p.next();
      } else break;
    }
  }
  return t;
}

export type DeclaratorMode = 'named' | 'abstract' | 'either';

/**
 * declarator          = pointers ("(" declarator ")" | ident) type-suffix
 * abstract-declarator = pointers ("(" abstract-declarator ")")? type-suffix
 */
export function declarator(p: Parser, base: Type, mode: DeclaratorMode): Declarator {
  const loc = p.loc();
  if (!p.enter()) return { name: null, loc, type: base };
  try {
    const t = pointers(p, base);
    if (p.is('(') && startsNestedDeclarator(p, mode)) {
      const open = p.pos;
      const close = matchingParen(p, open);
      p.pos = close + 1;
      const outer = typeSuffix(p, t);
      const after = p.pos;
      p.pos = open + 1;
      const inner = declarator(p, outer.type, mode);
      p.expect(')');
      p.pos = Math.max(p.pos, after);
      return inner;
    }
    let name: string | null = null;
    let nameLoc = p.loc();
    if (p.isIdentifier()) {
      const tok = p.next();
      name = tok.text;
      nameLoc = p.loc(tok);
    } else if (mode === 'named') {
      p.syntaxError(p.loc(), `expected identifier or '(' ${describeBefore(p.tok)}`);
    }
    const suffix = typeSuffix(p, t);
    if (p.is('__attribute__') || p.is('__asm__') || p.is('asm')) {
      p.error(p.loc(), p.is('__attribute__') ? UNSUPPORTED_WORDS.__attribute__! : 'inline assembly is not supported in Mini C', { code: 'unsupported' });
      p.next();
      if (p.is('(')) skipParenthesized(p);
    }
    checkDeclaredType(p, name, nameLoc, suffix.type);
    return { name, loc: nameLoc, type: suffix.type, params: suffix.params, identifierList: suffix.identifierList };
  } finally {
    p.leave();
  }
}

/** After `(` in a declarator: is it a parenthesized declarator rather than a parameter list? */
function startsNestedDeclarator(p: Parser, mode: DeclaratorMode): boolean {
  const next = p.peek(1);
  if (next.kind === 'punct') return next.text === '*' || next.text === '(' || (next.text === '[' && mode !== 'named');
  if (next.kind !== 'ident') return false;
  if (mode === 'abstract') return false;
  return !p.isTypeName(next) && !['void', 'const', 'volatile'].includes(next.text);
}

function matchingParen(p: Parser, open: number): number {
  let depth = 0;
  for (let i = open; i < p.tokens.length; i++) {
    const t = p.tokens[i]!;
    if (t.kind === 'eof') return i - 1;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')' && --depth === 0) return i;
    else if (t.text === ';' || t.text === '{') return i - 1;
  }
  return p.tokens.length - 1;
}

function checkDeclaredType(p: Parser, name: string | null, loc: SourceLocation, t: Type): void {
  const n = name ? `'${name}'` : 'type name';
  if (t.kind === 'function' && (t.returns.kind === 'function' || t.returns.kind === 'array')) {
    p.error(loc, `${n} declared as function returning ${t.returns.kind === 'function' ? 'a function' : 'an array'}`, { code: 'type' });
  }
  if (t.kind === 'array' && t.of.kind === 'function') p.error(loc, `declaration of ${n} as array of functions`, { code: 'type' });
}

/**
 * type-suffix = "(" parameter-list ")" type-suffix?
 *             | "[" array-dimension "]" type-suffix
 *             | ε
 */
function typeSuffix(p: Parser, base: Type): { type: Type; params?: ParamDecl[]; identifierList?: boolean } {
  if (!p.is('(') && !p.is('[')) return { type: base };
  if (!p.enter()) {
    while (!p.atEnd() && !p.is(';')) p.next();
    return { type: base };
  }
  try {
    return suffix(p, base);
  } finally {
    p.leave();
  }
}

function suffix(p: Parser, base: Type): { type: Type; params?: ParamDecl[]; identifierList?: boolean } {
  if (p.is('(')) {
    p.next();
    const list = parameterList(p);
    const returns = typeSuffix(p, base).type;
    const type: FunctionType = { kind: 'function', returns, params: list.params.map((x) => x.type), variadic: list.variadic, prototyped: list.prototyped };
    return { type, params: list.params, identifierList: list.identifierList };
  }
  if (p.is('[')) {
    const loc = p.loc();
    p.next();
    const length = arrayDimension(p);
    const inner = typeSuffix(p, base).type;
    if (inner.kind !== 'function' && !isComplete(inner) && inner.kind !== 'array') {
      p.error(loc, `array type has incomplete element type ${quoteType(inner)}`, { code: 'incomplete' });
      return { type: arrayOf(INT, length) };
    }
    if (inner.kind === 'array' && inner.length === null) {
      p.error(loc, 'array type has incomplete element type', { code: 'incomplete', hint: 'only the first dimension of an array may be left out' });
    }
    if (length !== null && length * sizeOf(inner) > 2 ** 40) {
      p.error(loc, 'size of array is too large', { code: 'type' });
      return { type: arrayOf(inner, 1) };
    }
    return { type: arrayOf(inner, length) };
  }
  return { type: base };
}

/** array-dimension = ("static" | type-qualifier)* assignment-expression? */
function arrayDimension(p: Parser): number | null {
  while (p.accept('static') || p.accept('const') || p.accept('restrict') || p.accept('volatile')) { /* ignored in Mini C */ }
  if (p.accept(']')) return null;
  if (p.is('*') && p.isAt(1, ']')) {
    p.error(p.loc(), 'variable-length arrays are not supported in Mini C', { code: 'unsupported' });
    p.next();
    p.next();
    return null;
  }
  const e = parseAssignment(p);
  p.expect(']');
  if (e.kind === 'error') return 1;
  if (!isInteger(e.type)) {
    p.error(e.loc, 'size of array has non-integer type', { code: 'type' });
    return 1;
  }
  const v = constInt(e);
  if (v === null) {
    p.error(e.loc, 'variable-length arrays are not supported in Mini C', { code: 'unsupported', hint: 'use a constant size (a number, an enum constant or a #define), or allocate with malloc' });
    return 1;
  }
  if (v < 0n) {
    p.error(e.loc, 'size of array is negative', { code: 'type' });
    return 1;
  }
  if (v === 0n) {
    p.error(e.loc, 'ISO C forbids zero-size array', { code: 'type' });
    return 1;
  }
  return Number(v);
}

/** parameter-list = "void" | parameter ("," parameter)* ("," "...")? | ε */
function parameterList(p: Parser): { params: ParamDecl[]; variadic: boolean; prototyped: boolean; identifierList?: boolean } {
  if (p.accept(')')) return { params: [], variadic: false, prototyped: false };
  if (p.is('void') && p.isAt(1, ')')) {
    p.next();
    p.next();
    return { params: [], variadic: false, prototyped: true };
  }
  if (p.isIdentifier() && !p.isTypeName() && (p.isAt(1, ',') || p.isAt(1, ')'))) {
    // int f(a, b) int a; int b; { … } — an identifier list.
    p.error(p.loc(), 'old-style (K&R) function definitions are not supported in Mini C', { code: 'unsupported', hint: 'write each parameter with its type: int f(int a, int b)' });
    while (!p.is(')') && !p.atEnd()) p.next();
    p.accept(')');
    return { params: [], variadic: false, prototyped: false, identifierList: true };
  }
  const params: ParamDecl[] = [];
  let variadic = false;
  for (;;) {
    if (p.accept('...')) {
      variadic = true;
      if (params.length === 0) p.error(p.loc(), "ISO C requires a named argument before '...'", { code: 'syntax' });
      break;
    }
    if (!p.isTypeName()) {
      if (p.isIdentifier() && (p.isAt(1, ',') || p.isAt(1, ')'))) {
        p.error(p.loc(), `unknown type name '${p.tok.text}'`, { code: 'undeclared', hint: headerHint(p, p.tok.text) });
        p.next();
        if (!p.accept(',')) break;
        continue;
      }
      p.syntaxError(p.loc(), `expected declaration specifiers or '...' ${describeBefore(p.tok)}`);
      break;
    }
    const spec = declarationSpecifiers(p, true);
    if (spec.storage !== null && spec.storage !== 'register') p.error(spec.loc, `storage class specified for parameter`, { code: 'storage' });
    const d = declarator(p, spec.type, 'either');
    let type = d.type;
    if (type.kind === 'void') {
      p.error(d.loc, "'void' must be the only parameter", { code: 'type' });
      type = INT;
    }
    // Parameters of array and function type are adjusted to pointers (C11 6.7.6.3p7-8).
    if (type.kind === 'array') type = pointerTo(type.of);
    else if (type.kind === 'function') type = pointerTo(type);
    params.push({ name: d.name, type, loc: d.loc });
    if (!p.accept(',')) break;
  }
  p.expect(')');
  return { params, variadic, prototyped: true };
}

/** type-name = declaration-specifiers abstract-declarator (sizeof, casts, compound literals, va_arg). */
export function typeName(p: Parser): Type {
  const spec = declarationSpecifiers(p, false);
  return declarator(p, spec.type, 'abstract').type;
}

/** Size and alignment of a type for sizeof/_Alignof, or null with an error for incomplete types. */
export function sizeOfType(p: Parser, t: Type, loc: SourceLocation, what: 'sizeof' | '_Alignof'): number | null {
  if (t.kind === 'function') {
    p.error(loc, `invalid application of '${what}' to a function type`, { code: 'type' });
    return null;
  }
  if (!isComplete(t)) {
    p.error(loc, `invalid application of '${what}' to incomplete type ${quoteType(t)}`, { code: 'incomplete' });
    return null;
  }
  return what === 'sizeof' ? sizeOf(t) : alignOf(t);
}

/** Records a parameter as a variable of the function being defined. */
export function parameterVariable(d: ParamDecl): Variable {
  return { name: d.name ?? '', type: d.type, loc: d.loc, storage: 'param', isStatic: false, defined: true, used: false };
}
