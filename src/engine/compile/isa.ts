// The instruction set of memscope's simulated CPU (called "MS-64"), and its byte encoding.
//
// How it works. Each instruction is one opcode byte followed by its operands, as listed in the table
// `OPS` below; the operand letters say how many bytes each takes:
//   r  register          1 byte  (0..252: a register of the current function's window)
//   b  base of an address 1 byte (0..252 a register, or ABS = 253, SP = 254, FP = 255)
//   i  signed imm32       4 bytes, little-endian
//   u  unsigned imm32     4 bytes, little-endian
//   h  unsigned imm16     2 bytes, little-endian
//   l  imm64              8 bytes, little-endian two's complement
//   d  float64            8 bytes, IEEE 754 little-endian
//   t  branch target      4 bytes, signed offset from the END of this instruction
// The compiler writes these bytes into the text segment; the CPU decodes them (once, into typed arrays)
// and disassembly reads the same bytes back, so the bytes are the truth.
//
// Registers. Every function owns a window of `nregs` registers (r0…); a call gives the callee a fresh
// window above the caller's, so a call never clobbers the caller's temporaries and nothing has to be
// spilled. Besides the windows the CPU has pc, sp and fp. Variables live in memory (in the stack frame
// or a data section), never in registers: registers only hold expression temporaries, as gcc -O0 does.
//
// Values in registers. A register holds one of:
//   i32  a 32-bit integer as a signed value (unsigned 32-bit ints are held as their bit pattern, so
//        0xFFFFFFFF is held as -1; instructions that care, like DIVU32 or LTU32, reinterpret it);
//   i64  a 64-bit integer as a signed value (same rule: the bit pattern read as signed);
//   f64  a double; f32 values are doubles already rounded to float precision.
// char/short/_Bool values are promoted to i32 when loaded, as C does.
//
// Shadow state. Each register also carries a definedness mask (for memcheck) and a provenance tag (the
// object a pointer was derived from). MOV copies both; ADD64/SUB64/ADDI64 give the result the provenance
// of their first operand (the compiler puts the pointer there); other arithmetic gives none.
//
// The calling convention that these instructions implement is documented in docs/abi.md.

/** Base codes in a `b` operand that are not window registers. */
export const BASE_ABS = 253;
export const BASE_SP = 254;
export const BASE_FP = 255;
/** Highest window register number. */
export const MAX_REGISTER = 252;
/** `CALL`/`CALLR` destination meaning "the result is not used". */
export const NO_DEST = 255;

export type OperandKind = 'r' | 'b' | 'i' | 'u' | 'h' | 'l' | 'd' | 't';

interface OpDef {
  readonly name: string;
  readonly operands: string;
  readonly doc: string;
}

/**
 * The opcode table. The position in this list is the opcode byte; append new opcodes at the end so
 * existing encodings stay valid.
 */
