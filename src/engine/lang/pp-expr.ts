// `#if` expressions (C11 6.10.1): integer constant expressions over the macro-expanded directive line,
// computed in intmax_t / uintmax_t (64 bits) with C's conversions: an unsigned operand makes a binary
// operation unsigned, comparisons and `!` give a signed 0 or 1, shifts keep the left operand's type.
//
// The line is turned into reverse Polish notation by the shunting-yard algorithm and then evaluated on a
// value stack, so parentheses thousands deep need no recursion. Both sides of `&&`, `||` and `?:` are
// computed (they are pure integers), but a division by zero only poisons its value: the poison spreads
// through the operators that use it and is dropped by the ones that do not evaluate that operand, so
// `#if 0 && 1/0` is fine while `#if 1/0` is "division by zero in #if", as in gcc.

import type { DiagnosticSink, SourceLocation } from '../diagnostics';
import { isFloatingSpelling, parseCharLiteral, parseIntegerLiteral } from './literals';
import type { Token } from './token';

interface Value {
  readonly v: bigint;
  readonly unsigned: boolean;
  /** Set when computing this value divided by zero in an evaluated operand. */
  readonly poison?: SourceLocation;
}

type Item =
  | { readonly kind: 'value'; readonly value: Value }
  | { readonly kind: 'unary'; readonly op: string; readonly token: Token }
  | { readonly kind: 'binary'; readonly op: string; readonly token: Token }
  | { readonly kind: 'ternary'; readonly token: Token };

type StackEntry =
  | { readonly kind: 'paren'; readonly token: Token }
  | { readonly kind: 'unary'; readonly op: string; readonly token: Token }
  | { readonly kind: 'binary'; readonly op: string; readonly token: Token; readonly prec: number }
  | { readonly kind: 'question'; readonly token: Token }
  | { readonly kind: 'colon'; readonly token: Token };

const BINARY: Record<string, number> = {
  '*': 10, '/': 10, '%': 10, '+': 9, '-': 9, '<<': 8, '>>': 8, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '==': 6, '!=': 6, '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1, ',': -1,
};
const UNARY = new Set(['+', '-', '~', '!']);
const TERNARY_PREC = 0;

const signed = (v: bigint): bigint => BigInt.asIntN(64, v);
const unsigned = (v: bigint): bigint => BigInt.asUintN(64, v);

class ExprError {
  constructor(readonly location: SourceLocation, readonly message: string, readonly length = 1) {}
}

const at = (t: Token): SourceLocation => t.expandedFrom ?? t.location;

/**
 * Evaluates the macro-expanded tokens of `#if`/`#elif` (`directive` is the directive's name token).
 * Reports errors to the sink; an erroneous expression counts as false.
 */
export function evaluateCondition(tokens: readonly Token[], directive: Token, sink: DiagnosticSink): boolean {
  try {
    const rpn = toPostfix(tokens, directive, sink);
    const result = evaluate(rpn);
    if (result.poison !== undefined) throw new ExprError(result.poison, 'division by zero in #if');
    return result.v !== 0n;
  } catch (e) {
    if (!(e instanceof ExprError)) throw e;
    sink.error(e.location, e.message, { length: e.length, code: 'pp-if' });
    return false;
  }
}

function operand(t: Token, sink: DiagnosticSink): Value {
  switch (t.kind) {
    case 'number': {
      if (isFloatingSpelling(t.text)) throw new ExprError(at(t), 'floating constant in preprocessor expression', t.text.length);
      const n = parseIntegerLiteral(t.text, at(t), sink);
      if (n === null) return { v: 0n, unsigned: false };
      return { v: n.value, unsigned: n.type.startsWith('unsigned') };
    }
    case 'char': {
      const c = parseCharLiteral(t.text, at(t), sink);
      return { v: BigInt(c?.value ?? 0), unsigned: false };
    }
    case 'ident':
      return { v: 0n, unsigned: false }; // identifiers left after expansion are 0 (C11 6.10.1p4)
    default:
      throw new ExprError(at(t), `token "${t.text}" is not valid in preprocessor expressions`, Math.max(1, t.text.length));
  }
}

