// The typing rules of C expressions: the parser builds every expression node through these functions
// (assignment and its conversions are in check-assign.ts).
//
// How it works. Each builder takes already-built operands, applies C11's constraints (reporting errors in
// gcc's words), performs the implicit conversions by wrapping operands in `cast` nodes (integer promotion,
// usual arithmetic conversions, conversion as if by assignment), and folds the node to a constant when its
// operands are constants (check-const.ts). Operands that are `error` nodes make the result an `error` node
// silently, so one mistake gives one message. Builders never throw.

import type { DiagnosticSink, SourceLocation } from '../diagnostics';
import type { ArithOp, CompareOp, Expr, ExprOf, FunctionSymbol, Variable } from './ast';
import { assignConvert, noteEscaped } from './check-assign';
import { convertConstant, foldCompare, foldFloatArith, foldIntArith } from './check-const';
import {
  DOUBLE, INT, LONG, VOID, arrayOf, asIntType, compatibleUnqualified, findMember, isArithmetic, isComplete,
  isInteger, isRecord, isScalar, isSigned, pointerTo, promote, quoteType, sizeOf, typeName, unqualified,
  usualArithmetic, withQualifiers, type FloatType, type FunctionType, type IntType, type Type,
} from './types';

/** What the builders need from the parser: where to report, and how to get a temporary in the frame. */
export interface CheckContext {
  readonly sink: DiagnosticSink;
  /** A frame slot to receive a struct returned by a call (null at file scope). */
  temporary(type: Type, loc: SourceLocation): Variable | null;
}

export function errorExpr(loc: SourceLocation): Expr {
  return { kind: 'error', loc, type: INT };
}

export function intConst(value: bigint, type: Type, loc: SourceLocation): Expr {
  return { kind: 'int', value, type, loc };
}

export function hasError(...es: Expr[]): boolean {
  return es.some((e) => e.kind === 'error');
}

/** An integer constant 0 (or one cast to void *): it converts to any pointer type (C11 6.3.2.3p3). */
export function isNullPointerConstant(e: Expr): boolean {
  if (e.kind !== 'int' || e.value !== 0n) return false;
  return isInteger(e.type) || (e.type.kind === 'pointer' && e.type.to.kind === 'void' && !e.type.to.isConst);
}

export function isLvalue(e: Expr): boolean {
  switch (e.kind) {
    case 'var':
    case 'deref':
    case 'string':
    case 'compound-literal':
      return true;
    case 'member':
      return isLvalue(e.base);
    default:
      return false;
  }
}

/**
 * Lvalue conversion: an array becomes a pointer to its first element, a function designator a pointer
 * to the function (C11 6.3.2.1). Other expressions are returned as they are.
 */
export function rvalue(e: Expr): Expr {
  if (e.type.kind === 'array') return { kind: 'decay', operand: e, type: pointerTo(e.type.of), loc: e.loc };
  if (e.type.kind === 'function') {
    if (e.kind === 'deref') return e.pointer;
    return { kind: 'addr', operand: e, type: pointerTo(e.type), loc: e.loc };
  }
  return e;
}

/** Converts a value to `to` (the caller has checked it is allowed), folding constants. */
export function convert(e: Expr, to: Type): Expr {
  if (e.kind === 'error') return e;
  const target = unqualified(to);
  const from = unqualified(e.type);
  if (target.kind === 'void') return { kind: 'cast', operand: e, type: VOID, loc: e.loc };
  if (compatibleUnqualified(from, target) && (e.kind !== 'int' || e.type === target)) return e;
  if (sameRepresentation(from, target)) {
    if (from === target || e.kind !== 'int') return from === target ? e : { kind: 'cast', operand: e, type: target, loc: e.loc };
    return { ...e, type: target };
  }
  if ((e.kind === 'int' || e.kind === 'float') && (isArithmetic(target) || (target.kind === 'pointer' && e.kind === 'int'))) {
    const c = convertConstant(e.value, target);
    if (c !== null) {
      return typeof c === 'bigint' ? { kind: 'int', value: c, type: target, loc: e.loc } : { kind: 'float', value: c, type: target, loc: e.loc };
    }
  }
  return { kind: 'cast', operand: e, type: target, loc: e.loc };
}