export const OPS = [
  { name: 'NOP', operands: '', doc: 'do nothing' },
  { name: 'MOV', operands: 'rr', doc: 'd = a (value, definedness and provenance)' },
  { name: 'LI', operands: 'ri', doc: 'd = imm32, sign-extended (for i32 and i64 registers)' },
  { name: 'LI64', operands: 'rl', doc: 'd = imm64' },
  { name: 'LIF', operands: 'rd', doc: 'd = float64 immediate' },
  { name: 'ADDR', operands: 'rbiu', doc: 'd = base + disp; provenance from object u (base FP: 1-based index into the function\'s variables; base ABS: 1-based index into Program.objects; 0: none). Base must be FP, SP or ABS' },

  // 32-bit integer arithmetic: d = a op b
  { name: 'ADD32', operands: 'rrr', doc: 'd = a + b (mod 2^32)' },
  { name: 'SUB32', operands: 'rrr', doc: 'd = a - b (mod 2^32)' },
  { name: 'MUL32', operands: 'rrr', doc: 'd = a * b (mod 2^32)' },
  { name: 'DIVS32', operands: 'rrr', doc: 'd = a / b, signed, truncated; b == 0 raises SIGFPE' },
  { name: 'DIVU32', operands: 'rrr', doc: 'd = a / b, unsigned; b == 0 raises SIGFPE' },
  { name: 'REMS32', operands: 'rrr', doc: 'd = a % b, signed; b == 0 raises SIGFPE' },
  { name: 'REMU32', operands: 'rrr', doc: 'd = a % b, unsigned; b == 0 raises SIGFPE' },
  { name: 'AND32', operands: 'rrr', doc: 'd = a & b' },
  { name: 'OR32', operands: 'rrr', doc: 'd = a | b' },
  { name: 'XOR32', operands: 'rrr', doc: 'd = a ^ b' },
  { name: 'SHL32', operands: 'rrr', doc: 'd = a << (b & 31)' },
  { name: 'SHRS32', operands: 'rrr', doc: 'd = a >> (b & 31), arithmetic' },
  { name: 'SHRU32', operands: 'rrr', doc: 'd = a >>> (b & 31), logical' },

  // 64-bit integer arithmetic: d = a op b
  { name: 'ADD64', operands: 'rrr', doc: 'd = a + b (mod 2^64); provenance of a' },
  { name: 'SUB64', operands: 'rrr', doc: 'd = a - b (mod 2^64); provenance of a' },
  { name: 'MUL64', operands: 'rrr', doc: 'd = a * b (mod 2^64)' },
  { name: 'DIVS64', operands: 'rrr', doc: 'd = a / b, signed; b == 0 raises SIGFPE' },
  { name: 'DIVU64', operands: 'rrr', doc: 'd = a / b, unsigned; b == 0 raises SIGFPE' },
  { name: 'REMS64', operands: 'rrr', doc: 'd = a % b, signed; b == 0 raises SIGFPE' },
  { name: 'REMU64', operands: 'rrr', doc: 'd = a % b, unsigned; b == 0 raises SIGFPE' },
  { name: 'AND64', operands: 'rrr', doc: 'd = a & b' },
  { name: 'OR64', operands: 'rrr', doc: 'd = a | b' },
  { name: 'XOR64', operands: 'rrr', doc: 'd = a ^ b' },
  { name: 'SHL64', operands: 'rrr', doc: 'd = a << (b & 63)' },
  { name: 'SHRS64', operands: 'rrr', doc: 'd = a >> (b & 63), arithmetic' },
  { name: 'SHRU64', operands: 'rrr', doc: 'd = a >>> (b & 63), logical' },
  { name: 'PDIFF', operands: 'rrr', doc: 'd = a - b as i64 with no provenance (pointer difference in bytes)' },

  // immediate forms
  { name: 'ADDI32', operands: 'rri', doc: 'd = a + imm (mod 2^32)' },
  { name: 'ADDI64', operands: 'rri', doc: 'd = a + imm (mod 2^64); provenance of a' },
  { name: 'MULI32', operands: 'rri', doc: 'd = a * imm (mod 2^32)' },
  { name: 'MULI64', operands: 'rri', doc: 'd = a * imm (mod 2^64)' },

  // floating point: f64 ops, and f32 ops (the f64 result rounded to float)
  { name: 'ADDF', operands: 'rrr', doc: 'd = a + b (double)' },
  { name: 'SUBF', operands: 'rrr', doc: 'd = a - b (double)' },
  { name: 'MULF', operands: 'rrr', doc: 'd = a * b (double)' },
  { name: 'DIVF', operands: 'rrr', doc: 'd = a / b (double)' },
  { name: 'ADDF32', operands: 'rrr', doc: 'd = fround(a + b)' },
  { name: 'SUBF32', operands: 'rrr', doc: 'd = fround(a - b)' },
  { name: 'MULF32', operands: 'rrr', doc: 'd = fround(a * b)' },
  { name: 'DIVF32', operands: 'rrr', doc: 'd = fround(a / b)' },

  // comparisons: d (i32) = a cmp b ? 1 : 0. Greater-than is less-than with swapped operands.
  { name: 'EQ32', operands: 'rrr', doc: 'd = a == b' },
  { name: 'NE32', operands: 'rrr', doc: 'd = a != b' },
  { name: 'LTS32', operands: 'rrr', doc: 'd = a < b, signed' },
  { name: 'LES32', operands: 'rrr', doc: 'd = a <= b, signed' },
  { name: 'LTU32', operands: 'rrr', doc: 'd = a < b, unsigned' },
  { name: 'LEU32', operands: 'rrr', doc: 'd = a <= b, unsigned' },
  { name: 'EQ64', operands: 'rrr', doc: 'd = a == b' },
  { name: 'NE64', operands: 'rrr', doc: 'd = a != b' },
  { name: 'LTS64', operands: 'rrr', doc: 'd = a < b, signed' },
  { name: 'LES64', operands: 'rrr', doc: 'd = a <= b, signed' },
  { name: 'LTU64', operands: 'rrr', doc: 'd = a < b, unsigned (pointers compare this way)' },
  { name: 'LEU64', operands: 'rrr', doc: 'd = a <= b, unsigned' },
  { name: 'EQF', operands: 'rrr', doc: 'd = a == b (false if either is NaN)' },
  { name: 'NEF', operands: 'rrr', doc: 'd = a != b (true if either is NaN)' },
  { name: 'LTF', operands: 'rrr', doc: 'd = a < b' },
  { name: 'LEF', operands: 'rrr', doc: 'd = a <= b' },

  // unary operations and conversions: d = op a
  { name: 'NEG32', operands: 'rr', doc: 'd = -a (mod 2^32)' },
  { name: 'NEG64', operands: 'rr', doc: 'd = -a (mod 2^64)' },
  { name: 'NEGF', operands: 'rr', doc: 'd = -a (double or float)' },
  { name: 'NOT32', operands: 'rr', doc: 'd = ~a' },
  { name: 'NOT64', operands: 'rr', doc: 'd = ~a' },
  { name: 'BOOL32', operands: 'rr', doc: 'd = a != 0 (i32 0/1)' },
  { name: 'BOOL64', operands: 'rr', doc: 'd = a != 0 (i32 0/1)' },
  { name: 'BOOLF', operands: 'rr', doc: 'd = a != 0.0 (i32 0/1; NaN is true)' },
  { name: 'SEXT8', operands: 'rr', doc: 'd = (signed char) a' },
  { name: 'ZEXT8', operands: 'rr', doc: 'd = (unsigned char) a' },
  { name: 'SEXT16', operands: 'rr', doc: 'd = (short) a' },
  { name: 'ZEXT16', operands: 'rr', doc: 'd = (unsigned short) a' },
  { name: 'SEXT32', operands: 'rr', doc: 'i32 -> i64, sign-extending' },
  { name: 'ZEXT32', operands: 'rr', doc: 'i32 -> i64, zero-extending (unsigned int -> 64-bit)' },
  { name: 'TRUNC32', operands: 'rr', doc: 'i64 -> i32, keeping the low 32 bits' },
  { name: 'CVTI32F', operands: 'rr', doc: 'signed i32 -> double' },
  { name: 'CVTU32F', operands: 'rr', doc: 'unsigned i32 -> double' },
  { name: 'CVTI64F', operands: 'rr', doc: 'signed i64 -> double (rounded to nearest)' },
  { name: 'CVTU64F', operands: 'rr', doc: 'unsigned i64 -> double (rounded to nearest)' },
  { name: 'CVTFI32', operands: 'rr', doc: 'double -> signed i32, truncating; out of range gives INT_MIN as x86 does' },
  { name: 'CVTFU32', operands: 'rr', doc: 'double -> unsigned i32, truncating (through i64, as gcc on x86-64)' },
  { name: 'CVTFI64', operands: 'rr', doc: 'double -> signed i64, truncating; out of range gives INT64_MIN' },
  { name: 'CVTFU64', operands: 'rr', doc: 'double -> unsigned i64, truncating' },
  { name: 'CVTFF32', operands: 'rr', doc: 'double -> float (Math.fround)' },

  // memory: loads d = mem[base + disp]; stores mem[base + disp] = s. Operands: d|s, base, disp
  { name: 'LD8S', operands: 'rbi', doc: 'load 1 byte, sign-extend to i32' },
  { name: 'LD8U', operands: 'rbi', doc: 'load 1 byte, zero-extend to i32' },
  { name: 'LD16S', operands: 'rbi', doc: 'load 2 bytes, sign-extend to i32' },
  { name: 'LD16U', operands: 'rbi', doc: 'load 2 bytes, zero-extend to i32' },
  { name: 'LD32', operands: 'rbi', doc: 'load 4 bytes as i32' },
  { name: 'LD64', operands: 'rbi', doc: 'load 8 bytes as i64 (with the provenance tag stored beside them)' },
  { name: 'LDF32', operands: 'rbi', doc: 'load a float' },
  { name: 'LDF64', operands: 'rbi', doc: 'load a double' },
  { name: 'ST8', operands: 'rbi', doc: 'store the low byte' },
  { name: 'ST16', operands: 'rbi', doc: 'store the low 2 bytes' },
  { name: 'ST32', operands: 'rbi', doc: 'store 4 bytes' },
  { name: 'ST64', operands: 'rbi', doc: 'store 8 bytes (and the provenance tag)' },
  { name: 'STF32', operands: 'rbi', doc: 'store a float' },
  { name: 'STF64', operands: 'rbi', doc: 'store a double' },
  { name: 'COPY', operands: 'rru', doc: 'copy u bytes from address in b to address in a (memmove semantics; definedness and provenance travel with the bytes). Operands: dstAddr, srcAddr, size' },
  { name: 'ZERO', operands: 'ru', doc: 'set u bytes at the address in a to zero (defined)' },

  // control flow
  { name: 'JMP', operands: 't', doc: 'pc = target' },
  { name: 'JZ', operands: 'rt', doc: 'if a == 0 (i32 or i64) pc = target; an undefined a is an uninitialised-use error' },
  { name: 'JNZ', operands: 'rt', doc: 'if a != 0 pc = target' },
  { name: 'JEQ32', operands: 'rrt', doc: 'if a == b pc = target' },
  { name: 'JNE32', operands: 'rrt', doc: 'if a != b pc = target' },
  { name: 'JLTS32', operands: 'rrt', doc: 'if a < b (signed) pc = target' },
  { name: 'JLES32', operands: 'rrt', doc: 'if a <= b (signed) pc = target' },
  { name: 'JLTU32', operands: 'rrt', doc: 'if a < b (unsigned) pc = target' },
  { name: 'JLEU32', operands: 'rrt', doc: 'if a <= b (unsigned) pc = target' },
  { name: 'JEQ64', operands: 'rrt', doc: 'if a == b pc = target' },
  { name: 'JNE64', operands: 'rrt', doc: 'if a != b pc = target' },
  { name: 'JLTS64', operands: 'rrt', doc: 'if a < b (signed) pc = target' },
  { name: 'JLES64', operands: 'rrt', doc: 'if a <= b (signed) pc = target' },
  { name: 'JLTU64', operands: 'rrt', doc: 'if a < b (unsigned) pc = target' },
  { name: 'JLEU64', operands: 'rrt', doc: 'if a <= b (unsigned) pc = target' },
  { name: 'JEQI32', operands: 'rit', doc: 'if a == imm pc = target (switch cases)' },
  { name: 'JEQI64', operands: 'rit', doc: 'if a == sext(imm) pc = target (switch cases)' },

  // calls: see docs/abi.md
  { name: 'CALL', operands: 'tr', doc: 'push the return address, jump to target; the callee gets a fresh register window; its return value lands in register d of this window (NO_DEST: discarded)' },
  { name: 'CALLR', operands: 'rr', doc: 'call the function whose text address is in register a; result into d' },
  { name: 'ENTER', operands: 'u', doc: 'function prologue: push fp; fp = sp; sp -= u (u keeps sp 16-byte aligned); locals become addressable and undefined; stack overflow if sp passes the stack limit' },
  { name: 'RET', operands: 'r', doc: 'epilogue and return with the value in register a: sp = fp; fp = pop; pc = pop' },
  { name: 'RETV', operands: '', doc: 'epilogue and return without a value' },
  { name: 'ADJSP', operands: 'i', doc: 'sp = sp + imm (reserve or release the outgoing argument area; keep 16-byte alignment at calls)' },
  { name: 'NATIVE', operands: 'h', doc: 'run library function number h (an index into Program.natives) as the body of this function: it reads its arguments from the caller\'s argument area, sets the result, and returns' },
  { name: 'TRAP', operands: 'h', doc: 'stop the process with the runtime error numbered h (see TRAP_CODES)' },
] as const satisfies readonly OpDef[];