/** Shunting-yard: tokens → reverse Polish notation, with C's precedences and `?:` right-associative. */
function toPostfix(tokens: readonly Token[], directive: Token, sink: DiagnosticSink): Item[] {
  const out: Item[] = [];
  const stack: StackEntry[] = [];
  let expectOperand = true;
  let last: Token = directive;
  const popOne = (): void => {
    const e = stack.pop() as StackEntry;
    switch (e.kind) {
      case 'unary': out.push({ kind: 'unary', op: e.op, token: e.token }); break;
      case 'binary': out.push({ kind: 'binary', op: e.op, token: e.token }); break;
      case 'colon': out.push({ kind: 'ternary', token: e.token }); break;
      case 'question': throw new ExprError(at(e.token), "'?' without following ':'");
      case 'paren': throw new ExprError(at(e.token), "missing ')' in expression");
      default: {
        const never: never = e;
        return never;
      }
    }
  };
  const precOf = (e: StackEntry): number => (e.kind === 'unary' ? 11 : e.kind === 'binary' ? e.prec : e.kind === 'paren' ? -2 : TERNARY_PREC);

  for (const t of tokens) {
    const p = t.kind === 'punct' ? t.text : '';
    if (expectOperand) {
      if (p === '(') stack.push({ kind: 'paren', token: t });
      else if (UNARY.has(p)) stack.push({ kind: 'unary', op: p, token: t });
      else if (t.kind === 'punct' && (p in BINARY || p === '?' || p === ':' || p === ')')) {
        if (p === ')' && last.kind === 'punct' && last.text === '(') throw new ExprError(at(t), "missing expression between '(' and ')'");
        if (p === ')') throw new ExprError(at(t), `operator '${last.text}' has no right operand`);
        throw new ExprError(at(t), `operator '${p}' has no left operand`, p.length);
      } else {
        out.push({ kind: 'value', value: operand(t, sink) });
        expectOperand = false;
      }
    } else if (p === ')') {
      while (stack.length > 0 && stack[stack.length - 1].kind !== 'paren') popOne();
      if (stack.length === 0) throw new ExprError(at(t), "missing '(' in expression");
      stack.pop();
    } else if (t.kind === 'punct' && p in BINARY) {
      const prec = BINARY[p];
      while (stack.length > 0 && precOf(stack[stack.length - 1]) >= prec) popOne();
      stack.push({ kind: 'binary', op: p, token: t, prec });
      expectOperand = true;
    } else if (p === '?') {
      while (stack.length > 0 && precOf(stack[stack.length - 1]) > TERNARY_PREC) popOne();
      stack.push({ kind: 'question', token: t });
      expectOperand = true;
    } else if (p === ':') {
      while (stack.length > 0 && precOf(stack[stack.length - 1]) > TERNARY_PREC) popOne();
      const top = stack[stack.length - 1];
      if (top === undefined || top.kind !== 'question') throw new ExprError(at(t), "':' without preceding '?'");
      stack[stack.length - 1] = { kind: 'colon', token: t };
      expectOperand = true;
    } else if (t.kind === 'punct' && !UNARY.has(p) && p !== '(') {
      throw new ExprError(at(t), `token "${t.text}" is not valid in preprocessor expressions`, t.text.length);
    } else {
      throw new ExprError(at(t), `missing binary operator before token "${t.text}"`, Math.max(1, t.text.length));
    }
    last = t;
  }
  if (expectOperand) {
    if (tokens.length === 0) {
      throw new ExprError({ ...directive.location, column: directive.location.column + directive.text.length }, `#${directive.text} with no expression`);
    }
    const end = at(last);
    throw new ExprError({ ...end, column: end.column + last.text.length }, `operator '${last.text}' has no right operand`);
  }
  while (stack.length > 0) popOne();
  return out;
}