/** Types whose values need no conversion at all between them (same kind, size and signedness). */
function sameRepresentation(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (isInteger(a) && isInteger(b)) {
    const x = asIntType(a);
    const y = asIntType(b);
    return sizeOf(x) === sizeOf(y) && x.signed === y.signed && (x.rank === 'bool') === (y.rank === 'bool');
  }
  if (a.kind === 'float' && b.kind === 'float') return a.size === b.size;
  if (a.kind === 'pointer' && b.kind === 'pointer') return true;
  return compatibleUnqualified(a, b) && !isScalar(a);
}

export function promoted(e: Expr): Expr {
  return convert(e, promote(e.type));
}

/** The scalar test of `if`, `while`, `!`, `&&`, `?:`: the operand must be a scalar. */
export function requireScalar(ctx: CheckContext, e: Expr, what: string): Expr {
  const v = rvalue(e);
  if (v.kind === 'error') return v;
  if (!isScalar(v.type)) {
    const t = v.type.kind === 'void' ? 'void value not ignored as it ought to be' : `used ${describeAggregate(v.type)} where scalar is required`;
    ctx.sink.error(e.loc, v.type.kind === 'void' ? t : t, { code: 'type', hint: what ? `the ${what} must be a number or a pointer` : undefined });
    return errorExpr(e.loc);
  }
  return v;
}

function describeAggregate(t: Type): string {
  if (t.kind === 'struct') return 'struct type value';
  if (t.kind === 'union') return 'union type value';
  return `${typeName(t)} value`;
}

export function invalidOperands(ctx: CheckContext, op: string, a: Expr, b: Expr, loc: SourceLocation): Expr {
  ctx.sink.error(loc, `invalid operands to binary ${op} (have ${quoteType(a.type)} and ${quoteType(b.type)})`, { code: 'type' });
  return errorExpr(loc);
}

export function voidUse(ctx: CheckContext, ...es: Expr[]): boolean {
  const v = es.find((e) => e.type.kind === 'void');
  if (!v) return false;
  ctx.sink.error(v.loc, 'invalid use of void expression', { code: 'type' });
  return true;
}

/** `a op b` for the arithmetic, bitwise and shift operators, and + and - on pointers. */
export function binary(ctx: CheckContext, op: ArithOp, lhs: Expr, rhs: Expr, loc: SourceLocation): Expr {
  const a = rvalue(lhs);
  const b = rvalue(rhs);
  if (hasError(a, b)) return errorExpr(loc);
  if (voidUse(ctx, a, b)) return errorExpr(loc);
  if (op === '+' || op === '-') {
    if (a.type.kind === 'pointer' && isInteger(b.type)) return pointerAdd(ctx, a, b, op === '-', loc);
    if (op === '+' && isInteger(a.type) && b.type.kind === 'pointer') return pointerAdd(ctx, b, a, false, loc);
    if (op === '-' && a.type.kind === 'pointer' && b.type.kind === 'pointer') return pointerDiff(ctx, a, b, loc);
  }
  const integerOnly = op === '%' || op === '&' || op === '|' || op === '^' || op === '<<' || op === '>>';
  const ok = integerOnly ? isInteger(a.type) && isInteger(b.type) : isArithmetic(a.type) && isArithmetic(b.type);
  if (!ok) return invalidOperands(ctx, op, a, b, loc);
  if (op === '<<' || op === '>>') return shift(ctx, op, a, b, loc);
  const type = usualArithmetic(a.type, b.type);
  const x = convert(a, type);
  const y = convert(b, type);
  if ((op === '/' || op === '%') && y.kind === 'int' && y.value === 0n) {
    ctx.sink.warning(loc, 'division by zero', { code: 'div-by-zero' });
  }
  return foldArith(ctx, op, x, y, type, loc);
}