export type OpName = (typeof OPS)[number]['name'];

/** Opcode numbers by name: `Op.ADD32` is the opcode byte of ADD32. */
export const Op: { readonly [K in OpName]: number } = Object.fromEntries(OPS.map((d, i) => [d.name, i])) as { [K in OpName]: number };

/** Reasons for TRAP. */
export const TRAP_CODES = {
  1: 'control reached the end of a non-void function whose value is used',
  2: 'unreachable code was reached',
} as const;

const OPERAND_SIZE: Record<OperandKind, number> = { r: 1, b: 1, i: 4, u: 4, h: 2, l: 8, d: 8, t: 4 };

/** Byte length of an instruction with opcode `op`. */
export function instructionLength(op: number): number {
  const def = OPS[op];
  if (!def) throw new RangeError(`unknown opcode ${op}`);
  let n = 1;
  for (const k of def.operands) n += OPERAND_SIZE[k as OperandKind];
  return n;
}

/**
 * One operand value. Registers, bases, immediates and branch targets are numbers (a branch target is
 * the absolute text address it jumps to); `l` operands are bigints.
 */
export type Operand = number | bigint;

export interface Instruction {
  readonly op: number;
  readonly operands: readonly Operand[];
}

/**
 * Appends the encoding of `ins`, placed at text address `address`, to `out`. Branch targets are given
 * as absolute addresses and encoded relative to the end of the instruction.
 */
