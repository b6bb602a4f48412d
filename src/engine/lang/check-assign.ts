// The typing rules of assignment: what may be assigned (modifiable lvalues, const enforced), the
// conversions "as if by assignment" used by `=`, initialization, argument passing and `return` (C11
// 6.5.16.1) with gcc's wording for each site, compound assignment and ++/--.
//
// How it works. Like check-expr.ts, each builder checks its operands, wraps the value in the conversion
// to the target's type, and returns a typed node, or reports and returns an `error` node. It also keeps
// the flow facts of locals (ast.ts VariableFlow): a plain assignment turns the target's reference from
// a read into a write, and taking an address makes the variable escape, which the used-uninitialized
// warning needs.

import type { SourceLocation } from '../diagnostics';
import type { ArithOp, Expr, Variable } from './ast';
import {
  convert, errorExpr, exprText, hasError, invalidOperands, isLvalue, isNullPointerConstant, promoted, rvalue, voidUse,
  type CheckContext,
} from './check-expr';
import {
  INT, LONG, compatibleUnqualified, isArithmetic, isComplete, isInteger, isReadOnly, isRecord, isScalar, promote, quoteType,
  sizeOf, unqualified, usualArithmetic, type Type,
} from './types';

/** Where a value is converted "as if by assignment", for gcc's wording of the messages. */
export type ConversionSite =
  | { readonly kind: 'assignment' }
  | { readonly kind: 'initialization' }
  | { readonly kind: 'return' }
  | { readonly kind: 'argument'; readonly index: number; readonly callee: string };

/** The variable an lvalue like `v`, `v.m` or `v.arr[i]` is part of. */
function baseVariable(e: Expr): Variable | null {
  if (e.kind === 'var') return e.variable;
  if (e.kind === 'member') return baseVariable(e.base);
  if (e.kind === 'deref' && e.pointer.kind === 'ptr-add' && e.pointer.pointer.kind === 'decay') return baseVariable(e.pointer.pointer.operand);
  if (e.kind === 'deref' && e.pointer.kind === 'decay') return baseVariable(e.pointer.operand);
  return null;
}

/** Taking the address of (part of) a local: from then on anything may write it. */
export function noteEscaped(e: Expr): void {
  const base = baseVariable(e);
  if (base?.flow) base.flow.escaped = true;
}

/** A plain assignment to (part of) a local: the reference was a write, not a read. */
export function noteAssigned(target: Expr): void {
  const v = baseVariable(target);
  if (!v?.flow) return;
  v.flow.assigned = true;
  if (target.kind === 'var') {
    const i = v.flow.reads.lastIndexOf(target.loc);
    if (i >= 0) v.flow.reads.splice(i, 1);
  }
}

/** Reports why `target` cannot be assigned, or returns true if it can. */
function checkModifiable(ctx: CheckContext, target: Expr, action: 'assignment' | 'increment' | 'decrement', loc: SourceLocation): boolean {
  if (target.kind === 'error') return false;
  if (!isLvalue(target)) {
    const what = action === 'assignment' ? 'left operand of assignment' : `${action} operand`;
    ctx.sink.error(loc, `lvalue required as ${what}`, { code: 'lvalue' });
    return false;
  }
  if (target.type.kind === 'array') {
    ctx.sink.error(loc, 'assignment to expression with array type', { code: 'lvalue', hint: 'copy the elements one by one, or with memcpy' });
    return false;
  }
  if (isReadOnly(target.type)) {
    const of = action === 'assignment' ? 'assignment of' : `${action} of`;
    if (target.kind === 'var') ctx.sink.error(loc, `${of} read-only variable '${target.variable.name}'`, { code: 'const' });
    else if (target.kind === 'member' && target.member.type.isConst) ctx.sink.error(loc, `${of} read-only member '${target.member.name}'`, { code: 'const' });
    else ctx.sink.error(loc, `${of} read-only location '${exprText(target)}'`, { code: 'const' });
    return false;
  }
  if (!isComplete(target.type)) {
    ctx.sink.error(loc, `invalid use of incomplete type ${quoteType(target.type)}`, { code: 'type' });
    return false;
  }
  return true;
}