function foldArith(ctx: CheckContext, op: ArithOp, x: Expr, y: Expr, type: Type, loc: SourceLocation): Expr {
  if (x.kind === 'int' && y.kind === 'int' && isInteger(type)) {
    const r = foldIntArith(op, x.value, y.value, asIntType(type as IntType));
    if (r) {
      if (r.overflow) ctx.sink.warning(loc, `integer overflow in expression of type ${quoteType(type)} results in '${r.value}'`, { code: 'overflow' });
      return intConst(r.value, type, loc);
    }
  }
  if (x.kind === 'float' && y.kind === 'float' && type.kind === 'float') {
    const r = foldFloatArith(op, x.value, y.value, type.size);
    if (r !== null) return { kind: 'float', value: r, type, loc };
  }
  return { kind: 'arith', op, lhs: x, rhs: y, type, loc };
}

function shift(ctx: CheckContext, op: '<<' | '>>', a: Expr, b: Expr, loc: SourceLocation): Expr {
  const x = promoted(a);
  const type = x.type;
  const bits = sizeOf(type) * 8;
  const y = convert(promoted(b), sizeOf(type) === 8 ? LONG : INT);
  if (y.kind === 'int') {
    const what = op === '<<' ? 'left' : 'right';
    if (y.value < 0n) ctx.sink.warning(loc, `${what} shift count is negative`, { code: 'shift-count' });
    else if (y.value >= BigInt(bits)) ctx.sink.warning(loc, `${what} shift count >= width of type`, { code: 'shift-count' });
  }
  return foldArith(ctx, op, x, y, type, loc);
}

function pointerAdd(ctx: CheckContext, p: Expr, i: Expr, negate: boolean, loc: SourceLocation): Expr {
  const to = (p.type as { to: Type }).to;
  if (!isComplete(to)) {
    const what = to.kind === 'void' ? `pointer of type ${quoteType(p.type)} used in arithmetic` : to.kind === 'function' ? 'pointer to a function used in arithmetic' : `arithmetic on pointer to an incomplete type`;
    ctx.sink.error(loc, what, { code: 'type' });
    return errorExpr(loc);
  }
  const scale = sizeOf(to);
  const index = convert(promoted(i), LONG);
  const type = unqualified(p.type);
  if (p.kind === 'int' && index.kind === 'int') {
    const delta = index.value * BigInt(scale);
    return intConst(BigInt.asUintN(64, negate ? p.value - delta : p.value + delta), type, loc);
  }
  if (index.kind === 'int' && index.value === 0n) return p.type === type ? p : { ...p, type };
  return { kind: 'ptr-add', pointer: p, index, scale, negate, type, loc };
}

function pointerDiff(ctx: CheckContext, a: Expr, b: Expr, loc: SourceLocation): Expr {
  const ta = (a.type as { to: Type }).to;
  const tb = (b.type as { to: Type }).to;
  if (!compatibleUnqualified(unqualified(ta), unqualified(tb))) return invalidOperands(ctx, '-', a, b, loc);
  if (!isComplete(ta)) {
    ctx.sink.error(loc, 'arithmetic on pointer to an incomplete type', { code: 'type' });
    return errorExpr(loc);
  }
  return { kind: 'ptr-diff', lhs: a, rhs: b, scale: sizeOf(ta), type: LONG, loc };
}