export function encode(ins: Instruction, address: number, out: number[]): void {
  const def = OPS[ins.op];
  if (!def) throw new RangeError(`unknown opcode ${ins.op}`);
  if (ins.operands.length !== def.operands.length) {
    throw new RangeError(`${def.name} takes ${def.operands.length} operands, got ${ins.operands.length}`);
  }
  const end = address + instructionLength(ins.op);
  out.push(ins.op);
  for (let k = 0; k < def.operands.length; k++) {
    const kind = def.operands[k] as OperandKind;
    const v = ins.operands[k]!;
    switch (kind) {
      case 'r':
      case 'b':
        out.push(Number(v) & 0xff);
        break;
      case 'h':
        pushLE(out, BigInt(Number(v) & 0xffff), 2);
        break;
      case 'i':
      case 'u':
        pushLE(out, BigInt.asUintN(32, BigInt(v)), 4);
        break;
      case 't':
        pushLE(out, BigInt.asUintN(32, BigInt(Number(v) - end)), 4);
        break;
      case 'l':
        pushLE(out, BigInt.asUintN(64, BigInt(v)), 8);
        break;
      case 'd': {
        const b = new Uint8Array(new Float64Array([Number(v)]).buffer);
        for (const x of b) out.push(x);
        break;
      }
      default: {
        const never: never = kind;
        throw new Error(`bad operand kind ${String(never)}`);
      }
    }
  }
}

