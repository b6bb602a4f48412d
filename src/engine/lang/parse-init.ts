// Parsing of initializers: brace lists with brace elision, designators (`.x =`, `[3] =`), string
// initializers for char arrays, and the flattening of all that into byte offsets.
//
// How it works. An initializer is first read into a tree shaped like the object's type (`InitNode`:
// one child per array element or struct member, created when first touched), which is what designators
// need: `[2] = 5` or `.pos.y = 1` select a child anywhere, and a later initializer for the same element
// replaces the earlier one. Brace elision (C11 6.7.9p20) is the "elided" variants: a sub-aggregate
// without its own braces takes as many initializers from the enclosing list as it has elements. The tree
// is then flattened into `InitItem`s at byte offsets (ast.ts), which the code generator stores one by one
// (locals) or writes into the data section (statics).

import type { SourceLocation } from '../diagnostics';
import type { Expr, InitItem, Initialization, StringLiteral } from './ast';
import { constInt, evalStatic } from './check-const';
import { assignConvert } from './check-assign';
import { rvalue } from './check-expr';
import { describeBefore, type Parser } from './parse';
import { parseAssignment, parseConditional } from './parse-expr';
import { arrayOf, isInteger, isRecord, quoteType, sizeOf, type ArrayType, type RecordType, type Type } from './types';

interface InitNode {
  type: Type;
  expr?: Expr;
  string?: { literal: StringLiteral; count: number };
  children?: (InitNode | undefined)[];
  /** For a union: the member that was initialized last. */
  unionMember?: number;
}

/** The expression already read when a struct's initializer turned out not to be a struct value. */
interface Pending {
  expr: Expr | null;
}

/**
 * initializer = assignment-expression | "{" initializer-list ","? "}"
 * Returns the object's type (completed, for `int a[] = {…}`) and the flattened initialization.
 */
export function parseInitializer(p: Parser, type: Type, isStatic: boolean): { type: Type; init: Initialization } {
  const loc = p.loc();
  const root: InitNode = { type };
  initializer(p, root, { expr: null });
  const items: InitItem[] = [];
  flatten(root, 0, items);
  if (isStatic) {
    for (const item of items) {
      if (item.kind === 'expr' && item.expr.kind !== 'error' && evalStatic(item.expr) === null) {
        p.error(item.expr.loc, 'initializer element is not constant', { code: 'constant', hint: 'a global or static variable is initialized before the program runs, so its initializer must be a constant or an address' });
      }
    }
  }
  const size = sizeOf(root.type);
  let covered = 0;
  for (const item of items) {
    if (item.offset !== covered) break;
    covered += item.kind === 'bytes' ? item.count : sizeOf(item.type);
  }
  return { type: root.type, init: { items, partial: covered < size, loc } };
}

function isCharArray(t: Type): t is ArrayType {
  return t.kind === 'array' && t.of.kind === 'int' && t.of.rank === 'char';
}

function initializer(p: Parser, node: InitNode, pending: Pending): void {
  if (!p.enter()) return;
  try {
    initializerOf(p, node, pending);
  } finally {
    p.leave();
  }
}