/** `a cmp b`: arithmetic operands in their common type, or two compatible pointers (or a null constant). */
export function compare(ctx: CheckContext, op: CompareOp, lhs: Expr, rhs: Expr, loc: SourceLocation): Expr {
  let a = rvalue(lhs);
  let b = rvalue(rhs);
  if (hasError(a, b)) return errorExpr(loc);
  if (voidUse(ctx, a, b)) return errorExpr(loc);
  if (isArithmetic(a.type) && isArithmetic(b.type)) {
    const type = usualArithmetic(a.type, b.type);
    warnSignCompare(ctx, op, a, b, type, loc);
    a = convert(a, type);
    b = convert(b, type);
  } else if (a.type.kind === 'pointer' && b.type.kind === 'pointer') {
    const ta = unqualified(a.type.to);
    const tb = unqualified(b.type.to);
    const voidPtr = ta.kind === 'void' || tb.kind === 'void';
    if (!voidPtr && !compatibleUnqualified(ta, tb)) {
      ctx.sink.error(loc, 'comparison of distinct pointer types lacks a cast', { code: 'type', hint: `the operands point to ${quoteType(ta)} and ${quoteType(tb)}` });
      return errorExpr(loc);
    }
  } else if (a.type.kind === 'pointer' && isNullPointerConstant(b)) {
    b = convert(b, a.type);
  } else if (b.type.kind === 'pointer' && isNullPointerConstant(a)) {
    a = convert(a, b.type);
  } else if ((a.type.kind === 'pointer' && isInteger(b.type)) || (b.type.kind === 'pointer' && isInteger(a.type))) {
    ctx.sink.error(loc, 'comparison between pointer and integer', { code: 'type' });
    return errorExpr(loc);
  } else {
    return invalidOperands(ctx, op, a, b, loc);
  }
  if ((a.kind === 'int' && b.kind === 'int') || (a.kind === 'float' && b.kind === 'float')) {
    return intConst(foldCompare(op, a.value, b.value) ? 1n : 0n, INT, loc);
  }
  return { kind: 'compare', op, lhs: a, rhs: b, type: INT, loc };
}

/**
 * gcc's -Wsign-compare: a signed operand converted to unsigned for the comparison, unless it cannot be
 * negative (a constant that is not, or a value of an unsigned type that was only promoted to int).
 */
function warnSignCompare(ctx: CheckContext, op: CompareOp, a: Expr, b: Expr, common: Type, loc: SourceLocation): void {
  if (!isInteger(a.type) || !isInteger(b.type) || isSigned(common) || (a.kind === 'int' && b.kind === 'int')) return;
  const signedSide = isSigned(promote(a.type)) ? a : isSigned(promote(b.type)) ? b : null;
  if (!signedSide || !isSigned(signedSide.type) || knownNonNegative(signedSide)) return;
  // As gcc: == and != with an unsigned constant that a signed int could hold are fine.
  const unsignedSide = signedSide === a ? b : a;
  if ((op === '==' || op === '!=') && unsignedSide.kind === 'int' && unsignedSide.value <= 0x7fffffffn) return;
  ctx.sink.warning(loc, `comparison of integer expressions of different signedness: ${quoteType(a.type)} and ${quoteType(b.type)}`, {
    code: 'sign-compare', hint: 'the signed value is converted to unsigned, so a negative one compares as a huge number',
  });
}

/** A signed value that cannot be negative: a constant, a promoted unsigned value, `x & mask`. */
function knownNonNegative(e: Expr): boolean {
  if (e.kind === 'int') return e.value >= 0n;
  if (e.kind === 'cast') return isInteger(e.operand.type) && !isSigned(e.operand.type);
  if (e.kind === 'arith' && e.op === '&') return knownNonNegative(e.lhs) || knownNonNegative(e.rhs);
  return false;
}

/** `a && b`, `a || b`: scalars; the result is an int 0 or 1. */
export function logical(ctx: CheckContext, op: '&&' | '||', lhs: Expr, rhs: Expr, loc: SourceLocation): Expr {
  const a = requireScalar(ctx, lhs, `operand of ${op}`);
  const b = requireScalar(ctx, rhs, `operand of ${op}`);
  if (hasError(a, b)) return errorExpr(loc);
  const ka = constTruth(a);
  if (ka !== null) {
    // The left operand decides: `0 && x` is 0 and `1 || x` is 1 without evaluating x.
    if (ka === (op === '||')) return intConst(ka ? 1n : 0n, INT, loc);
    const kb = constTruth(b);
    if (kb !== null) return intConst(kb ? 1n : 0n, INT, loc);
  }
  return { kind: 'logical', op, lhs: a, rhs: b, type: INT, loc };
}

