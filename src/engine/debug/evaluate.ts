// C expressions in the debugger: watches, hovers, the debug console and "set value", parsed by the
// compiler's own parser and evaluated over the simulated memory.
//
//   evaluate(machine, 'p->next->val', { frame })            → { ok: true, value } or { ok: false, message }
//   evaluate(machine, 'count += 2', { frame, sideEffects: true })   writes memory (the console only)
//   evaluate(machine, 'value', { frame, process })          in a process off the CPU (after fork)
//
// How it works. The text is tokenized and parsed as an `expression` with the compiler's parser, in a
// scope made from the debug information of the frame (scope.ts), so it is typed exactly as the compiler
// would type it in that function: every implicit conversion is an explicit node and `p + 1` already knows
// its element size. The typed tree is then interpreted: variables are places in memory; loads read the
// bytes (privileged reads, no memcheck report) and keep their definedness and, for pointers, the
// provenance tag memcheck holds for the slot; arithmetic follows C on x86-64 (wrap-around, truncating
// division, arithmetic right shift of signed values). Assignments and ++/-- write memory only when the
// caller allows side effects; calls are refused, since running program code from a hover would change
// the program's state behind the user's back. Any process can be read (a frame of a process off the
// CPU is read through that process's own page tables, quietly: no fault, no counter moves); only the
// process on the CPU is written, since the debugger's writes go through the machine's MMU.

import type { Machine } from '../machine/machine';
import type { FrameInfo } from '../machine/frames';
import type { Process } from '../machine/process';
import type { ArithOp, CompareOp, Expr } from '../lang/ast';
import { DiagnosticSink } from '../diagnostics';
import { tokenize } from '../lang/tokenize';
import { Parser } from '../lang/parse';
import { parseExpression } from '../lang/parse-expr';
import { INT, LONG, asIntType, isInteger, sizeOf, typeName, wrapInt, type IntType, type Type } from '../lang/types';
import { ProcessMemory, BYTE_DEFINED, BYTE_UNDEFINED } from '../snapshot/memory';
import { atAddress, bytesOf, encodeScalar, hexText, readScalar, type Place, type ValueContext } from '../snapshot/values';
import { expressionScope } from './scope';

export interface EvaluateOptions {
  /** The frame whose variables are in scope (none: globals only). */
  readonly frame?: FrameInfo;
  /** Allow assignments and ++/-- (the debug console); watches and hovers must not change the program. */
  readonly sideEffects?: boolean;
  /** The process whose memory the frame is in (default: the one on the CPU). */
  readonly process?: Process;
}

/** The value of an expression: its type and where its bytes are. */
export interface Evaluated {
  readonly type: Type;
  /** Memory for an lvalue (a variable, `*p`, `a[i]`), loose bytes for a computed value. */
  readonly place: Place;
  /** The address of an lvalue. */
  readonly address?: number;
  /** For pointers: the provenance tag memcheck keeps for the value (0 when unknown). */
  readonly tag: number;
  readonly defined: boolean;
}

/** The value, and whether evaluating it wrote memory (an assignment in the debug console). */
export type Evaluation = { readonly ok: true; readonly value: Evaluated; readonly wrote: boolean } | { readonly ok: false; readonly message: string };

/** Evaluation stops with a located reason; caught once at the top and returned as a value. */
class EvaluationError {
  constructor(readonly message: string) {}
}

type Scalar = bigint | number;

type Operand =
  | { readonly kind: 'lvalue'; readonly type: Type; readonly address: number }
  | { readonly kind: 'scalar'; readonly type: Type; readonly value: Scalar; readonly defined: boolean; readonly tag: number }
  | { readonly kind: 'bytes'; readonly type: Type; readonly bytes: Uint8Array; readonly state: Uint8Array }
  | { readonly kind: 'void' };

export function evaluate(machine: Machine, expression: string, options: EvaluateOptions = {}): Evaluation {
  const parsed = parse(machine, expression, options.frame);
  if (!parsed.ok) return parsed;
  if (!options.sideEffects) {
    const effect = sideEffect(parsed.expr);
    if (effect) return { ok: false, message: `${effect} would change the program; type it in the debug console to run it` };
  }
  const run = new Interpreter(machine, parsed.addresses, options.process ?? machine.current);
  try {
    const result = run.eval(parsed.expr);
    return { ok: true, value: run.evaluated(result), wrote: run.wrote };
  } catch (e) {
    if (e instanceof EvaluationError) return { ok: false, message: e.message };
    throw e;
  }
}