function initializerOf(p: Parser, node: InitNode, pending: Pending): void {
  const t = node.type;
  if (t.kind === 'array') {
    if (isCharArray(t) && (p.tok.kind === 'string' || (pending.expr?.kind === 'string'))) return stringInitializer(p, node, pending);
    if (p.is('{') && !pending.expr) {
      if (isCharArray(t) && p.peek(1).kind === 'string' && (p.isAt(2, '}') || (p.isAt(2, ',') && p.isAt(3, '}')))) {
        p.next();
        stringInitializer(p, node, pending);
        p.accept(',');
        p.expect('}');
        return;
      }
      return arrayBraced(p, node);
    }
    if (pending.expr && pending.expr.kind !== 'error' && pending.expr.type.kind === 'array') {
      p.error(pending.expr.loc, 'array initialized from non-constant array expression', { code: 'type', hint: 'copy arrays with memcpy, or list the elements in braces' });
      pending.expr = null;
      return;
    }
    return arrayElided(p, node, pending);
  }
  if (isRecord(t)) {
    if (p.is('{') && !pending.expr) return t.kind === 'union' ? unionBraced(p, node) : structBraced(p, node);
    if (!pending.expr) pending.expr = parseAssignment(p);
    const e = pending.expr;
    if (e.kind === 'error' || (isRecord(e.type) && e.type.def === t.def)) {
      node.expr = e;
      pending.expr = null;
      return;
    }
    return t.kind === 'union' ? unionElided(p, node, pending) : structElided(p, node, pending);
  }
  // A scalar, possibly in braces: `int x = {3};`.
  if (p.is('{') && !pending.expr) {
    p.next();
    if (p.is('}')) {
      p.error(p.loc(), 'empty scalar initializer', { code: 'initializer' });
    } else {
      initializer(p, node, pending);
      if (p.is(',') && !p.isAt(1, '}')) {
        p.warning(p.loc(), 'excess elements in scalar initializer', { code: 'excess-initializer' });
        while (p.accept(',') && !p.is('}')) skipElement(p);
      }
      p.accept(',');
    }
    p.expect('}');
    return;
  }
  const e = pending.expr ?? parseAssignment(p);
  pending.expr = null;
  node.expr = e.kind === 'error' ? e : assignConvert(p, e, t, { kind: 'initialization' });
}

/** string-initializer = string-literal (for an array of char, possibly of unknown size) */
function stringInitializer(p: Parser, node: InitNode, pending: Pending): void {
  let literal: StringLiteral;
  let loc: SourceLocation;
  if (pending.expr && pending.expr.kind === 'string') {
    literal = pending.expr.literal;
    loc = pending.expr.loc;
    pending.expr = null;
  } else {
    const e = parseAssignment(p);
    if (e.kind !== 'string') {
      if (e.kind !== 'error') p.error(e.loc, 'invalid initializer', { code: 'initializer' });
      return;
    }
    literal = e.literal;
    loc = e.loc;
  }
  const t = node.type as ArrayType;
  const withNul = literal.bytes.length;
  if (t.length === null) {
    node.type = arrayOf(t.of, withNul);
  } else if (withNul - 1 > t.length) {
    p.error(loc, `initializer-string for array of ${quoteType(t.of)} is too long`, { code: 'initializer', hint: `the array holds ${t.length} characters; the string needs ${withNul} with its terminating '\\0'` });
  }
  const length = (node.type as ArrayType).length!;
  node.string = { literal, count: Math.min(length, withNul) };
}

function child(node: InitNode, index: number, type: Type): InitNode {
  node.children ??= [];
  let c = node.children[index];
  if (!c) {
    c = { type };
    node.children[index] = c;
  }
  return c;
}

/** True if the list ends here: `}` or `, }`. */
function atListEnd(p: Parser): boolean {
  return p.is('}') || p.atEnd() || (p.is(',') && p.isAt(1, '}'));
}

function skipElement(p: Parser): void {
  if (p.is('{')) {
    let depth = 0;
    do {
      if (p.is('{')) depth++;
      else if (p.is('}')) depth--;
      p.next();
    } while (depth > 0 && !p.atEnd());
    return;
  }
  parseAssignment(p);
}

/** The element index of an array designator `[constant-expression]`. */
function arrayDesignatorIndex(p: Parser, t: ArrayType): number | null {
  p.next(); // [
  const e = parseConditional(p);
  p.expect(']');
  const v = constInt(e);
  if (e.kind === 'error') return null;
  if (v === null || !isInteger(e.type)) {
    p.error(e.loc, 'array index in initializer not of integer type or not constant', { code: 'initializer' });
    return null;
  }
  if (v < 0n || (t.length !== null && v >= BigInt(t.length))) {
    p.error(e.loc, 'array index in initializer exceeds array bounds', { code: 'initializer' });
    return null;
  }
  if (v > 1n << 32n) {
    p.error(e.loc, 'array index in initializer is too large', { code: 'initializer' });
    return null;
  }
  return Number(v);
}

/**
 * designation = ("[" constant-expression "]" | "." identifier)+ "="
 * A designator chain starting at `node`, then the initializer of the designated element. As C11
 * 6.7.9p17 says, the list then goes on with the subobject after the designated one: after
 * `[0][1] = 7, 8` the 8 goes to [0][2], so each level of a nested designator continues in order
 * (brace elision) before returning. Returns the index designated at `node`'s level, or null.
 */