function constTruth(e: Expr): boolean | null {
  if (e.kind === 'int') return e.value !== 0n;
  if (e.kind === 'float') return e.value !== 0;
  return null;
}

export type UnaryOp = '-' | '+' | '~' | '!';

export function unary(ctx: CheckContext, op: UnaryOp, operand: Expr, loc: SourceLocation): Expr {
  const e = op === '!' ? requireScalar(ctx, operand, 'operand of !') : rvalue(operand);
  if (e.kind === 'error') return e;
  if (op === '!') {
    const k = constTruth(e);
    if (k !== null) return intConst(k ? 0n : 1n, INT, loc);
    return { kind: 'not', operand: e, type: INT, loc };
  }
  const ok = op === '~' ? isInteger(e.type) : isArithmetic(e.type);
  if (!ok) {
    ctx.sink.error(loc, `wrong type argument to ${op === '~' ? 'bit-complement' : 'unary minus'}`, { code: 'type', hint: `the operand has type ${quoteType(e.type)}` });
    return errorExpr(loc);
  }
  const p = promoted(e);
  if (op === '+') return p === e ? { ...p, loc } : p;
  if (p.kind === 'int') {
    const t = asIntType(p.type as IntType);
    if (op === '~') return intConst(convertConstant(~p.value, t) as bigint, t, loc);
    const r = foldIntArith('-', 0n, p.value, t)!;
    if (r.overflow) ctx.sink.warning(loc, `integer overflow in expression of type ${quoteType(t)} results in '${r.value}'`, { code: 'overflow' });
    return intConst(r.value, t, loc);
  }
  if (p.kind === 'float' && op === '-') return { kind: 'float', value: -p.value, type: p.type, loc };
  return { kind: op === '-' ? 'neg' : 'bitnot', operand: p, type: p.type, loc };
}

/** `*p`. */
export function deref(ctx: CheckContext, operand: Expr, loc: SourceLocation): Expr {
  const p = rvalue(operand);
  if (p.kind === 'error') return p;
  if (p.type.kind !== 'pointer') {
    ctx.sink.error(loc, `invalid type argument of unary '*' (have ${quoteType(p.type)})`, { code: 'type' });
    return errorExpr(loc);
  }
  if (p.type.to.kind === 'void') {
    ctx.sink.error(loc, `dereferencing ${quoteType(p.type)} pointer`, { code: 'type', hint: 'cast the pointer to a pointer to the type of the object first' });
    return errorExpr(loc);
  }
  return { kind: 'deref', pointer: p, type: p.type.to, loc };
}

/** `&e`. */
export function addressOf(ctx: CheckContext, operand: Expr, loc: SourceLocation): Expr {
  const e = operand;
  if (e.kind === 'error') return e;
  if (e.type.kind === 'function') return rvalue(e);
  // &*p is p, and &a[i] is a + i, without an access (C11 6.5.3.2p3).
  if (e.kind === 'deref') return e.pointer.type.kind === 'pointer' ? { ...e.pointer, type: pointerTo(e.type), loc } : e.pointer;
  if (!isLvalue(e)) {
    ctx.sink.error(loc, "lvalue required as unary '&' operand", { code: 'lvalue' });
    return errorExpr(loc);
  }
  if (e.kind === 'var' && e.variable.register) {
    ctx.sink.error(loc, `address of register variable '${e.variable.name}' requested`, { code: 'register', hint: "drop 'register': memscope keeps every variable in memory anyway" });
    return errorExpr(loc);
  }
  noteEscaped(e);
  return { kind: 'addr', operand: e, type: pointerTo(e.type), loc };
}

