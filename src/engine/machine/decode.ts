// Decoding the text segment once, into typed arrays the CPU indexes by instruction number.
//
// How it works. Each function's bytes (FunctionInfo.address/size) are decoded with isa.ts's `decode`;
// instruction k gets its opcode in `op[k]` and its operands spread over `a`, `b`, `c` (registers, bases,
// small unsigned operands), `imm` (immediates and displacements as doubles) and `target` (a branch's
// target as an instruction number). `indexAt[addr - textBase]` maps a text address back to its
// instruction number (-1 inside an instruction or between functions), which CALLR and RET use to turn a
// code address from a register or from memory into a place to continue.
//
// Operand placement, by the ISA's operand letters:
//   registers and bases fill a, b, c in order; the first i/u/h/l/d immediate goes to imm, a second one
//   (ADDR's object index) to c; t goes to target. CALL additionally gets the caller's window size in b and
//   the callee's function number in c. Jumps get c = 1 when the target is on another text page (the CPU
//   then makes an instruction fetch through the MMU).
//
// The decoded arrays are a cache; the bytes in simulated memory stay the truth (disassembly reads them).
// Two internal opcodes live above the ISA's range: BREAK (a breakpoint patched over an instruction, whose
// real opcode is kept in `breakOp`) and PAGE_ENTRY (the first instruction of a text page reached by falling
// through from the previous page: executing it fetches through the MMU first; real opcode in `pageOp`).

import { OPS, Op, decode, type OperandKind } from '../compile/isa';
import type { Program } from '../program';

export const BREAK = 200;
export const PAGE_ENTRY = 201;

const PAGE = 4096;

export interface DecodedText {
  readonly count: number;
  readonly textBase: number;
  readonly textEnd: number;
  readonly op: Uint8Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly c: Int32Array;
  readonly imm: Float64Array;
  readonly target: Int32Array;
  /** Text address of instruction k; address[count] is the end of the last one. */
  readonly address: Float64Array;
  /** Instruction number by byte offset from textBase, -1 where no instruction starts. */
  readonly indexAt: Int32Array;
  /** Function number of each instruction. */
  readonly func: Int32Array;
  /** Register window size and entry instruction of each function. */
  readonly funcNregs: Int32Array;
  readonly funcEntry: Int32Array;
  /** LI64 immediates that are not safe integers, by instruction number (imm holds NaN for them). */
  readonly bigImm: Map<number, bigint>;
  /** The real opcode under a BREAK / PAGE_ENTRY patch. */
  readonly breakOp: Uint8Array;
  readonly pageOp: Uint8Array;
  /** Per-instruction cache for ADDR of a local: the activation serial and the object created. */
  readonly addrSerial: Float64Array;
  readonly addrObject: Int32Array;
}

/** Instruction number of a text address, or -1. */
export function instructionAt(text: DecodedText, address: number): number {
  const off = address - text.textBase;
  if (!(off >= 0 && off < text.indexAt.length)) return -1;
  return text.indexAt[off]!;
}