function designation(p: Parser, node: InitNode): number | null {
  const t = node.type;
  if (p.is('[')) {
    if (t.kind !== 'array') {
      p.error(p.loc(), 'array index in non-array initializer', { code: 'initializer' });
      skipDesignation(p);
      return null;
    }
    const index = arrayDesignatorIndex(p, t);
    if (index === null) {
      skipDesignation(p);
      return null;
    }
    designated(p, child(node, index, t.of));
    return index;
  }
  if (p.is('.')) {
    if (!isRecord(t)) {
      p.error(p.loc(), 'field name not in record or union initializer', { code: 'initializer' });
      skipDesignation(p);
      return null;
    }
    p.next();
    const nameTok = p.next();
    const found = memberPath(t, nameTok.text);
    if (!found) {
      p.error(p.loc(nameTok), `${quoteType(t)} has no member named '${nameTok.text}'`, { code: 'member' });
      skipDesignation(p);
      return null;
    }
    memberDesignation(p, node, found);
    return found[0]!;
  }
  if (p.expect('=')) initializer(p, node, { expr: null });
  return null;
}

/** Follows a member path (through anonymous members), each level continuing in order after it. */
function memberDesignation(p: Parser, node: InitNode, path: readonly number[]): void {
  const rt = node.type as RecordType;
  const index = path[0]!;
  if (rt.kind === 'union' && node.unionMember !== index) {
    node.children = [];
    node.unionMember = index;
  }
  const c = child(node, index, rt.def.members![index]!.type);
  if (path.length > 1) {
    memberDesignation(p, c, path.slice(1));
    continueAfter(p, c, path[1]! + 1);
  } else {
    designated(p, c);
  }
}

/** The rest of a designator chain from `node`: more designators, or `=` and the initializer. */
function designated(p: Parser, node: InitNode): void {
  if (p.is('[') || p.is('.')) {
    const inner = designation(p, node);
    if (inner !== null) continueAfter(p, node, inner + 1);
  } else if (p.expect('=')) {
    initializer(p, node, { expr: null });
  }
}

/** Brace elision from element `from` on: `, x, y` go to the next elements while there are any. */
function continueAfter(p: Parser, node: InitNode, from: number): void {
  const t = node.type;
  let count = 0;
  if (t.kind === 'array') count = t.length ?? 0;
  else if (t.kind === 'struct') count = t.def.members?.length ?? 0;
  for (let i = from; i < count; i++) {
    if (!p.is(',') || p.isAt(1, '}') || p.isAt(1, '[') || p.isAt(1, '.')) return;
    p.next();
    initializer(p, child(node, i, t.kind === 'array' ? t.of : (t as RecordType).def.members![i]!.type), { expr: null });
  }
}

function skipDesignation(p: Parser): void {
  while (!p.is('=') && !p.is(',') && !p.is('}') && !p.atEnd()) p.next();
  if (p.accept('=')) skipElement(p);
}

/** Member indices leading to `name`, through anonymous struct/union members. */
function memberPath(t: RecordType, name: string): number[] | null {
  const members = t.def.members ?? [];
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.name === name) return [i];
    if (m.name === null && isRecord(m.type)) {
      const inner = memberPath(m.type, name);
      if (inner) return [i, ...inner];
    }
  }
  return null;
}

/** array-initializer = "{" (designation? initializer ("," designation? initializer)*)? ","? "}" */
function arrayBraced(p: Parser, node: InitNode): void {
  const t = node.type as ArrayType;
  node.children = []; // a brace list initializes the whole subobject again, as gcc does
  p.next(); // {
  let i = 0;
  let max = 0;
  let warned = false;
  while (!p.is('}') && !p.atEnd()) {
    const before = p.pos;
    if (p.is('[')) {
      const index = designation(p, node);
      if (index !== null) i = index + 1;
    } else if (p.is('.')) {
      designation(p, node);
    } else if (t.length !== null && i >= t.length) {
      if (!warned) p.warning(p.loc(), 'excess elements in array initializer', { code: 'excess-initializer' });
      warned = true;
      skipElement(p);
    } else {
      initializer(p, child(node, i, t.of), { expr: null });
      i++;
    }
    max = Math.max(max, i);
    if (!p.accept(',')) break;
    if (p.pos === before) break;
  }
  if (!p.accept('}')) p.syntaxError(p.afterPrevious(), `expected '}' ${describeBefore(p.tok)}`);
  if (t.length === null) node.type = arrayOf(t.of, Math.max(max, node.children?.length ?? 0));
}