/** `c ? a : b` (C11 6.5.15). */
export function conditional(ctx: CheckContext, cond: Expr, then: Expr, otherwise: Expr, loc: SourceLocation): Expr {
  const c = requireScalar(ctx, cond, 'condition');
  let a = rvalue(then);
  let b = rvalue(otherwise);
  if (hasError(c, a, b)) return errorExpr(loc);
  let type: Type;
  if (isArithmetic(a.type) && isArithmetic(b.type)) {
    type = usualArithmetic(a.type, b.type);
  } else if (isRecord(a.type) && isRecord(b.type) && a.type.def === b.type.def) {
    type = unqualified(a.type);
  } else if (a.type.kind === 'void' && b.type.kind === 'void') {
    type = VOID;
  } else if (a.type.kind === 'pointer' && isNullPointerConstant(b)) {
    type = a.type;
  } else if (b.type.kind === 'pointer' && isNullPointerConstant(a)) {
    type = b.type;
  } else if (a.type.kind === 'pointer' && b.type.kind === 'pointer') {
    const ta = a.type.to;
    const tb = b.type.to;
    const q = { isConst: ta.isConst || tb.isConst, isVolatile: ta.isVolatile || tb.isVolatile };
    if (ta.kind === 'void' || tb.kind === 'void') type = pointerTo(withQualifiers(VOID, q));
    else if (compatibleUnqualified(unqualified(ta), unqualified(tb))) type = pointerTo(withQualifiers(unqualified(ta), q));
    else {
      ctx.sink.error(loc, 'pointer type mismatch in conditional expression', { code: 'type', hint: `the branches have types ${quoteType(a.type)} and ${quoteType(b.type)}` });
      return errorExpr(loc);
    }
  } else {
    ctx.sink.error(loc, 'type mismatch in conditional expression', { code: 'type', hint: `the branches have types ${quoteType(a.type)} and ${quoteType(b.type)}` });
    return errorExpr(loc);
  }
  a = convert(a, type);
  b = convert(b, type);
  const k = constTruth(c);
  if (k !== null) {
    const chosen = k ? a : b;
    if (chosen.kind === 'int' || chosen.kind === 'float') return { ...chosen, loc };
  }
  return { kind: 'cond', cond: c, then: a, else: b, type, loc };
}

export function comma(lhs: Expr, rhs: Expr, loc: SourceLocation): Expr {
  if (hasError(lhs, rhs)) return errorExpr(loc);
  const r = rvalue(rhs);
  return { kind: 'comma', lhs, rhs: r, type: r.type, loc };
}

/** An explicit cast `(T)e`. */
export function explicitCast(ctx: CheckContext, to: Type, operand: Expr, loc: SourceLocation): Expr {
  const e = rvalue(operand);
  if (e.kind === 'error') return e;
  const target = unqualified(to);
  if (target.kind === 'void') return { kind: 'cast', operand: e, type: VOID, loc };
  if (target.kind === 'array' || target.kind === 'function') {
    ctx.sink.error(loc, `cast specifies ${target.kind} type`, { code: 'type' });
    return errorExpr(loc);
  }
  if (!isScalar(target)) {
    ctx.sink.error(loc, 'conversion to non-scalar type requested', { code: 'type', hint: 'Mini C casts only to numbers and pointers' });
    return errorExpr(loc);
  }
  if (e.type.kind === 'void') {
    ctx.sink.error(loc, 'void value not ignored as it ought to be', { code: 'type' });
    return errorExpr(loc);
  }
  if (!isScalar(e.type)) {
    ctx.sink.error(loc, `aggregate value used where ${target.kind === 'float' ? 'a floating-point' : target.kind === 'pointer' ? 'a pointer' : 'an integer'} was expected`, { code: 'type' });
    return errorExpr(loc);
  }
  if ((target.kind === 'float' && e.type.kind === 'pointer') || (target.kind === 'pointer' && e.type.kind === 'float')) {
    ctx.sink.error(loc, target.kind === 'pointer' ? 'cannot convert to a pointer type' : 'pointer value used where a floating-point was expected', { code: 'type' });
    return errorExpr(loc);
  }
  const c = convert(e, target);
  if (c === e) return { kind: 'cast', operand: e, type: target, loc };
  return { ...c, loc };
}