function parse(machine: Machine, expression: string, frame: FrameInfo | undefined): { ok: true; expr: Expr; addresses: ReadonlyMap<unknown, number> } | { ok: false; message: string } {
  if (expression.trim() === '') return { ok: false, message: 'empty expression' };
  const sink = new DiagnosticSink();
  const tokens = tokenize('<expression>', expression, sink);
  const { scope, addresses } = expressionScope(machine, frame);
  const parser = new Parser(tokens, sink, { file: '<expression>', origin: 'user' });
  parser.scope = scope;
  const expr = parseExpression(parser);
  if (sink.errorCount === 0 && !parser.atEnd()) return { ok: false, message: `unexpected '${parser.tok.text}' after the expression` };
  const error = sink.all.find((d) => d.severity === 'error');
  // The parser speaks of file scope when a name is unknown; in the debugger it is the stop's scope.
  if (error) return { ok: false, message: error.message.replace(' here (not in a function)', ' in this scope') };
  return { ok: true, expr, addresses };
}

/** The first construct that changes state, in words, or undefined. */
function sideEffect(e: Expr): string | undefined {
  switch (e.kind) {
    case 'assign':
    case 'op-assign':
    case 'ptr-assign':
      return 'an assignment';
    case 'incdec':
      return `'${e.increment ? '++' : '--'}'`;
    case 'call':
      return 'a function call';
    default:
      for (const child of children(e)) {
        const found = sideEffect(child);
        if (found) return found;
      }
      return undefined;
  }
}

function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'arith':
    case 'compare':
    case 'logical':
    case 'comma':
    case 'ptr-diff':
      return [e.lhs, e.rhs];
    case 'ptr-add':
      return [e.pointer, e.index];
    case 'not':
    case 'neg':
    case 'bitnot':
    case 'cast':
    case 'decay':
    case 'addr':
      return [e.operand];
    case 'deref':
      return [e.pointer];
    case 'member':
      return [e.base];
    case 'cond':
      return [e.cond, e.then, e.else];
    case 'assign':
    case 'op-assign':
      return [e.target, e.value];
    case 'ptr-assign':
      return [e.target, e.index];
    case 'incdec':
      return [e.target];
    case 'call':
      return [e.callee, ...e.args];
    case 'va-start':
      return [e.list];
    case 'va-arg':
      return [e.list];
    default:
      return [];
  }
}

class Interpreter {
  private readonly ctx: ValueContext;
  /** Set once the expression wrote memory. */
  wrote = false;

  constructor(
    private readonly machine: Machine,
    private readonly addresses: ReadonlyMap<unknown, number>,
    private readonly process: Process,
  ) {
    this.ctx = valueContext(machine, process);
  }

  evaluated(op: Operand): Evaluated {
    switch (op.kind) {
      case 'lvalue': {
        const place = atAddress(op.address);
        const { state } = bytesOf(this.ctx, op.type, place, 4096);
        return { type: op.type, place, address: op.address, tag: this.ctx.memory.tag(op.address), defined: state.every((s) => s === BYTE_DEFINED) };
      }
      case 'scalar': {
        const bytes = encodeScalar(op.type, op.value);
        return { type: op.type, place: { kind: 'bytes', bytes, state: new Uint8Array(bytes.length).fill(op.defined ? BYTE_DEFINED : BYTE_UNDEFINED) }, tag: op.tag, defined: op.defined };
      }
      case 'bytes':
        return { type: op.type, place: { kind: 'bytes', bytes: op.bytes, state: op.state }, tag: 0, defined: op.state.every((s) => s === BYTE_DEFINED) };
      case 'void':
        return { type: { kind: 'void' }, place: { kind: 'bytes', bytes: new Uint8Array(0), state: new Uint8Array(0) }, tag: 0, defined: true };
      default: {
        const never: never = op;
        return never;
      }
    }
  }

