// Code generation for expressions: values into registers, and addresses of lvalues.
//
// How it works. `gen(e)` leaves e's value in the register at the top of the register stack (one more
// register in use than before; everything it used above that is free again). `genAddress(e)` computes
// where an lvalue lives as a `Place` without necessarily emitting anything: a frame slot ([fp+off]), a
// static object ([abs address]) or a register plus displacement ([rN+off]), so `x = 1` is one store to
// [fp-4] and `p->next` one load from [rN+8]. Addresses that escape into registers are made with ADDR,
// which names the object (the variable's index, or the static object) so memcheck can check every
// access through the pointer against that object's bounds; constant indexes that are inside an array
// are folded into the displacement instead. Pointer arithmetic puts the pointer in ADD64's first
// operand, so the result keeps its provenance.

import type { Expr, ExprOf } from '../lang/ast';
import type { StaticTarget } from '../lang/check-const';
import { isRecord, isSigned, sizeOf, unqualified, type Type } from '../lang/types';
import { genBranch } from './codegen-cond';
import { genCall, genVaArg, genVaStart } from './codegen-call';
import type { FunctionGen } from './codegen';
import { convert, fitsImm32, loadInt, loadOp, storeOp, valueClass } from './codegen-value';
import { BASE_ABS, BASE_FP, Op } from './isa';

export type Place =
  | { readonly kind: 'frame'; readonly offset: number; readonly index: number }
  | { readonly kind: 'static'; readonly target: StaticTarget; readonly offset: number }
  | { readonly kind: 'reg'; readonly reg: number; readonly offset: number };

function withOffset(p: Place, delta: number): Place {
  return delta === 0 ? p : { ...p, offset: p.offset + delta };
}

export function load(g: FunctionGen, place: Place, type: Type, dst: number): void {
  emitAccess(g, loadOp(type), place, dst);
}

export function store(g: FunctionGen, place: Place, type: Type, src: number): void {
  emitAccess(g, storeOp(type), place, src);
}

function emitAccess(g: FunctionGen, op: number, place: Place, r: number): void {
  switch (place.kind) {
    case 'frame': g.em.emit(op, r, BASE_FP, place.offset); break;
    case 'static': g.em.emit(op, r, BASE_ABS, { sym: 'address', target: place.target, offset: place.offset }); break;
    case 'reg': g.em.emit(op, r, place.reg, place.offset); break;
    default: {
      const never: never = place;
      return never;
    }
  }
}

/** Puts the address of a place into a register (the place's own register when it has one). */
function materialize(g: FunctionGen, place: Place): number {
  switch (place.kind) {
    case 'frame': {
      const r = g.alloc();
      g.em.emit(Op.ADDR, r, BASE_FP, place.offset, place.index);
      return r;
    }
    case 'static': {
      const r = g.alloc();
      g.em.emit(Op.ADDR, r, BASE_ABS, { sym: 'address', target: place.target, offset: place.offset }, { sym: 'object', target: place.target });
      return r;
    }
    case 'reg':
      if (place.offset !== 0) g.em.emit(Op.ADDI64, place.reg, place.reg, place.offset);
      return place.reg;
    default: {
      const never: never = place;
      return never;
    }
  }
}

/** Evaluates `e` into a new register at the top of the register stack and returns it. */
export function gen(g: FunctionGen, e: Expr): number {
  if (!g.enter(e.loc)) return g.alloc();
  try {
    g.em.line(e.loc, false);
    return genValue(g, e);
  } finally {
    g.depth--;
  }
}