/** `base.name` (arrow: `base->name`). */
export function member(ctx: CheckContext, baseExpr: Expr, name: string, arrow: boolean, loc: SourceLocation): Expr {
  let base = baseExpr;
  if (base.kind === 'error') return base;
  if (arrow) {
    const p = rvalue(base);
    if (p.type.kind !== 'pointer' || !isRecord(p.type.to)) {
      ctx.sink.error(loc, `invalid type argument of '->' (have ${quoteType(p.type)})`, { code: 'type', hint: isRecord(p.type) ? "use '.' to reach a member of a struct value" : undefined });
      return errorExpr(loc);
    }
    base = { kind: 'deref', pointer: p, type: p.type.to, loc: p.loc };
  }
  const t = base.type;
  if (!isRecord(t)) {
    ctx.sink.error(loc, `request for member '${name}' in something not a structure or union`, { code: 'type', hint: t.kind === 'pointer' && isRecord(t.to) ? "use '->' to reach a member through a pointer" : undefined });
    return errorExpr(loc);
  }
  if (t.def.members === null) {
    ctx.sink.error(loc, `invalid use of undefined type ${quoteType(t)}`, { code: 'incomplete', hint: `'${t.kind} ${t.def.tag ?? ''}' is declared but its members are never defined` });
    return errorExpr(loc);
  }
  const m = findMember(t.def, name);
  if (!m) {
    ctx.sink.error(loc, `${quoteType(unqualified(t))} has no member named '${name}'`, { code: 'member' });
    return errorExpr(loc);
  }
  const type = withQualifiers(m.type, { isConst: t.isConst, isVolatile: t.isVolatile });
  return { kind: 'member', base, member: m, type, loc };
}

/** `a[i]`, which is `*(a + i)`. */
export function subscript(ctx: CheckContext, array: Expr, index: Expr, loc: SourceLocation): Expr {
  const a = rvalue(array);
  const i = rvalue(index);
  if (hasError(a, i)) return errorExpr(loc);
  let p: Expr;
  if (a.type.kind === 'pointer' && isInteger(i.type)) p = pointerAdd(ctx, a, i, false, loc);
  else if (i.type.kind === 'pointer' && isInteger(a.type)) p = pointerAdd(ctx, i, a, false, loc);
  else if (a.type.kind === 'pointer' || i.type.kind === 'pointer') {
    ctx.sink.error(index.loc, 'array subscript is not an integer', { code: 'type' });
    return errorExpr(loc);
  } else {
    ctx.sink.error(loc, 'subscripted value is neither array nor pointer', { code: 'type' });
    return errorExpr(loc);
  }
  if (p.kind === 'error') return p;
  return { kind: 'deref', pointer: p, type: (p.type as { to: Type }).to, loc };
}