/** An array without its own braces takes elements from the enclosing list (brace elision). */
function arrayElided(p: Parser, node: InitNode, pending: Pending): void {
  const t = node.type as ArrayType;
  if ((t.length ?? 0) === 0 || (!pending.expr && atListEnd(p))) return;
  initializer(p, child(node, 0, t.of), pending);
  continueAfter(p, node, 1);
}

/** struct-initializer = "{" (designation? initializer ("," …)*)? ","? "}" */
function structBraced(p: Parser, node: InitNode): void {
  const t = node.type as RecordType;
  const members = t.def.members ?? [];
  node.children = [];
  p.next(); // {
  let i = 0;
  let warned = false;
  while (!p.is('}') && !p.atEnd()) {
    const before = p.pos;
    if (p.is('.') && p.peek(1).kind === 'ident') {
      const index = designation(p, node);
      if (index !== null) i = index + 1;
    } else if (p.is('[')) {
      designation(p, node);
    } else if (i >= members.length) {
      if (!warned) p.warning(p.loc(), 'excess elements in struct initializer', { code: 'excess-initializer' });
      warned = true;
      skipElement(p);
    } else {
      initializer(p, child(node, i, members[i]!.type), { expr: null });
      i++;
    }
    if (!p.accept(',')) break;
    if (p.pos === before) break;
  }
  if (!p.accept('}')) p.syntaxError(p.afterPrevious(), `expected '}' ${describeBefore(p.tok)}`);
}

function structElided(p: Parser, node: InitNode, pending: Pending): void {
  const members = (node.type as RecordType).def.members ?? [];
  if (members.length === 0) return;
  initializer(p, child(node, 0, members[0]!.type), pending);
  continueAfter(p, node, 1);
}

/** union-initializer = "{" designation? initializer ","? "}": the first (or the designated) member. */
function unionBraced(p: Parser, node: InitNode): void {
  const t = node.type as RecordType;
  const members = t.def.members ?? [];
  p.next(); // {
  if (p.is('.') && p.peek(1).kind === 'ident') {
    designation(p, node);
  } else if (!p.is('}') && members.length > 0) {
    node.unionMember = 0;
    initializer(p, child(node, 0, members[0]!.type), { expr: null });
  }
  if (p.is(',') && !p.isAt(1, '}')) {
    p.warning(p.loc(), 'excess elements in union initializer', { code: 'excess-initializer' });
    while (p.accept(',') && !p.is('}')) skipElement(p);
  }
  p.accept(',');
  p.expect('}');
}

function unionElided(p: Parser, node: InitNode, pending: Pending): void {
  const members = (node.type as RecordType).def.members ?? [];
  if (members.length === 0) return;
  node.unionMember = 0;
  initializer(p, child(node, 0, members[0]!.type), pending);
}

function flatten(node: InitNode, offset: number, out: InitItem[]): void {
  if (node.expr) {
    if (node.expr.kind !== 'error') out.push({ kind: 'expr', offset, type: node.type, expr: rvalueOf(node.expr) });
    return;
  }
  if (node.string) {
    out.push({ kind: 'bytes', offset, literal: node.string.literal, count: node.string.count });
    return;
  }
  if (!node.children) return;
  const t = node.type;
  if (t.kind === 'array') {
    const size = sizeOf(t.of);
    node.children.forEach((c, i) => c && flatten(c, offset + i * size, out));
  } else if (isRecord(t)) {
    const members = t.def.members ?? [];
    if (t.kind === 'union') {
      const c = node.unionMember !== undefined ? node.children[node.unionMember] : undefined;
      if (c) flatten(c, offset + members[node.unionMember!]!.offset, out);
      return;
    }
    node.children.forEach((c, i) => c && flatten(c, offset + members[i]!.offset, out));
  }
}

function rvalueOf(e: Expr): Expr {
  return isRecord(e.type) ? e : rvalue(e);
}