  eval(e: Expr): Operand {
    switch (e.kind) {
      case 'int':
        return scalar(e.type, e.value);
      case 'float':
        return scalar(e.type, e.value);
      case 'string':
        return { kind: 'bytes', type: e.type, bytes: e.literal.bytes, state: new Uint8Array(e.literal.bytes.length) };
      case 'var': {
        const address = this.addresses.get(e.variable);
        if (address === undefined) throw new EvaluationError(`'${e.variable.name}' has no storage the debugger knows`);
        return { kind: 'lvalue', type: e.type, address };
      }
      case 'func': {
        const fn = this.machine.program.functions.find((f) => f.name === e.fn.name && f.origin !== 'start');
        if (!fn) throw new EvaluationError(`function '${e.fn.name}' is not in the program`);
        return { kind: 'lvalue', type: e.type, address: fn.address };
      }
      case 'arith': {
        const a = this.scalarOf(e.lhs);
        const b = this.scalarOf(e.rhs);
        return scalar(e.type, arith(e.op, e.type, a.value, b.value), a.defined && b.defined);
      }
      case 'compare': {
        const a = this.scalarOf(e.lhs);
        const b = this.scalarOf(e.rhs);
        return scalar(INT, compare(e.op, a.value, b.value) ? 1n : 0n, a.defined && b.defined);
      }
      case 'ptr-add': {
        const p = this.scalarOf(e.pointer);
        const i = this.scalarOf(e.index);
        const step = BigInt(i.value) * BigInt(e.scale);
        return { kind: 'scalar', type: e.type, value: BigInt.asUintN(64, BigInt(p.value) + (e.negate ? -step : step)), defined: p.defined && i.defined, tag: p.tag };
      }
      case 'ptr-diff': {
        const a = this.scalarOf(e.lhs);
        const b = this.scalarOf(e.rhs);
        const diff = BigInt.asIntN(64, BigInt(a.value) - BigInt(b.value));
        return scalar(e.type, e.scale > 0 ? diff / BigInt(e.scale) : diff, a.defined && b.defined);
      }
      case 'logical': {
        const a = this.scalarOf(e.lhs);
        const decided = e.op === '&&' ? !truthy(a.value) : truthy(a.value);
        if (decided) return scalar(INT, e.op === '&&' ? 0n : 1n, a.defined);
        const b = this.scalarOf(e.rhs);
        return scalar(INT, truthy(b.value) ? 1n : 0n, a.defined && b.defined);
      }
      case 'not': {
        const a = this.scalarOf(e.operand);
        return scalar(INT, truthy(a.value) ? 0n : 1n, a.defined);
      }
      case 'neg': {
        const a = this.scalarOf(e.operand);
        return scalar(e.type, typeof a.value === 'number' ? -a.value : wrapTo(e.type, -a.value), a.defined);
      }
      case 'bitnot': {
        const a = this.scalarOf(e.operand);
        return scalar(e.type, wrapTo(e.type, ~BigInt(a.value)), a.defined);
      }
      case 'cast': {
        if (e.type.kind === 'void') {
          this.eval(e.operand);
          return { kind: 'void' };
        }
        const a = this.scalarOf(e.operand);
        return { kind: 'scalar', type: e.type, value: convert(a.value, e.type), defined: a.defined, tag: e.type.kind === 'pointer' ? a.tag : 0 };
      }
      case 'decay':
      case 'addr': {
        const target = this.eval(e.operand);
        if (target.kind !== 'lvalue') throw new EvaluationError(`${e.kind === 'addr' ? "'&'" : 'this array'} needs an object in memory`);
        return { kind: 'scalar', type: e.type, value: BigInt(target.address), defined: true, tag: 0 };
      }
      case 'deref': {
        const p = this.scalarOf(e.pointer);
        const address = Number(p.value);
        if (p.value === 0n) throw new EvaluationError('cannot dereference a null pointer');
        if (!Number.isSafeInteger(address)) throw new EvaluationError(`cannot access memory at address ${hexText(p.value)}`);
        return { kind: 'lvalue', type: e.type, address };
      }
      case 'member': {
        const base = this.eval(e.base);
        if (base.kind === 'lvalue') return { kind: 'lvalue', type: e.type, address: base.address + e.member.offset };
        if (base.kind === 'bytes') {
          const end = e.member.offset + sizeOf(e.type);
          return { kind: 'bytes', type: e.type, bytes: base.bytes.subarray(e.member.offset, end), state: base.state.subarray(e.member.offset, end) };
        }
        throw new EvaluationError('member of something that is not a struct');
      }
      case 'cond': {
        const c = this.scalarOf(e.cond);
        return this.eval(truthy(c.value) ? e.then : e.else);
      }
      case 'comma':
        this.eval(e.lhs);
        return this.eval(e.rhs);
      case 'assign':
        return this.store(e.target, this.eval(e.value));
      case 'op-assign': {
        const target = this.lvalueOf(e.target);
        const old = this.load(target);
        const value = this.scalarOf(e.value);
        const result = arith(e.op, e.opType, convert(old.value, e.opType), value.value);
        return this.store(e.target, scalar(e.target.type, convert(result, e.target.type), old.defined && value.defined));
      }
      case 'ptr-assign': {
        const target = this.lvalueOf(e.target);
        const old = this.load(target);
        const step = BigInt(this.scalarOf(e.index).value) * BigInt(e.scale);
        return this.store(e.target, { kind: 'scalar', type: e.target.type, value: BigInt.asUintN(64, BigInt(old.value) + (e.negate ? -step : step)), defined: old.defined, tag: old.tag });
      }
      case 'incdec': {
        const target = this.lvalueOf(e.target);
        const old = this.load(target);
        const t = e.target.type;
        const delta = t.kind === 'pointer' ? BigInt(Math.max(1, sizeOf(t.to))) : 1n;
        const next = typeof old.value === 'number' ? old.value + (e.increment ? 1 : -1) : old.value + (e.increment ? delta : -delta);
        this.store(e.target, { kind: 'scalar', type: t, value: convert(next, t), defined: old.defined, tag: old.tag });
        return e.prefix ? this.eval(e.target) : old;
      }
      case 'call':
        throw new EvaluationError('calling a function is not supported in the debugger: it would run program code');
      case 'compound-literal':
        throw new EvaluationError('compound literals are not evaluated in the debugger');
      case 'va-start':
      case 'va-arg':
        throw new EvaluationError('va_start and va_arg are not evaluated in the debugger');
      case 'error':
        throw new EvaluationError('the expression has an error');
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  private lvalueOf(e: Expr): Extract<Operand, { kind: 'lvalue' }> {
    const op = this.eval(e);
    if (op.kind !== 'lvalue') throw new EvaluationError('the left side of the assignment is not an object in memory');
    return op;
  }

  private scalarOf(e: Expr): Extract<Operand, { kind: 'scalar' }> {
    const op = this.eval(e);
    if (op.kind === 'scalar') return op;
    if (op.kind === 'lvalue') return this.load(op);
    throw new EvaluationError(`a value of type '${typeName(e.type)}' is not a number or a pointer`);
  }

  /** Reads a scalar from memory, with its definedness and (for pointers) its provenance tag. */
  private load(op: Extract<Operand, { kind: 'lvalue' }>): Extract<Operand, { kind: 'scalar' }> {
    const read = readScalar(this.ctx, op.type, atAddress(op.address));
    if (!read) throw new EvaluationError(`cannot access memory at address ${hexText(op.address)}`);
    return { kind: 'scalar', type: op.type, value: read.scalar.value, defined: read.defined, tag: op.type.kind === 'pointer' ? this.ctx.memory.tag(op.address) : 0 };
  }

  /** Writes a value into the object `target` designates; the result is the object. */
  private store(targetExpr: Expr, value: Operand): Operand {
    const target = this.lvalueOf(targetExpr);
    let bytes: Uint8Array;
    if (value.kind === 'scalar') bytes = encodeScalar(target.type, convert(value.value, target.type));
    else if (value.kind === 'bytes') bytes = value.bytes;
    else if (value.kind === 'lvalue') bytes = bytesOf(this.ctx, value.type, atAddress(value.address)).bytes;
    else throw new EvaluationError('cannot assign a void value');
    const size = sizeOf(target.type);
    if (this.process !== this.machine.current) {
      throw new EvaluationError(`pid ${this.process.pid} is not on the CPU: memscope changes the memory of the running process only (pid ${this.machine.current.pid})`);
    }
    if (bytes.length < size) throw new EvaluationError(`cannot access memory at address ${hexText(value.kind === 'lvalue' ? value.address : target.address)}`);
    const written = this.machine.writeMemory(target.address, bytes.slice(0, size));
    this.wrote = true;
    if (written < size) throw new EvaluationError(`cannot write memory at address ${hexText(target.address + written)}`);
    return target;
  }
}

function scalar(type: Type, value: Scalar, defined = true): Extract<Operand, { kind: 'scalar' }> {
  return { kind: 'scalar', type, value, defined, tag: 0 };
}

function truthy(v: Scalar): boolean {
  // NaN !== 0: a NaN condition is true in C too.
  return typeof v === 'number' ? v !== 0 : v !== 0n;
}

function intTypeOf(t: Type): IntType {
  if (isInteger(t)) return asIntType(t);
  return t.kind === 'pointer' ? { kind: 'int', rank: 'long', signed: false } : LONG;
}

function wrapTo(t: Type, v: bigint): bigint {
  return t.kind === 'pointer' ? BigInt.asUintN(64, v) : wrapInt(v, intTypeOf(t));
}

/** Converts a scalar to type `to` as C does on x86-64 (doubles out of an integer's range give INT_MIN's pattern). */
function convert(v: Scalar, to: Type): Scalar {
  if (to.kind === 'float') {
    const n = typeof v === 'number' ? v : Number(v);
    return to.size === 4 ? Math.fround(n) : n;
  }
  if (to.kind === 'int' && to.rank === 'bool') return truthy(v) ? 1n : 0n;
  let i: bigint;
  if (typeof v === 'number') {
    const t = Math.trunc(v);
    i = Number.isFinite(t) && Math.abs(t) < 2 ** 63 ? BigInt(t) : -(1n << 63n);
  } else i = v;
  return wrapTo(to, i);
}

function arith(op: ArithOp, type: Type, a: Scalar, b: Scalar): Scalar {
  if (type.kind === 'float') {
    const x = Number(a);
    const y = Number(b);
    const r = op === '+' ? x + y : op === '-' ? x - y : op === '*' ? x * y : op === '/' ? x / y : NaN;
    if (Number.isNaN(r) && !['+', '-', '*', '/'].includes(op)) throw new EvaluationError(`'${op}' needs integer operands`);
    return type.size === 4 ? Math.fround(r) : r;
  }
  const t = intTypeOf(type);
  const bits = BigInt(sizeOf(t) * 8);
  const x = BigInt(a);
  const y = BigInt(b);
  switch (op) {
    case '+':
      return wrapInt(x + y, t);
    case '-':
      return wrapInt(x - y, t);
    case '*':
      return wrapInt(x * y, t);
    case '/':
    case '%':
      if (y === 0n) throw new EvaluationError('division by zero');
      return wrapInt(op === '/' ? x / y : x % y, t);
    case '&':
      return wrapInt(x & y, t);
    case '|':
      return wrapInt(x | y, t);
    case '^':
      return wrapInt(x ^ y, t);
    case '<<':
      return wrapInt(x << (y & (bits - 1n)), t);
    case '>>':
      return wrapInt(x >> (y & (bits - 1n)), t);
    default: {
      const never: never = op;
      return never;
    }
  }
}

function compare(op: CompareOp, x: Scalar, y: Scalar): boolean {
  // Both operands already have the common type; a double compares as a double, an integer exactly.
  const [a, b] = typeof x === 'number' || typeof y === 'number' ? [Number(x), Number(y)] : [x, y];
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default: {
      const never: never = op;
      return never;
    }
  }
}

/** Where values of a process (the running one by default) are read from, for formatting an evaluation's result. */
export function valueContext(machine: Machine, process: Process = machine.current): ValueContext {
  return { memory: new ProcessMemory(process, machine.memory, machine.shadow), program: machine.program };
}

/** Whether a scalar result is true in C (non-zero); undefined for a value that is not a scalar. */
export function truthOf(machine: Machine, value: Evaluated, process: Process = machine.current): boolean | undefined {
  const read = readScalar(valueContext(machine, process), value.type, value.place);
  if (!read) return undefined;
  return read.scalar.kind === 'float' ? read.scalar.value !== 0 : read.scalar.value !== 0n;
}