/** `callee(args)`. */
export function call(ctx: CheckContext, callee: Expr, args: Expr[], loc: SourceLocation): Expr {
  if (callee.kind === 'error' || args.some((a) => a.kind === 'error')) return errorExpr(loc);
  const f = rvalue(callee);
  const name = callee.kind === 'func' ? callee.fn.name : callee.kind === 'var' ? callee.variable.name : null;
  if (f.type.kind !== 'pointer' || f.type.to.kind !== 'function') {
    ctx.sink.error(callee.loc, name ? `called object '${name}' is not a function or function pointer` : 'called object is not a function or function pointer', { code: 'type' });
    return errorExpr(loc);
  }
  const fnType: FunctionType = f.type.to;
  const shown = name ?? exprText(callee);
  if (fnType.prototyped) {
    if (args.length < fnType.params.length) {
      ctx.sink.error(callee.loc, `too few arguments to function '${shown}'`, { code: 'arguments', hint: `it takes ${fnType.params.length}: ${typeName(fnType)}` });
      return errorExpr(loc);
    }
    if (args.length > fnType.params.length && !fnType.variadic) {
      ctx.sink.error(callee.loc, `too many arguments to function '${shown}'`, { code: 'arguments', hint: `it takes ${fnType.params.length}: ${typeName(fnType)}` });
      return errorExpr(loc);
    }
  }
  const converted: Expr[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = rvalue(args[i]!);
    const param = fnType.prototyped ? fnType.params[i] : undefined;
    if (param) converted.push(assignConvert(ctx, a, param, { kind: 'argument', index: i, callee: shown }));
    else converted.push(defaultPromotion(ctx, a));
  }
  if (converted.some((a) => a.kind === 'error')) return errorExpr(loc);
  const returns = unqualified(fnType.returns);
  if (returns.kind !== 'void' && !isComplete(returns)) {
    ctx.sink.error(loc, `calling a function that returns the incomplete type ${quoteType(returns)}`, { code: 'type' });
    return errorExpr(loc);
  }
  let resultSlot: Variable | undefined;
  if (isRecord(returns)) resultSlot = ctx.temporary(returns, loc) ?? undefined;
  return { kind: 'call', callee: f, args: converted, fnType, resultSlot, type: returns, loc };
}

/** The default argument promotions for `...` and unprototyped calls (C11 6.5.2.2p6). */
function defaultPromotion(ctx: CheckContext, e: Expr): Expr {
  if (e.type.kind === 'void') {
    ctx.sink.error(e.loc, 'invalid use of void expression', { code: 'type' });
    return errorExpr(e.loc);
  }
  if (e.type.kind === 'float') return convert(e, DOUBLE as FloatType);
  if (isInteger(e.type)) return promoted(e);
  return e;
}

/** A reference to a function by name. */
export function functionRef(fn: FunctionSymbol, loc: SourceLocation): ExprOf<'func'> {
  fn.used = true;
  return { kind: 'func', fn, type: fn.type, loc };
}

/** A reference to an object by name; the type is the variable's (an lvalue). */
export function variableRef(v: Variable, loc: SourceLocation, evaluated = true): ExprOf<'var'> {
  v.used = true;
  if (evaluated) v.flow?.reads.push(loc);
  else if (v.flow) v.flow.measured = true;
  return { kind: 'var', variable: v, type: v.type, loc };
}

/** The type of a string literal: char[n] (not const in C, but it lives in read-only memory). */
export function stringType(length: number): Type {
  return arrayOf({ kind: 'int', rank: 'char', signed: true, plainChar: true }, length);
}

/** The source-like text of an lvalue for messages ("*p", "a[2]", "s.x"). */
export function exprText(e: Expr): string {
  switch (e.kind) {
    case 'var': return e.variable.name;
    case 'func': return e.fn.name;
    case 'int': return String(e.value);
    case 'member': return e.base.kind === 'deref' ? `${exprText(e.base.pointer)}->${e.member.name ?? ''}` : `${exprText(e.base)}.${e.member.name ?? ''}`;
    case 'deref':
      if (e.pointer.kind === 'ptr-add' && !e.pointer.negate) return `${exprText(e.pointer.pointer)}[${exprText(e.pointer.index)}]`;
      return `*${exprText(e.pointer)}`;
    case 'decay':
    case 'cast': return exprText(e.kind === 'decay' ? e.operand : e.operand);
    case 'addr': return `&${exprText(e.operand)}`;
    case 'string': return '"…"';
    default: return '(expression)';
  }
}