/**
 * Converts `value` for storing into an object of type `to` (assignment, initialization, argument passing,
 * return: C11 6.5.16.1), reporting incompatible types in gcc's words for the site.
 */
export function assignConvert(ctx: CheckContext, value: Expr, to: Type, site: ConversionSite): Expr {
  const v = rvalue(value);
  if (v.kind === 'error') return v;
  const target = unqualified(to);
  const from = v.type;
  const loc = v.loc;
  if (from.kind === 'void') {
    ctx.sink.error(loc, 'void value not ignored as it ought to be', { code: 'type' });
    return errorExpr(loc);
  }
  if (isArithmetic(target) && isArithmetic(from)) return convert(v, target);
  if (isRecord(target) && isRecord(from) && target.def === from.def) return v;
  if (target.kind === 'pointer') {
    if (isNullPointerConstant(v)) return convert(v, target);
    if (from.kind === 'pointer') {
      const tt = target.to;
      const ft = from.to;
      const voidSide = tt.kind === 'void' || ft.kind === 'void';
      if (!voidSide && !compatibleUnqualified(unqualified(tt), unqualified(ft))) {
        incompatiblePointer(ctx, v, target, site);
        return errorExpr(loc);
      }
      const lost = (ft.isConst && !tt.isConst) ? 'const' : (ft.isVolatile && !tt.isVolatile) ? 'volatile' : null;
      if (lost) ctx.sink.warning(loc, `${siteVerb(site)} discards '${lost}' qualifier from pointer target type`, { code: 'discarded-qualifiers' });
      return convert(v, target);
    }
    if (isInteger(from)) {
      ctx.sink.error(loc, `${siteMixing(site, target, from)} makes pointer from integer without a cast`, { code: 'int-conversion', hint: 'only the constant 0 converts to a pointer implicitly' });
      return errorExpr(loc);
    }
  }
  if (target.kind === 'int' && target.rank === 'bool' && from.kind === 'pointer') return convert(v, target);
  if (isInteger(target) && from.kind === 'pointer') {
    ctx.sink.error(loc, `${siteMixing(site, target, from)} makes integer from pointer without a cast`, { code: 'int-conversion' });
    return errorExpr(loc);
  }
  incompatibleTypes(ctx, loc, target, from, site);
  return errorExpr(loc);
}

function siteVerb(site: ConversionSite): string {
  switch (site.kind) {
    case 'assignment': return 'assignment';
    case 'initialization': return 'initialization';
    case 'return': return 'return';
    case 'argument': return `passing argument ${site.index + 1} of '${site.callee}'`;
    default: {
      const never: never = site;
      return never;
    }
  }
}

function siteMixing(site: ConversionSite, to: Type, from: Type): string {
  switch (site.kind) {
    case 'assignment': return `assignment to ${quoteType(to)} from ${quoteType(from)}`;
    case 'initialization': return `initialization of ${quoteType(to)} from ${quoteType(from)}`;
    case 'return': return `returning ${quoteType(from)} from a function with return type ${quoteType(to)}`;
    case 'argument': return `passing argument ${site.index + 1} of '${site.callee}'`;
    default: {
      const never: never = site;
      return never;
    }
  }
}

function incompatiblePointer(ctx: CheckContext, v: Expr, to: Type, site: ConversionSite): void {
  const from = v.type;
  const hint = `expected ${quoteType(to)} but the value has type ${quoteType(from)}`;
  switch (site.kind) {
    case 'assignment': ctx.sink.error(v.loc, `assignment to ${quoteType(to)} from incompatible pointer type ${quoteType(from)}`, { code: 'incompatible-pointer-types' }); break;
    case 'initialization': ctx.sink.error(v.loc, `initialization of ${quoteType(to)} from incompatible pointer type ${quoteType(from)}`, { code: 'incompatible-pointer-types' }); break;
    case 'return': ctx.sink.error(v.loc, `returning ${quoteType(from)} from a function with incompatible return type ${quoteType(to)}`, { code: 'incompatible-pointer-types' }); break;
    case 'argument': ctx.sink.error(v.loc, `passing argument ${site.index + 1} of '${site.callee}' from incompatible pointer type`, { code: 'incompatible-pointer-types', hint }); break;
    default: {
      const never: never = site;
      return never;
    }
  }
}

