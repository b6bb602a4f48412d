// Code generation for calls, returns and variadic arguments, per the MS-64 calling convention
// (docs/abi.md).
//
// How it works. A call evaluates its arguments into registers (right to left, as gcc does on x86-64, so
// programs with side effects in arguments print what they print under gcc), reserves the argument area
// with ADJSP, stores argument i into [sp + 8i] (integers widened to 64 bits by their type, a float in
// the low half of its slot, a struct copied into consecutive slots), then CALLs; the callee's window
// is fresh, so nothing needs saving. A function returning a struct gets the address of a frame temporary
// as hidden argument 0. `va_list` is simply the address of the next argument slot: va_start points it
// after the last named parameter, va_arg reads the slot and steps over it.

import type { Expr, ExprOf } from '../lang/ast';
import { alignTo, isRecord, isSigned, sizeOf, type Type } from '../lang/types';
import type { FunctionGen } from './codegen';
import { gen, genAddress, genVoid, load, store } from './codegen-expr';
import { valueClass } from './codegen-value';
import { BASE_FP, BASE_SP, NO_DEST, Op } from './isa';

/** The 8-byte argument slots a value of type t takes (docs/abi.md): one per scalar, a struct its size. */
export function argumentSlots(t: Type): number {
  return isRecord(t) ? Math.max(1, Math.ceil(sizeOf(t) / 8)) : 1;
}

export function genCall(g: FunctionGen, e: ExprOf<'call'>, discard: boolean): number {
  const em = g.em;
  const result = g.alloc();
  const callee = e.callee;
  const direct = callee.kind === 'addr' && callee.operand.kind === 'func' ? callee.operand.fn : callee.kind === 'func' ? callee.fn : null;
  const regs: number[] = [];
  for (let i = e.args.length - 1; i >= 0; i--) regs[i] = gen(g, e.args[i]!);
  const calleeReg = direct ? -1 : gen(g, callee);
  const returnsRecord = isRecord(e.type);
  let slot = returnsRecord ? 1 : 0;
  const firstArgSlot = slot;
  for (const a of e.args) slot += argumentSlots(a.type);
  const area = alignTo(8 * slot, 16);
  if (area) em.emit(Op.ADJSP, -area);
  if (returnsRecord) {
    const t = g.alloc();
    const place = e.resultSlot ? g.framePlace(e.resultSlot) : null;
    em.emit(Op.ADDR, t, BASE_FP, place && place.kind === 'frame' ? place.offset : 0, 0);
    em.emit(Op.ST64, t, BASE_SP, 0);
    g.freeFrom(t);
  }
  slot = firstArgSlot;
  e.args.forEach((a, i) => {
    const r = regs[i]!;
    const at = 8 * slot;
    switch (valueClass(a.type)) {
      case 'i32':
        // A signed i32 register already holds the 64-bit value (registers keep i32 values sign-extended).
        if (!isSigned(a.type)) em.emit(Op.ZEXT32, r, r);
        em.emit(Op.ST64, r, BASE_SP, at);
        break;
      case 'i64':
        em.emit(Op.ST64, r, BASE_SP, at);
        break;
      case 'f64':
        em.emit(a.type.kind === 'float' && a.type.size === 4 ? Op.STF32 : Op.STF64, r, BASE_SP, at);
        break;
      case 'address': {
        const t = g.alloc();
        em.emit(Op.ADDR, t, BASE_SP, at, 0);
        em.emit(Op.COPY, t, r, sizeOf(a.type));
        g.freeFrom(t);
        break;
      }
      case 'void':
        break;
    }
    slot += argumentSlots(a.type);
  });
  const dest = discard || e.type.kind === 'void' ? NO_DEST : result;
  if (direct) {
    g.refFunction(direct, e.loc);
    em.emit(Op.CALL, { sym: 'function', fn: direct }, dest);
  } else {
    em.emit(Op.CALLR, calleeReg, dest);
  }
  if (area) em.emit(Op.ADJSP, area);
  g.freeFrom(result + 1);
  return result;
}

/** `return e;`: the value in a register, or a struct copied to the caller's temporary. */
export function genReturn(g: FunctionGen, value: Expr | undefined): void {
  const em = g.em;
  if (!value) {
    em.emit(Op.RETV);
    return;
  }
  if (value.type.kind === 'void') {
    genVoid(g, value);
    em.emit(Op.RETV);
    return;
  }
  const r = gen(g, value);
  if (g.returnsRecord) {
    const dst = g.alloc();
    em.emit(Op.LD64, dst, BASE_FP, 16);
    em.emit(Op.COPY, dst, r, sizeOf(value.type));
    em.emit(Op.RET, dst);
    return;
  }
  em.emit(Op.RET, r);
}

/** `va_start(ap, last)`: ap = the address of the first argument slot after the named parameters. */
export function genVaStart(g: FunctionGen, e: ExprOf<'va-start'>): void {
  const place = genAddress(g, e.list);
  const r = g.alloc();
  g.em.emit(Op.ADDR, r, BASE_FP, 16 + 8 * g.namedSlots, 0);
  store(g, place, e.list.type, r);
}

/** `va_arg(ap, T)`: the T in the slot ap points to; ap moves past it. */
export function genVaArg(g: FunctionGen, e: ExprOf<'va-arg'>): number {
  const em = g.em;
  const result = g.alloc();
  const place = genAddress(g, e.list);
  const p = g.alloc();
  load(g, place, e.list.type, p);
  if (isRecord(e.type)) em.emit(Op.MOV, result, p);
  else load(g, { kind: 'reg', reg: p, offset: 0 }, e.type, result);
  em.emit(Op.ADDI64, p, p, 8 * argumentSlots(e.type));
  store(g, place, e.list.type, p);
  g.freeFrom(result + 1);
  return result;
}