export function decodeText(program: Program): DecodedText {
  const bytes = program.text.bytes;
  const textBase = program.text.address;
  const fns = program.functions;
  // First pass: count instructions, so the arrays are allocated once.
  const starts: number[] = [];
  const funcOf: number[] = [];
  for (let f = 0; f < fns.length; f++) {
    const fn = fns[f]!;
    let off = fn.address - textBase;
    const end = Math.min(off + fn.size, bytes.length);
    while (off < end) {
      const ins = decode(bytes, off, textBase);
      if (!ins) break;
      starts.push(off);
      funcOf.push(f);
      off += ins.length;
    }
  }
  const n = starts.length;
  const text: DecodedText = {
    count: n,
    textBase,
    textEnd: textBase + bytes.length,
    op: new Uint8Array(n + 1),
    a: new Int32Array(n + 1),
    b: new Int32Array(n + 1),
    c: new Int32Array(n + 1),
    imm: new Float64Array(n + 1),
    target: new Int32Array(n + 1).fill(-1),
    address: new Float64Array(n + 1),
    indexAt: new Int32Array(bytes.length + 1).fill(-1),
    func: new Int32Array(n + 1).fill(-1),
    funcNregs: new Int32Array(fns.length),
    funcEntry: new Int32Array(fns.length).fill(-1),
    bigImm: new Map(),
    breakOp: new Uint8Array(n + 1),
    pageOp: new Uint8Array(n + 1),
    addrSerial: new Float64Array(n + 1).fill(-1),
    addrObject: new Int32Array(n + 1),
  };
  for (let k = 0; k < n; k++) text.indexAt[starts[k]!] = k;
  for (let f = 0; f < fns.length; f++) {
    text.funcNregs[f] = Math.max(1, Math.min(256, fns[f]!.nregs));
    text.funcEntry[f] = text.indexAt[fns[f]!.address - textBase] ?? -1;
  }
  // The instruction after the last one is an invalid opcode: running off the end of text faults.
  text.op[n] = 255;
  text.address[n] = n > 0 ? textBase + starts[n - 1]! + instructionLengthAt(bytes, starts[n - 1]!) : textBase;

  for (let k = 0; k < n; k++) {
    const off = starts[k]!;
    const ins = decode(bytes, off, textBase)!;
    const kinds = OPS[ins.op]!.operands as string;
    text.op[k] = ins.op;
    text.func[k] = funcOf[k]!;
    text.address[k] = textBase + off;
    let reg = 0;
    let imms = 0;
    for (let j = 0; j < kinds.length; j++) {
      const kind = kinds[j] as OperandKind;
      const v = ins.operands[j]!;
      switch (kind) {
        case 'r':
        case 'b':
          if (reg === 0) text.a[k] = Number(v);
          else if (reg === 1) text.b[k] = Number(v);
          else text.c[k] = Number(v);
          reg++;
          break;
        case 't':
          text.target[k] = text.indexAt[Number(v) - textBase] ?? -1;
          if (Number(v) < textBase) text.target[k] = -1;
          break;
        case 'l': {
          const big = v as bigint;
          if (big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)) text.imm[k] = Number(big);
          else {
            text.imm[k] = NaN;
            text.bigImm.set(k, big);
          }
          imms++;
          break;
        }
        case 'i':
        case 'u':
        case 'h':
        case 'd':
          if (imms === 0) text.imm[k] = Number(v);
          else text.c[k] = Number(v);
          imms++;
          break;
      }
    }
    if (ins.op === Op.CALL) {
      // CALL's operands are (target, d): d landed in a. Add the caller's window size and the callee.
      text.b[k] = text.funcNregs[funcOf[k]!]!;
      const t = text.target[k]!;
      text.c[k] = t >= 0 ? funcOf[t]! : -1;
    } else if (ins.op === Op.CALLR) {
      text.c[k] = text.funcNregs[funcOf[k]!]!;
    } else if (kinds.includes('t')) {
      const t = text.target[k]!;
      text.c[k] = t >= 0 && pageOf(textBase + starts[t]!) !== pageOf(textBase + off) ? 1 : 0;
    }
  }
  // PAGE_ENTRY patches: the first instruction starting on a page, if the previous one can fall into it.
  for (let k = 1; k < n; k++) {
    if (pageOf(text.address[k]!) !== pageOf(text.address[k - 1]!) && fallsThrough(text.op[k - 1]!)) {
      text.pageOp[k] = text.op[k]!;
      text.op[k] = PAGE_ENTRY;
    }
  }
  return text;
}

function instructionLengthAt(bytes: Uint8Array, off: number): number {
  return decode(bytes, off, 0)?.length ?? 1;
}

function pageOf(address: number): number {
  return Math.floor(address / PAGE);
}

/** False for instructions after which control never reaches the next one in sequence. */
function fallsThrough(op: number): boolean {
  return op !== Op.JMP && op !== Op.RET && op !== Op.RETV && op !== Op.TRAP && op !== Op.NATIVE;
}

/** The real opcode of instruction k, looking through patches. */
export function realOp(text: DecodedText, k: number): number {
  let o = text.op[k]!;
  if (o === BREAK) o = text.breakOp[k]!;
  if (o === PAGE_ENTRY) o = text.pageOp[k]!;
  return o;
}