function incompatibleTypes(ctx: CheckContext, loc: SourceLocation, to: Type, from: Type, site: ConversionSite): void {
  switch (site.kind) {
    case 'assignment': ctx.sink.error(loc, `incompatible types when assigning to type ${quoteType(to)} from type ${quoteType(from)}`, { code: 'type' }); break;
    case 'initialization': ctx.sink.error(loc, `incompatible types when initializing type ${quoteType(to)} using type ${quoteType(from)}`, { code: 'type' }); break;
    case 'return': ctx.sink.error(loc, `incompatible types when returning type ${quoteType(from)} but ${quoteType(to)} was expected`, { code: 'type' }); break;
    case 'argument': ctx.sink.error(loc, `incompatible type for argument ${site.index + 1} of '${site.callee}'`, { code: 'type', hint: `expected ${quoteType(to)} but the argument has type ${quoteType(from)}` }); break;
    default: {
      const never: never = site;
      return never;
    }
  }
}

/** `target = value`. */
export function assign(ctx: CheckContext, target: Expr, value: Expr, loc: SourceLocation): Expr {
  if (hasError(target, value)) return errorExpr(loc);
  if (!checkModifiable(ctx, target, 'assignment', loc)) return errorExpr(loc);
  const v = assignConvert(ctx, value, target.type, { kind: 'assignment' });
  if (v.kind === 'error') return v;
  noteAssigned(target);
  return { kind: 'assign', target, value: v, type: unqualified(target.type), loc };
}

/** `target op= value`. */
export function opAssign(ctx: CheckContext, op: ArithOp, target: Expr, value: Expr, loc: SourceLocation): Expr {
  if (hasError(target, value)) return errorExpr(loc);
  if (!checkModifiable(ctx, target, 'assignment', loc)) return errorExpr(loc);
  const t = unqualified(target.type);
  const v = rvalue(value);
  if (voidUse(ctx, v)) return errorExpr(loc);
  if ((op === '+' || op === '-') && t.kind === 'pointer' && isInteger(v.type)) {
    if (!isComplete(t.to)) {
      ctx.sink.error(loc, `pointer of type ${quoteType(t)} used in arithmetic`, { code: 'type' });
      return errorExpr(loc);
    }
    return { kind: 'ptr-assign', negate: op === '-', target, index: convert(promoted(v), LONG), scale: sizeOf(t.to), type: t, loc };
  }
  const integerOnly = op === '%' || op === '&' || op === '|' || op === '^' || op === '<<' || op === '>>';
  const ok = integerOnly ? isInteger(t) && isInteger(v.type) : isArithmetic(t) && isArithmetic(v.type);
  if (!ok) return invalidOperands(ctx, `${op}=`, target, v, loc);
  if (op === '<<' || op === '>>') {
    const opType = promote(t);
    return { kind: 'op-assign', op, target, value: convert(promoted(v), sizeOf(opType) === 8 ? LONG : INT), opType, type: t, loc };
  }
  const opType = usualArithmetic(t, v.type);
  if ((op === '/' || op === '%') && v.kind === 'int' && v.value === 0n) ctx.sink.warning(loc, 'division by zero', { code: 'div-by-zero' });
  return { kind: 'op-assign', op, target, value: convert(v, opType), opType, type: t, loc };
}

/** `++x`, `x--` … */
export function incDec(ctx: CheckContext, target: Expr, increment: boolean, prefix: boolean, loc: SourceLocation): Expr {
  if (target.kind === 'error') return target;
  const t = unqualified(target.type);
  if (!isScalar(t)) {
    ctx.sink.error(loc, `wrong type argument to ${increment ? 'increment' : 'decrement'}`, { code: 'type' });
    return errorExpr(loc);
  }
  if (!checkModifiable(ctx, target, increment ? 'increment' : 'decrement', loc)) return errorExpr(loc);
  if (t.kind === 'pointer' && !isComplete(t.to)) {
    ctx.sink.error(loc, `pointer of type ${quoteType(t)} used in arithmetic`, { code: 'type' });
    return errorExpr(loc);
  }
  const opType = t.kind === 'pointer' || t.kind === 'float' ? t : promote(t);
  return { kind: 'incdec', increment, prefix, target, opType, type: t, loc };
}
