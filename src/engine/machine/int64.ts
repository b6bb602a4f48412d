// 64-bit integer arithmetic: the exact slow paths behind the CPU's double-based fast paths.
//
// How it works. A 64-bit register holds its value as a double when the value is a safe integer
// (|v| < 2^53); then + - * / compare directly, and the CPU checks the result is still safe. Any other
// value is held as NaN in the register and exactly as a bigint beside it. The representation is
// canonical: a value is a bigint only if it is not safe, so equal values always compare equal. The CPU
// calls into this file only when an operand is a bigint or a result leaves the safe range.
// Unsigned operations reinterpret the same 64-bit pattern (held signed) with BigInt.asUintN.

import { Op } from '../compile/isa';

const MIN64 = -(2n ** 63n);
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** True if a double is a safe integer value (NaN and ±2^53 are not). */
export function isSafe(v: number): boolean {
  return v >= -9007199254740991 && v <= 9007199254740991;
}

/** The canonical form of a 64-bit value: a number when safe, else the bigint. */
export function canonical(x: bigint): number | bigint {
  return x >= SAFE_MIN && x <= SAFE_MAX ? Number(x) : x;
}

/** `a op b` wrapped to 64 bits, for the binary 64-bit ops. Division by zero is checked by the caller. */
export function binary64(op: number, a: bigint, b: bigint): bigint {
  const u = (x: bigint): bigint => BigInt.asUintN(64, x);
  switch (op) {
    case Op.ADD64:
    case Op.ADDI64:
      return BigInt.asIntN(64, a + b);
    case Op.SUB64:
    case Op.PDIFF:
      return BigInt.asIntN(64, a - b);
    case Op.MUL64:
    case Op.MULI64:
      return BigInt.asIntN(64, a * b);
    case Op.DIVS64:
      return BigInt.asIntN(64, a / b);
    case Op.DIVU64:
      return BigInt.asIntN(64, u(a) / u(b));
    case Op.REMS64:
      return BigInt.asIntN(64, a % b);
    case Op.REMU64:
      return BigInt.asIntN(64, u(a) % u(b));
    case Op.AND64:
      return BigInt.asIntN(64, a & b);
    case Op.OR64:
      return BigInt.asIntN(64, a | b);
    case Op.XOR64:
      return BigInt.asIntN(64, a ^ b);
    case Op.SHL64:
      return BigInt.asIntN(64, a << (b & 63n));
    case Op.SHRS64:
      return a >> (b & 63n);
    case Op.SHRU64:
      return BigInt.asIntN(64, u(a) >> (b & 63n));
    default:
      throw new RangeError(`not a 64-bit binary op: ${op}`);
  }
}

/** `a cmp b` for the 64-bit comparisons and compare-and-branch ops. */
export function compare64(op: number, a: bigint, b: bigint): boolean {
  const u = (x: bigint): bigint => BigInt.asUintN(64, x);
  switch (op) {
    case Op.EQ64:
    case Op.JEQ64:
    case Op.JEQI64:
      return a === b;
    case Op.NE64:
    case Op.JNE64:
      return a !== b;
    case Op.LTS64:
    case Op.JLTS64:
      return a < b;
    case Op.LES64:
    case Op.JLES64:
      return a <= b;
    case Op.LTU64:
    case Op.JLTU64:
      return u(a) < u(b);
    case Op.LEU64:
    case Op.JLEU64:
      return u(a) <= u(b);
    default:
      throw new RangeError(`not a 64-bit comparison: ${op}`);
  }
}

/** True if signed division a / b overflows (INT64_MIN / -1), which x86 turns into SIGFPE. */
export function divisionOverflows(a: bigint, b: bigint): boolean {
  return a === MIN64 && b === -1n;
}

/** Unary 64-bit ops and conversions producing a 64-bit integer. */
export function unary64(op: number, a: bigint): bigint {
  switch (op) {
    case Op.NEG64:
      return BigInt.asIntN(64, -a);
    case Op.NOT64:
      return BigInt.asIntN(64, ~a);
    default:
      throw new RangeError(`not a 64-bit unary op: ${op}`);
  }
}

/** double → signed 64-bit, truncating; NaN and out of range give INT64_MIN as cvttsd2si does. */
export function doubleToInt64(x: number): bigint {
  if (!(x > -9223372036854777856 && x < 9223372036854775808)) return MIN64;
  return BigInt(Math.trunc(x));
}

/**
 * double → unsigned 64-bit as gcc compiles it on x86-64: below 2^63 (and NaN) convert signed;
 * otherwise convert x - 2^63 and flip the top bit. Returned as the signed pattern.
 */
export function doubleToUint64(x: number): bigint {
  if (!(x >= 9223372036854775808)) return doubleToInt64(x);
  return BigInt.asIntN(64, doubleToInt64(x - 9223372036854775808) ^ MIN64);
}

/** Bitwise AND/OR/XOR of two safe integers without BigInt: split in 32-bit halves. */
export function bitwiseSafe(op: number, a: number, b: number): number {
  const ah = Math.floor(a / 4294967296);
  const al = a - ah * 4294967296;
  const bh = Math.floor(b / 4294967296);
  const bl = b - bh * 4294967296;
  let h: number;
  let l: number;
  if (op === Op.AND64) {
    h = ah & bh;
    l = (al & bl) >>> 0;
  } else if (op === Op.OR64) {
    h = ah | bh;
    l = (al | bl) >>> 0;
  } else {
    h = ah ^ bh;
    l = (al ^ bl) >>> 0;
  }
  // Safe inputs have |high half| < 2^21, and so do these results: the value is safe again.
  return h * 4294967296 + l;
}

/** The 64-bit value whose halves (as stored in memory, little-endian) are lo and hi. */
export function fromHalves(lo: number, hi: number): bigint {
  return (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
}

/** Stores a 64-bit value as two 32-bit halves at i32[q], i32[q+1]. */
export function storeHalves(i32: Int32Array, q: number, v: bigint): void {
  i32[q] = Number(BigInt.asIntN(32, v));
  i32[q + 1] = Number(BigInt.asIntN(32, v >> 32n));
}
