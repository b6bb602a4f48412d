// How C values live in MS-64 registers, and the instructions that move them: loads and stores by type,
// and conversions between types.
//
// How it works. A register holds one of three kinds of value (isa.ts): i32 (every integer type up to 4
// bytes, promoted on load: LD8S/LD8U/LD16S/LD16U sign- or zero-extend by the type), i64 (long, long
// long, pointers) or f64 (double, and float already rounded to float precision). Aggregates (structs,
// unions, arrays) are never in registers: an expression of such a type evaluates to its address.
// `convert` emits the instructions that turn a value of one type into another in place, following
// x86-64's results (truncation, sign/zero extension, cvttsd2si's rounding toward zero).

import { asIntType, INT_SIZE, isInteger, type IntType, type Type } from '../lang/types';
import type { Emitter } from './codegen-emit';
import { Op } from './isa';

export type ValueClass = 'i32' | 'i64' | 'f64' | 'address' | 'void';

export function valueClass(t: Type): ValueClass {
  switch (t.kind) {
    case 'void': return 'void';
    case 'int': return INT_SIZE[t.rank] === 8 ? 'i64' : 'i32';
    case 'enum': return 'i32';
    case 'float': return 'f64';
    case 'pointer':
    case 'function': return 'i64';
    case 'array':
    case 'struct':
    case 'union': return 'address';
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** The load instruction for a scalar of type t. */
export function loadOp(t: Type): number {
  if (t.kind === 'float') return t.size === 4 ? Op.LDF32 : Op.LDF64;
  if (t.kind === 'pointer' || t.kind === 'function') return Op.LD64;
  if (t.kind === 'enum') return Op.LD32;
  if (t.kind === 'int') {
    switch (INT_SIZE[t.rank]) {
      case 1: return t.signed ? Op.LD8S : Op.LD8U;
      case 2: return t.signed ? Op.LD16S : Op.LD16U;
      case 4: return Op.LD32;
      default: return Op.LD64;
    }
  }
  throw new RangeError(`no load for ${t.kind}`);
}

/** The store instruction for a scalar of type t. */
export function storeOp(t: Type): number {
  if (t.kind === 'float') return t.size === 4 ? Op.STF32 : Op.STF64;
  if (t.kind === 'pointer' || t.kind === 'function') return Op.ST64;
  if (t.kind === 'enum') return Op.ST32;
  if (t.kind === 'int') {
    switch (INT_SIZE[t.rank]) {
      case 1: return Op.ST8;
      case 2: return Op.ST16;
      case 4: return Op.ST32;
      default: return Op.ST64;
    }
  }
  throw new RangeError(`no store for ${t.kind}`);
}

/** The integer view of a scalar type for conversions: pointers are unsigned 64-bit. */
function intView(t: Type): IntType | null {
  if (isInteger(t)) return asIntType(t);
  if (t.kind === 'pointer' || t.kind === 'function') return { kind: 'int', rank: 'long', signed: false };
  return null;
}

/** Narrows an i32 register to a 1- or 2-byte type's value set (a no-op for 4-byte types). */
function narrow(em: Emitter, r: number, to: IntType): void {
  if (to.rank === 'bool') {
    em.emit(Op.BOOL32, r, r);
    return;
  }
  const size = INT_SIZE[to.rank];
  if (size === 1) em.emit(to.signed ? Op.SEXT8 : Op.ZEXT8, r, r);
  else if (size === 2) em.emit(to.signed ? Op.SEXT16 : Op.ZEXT16, r, r);
}

/** True if every value of `from` is a value of `to` (so an i32 holding it needs no narrowing). */
function fits(from: IntType, to: IntType): boolean {
  if (to.rank === 'bool') return from.rank === 'bool';
  const fs = INT_SIZE[from.rank];
  const ts = INT_SIZE[to.rank];
  if (from.rank === 'bool') return true;
  if (fs < ts) return !from.signed || to.signed;
  return fs === ts && from.signed === to.signed;
}

/** Emits the conversion of the value in register r from type `from` to type `to`, in place. */
export function convert(em: Emitter, r: number, from: Type, to: Type): void {
  if (to.kind === 'void' || valueClass(to) === 'address') return;
  const fi = intView(from);
  const ti = intView(to);
  if (fi && ti) {
    const fs = INT_SIZE[fi.rank];
    const ts = INT_SIZE[ti.rank];
    if (ti.rank === 'bool') {
      if (fi.rank !== 'bool') em.emit(fs === 8 ? Op.BOOL64 : Op.BOOL32, r, r);
      return;
    }
    if (fs <= 4 && ts <= 4) {
      if (!fits(fi, ti)) narrow(em, r, ti);
    } else if (fs <= 4 && ts === 8) {
      em.emit(fi.signed ? Op.SEXT32 : Op.ZEXT32, r, r);
    } else if (fs === 8 && ts <= 4) {
      em.emit(Op.TRUNC32, r, r);
      narrow(em, r, ti);
    }
    return;
  }
  if (from.kind === 'float' && to.kind === 'float') {
    if (to.size === 4 && from.size === 8) em.emit(Op.CVTFF32, r, r);
    return;
  }
  if (fi && to.kind === 'float') {
    const wide = INT_SIZE[fi.rank] === 8;
    em.emit(wide ? (fi.signed ? Op.CVTI64F : Op.CVTU64F) : (fi.signed || INT_SIZE[fi.rank] < 4 ? Op.CVTI32F : Op.CVTU32F), r, r);
    if (to.size === 4) em.emit(Op.CVTFF32, r, r);
    return;
  }
  if (from.kind === 'float' && ti) {
    if (ti.rank === 'bool') {
      em.emit(Op.BOOLF, r, r);
      return;
    }
    const ts = INT_SIZE[ti.rank];
    if (ts === 8) em.emit(ti.signed ? Op.CVTFI64 : Op.CVTFU64, r, r);
    else if (ts === 4) em.emit(ti.signed ? Op.CVTFI32 : Op.CVTFU32, r, r);
    else {
      em.emit(Op.CVTFI32, r, r);
      narrow(em, r, ti);
    }
  }
}

/** Loads an immediate integer of a given class into r, choosing the shortest encoding. */
export function loadInt(em: Emitter, r: number, value: bigint, cls: ValueClass): void {
  const v = cls === 'i64' ? BigInt.asIntN(64, value) : BigInt.asIntN(32, value);
  if (v >= -(2n ** 31n) && v < 2n ** 31n) em.emit(Op.LI, r, Number(v));
  else em.emit(Op.LI64, r, v);
}

/** True if a value fits the signed imm32 operand of ADDI/MULI/JEQI. */
export function fitsImm32(v: bigint): boolean {
  return v >= -(2n ** 31n) && v < 2n ** 31n;
}