function evaluate(rpn: readonly Item[]): Value {
  const values: Value[] = [];
  for (const item of rpn) {
    switch (item.kind) {
      case 'value':
        values.push(item.value);
        break;
      case 'unary': {
        const a = values.pop() as Value;
        const wrap = a.unsigned ? unsigned : signed;
        let v: bigint;
        if (item.op === '-') v = wrap(-a.v);
        else if (item.op === '~') v = wrap(~a.v);
        else if (item.op === '!') v = a.v === 0n ? 1n : 0n;
        else v = a.v;
        values.push({ v, unsigned: item.op === '!' ? false : a.unsigned, poison: a.poison });
        break;
      }
      case 'binary': {
        const b = values.pop() as Value;
        const a = values.pop() as Value;
        values.push(binary(item.op, a, b, item.token));
        break;
      }
      case 'ternary': {
        const no = values.pop() as Value;
        const yes = values.pop() as Value;
        const cond = values.pop() as Value;
        const chosen = cond.v !== 0n ? yes : no;
        const isUnsigned = yes.unsigned || no.unsigned;
        values.push({ v: isUnsigned ? unsigned(chosen.v) : chosen.v, unsigned: isUnsigned, poison: cond.poison ?? chosen.poison });
        break;
      }
      default: {
        const never: never = item;
        return never;
      }
    }
  }
  return values[0];
}

function binary(op: string, a: Value, b: Value, token: Token): Value {
  const poison = a.poison ?? b.poison;
  if (op === '&&') return { v: a.v !== 0n && b.v !== 0n ? 1n : 0n, unsigned: false, poison: a.poison ?? (a.v !== 0n ? b.poison : undefined) };
  if (op === '||') return { v: a.v !== 0n || b.v !== 0n ? 1n : 0n, unsigned: false, poison: a.poison ?? (a.v === 0n ? b.poison : undefined) };
  if (op === ',') return { v: b.v, unsigned: b.unsigned, poison };
  if (op === '<<' || op === '>>') return shift(op, a, b, poison);
  const isUnsigned = a.unsigned || b.unsigned;
  const wrap = isUnsigned ? unsigned : signed;
  const x = wrap(a.v);
  const y = wrap(b.v);
  const truth = (c: boolean): Value => ({ v: c ? 1n : 0n, unsigned: false, poison });
  switch (op) {
    case '*': return { v: wrap(x * y), unsigned: isUnsigned, poison };
    case '/':
    case '%':
      if (y === 0n) return { v: 0n, unsigned: isUnsigned, poison: poison ?? at(token) };
      return { v: wrap(op === '/' ? x / y : x % y), unsigned: isUnsigned, poison };
    case '+': return { v: wrap(x + y), unsigned: isUnsigned, poison };
    case '-': return { v: wrap(x - y), unsigned: isUnsigned, poison };
    case '&': return { v: wrap(x & y), unsigned: isUnsigned, poison };
    case '^': return { v: wrap(x ^ y), unsigned: isUnsigned, poison };
    case '|': return { v: wrap(x | y), unsigned: isUnsigned, poison };
    case '<': return truth(x < y);
    case '>': return truth(x > y);
    case '<=': return truth(x <= y);
    case '>=': return truth(x >= y);
    case '==': return truth(x === y);
    case '!=': return truth(x !== y);
    default: return { v: 0n, unsigned: false, poison };
  }
}

/** Shifts keep the left operand's type; a negative count shifts the other way and ≥ 64 shifts everything out. */
function shift(op: '<<' | '>>', a: Value, b: Value, poison: SourceLocation | undefined): Value {
  let count = b.unsigned ? unsigned(b.v) : signed(b.v);
  let left = op === '<<';
  if (count < 0n) {
    count = -count;
    left = !left;
  }
  const wrap = a.unsigned ? unsigned : signed;
  const x = wrap(a.v);
  let v: bigint;
  if (count >= 64n) v = left || x >= 0n ? 0n : -1n;
  else v = left ? wrap(x << count) : x >> count;
  return { v, unsigned: a.unsigned, poison };
}