function genValue(g: FunctionGen, e: Expr): number {
  const em = g.em;
  switch (e.kind) {
    case 'int': {
      const r = g.alloc();
      loadInt(em, r, e.value, valueClass(e.type));
      return r;
    }
    case 'float': {
      const r = g.alloc();
      em.emit(Op.LIF, r, e.value);
      return r;
    }
    case 'var':
    case 'string':
    case 'compound-literal':
    case 'deref':
    case 'member': {
      if (e.type.kind === 'function') return gen(g, e.kind === 'deref' ? e.pointer : e);
      if (valueClass(e.type) === 'address') return materialize(g, genAddress(g, e));
      const r = g.alloc();
      const place = genAddress(g, e);
      load(g, place, unqualified(e.type), r);
      g.freeFrom(r + 1);
      return r;
    }
    case 'func': {
      const r = g.alloc();
      g.refFunction(e.fn, e.loc);
      em.emit(Op.LI, r, { sym: 'function', fn: e.fn });
      return r;
    }
    case 'arith': return genArith(g, e);
    case 'compare': return genCompare(g, e);
    case 'ptr-add': {
      const p = gen(g, e.pointer);
      addScaled(g, p, e.index, e.scale, e.negate);
      return p;
    }
    case 'ptr-diff': {
      const a = gen(g, e.lhs);
      const b = gen(g, e.rhs);
      em.emit(Op.PDIFF, a, a, b);
      if (e.scale > 1) {
        const shift = Math.log2(e.scale);
        loadInt(em, b, BigInt(Number.isInteger(shift) ? shift : e.scale), 'i64');
        em.emit(Number.isInteger(shift) ? Op.SHRS64 : Op.DIVS64, a, a, b);
      }
      g.freeFrom(b);
      return a;
    }
    case 'logical': {
      const otherwise = em.newLabel();
      const end = em.newLabel();
      genBranch(g, e, otherwise, false);
      const r = g.alloc();
      em.emit(Op.LI, r, 1);
      em.emit(Op.JMP, em.target(end));
      em.bind(otherwise);
      em.emit(Op.LI, r, 0);
      em.bind(end);
      return r;
    }
    case 'not': {
      const r = gen(g, e.operand);
      const cls = valueClass(e.operand.type);
      const zero = g.alloc();
      if (cls === 'f64') em.emit(Op.LIF, zero, 0);
      else em.emit(Op.LI, zero, 0);
      em.emit(cls === 'f64' ? Op.EQF : cls === 'i64' ? Op.EQ64 : Op.EQ32, r, r, zero);
      g.freeFrom(zero);
      return r;
    }
    case 'neg':
    case 'bitnot': {
      const r = gen(g, e.operand);
      const cls = valueClass(e.type);
      if (e.kind === 'neg') em.emit(cls === 'f64' ? Op.NEGF : cls === 'i64' ? Op.NEG64 : Op.NEG32, r, r);
      else em.emit(cls === 'i64' ? Op.NOT64 : Op.NOT32, r, r);
      return r;
    }
    case 'cast': {
      const r = gen(g, e.operand);
      convert(em, r, unqualified(e.operand.type), e.type);
      return r;
    }
    case 'decay': return materialize(g, genAddress(g, e.operand));
    case 'addr':
      if (e.operand.kind === 'func') return gen(g, e.operand);
      return materialize(g, genAddress(g, e.operand));
    case 'assign': return genAssign(g, e, true);
    case 'op-assign': return genOpAssign(g, e);
    case 'ptr-assign': {
      const r = g.alloc();
      const place = genAddress(g, e.target);
      load(g, place, e.type, r);
      addScaled(g, r, e.index, e.scale, e.negate);
      store(g, place, e.type, r);
      g.freeFrom(r + 1);
      return r;
    }
    case 'incdec': return genIncDec(g, e, true);
    case 'cond': {
      const base = g.top;
      const otherwise = em.newLabel();
      const end = em.newLabel();
      genBranch(g, e.cond, otherwise, false);
      gen(g, e.then);
      if (em.reachable) em.emit(Op.JMP, em.target(end));
      em.bind(otherwise);
      g.freeFrom(base);
      const r = gen(g, e.else);
      em.bind(end);
      return r;
    }
    case 'comma':
      genVoid(g, e.lhs);
      return gen(g, e.rhs);
    case 'call': return genCall(g, e, false);
    case 'va-start': genVaStart(g, e); return g.alloc();
    case 'va-arg': return genVaArg(g, e);
    case 'error': return g.alloc();
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** p = p ± index * scale, with the pointer as the first operand (it keeps its provenance). */
function addScaled(g: FunctionGen, p: number, index: Expr, scale: number, negate: boolean): void {
  const em = g.em;
  if (index.kind === 'int') {
    const delta = BigInt.asIntN(64, index.value * BigInt(scale) * (negate ? -1n : 1n));
    if (delta === 0n) return;
    if (fitsImm32(delta)) {
      em.emit(Op.ADDI64, p, p, Number(delta));
      return;
    }
    const t = g.alloc();
    loadInt(em, t, delta, 'i64');
    em.emit(Op.ADD64, p, p, t);
    g.freeFrom(t);
    return;
  }
  // An int index needs no SEXT32: a signed i32 register already holds the 64-bit value.
  const wide = index.kind === 'cast' && valueClass(index.operand.type) === 'i32' && isSigned(index.operand.type) ? index.operand : index;
  const i = gen(g, wide);
  if (scale !== 1) em.emit(Op.MULI64, i, i, scale);
  em.emit(negate ? Op.SUB64 : Op.ADD64, p, p, i);
  g.freeFrom(i);
}

type IntOps = readonly [op32: number, op64: number];
const INT_OPS: Record<string, { signed: IntOps; unsigned: IntOps }> = {
  '+': { signed: [Op.ADD32, Op.ADD64], unsigned: [Op.ADD32, Op.ADD64] },
  '-': { signed: [Op.SUB32, Op.SUB64], unsigned: [Op.SUB32, Op.SUB64] },
  '*': { signed: [Op.MUL32, Op.MUL64], unsigned: [Op.MUL32, Op.MUL64] },
  '/': { signed: [Op.DIVS32, Op.DIVS64], unsigned: [Op.DIVU32, Op.DIVU64] },
  '%': { signed: [Op.REMS32, Op.REMS64], unsigned: [Op.REMU32, Op.REMU64] },
  '&': { signed: [Op.AND32, Op.AND64], unsigned: [Op.AND32, Op.AND64] },
  '|': { signed: [Op.OR32, Op.OR64], unsigned: [Op.OR32, Op.OR64] },
  '^': { signed: [Op.XOR32, Op.XOR64], unsigned: [Op.XOR32, Op.XOR64] },
  '<<': { signed: [Op.SHL32, Op.SHL64], unsigned: [Op.SHL32, Op.SHL64] },
  '>>': { signed: [Op.SHRS32, Op.SHRS64], unsigned: [Op.SHRU32, Op.SHRU64] },
};

const FLOAT_OPS: Record<string, readonly [f32: number, f64: number]> = {
  '+': [Op.ADDF32, Op.ADDF], '-': [Op.SUBF32, Op.SUBF], '*': [Op.MULF32, Op.MULF], '/': [Op.DIVF32, Op.DIVF],
};

/** The instruction for `op` on values of type t. */
function arithOp(op: string, t: Type): number {
  if (t.kind === 'float') return FLOAT_OPS[op]![t.size === 4 ? 0 : 1];
  const ops = INT_OPS[op]!;
  const signed = t.kind === 'int' ? t.signed : t.kind === 'enum' ? t.def.signed : false;
  return (signed ? ops.signed : ops.unsigned)[valueClass(t) === 'i64' ? 1 : 0];
}

/** `a op b` into a, using the immediate forms for + - * with a constant operand. */
function applyArith(g: FunctionGen, op: string, type: Type, a: number, rhs: Expr): void {
  const em = g.em;
  const cls = valueClass(type);
  if (rhs.kind === 'int' && cls !== 'f64' && (op === '+' || op === '-' || op === '*')) {
    const v = BigInt.asIntN(cls === 'i64' ? 64 : 32, op === '-' ? -rhs.value : rhs.value);
    if (fitsImm32(v)) {
      if (op === '*') em.emit(cls === 'i64' ? Op.MULI64 : Op.MULI32, a, a, Number(v));
      else if (v !== 0n) em.emit(cls === 'i64' ? Op.ADDI64 : Op.ADDI32, a, a, Number(v));
      return;
    }
  }
  const b = gen(g, rhs);
  em.emit(arithOp(op, type), a, a, b);
  g.freeFrom(b);
}

function genArith(g: FunctionGen, e: ExprOf<'arith'>): number {
  // Constant first operand of a commutative operator: evaluate the other one first, use the immediate.
  if (e.lhs.kind === 'int' && e.rhs.kind !== 'int' && (e.op === '+' || e.op === '*')) {
    const a = gen(g, e.rhs);
    applyArith(g, e.op, e.type, a, e.lhs);
    return a;
  }
  const a = gen(g, e.lhs);
  applyArith(g, e.op, e.type, a, e.rhs);
  return a;
}

/** The comparison instruction and operand order for `a op b` on values of type t. */
export function compareOp(op: string, t: Type): { op: number; swap: boolean } {
  const cls = valueClass(t);
  const swap = op === '>' || op === '>=';
  const strict = op === '<' || op === '>';
  if (cls === 'f64') {
    if (op === '==') return { op: Op.EQF, swap: false };
    if (op === '!=') return { op: Op.NEF, swap: false };
    return { op: strict ? Op.LTF : Op.LEF, swap };
  }
  const wide = cls === 'i64';
  const signed = t.kind === 'int' ? t.signed : t.kind === 'enum' ? t.def.signed : false;
  if (op === '==') return { op: wide ? Op.EQ64 : Op.EQ32, swap: false };
  if (op === '!=') return { op: wide ? Op.NE64 : Op.NE32, swap: false };
  const table = signed ? (wide ? [Op.LTS64, Op.LES64] : [Op.LTS32, Op.LES32]) : (wide ? [Op.LTU64, Op.LEU64] : [Op.LTU32, Op.LEU32]);
  return { op: strict ? table[0]! : table[1]!, swap };
}

function genCompare(g: FunctionGen, e: ExprOf<'compare'>): number {
  const a = gen(g, e.lhs);
  const b = gen(g, e.rhs);
  const c = compareOp(e.op, e.lhs.type);
  g.em.emit(c.op, a, c.swap ? b : a, c.swap ? a : b);
  g.freeFrom(b);
  return a;
}

function genAssign(g: FunctionGen, e: ExprOf<'assign'>, wantResult: boolean): number {
  const em = g.em;
  if (isRecord(e.type)) {
    const src = gen(g, e.value);
    const dst = materialize(g, genAddress(g, e.target));
    em.emit(Op.COPY, dst, src, sizeOf(e.type));
    if (wantResult) em.emit(Op.MOV, src, dst);
    g.freeFrom(src + 1);
    return src;
  }
  const v = gen(g, e.value);
  const place = genAddress(g, e.target);
  store(g, place, e.type, v);
  g.freeFrom(v + 1);
  return v;
}

function genOpAssign(g: FunctionGen, e: ExprOf<'op-assign'>): number {
  const r = g.alloc();
  const place = genAddress(g, e.target);
  load(g, place, e.type, r);
  convert(g.em, r, e.type, e.opType);
  applyArith(g, e.op, e.opType, r, e.value);
  convert(g.em, r, e.opType, e.type);
  store(g, place, e.type, r);
  g.freeFrom(r + 1);
  return r;
}

function genIncDec(g: FunctionGen, e: ExprOf<'incdec'>, wantResult: boolean): number {
  const em = g.em;
  const r = g.alloc();
  const place = genAddress(g, e.target);
  load(g, place, e.type, r);
  let x = r;
  if (wantResult && !e.prefix) {
    x = g.alloc();
    em.emit(Op.MOV, x, r);
  }
  const t = e.type;
  const sign = e.increment ? 1 : -1;
  if (t.kind === 'pointer') {
    em.emit(Op.ADDI64, x, x, sign * sizeOf(t.to));
  } else if (t.kind === 'float') {
    const one = g.alloc();
    em.emit(Op.LIF, one, 1);
    em.emit(arithOp(e.increment ? '+' : '-', t), x, x, one);
    g.freeFrom(one);
  } else {
    convert(em, x, t, e.opType);
    em.emit(valueClass(e.opType) === 'i64' ? Op.ADDI64 : Op.ADDI32, x, x, sign);
    convert(em, x, e.opType, t);
  }
  store(g, place, t, x);
  g.freeFrom(r + 1);
  return r;
}

/** Evaluates `e` for its side effects only. */
export function genVoid(g: FunctionGen, e: Expr): void {
  const base = g.top;
  const em = g.em;
  if (!g.enter(e.loc)) return;
  try {
    em.line(e.loc, false);
    switch (e.kind) {
      case 'incdec': genIncDec(g, e, false); break;
      case 'assign': genAssign(g, e, false); break;
      case 'cast': genVoid(g, e.operand); break;
      case 'comma':
        genVoid(g, e.lhs);
        genVoid(g, e.rhs);
        break;
      case 'call': genCall(g, e, true); break;
      case 'va-start': genVaStart(g, e); break;
      case 'cond': {
        const otherwise = em.newLabel();
        const end = em.newLabel();
        genBranch(g, e.cond, otherwise, false);
        genVoid(g, e.then);
        if (em.reachable) em.emit(Op.JMP, em.target(end));
        em.bind(otherwise);
        genVoid(g, e.else);
        em.bind(end);
        break;
      }
      case 'logical': {
        const end = em.newLabel();
        genBranch(g, e.lhs, end, e.op === '||');
        genVoid(g, e.rhs);
        em.bind(end);
        break;
      }
      case 'int':
      case 'float':
      case 'var':
      case 'func':
      case 'string':
        break;
      default:
        gen(g, e);
    }
  } finally {
    g.depth--;
    g.freeFrom(base);
  }
}

/** Where an lvalue (or a struct-valued expression) lives. */
export function genAddress(g: FunctionGen, e: Expr): Place {
  switch (e.kind) {
    case 'var': {
      const v = e.variable;
      if (v.storage === 'local' || v.storage === 'param') return g.framePlace(v);
      const target: StaticTarget = { kind: 'var', variable: v };
      g.refStatic(target);
      return { kind: 'static', target, offset: 0 };
    }
    case 'string': {
      const target: StaticTarget = { kind: 'string', literal: e.literal };
      g.refStatic(target);
      return { kind: 'static', target, offset: 0 };
    }
    case 'compound-literal': {
      const v = e.variable;
      if (v.storage === 'global') {
        const target: StaticTarget = { kind: 'var', variable: v };
        g.refStatic(target);
        return { kind: 'static', target, offset: 0 };
      }
      const place = g.framePlace(v);
      g.genInitAt(place, v.type, e.init);
      return place;
    }
    case 'member': return withOffset(genAddress(g, e.base), e.member.offset);
    case 'deref': return derefPlace(g, e.pointer);
    default:
      return { kind: 'reg', reg: gen(g, e), offset: 0 };
  }
}

/**
 * The place `*p` designates. `*(arr + k)` with a constant k inside a named array becomes the array's own
 * place plus a displacement; any other pointer is evaluated into a register.
 */
function derefPlace(g: FunctionGen, p: Expr): Place {
  if (p.kind === 'decay' && isNamedArray(p.operand)) return genAddress(g, p.operand);
  if (p.kind === 'ptr-add' && p.index.kind === 'int') {
    const delta = BigInt.asIntN(64, p.index.value * BigInt(p.scale) * (p.negate ? -1n : 1n));
    const inner = p.pointer;
    const k = p.index.value * (p.negate ? -1n : 1n);
    const length = inner.kind === 'decay' && inner.operand.type.kind === 'array' ? inner.operand.type.length : null;
    if (inner.kind === 'decay' && isNamedArray(inner.operand) && length !== null && k >= 0n && k < BigInt(length)) {
      return withOffset(genAddress(g, inner.operand), Number(delta));
    }
    if (fitsImm32(delta)) return { kind: 'reg', reg: gen(g, inner), offset: Number(delta) };
  }
  return { kind: 'reg', reg: gen(g, p), offset: 0 };
}

/** Arrays whose place needs no register: variables, string literals and their members. */
function isNamedArray(e: Expr): boolean {
  if (e.kind === 'var' || e.kind === 'string') return true;
  if (e.kind === 'member') return isNamedArray(e.base);
  if (e.kind === 'deref' && e.pointer.kind === 'decay') return isNamedArray(e.pointer.operand);
  return false;
}