function pushLE(out: number[], v: bigint, bytes: number): void {
  for (let i = 0; i < bytes; i++) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
}

/**
 * Decodes the instruction at `offset` of `bytes`, which holds text that starts at address `base`.
 * Returns null when the bytes there are not a valid instruction (unknown opcode or truncated).
 */
export function decode(bytes: Uint8Array, offset: number, base: number): (Instruction & { length: number }) | null {
  const op = bytes[offset];
  if (op === undefined || op >= OPS.length) return null;
  const len = instructionLength(op);
  if (offset + len > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const def = OPS[op]!;
  const operands: Operand[] = [];
  let p = offset + 1;
  const end = base + offset + len;
  for (const k of def.operands as string) {
    switch (k as OperandKind) {
      case 'r':
      case 'b':
        operands.push(view.getUint8(p));
        p += 1;
        break;
      case 'h':
        operands.push(view.getUint16(p, true));
        p += 2;
        break;
      case 'i':
        operands.push(view.getInt32(p, true));
        p += 4;
        break;
      case 'u':
        operands.push(view.getUint32(p, true));
        p += 4;
        break;
      case 't':
        operands.push(end + view.getInt32(p, true));
        p += 4;
        break;
      case 'l':
        operands.push(view.getBigInt64(p, true));
        p += 8;
        break;
      case 'd':
        operands.push(view.getFloat64(p, true));
        p += 8;
        break;
    }
  }
  return { op, operands, length: len };
}

function baseName(b: number): string {
  if (b === BASE_FP) return 'fp';
  if (b === BASE_SP) return 'sp';
  if (b === BASE_ABS) return '';
  return `r${b}`;
}

/** Text of one instruction as the disassembly shows it, e.g. `LD32 r1, [fp-12]`, `JMP 0x401020`. */
export function formatInstruction(ins: Instruction): string {
  const def = OPS[ins.op];
  if (!def) return `(bad opcode ${ins.op})`;
  const kinds = def.operands as string;
  const parts: string[] = [];
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[k] as OperandKind;
    const v = ins.operands[k]!;
    if (kind === 'r') {
      parts.push(Number(v) === NO_DEST && (def.name === 'CALL' || def.name === 'CALLR') ? '_' : `r${v}`);
    } else if (kind === 'b') {
      const disp = Number(ins.operands[k + 1]);
      const base = baseName(Number(v));
      const sign = disp < 0 ? '-' : '+';
      parts.push(base === '' ? `[0x${disp.toString(16)}]` : disp === 0 ? `[${base}]` : `[${base}${sign}${Math.abs(disp)}]`);
      k++; // the displacement is part of the memory operand
    } else if (kind === 't') {
      parts.push(`0x${Number(v).toString(16)}`);
    } else {
      parts.push(String(v));
    }
  }
  return parts.length ? `${def.name} ${parts.join(', ')}` : def.name;
}
