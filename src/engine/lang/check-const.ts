// Constant folding and constant evaluation.
//
// How it works. The expression builders (check-expr.ts) call the `fold…` functions when every operand is
// a constant, so `3 * 4 + 1`, `sizeof(int) * 2`, `(char)300` or an enum constant become a single `int`
// (or `float`) node carrying its value: integer constant expressions (array sizes, case labels, enum
// values) are then just "is it an `int` node". Folding follows exactly what the CPU would compute (x86-64
// wraparound, truncating conversions, `Math.fround` for float), so a folded program prints what the
// unfolded one would. `evalStatic` evaluates the initializer of a static object: a number, or an address
// constant (a global, a function, a string literal, plus a byte offset) that the linker relocates.

import type { ArithOp, CompareOp, Expr, FunctionSymbol, StringLiteral, Variable } from './ast';
import { INT_SIZE, asIntType, intRange, isInteger, sizeOf, wrapInt, type IntType, type Type } from './types';

/** The value of an integer constant expression, or null if `e` is not one. */
export function constInt(e: Expr): bigint | null {
  return e.kind === 'int' ? e.value : null;
}

/** A constant converted to another arithmetic type, as the conversion instructions would do it. */
export function convertConstant(value: bigint | number, to: Type): bigint | number | null {
  if (to.kind === 'float') {
    const d = typeof value === 'bigint' ? Number(value) : value;
    return to.size === 4 ? Math.fround(d) : d;
  }
  if (to.kind === 'pointer') return typeof value === 'bigint' ? BigInt.asUintN(64, value) : null;
  if (!isInteger(to)) return null;
  const t = asIntType(to);
  if (typeof value === 'bigint') return wrapInt(value, t);
  return truncateDouble(value, t);
}

/**
 * double → integer at compile time, as gcc folds it: truncation toward zero, and a value out of the
 * type's range saturates to its nearest end (gcc's constant folder does this, while the CPU's cvttsd2si
 * would give the "integer indefinite" 0x80…0). A NaN is not folded by gcc, so it gets what the CPU gives.
 */
function truncateDouble(d: number, t: IntType): bigint {
  if (t.rank === 'bool') return d !== 0 ? 1n : 0n;
  if (Number.isNaN(d)) return wrapInt(INT_SIZE[t.rank] === 8 || !t.signed ? -(2n ** 63n) : -(2n ** 31n), t);
  const { min, max } = intRange(t);
  const whole = Math.trunc(d);
  if (whole <= Number(min)) return min;
  if (whole >= Number(max)) return max;
  return BigInt(whole);
}

/**
 * Folds integer arithmetic in `type`; null when it must not be folded (division by zero is left for the
 * CPU, which raises SIGFPE as a real machine would). `overflow` is set when a signed result wrapped.
 */
export function foldIntArith(op: ArithOp, a: bigint, b: bigint, type: IntType): { value: bigint; overflow: boolean } | null {
  const bits = BigInt(INT_SIZE[type.rank] * 8);
  let exact: bigint;
  switch (op) {
    case '+': exact = a + b; break;
    case '-': exact = a - b; break;
    case '*': exact = a * b; break;
    case '/':
      if (b === 0n) return null;
      exact = a / b;
      break;
    case '%':
      if (b === 0n) return null;
      exact = a % b;
      break;
    case '&': exact = a & b; break;
    case '|': exact = a | b; break;
    case '^': exact = a ^ b; break;
    case '<<': {
      const n = b & (bits - 1n);
      return { value: wrapInt(a << n, type), overflow: false };
    }
    case '>>': {
      const n = b & (bits - 1n);
      return { value: wrapInt(a >> n, type), overflow: false };
    }
    default: {
      const never: never = op;
      return never;
    }
  }
  const value = wrapInt(exact, type);
  return { value, overflow: type.signed && value !== exact };
}

export function foldFloatArith(op: ArithOp, a: number, b: number, size: 4 | 8): number | null {
  let r: number;
  switch (op) {
    case '+': r = a + b; break;
    case '-': r = a - b; break;
    case '*': r = a * b; break;
    case '/': r = a / b; break;
    default: return null;
  }
  return size === 4 ? Math.fround(r) : r;
}

export function foldCompare(op: CompareOp, a: bigint | number, b: bigint | number): boolean {
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** What a static object's initializer element evaluates to. */
export type StaticValue =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'address'; readonly target: StaticTarget; readonly offset: number };

/** Something with a fixed address in the program image. */
export type StaticTarget =
  | { readonly kind: 'var'; readonly variable: Variable }
  | { readonly kind: 'func'; readonly fn: FunctionSymbol }
  | { readonly kind: 'string'; readonly literal: StringLiteral };

/** Evaluates an initializer element of a static object; null if it is not a load-time constant. */
export function evalStatic(e: Expr): StaticValue | null {
  switch (e.kind) {
    case 'int': return { kind: 'int', value: e.value };
    case 'float': return { kind: 'float', value: e.value };
    case 'cast': {
      const v = evalStatic(e.operand);
      if (!v) return null;
      if (v.kind === 'address') {
        // An address survives conversions to pointers and to 64-bit integers only.
        const keeps = e.type.kind === 'pointer' || (isInteger(e.type) && sizeOf(e.type) === 8);
        return keeps ? v : null;
      }
      const c = convertConstant(v.value, e.type);
      if (c === null) return null;
      return typeof c === 'bigint' ? { kind: 'int', value: c } : { kind: 'float', value: c };
    }
    case 'ptr-add': {
      const base = evalStatic(e.pointer);
      const index = evalStatic(e.index);
      if (!base || !index || index.kind !== 'int') return null;
      const delta = Number(index.value) * e.scale * (e.negate ? -1 : 1);
      if (base.kind === 'address') return { ...base, offset: base.offset + delta };
      if (base.kind === 'int') return { kind: 'int', value: BigInt.asUintN(64, base.value + BigInt(delta)) };
      return null;
    }
    case 'decay':
    case 'addr': return staticAddress(e.operand);
    case 'func': return { kind: 'address', target: { kind: 'func', fn: e.fn }, offset: 0 };
    default: return null;
  }
}

/** The address of a static lvalue (`g`, `g.f`, `arr[3]`, `*&g`, "str"), or null. */
function staticAddress(e: Expr): StaticValue | null {
  switch (e.kind) {
    case 'var': {
      const v = e.variable;
      if (v.storage !== 'global' && v.storage !== 'static-local') return null;
      return { kind: 'address', target: { kind: 'var', variable: v }, offset: 0 };
    }
    case 'compound-literal':
      if (e.variable.storage !== 'global') return null;
      return { kind: 'address', target: { kind: 'var', variable: e.variable }, offset: 0 };
    case 'string': return { kind: 'address', target: { kind: 'string', literal: e.literal }, offset: 0 };
    case 'func': return { kind: 'address', target: { kind: 'func', fn: e.fn }, offset: 0 };
    case 'member': {
      const base = staticAddress(e.base);
      return base && base.kind === 'address' ? { ...base, offset: base.offset + e.member.offset } : null;
    }
    case 'deref': return evalStatic(e.pointer);
    default: return null;
  }
}
