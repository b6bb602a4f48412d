// The CPU: one tight dispatch loop over the decoded text, with the MMU and memcheck inlined.
//
// How it works. `execute(budget)` is the dispatcher: where the JIT has compiled code for pc (jit.ts) it
// runs that, elsewhere the interpreter. `interpret` copies the hot state into locals (pc, sp, fp, the
// register window base, the typed arrays of registers, text, physical memory, shadow, TLB and object
// table), then runs `switch (op[pc])` until the budget is spent, something stops it, or control enters
// compiled code. Case labels are numeric literals (the opcode of isa.ts in the comment beside each)
// because V8 only compiles a switch into a jump table when its labels are literals; a unit test checks
// every label against isa.ts. The loop is one long function on purpose: splitting the cases into
// functions would put a call in every instruction.
//
// Fast paths. Every load and store makes the same inline checks, in order:
//   TLB hit for the access kind (`Math.floor(va / 4096)`, index, compare — see memory/tlb.ts; the fast
//   paths test cpu-tlb.ts's copies of the tags, which hide the pages of watchpoints)
//   naturally aligned (so it never crosses a page)
//   the base register's provenance tag: in bounds of the object and the object alive (three reads)
//   shadow: a load needs all bytes addressable and defined (one Uint32Array read for 4 bytes); a store
//   needs them addressable and the stored register fully defined
//   pointer tags: a narrow store needs an untagged slot; an 8-byte store that changes the slot's tag
//   keeps the pointer counts out of line (machine/lost-pointers.ts: the leak moment)
// then one typed-array access. Anything else — a TLB miss, a fault, an error to report, undefined bytes,
// a 64-bit value beyond 2^53 — goes to the out-of-line slow path (access.ts), which redoes the access
// in full generality. The slow path is exact; the fast path is only the common case of it.
//
// Instruction fetch. Decoding happened once at load, so fetching an instruction costs nothing; but
// control entering a text page goes through the MMU's execute check: CALL, CALLR and RET look up their
// target in the TLB (execute tags), jumps do when their target is on another page (decode.ts marks
// them), and falling through into a new page happens at a PAGE_ENTRY-patched instruction.
//
// RET and a releasing ADJSP remove the pointer tags of the stack they free (memory below sp is dead),
// after a quick look for any tag at all; a block whose last pointer that was is reported as a leak.
//
// Faults. Slow paths throw (MemoryFault, ProcessExit, ProcessKill); the one try/catch around the loop
// stores pc/sp/fp back and hands the exception to `ended`. Instructions do their checks before changing
// any state, so after a fault the architectural state is exactly that of the faulting instruction.
//
// The JIT reuses these same inline sequences per instruction with the operands as constants, and hands
// every other case back to `step1` (one instruction, interpreted); docs/performance.md has the numbers.

import type { Program } from '../program';
import type { ErrorKind, RuntimeError } from '../errors';
import type { NativeSpec } from '../libc/native';
import type { ErrorLog } from '../check/error-log';
import type { Symbols } from './symbols';
import type { MachineNativeCall } from './native-call';
import type { KernelFunction } from './syscalls';
import type { Jit } from './jit';
import type { Kernel } from './kernel';
import type { PhysicalMemory } from '../memory/physical';
import type { CpuTlb } from './cpu-tlb';
import type { Watchpoints } from './watchpoints';
import type { ShadowMemory } from '../check/shadow';
import { DEAD } from '../check/objects';
import type { DecodedText } from './decode';
import type { Process } from './process';
import { accessSlow, fetchSlow, fetchReturn, pushSlow, readLinksSlow, markFrameSlow, copyBytes, zeroBytes } from './access';
import { binary64, compare64, divisionOverflows, unary64, doubleToInt64, doubleToUint64, bitwiseSafe, canonical, fromHalves, storeHalves } from './int64';
import { runNative, localObject, endByReturn, reportUninitialised, raiseFpe, badInstruction, stackOverflow, nonInstructionTarget, trap } from './calls';
import { ended } from './ending';
import { storeTag, releaseStack, releaseArguments } from './lost-pointers';

export const STOP_BUDGET = 0;
export const STOP_BREAK = 1;
export const STOP_REQUEST = 2;
export const STOP_END = 3;
/** The interpreter reached code the JIT compiled (internal to execute). */
const STOP_JIT = 4;

const INV_PAGE = 1 / 4096;
const TWO_M32 = 1 / 4294967296;
const SAFE = 9007199254740991;
const HALF_SAFE = 4503599627370496;
/** Access size of the memory ops LD8S (85) … STF64 (98), by opcode. */
const SIZE = new Uint8Array(256);
SIZE.set([1, 1, 2, 2, 4, 8, 4, 8, 1, 2, 4, 8, 4, 8], 85);
/** 2^k for shift counts. */
const POW2 = new Float64Array(64).map((_, k) => 2 ** k);

export class Cpu {
  /** The process being run. */
  proc!: Process;
  /** Instructions executed by this CPU (all processes). */
  steps = 0;
  /** Set by slow paths that want the loop to return after the current instruction. */
  stopRequested = false;
  /** Resuming at a breakpoint: run the instruction under it once. */
  skipBreakAt = -1;
  /** Size of the access being made by a slow path (for fault messages). */
  accessSize = 0;
  /** Activation serials, machine-wide so that forked processes never share one. */
  serial = 0;
  /** Report non-fatal errors by stopping (a debugger session) rather than only logging them. */
  stopOnErrors = false;
  /** The error that made the loop stop, with stopOnErrors (`pendingRepeat`: not its first occurrence at its site). */
  pendingError: RuntimeError | undefined;
  pendingRepeat = false;
  /** Name of the library function running, while a NATIVE executes. */
  nativeName: string | undefined;
  nativeCall!: MachineNativeCall;
  /** Library functions by NATIVE index, looked up once. */
  readonly nativeTable: ({ name: string; kernel: KernelFunction | undefined; spec: NativeSpec | undefined } | undefined)[] = [];
  /** The JIT, and whether compiled code may run (not while breakpoint patches are set). */
  jit: Jit | undefined;
  jitOn = false;
  /** True while the JIT warms a new region up (its slow block then executes nothing). */
  warming = false;
  /** Control transfers into a function before the JIT compiles it. */
  jitThreshold = 40;
  /** The process table and scheduler (fork, wait, exit: kernel.ts). */
  os!: Kernel;
  /** Watched ranges (watchpoints.ts): slow paths report their accesses to it while it is active. */
  watch!: Watchpoints;
  /** Error kinds that stop at every occurrence, not only the first at each site (with stopOnErrors). */
  stopOnRepeats: ReadonlySet<ErrorKind> = new Set();

  constructor(
    readonly program: Program,
    readonly text: DecodedText,
    readonly symbols: Symbols,
    readonly mem: PhysicalMemory,
    readonly shadow: ShadowMemory,
    readonly tlb: CpuTlb,
    readonly errors: ErrorLog,
    readonly natives: Readonly<Record<string, NativeSpec>>,
    readonly kernel: Readonly<Record<string, KernelFunction>>,
  ) {}

  /**
   * Runs at most `budget` instructions of the current process; returns a STOP_ code. Compiled code (jit.ts)
   * runs where it exists, the interpreter everywhere else; both keep the same state and counters.
   */
  execute(budget: number): number {
    const limit = this.steps + budget;
    if (!this.jitOn || !this.jit) return this.interpret(limit);
    const jit = this.jit;
    for (;;) {
      if (this.stopRequested) return STOP_REQUEST;
      if (this.steps >= limit) return STOP_BUDGET;
      const S = this.proc.state;
      const code = jit.entry[S.pc];
      if (code !== undefined) {
        if (S.base + 512 > S.R.length) S.growRegisters(S.base + 512);
        const before = this.steps;
        const at = S.pc;
        try {
          if (code(this, S, limit, at) === STOP_END) return STOP_END;
        } catch (e) {
          ended(this, e);
          return STOP_END;
        }
        if (this.steps !== before || S.pc !== at) continue;
        // The next block does not fit in the budget: the interpreter finishes exactly at the limit.
      }
      const c = this.interpret(limit);
      if (c !== STOP_JIT) return c;
    }
  }

  /**
   * Executes the one instruction at pc with the interpreter (compiled code's way out of every case its
   * fast paths do not handle). Returns the interpreter's STOP_ code; STOP_END if the process ended.
   */
  step1(): number {
    const S = this.proc.state;
    const k = S.pc;
    const text = this.text;
    const o = text.op[k]!;
    if (o >= 85 && o <= 98) {
      // A load or store (the common case: a TLB miss): exactly what the interpreter does when its fast
      // path fails, without entering the interpreter.
      const bb = text.b[k]!;
      const imm = text.imm[k]!;
      let va: number;
      let t = 0;
      if (bb === 255) va = S.fp + imm;
      else if (bb === 254) va = S.sp + imm;
      else if (bb === 253) va = imm;
      else {
        const rb = S.base + bb;
        va = S.R[rb]! + imm;
        t = S.T[rb]!;
        if (S.M[rb] !== 0) reportUninitialised(this, 'address');
      }
      this.steps++;
      try {
        accessSlow(this, o, va, t, S.base + text.a[k]!);
      } catch (e) {
        ended(this, e);
        return STOP_END;
      }
      S.pc = k + 1;
      return this.stopRequested ? STOP_REQUEST : STOP_BUDGET;
    }
    return this.interpret(this.steps + 1);
  }

  /** Interprets exactly the next `n` instructions (fewer if control leaves for compiled code or stops). */
  interpretN(n: number): number {
    return this.interpret(this.steps + n);
  }

  /** True if compiled code exists at pc (compiling its function when it has become hot). */
  private toJit(pc: number): boolean {
    const jit = this.jit!;
    if (jit.entry[pc] !== undefined) return true;
    const f = this.text.func[pc]!;
    if (f < 0 || ++jit.heat[f]! < this.jitThreshold) return false;
    return jit.compile(f) && jit.entry[pc] !== undefined;
  }

  /** The interpreter: runs until `limit` steps, a stop, or (with the JIT on) a transfer into compiled code. */
  private interpret(lim: number): number {
    const S = this.proc.state;
    const jitOn = this.jitOn && this.jit !== undefined;
    const text = this.text;
    const OP = text.op;
    const A = text.a;
    const B = text.b;
    const C = text.c;
    const IMM = text.imm;
    const TGT = text.target;
    const ADDRS = text.address;
    const INDEX = text.indexAt;
    const textBase = text.textBase;
    const textSize = INDEX.length;
    const mem = this.mem;
    const u8 = mem.bytes;
    const i16 = mem.i16;
    const u16 = mem.u16;
    const i32 = mem.i32;
    const f32 = mem.f32;
    const f64 = mem.f64;
    const sh8 = this.shadow.state;
    const sh16 = this.shadow.state16;
    const sh32 = this.shadow.state32;
    const tags = this.shadow.tags;
    const tlb = this.tlb;
    // Data accesses test the fast tags: pages with a watched byte never hit there (cpu-tlb.ts).
    const rtag = tlb.fastRead;
    const wtag = tlb.fastWrite;
    const xtag = tlb.execTag;
    const fbase = tlb.frameBase;
    const tmask = tlb.mask;
    // The LRU policy needs every hit's instruction count (memory/tlb.ts, "Last use").
    const tstamp = tlb.stamp;
    const lru = tlb.stampHits;
    const stackLimit = this.proc.space.stack.limit;
    const objs = this.proc.objects;
    let os = objs.start;
    let oe = objs.end;
    let ost = objs.state;
    let orc = objs.refs;
    let R = S.R;
    let M = S.M;
    let T = S.T;
    const big = S.big;
    let csBase = S.csBase;
    let csDest = S.csDest;
    let csFunc = S.csFunc;
    let csReturn = S.csReturn;
    let csEntrySp = S.csEntrySp;
    let csSerial = S.csSerial;
    let csLocals = S.csLocals;
    let pc = S.pc;
    let sp = S.sp;
    let fp = S.fp;
    let base = S.base;
    let depth = S.depth;
    let hits = 0;
    let steps = this.steps;
    let limit = lim;
    let stop = STOP_BUDGET;

    try {
      outer: while (steps < limit) {
        steps++;
        let o = OP[pc]!;
        for (;;) {
          switch (o) {
            case 0 /* NOP */:
              pc++;
              break;
            case 1 /* MOV */: {
              const d = base + A[pc]!;
              const s = base + B[pc]!;
              const v = R[s]!;
              R[d] = v;
              M[d] = M[s]!;
              T[d] = T[s]!;
              if (v !== v) big[d] = big[s];
              pc++;
              break;
            }
            case 2 /* LI */: {
              const d = base + A[pc]!;
              R[d] = IMM[pc]!;
              M[d] = 0;
              T[d] = 0;
              pc++;
              break;
            }
            case 3 /* LI64 */: {
              const d = base + A[pc]!;
              const v = IMM[pc]!;
              R[d] = v;
              if (v !== v) big[d] = text.bigImm.get(pc);
              M[d] = 0;
              T[d] = 0;
              pc++;
              break;
            }
            case 4 /* LIF */: {
              const d = base + A[pc]!;
              R[d] = IMM[pc]!;
              M[d] = 0;
              T[d] = 0;
              pc++;
              break;
            }
            case 5 /* ADDR */: {
              const d = base + A[pc]!;
              const bb = B[pc]!;
              M[d] = 0;
              if (bb === 255) {
                R[d] = fp + IMM[pc]!;
                if (C[pc] === 0) T[d] = 0;
                else if (text.addrSerial[pc] === csSerial[depth]) T[d] = text.addrObject[pc]!;
                else {
                  S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                  T[d] = localObject(this, pc);
                  os = objs.start; oe = objs.end; ost = objs.state; orc = objs.refs;
                }
              } else if (bb === 253) {
                R[d] = IMM[pc]!;
                T[d] = C[pc]!;
              } else if (bb === 254) {
                R[d] = sp + IMM[pc]!;
                T[d] = 0;
              } else {
                const s = base + bb;
                R[d] = R[s]! + IMM[pc]!;
                T[d] = T[s]!;
                M[d] = M[s]!;
              }
              pc++;
              break;
            }

            // ---- 32-bit integer arithmetic ----
            case 6 /* ADD32 */: case 7 /* SUB32 */: case 8 /* MUL32 */: case 13 /* AND32 */: case 14 /* OR32 */:
            case 15 /* XOR32 */: case 16 /* SHL32 */: case 17 /* SHRS32 */: case 18 /* SHRU32 */: {
              const d = base + A[pc]!;
              const x = R[base + B[pc]!]!;
              const y = R[base + C[pc]!]!;
              switch (o) {
                case 6: R[d] = (x + y) | 0; break;
                case 7: R[d] = (x - y) | 0; break;
                case 8: R[d] = Math.imul(x, y); break;
                case 13: R[d] = x & y; break;
                case 14: R[d] = x | y; break;
                case 15: R[d] = x ^ y; break;
                case 16: R[d] = x << (y & 31); break;
                case 17: R[d] = x >> (y & 31); break;
                default: R[d] = (x >>> (y & 31)) | 0; break;
              }
              M[d] = (M[base + B[pc]!]! | M[base + C[pc]!]!) === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }
            case 9 /* DIVS32 */: case 10 /* DIVU32 */: case 11 /* REMS32 */: case 12 /* REMU32 */: {
              const d = base + A[pc]!;
              const x = R[base + B[pc]!]!;
              const y = R[base + C[pc]!]!;
              if (M[base + C[pc]!] !== 0) {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                reportUninitialised(this, 'divisor');
                if (this.stopRequested) limit = 0;
              }
              if (y === 0 || ((o === 9 || o === 11) && x === -2147483648 && y === -1)) {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                throw raiseFpe(this, y === 0);
              }
              switch (o) {
                case 9: R[d] = (x / y) | 0; break;
                case 10: R[d] = ((x >>> 0) / (y >>> 0)) | 0; break;
                case 11: R[d] = (x % y) | 0; break;
                default: R[d] = ((x >>> 0) % (y >>> 0)) | 0; break;
              }
              M[d] = (M[base + B[pc]!]! | M[base + C[pc]!]!) === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }

            // ---- 64-bit integer arithmetic ----
            case 19 /* ADD64 */: case 20 /* SUB64 */: case 21 /* MUL64 */: case 32 /* PDIFF */: {
              const d = base + A[pc]!;
              const rb = base + B[pc]!;
              const rc = base + C[pc]!;
              const x = R[rb]!;
              const y = R[rc]!;
              const v = o === 19 ? x + y : o === 21 ? x * y + 0 : x - y;
              if (v >= -SAFE && v <= SAFE) R[d] = v;
              else this.set64(d, binary64(o, S.bigValue(rb), S.bigValue(rc)));
              M[d] = (M[rb]! | M[rc]!) === 0 ? 0 : 255;
              T[d] = o === 19 || o === 20 ? T[rb]! : 0;
              pc++;
              break;
            }
            case 22 /* DIVS64 */: case 23 /* DIVU64 */: case 24 /* REMS64 */: case 25 /* REMU64 */: {
              const d = base + A[pc]!;
              const rb = base + B[pc]!;
              const rc = base + C[pc]!;
              const x = R[rb]!;
              const y = R[rc]!;
              if (M[rc] !== 0) {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                reportUninitialised(this, 'divisor');
                if (this.stopRequested) limit = 0;
              }
              if (y === 0) {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                throw raiseFpe(this, true);
              }
              if (x >= -HALF_SAFE && x <= HALF_SAFE && y >= -SAFE && y <= SAFE && ((o !== 23 && o !== 25) || (x >= 0 && y > 0))) {
                R[d] = o === 22 || o === 23 ? Math.trunc(x / y) + 0 : (x % y) + 0;
              } else {
                const bx = S.bigValue(rb);
                const by = S.bigValue(rc);
                if ((o === 22 || o === 24) && divisionOverflows(bx, by)) {
                  S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                  throw raiseFpe(this, false);
                }
                this.set64(d, binary64(o, bx, by));
              }
              M[d] = (M[rb]! | M[rc]!) === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }
            case 26 /* AND64 */: case 27 /* OR64 */: case 28 /* XOR64 */: {
              const d = base + A[pc]!;
              const rb = base + B[pc]!;
              const rc = base + C[pc]!;
              const x = R[rb]!;
              const y = R[rc]!;
              if ((x | 0) === x && (y | 0) === y) R[d] = o === 26 ? x & y : o === 27 ? x | y : x ^ y;
              else if (x === x && y === y) R[d] = bitwiseSafe(o, x, y);
              else this.set64(d, binary64(o, S.bigValue(rb), S.bigValue(rc)));
              M[d] = M[rb]! | M[rc]!;
              T[d] = 0;
              pc++;
              break;
            }
            case 29 /* SHL64 */: case 30 /* SHRS64 */: case 31 /* SHRU64 */: {
              const d = base + A[pc]!;
              const rb = base + B[pc]!;
              const rc = base + C[pc]!;
              const x = R[rb]!;
              const y = R[rc]!;
              let v = NaN;
              if (x === x && y === y) {
                const k = POW2[y & 63]!;
                if (o === 29) v = x * k;
                else if (o === 30 || x >= 0) v = Math.floor(x / k);
              }
              if (v >= -SAFE && v <= SAFE) R[d] = v + 0;
              else this.set64(d, binary64(o, S.bigValue(rb), S.bigValue(rc)));
              M[d] = (M[rb]! | M[rc]!) === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }

            // ---- immediate forms ----
            case 33 /* ADDI32 */: {
              const d = base + A[pc]!;
              const s = base + B[pc]!;
              R[d] = (R[s]! + IMM[pc]!) | 0;
              M[d] = M[s]! === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }
            case 34 /* ADDI64 */: {
              const d = base + A[pc]!;
              const s = base + B[pc]!;
              const v = R[s]! + IMM[pc]!;
              if (v >= -SAFE && v <= SAFE) R[d] = v;
              else this.set64(d, binary64(o, S.bigValue(s), BigInt(IMM[pc]!)));
              M[d] = M[s]! === 0 ? 0 : 255;
              T[d] = T[s]!;
              pc++;
              break;
            }
            case 35 /* MULI32 */: {
              const d = base + A[pc]!;
              const s = base + B[pc]!;
              R[d] = Math.imul(R[s]!, IMM[pc]!);
              M[d] = M[s]! === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }
            case 36 /* MULI64 */: {
              const d = base + A[pc]!;
              const s = base + B[pc]!;
              const v = R[s]! * IMM[pc]! + 0;
              if (v >= -SAFE && v <= SAFE) R[d] = v;
              else this.set64(d, binary64(o, S.bigValue(s), BigInt(IMM[pc]!)));
              M[d] = M[s]! === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }

            // ---- floating point ----
            case 37 /* ADDF */: case 38 /* SUBF */: case 39 /* MULF */: case 40 /* DIVF */:
            case 41 /* ADDF32 */: case 42 /* SUBF32 */: case 43 /* MULF32 */: case 44 /* DIVF32 */: {
              const d = base + A[pc]!;
              const rb = base + B[pc]!;
              const rc = base + C[pc]!;
              const x = R[rb]!;
              const y = R[rc]!;
              switch (o) {
                case 37: R[d] = x + y; break;
                case 38: R[d] = x - y; break;
                case 39: R[d] = x * y; break;
                case 40: R[d] = x / y; break;
                case 41: R[d] = Math.fround(x + y); break;
                case 42: R[d] = Math.fround(x - y); break;
                case 43: R[d] = Math.fround(x * y); break;
                default: R[d] = Math.fround(x / y); break;
              }
              M[d] = (M[rb]! | M[rc]!) === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }

            // ---- comparisons ----
            case 45 /* EQ32 */: case 46 /* NE32 */: case 47 /* LTS32 */: case 48 /* LES32 */: case 49 /* LTU32 */: case 50 /* LEU32 */:
            case 57 /* EQF */: case 58 /* NEF */: case 59 /* LTF */: case 60 /* LEF */: {
              const d = base + A[pc]!;
              const rb = base + B[pc]!;
              const rc = base + C[pc]!;
              const x = R[rb]!;
              const y = R[rc]!;
              let r: boolean;
              switch (o) {
                case 45: case 57: r = x === y; break;
                case 46: case 58: r = x !== y; break;
                case 47: case 59: r = x < y; break;
                case 48: case 60: r = x <= y; break;
                case 49: r = x >>> 0 < y >>> 0; break;
                default: r = x >>> 0 <= y >>> 0; break;
              }
              R[d] = r ? 1 : 0;
              M[d] = (M[rb]! | M[rc]!) === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }
            case 51 /* EQ64 */: case 52 /* NE64 */: case 53 /* LTS64 */: case 54 /* LES64 */: case 55 /* LTU64 */: case 56 /* LEU64 */: {
              const d = base + A[pc]!;
              const rb = base + B[pc]!;
              const rc = base + C[pc]!;
              const x = R[rb]!;
              const y = R[rc]!;
              let r: boolean;
              if (x === x && y === y) {
                switch (o) {
                  case 51: r = x === y; break;
                  case 52: r = x !== y; break;
                  case 53: r = x < y; break;
                  case 54: r = x <= y; break;
                  case 55: r = x >= 0 === y >= 0 ? x < y : x >= 0; break;
                  default: r = x >= 0 === y >= 0 ? x <= y : x >= 0; break;
                }
              } else r = compare64(o, S.bigValue(rb), S.bigValue(rc));
              R[d] = r ? 1 : 0;
              M[d] = (M[rb]! | M[rc]!) === 0 ? 0 : 255;
              T[d] = 0;
              pc++;
              break;
            }

            // ---- unary operations and conversions ----
            case 61 /* NEG32 */: case 62 /* NEG64 */: case 63 /* NEGF */: case 64 /* NOT32 */: case 65 /* NOT64 */:
            case 66 /* BOOL32 */: case 67 /* BOOL64 */: case 68 /* BOOLF */: case 69 /* SEXT8 */: case 70 /* ZEXT8 */:
            case 71 /* SEXT16 */: case 72 /* ZEXT16 */: case 73 /* SEXT32 */: case 74 /* ZEXT32 */: case 75 /* TRUNC32 */:
            case 76 /* CVTI32F */: case 77 /* CVTU32F */: case 78 /* CVTI64F */: case 79 /* CVTU64F */: case 80 /* CVTFI32 */:
            case 81 /* CVTFU32 */: case 82 /* CVTFI64 */: case 83 /* CVTFU64 */: case 84 /* CVTFF32 */: {
              const d = base + A[pc]!;
              const s = base + B[pc]!;
              const x = R[s]!;
              const m = M[s]!;
              let mask = m === 0 ? 0 : 255;
              switch (o) {
                case 61: R[d] = -x | 0; break;
                case 62: if (x === x) R[d] = 0 - x; else this.set64(d, unary64(o, S.bigValue(s))); break;
                case 63: R[d] = -x; break;
                case 64: R[d] = ~x; break;
                case 65: if (x === x && x < SAFE) R[d] = -x - 1; else this.set64(d, unary64(o, S.bigValue(s))); break;
                case 66: case 67: case 68: R[d] = x !== 0 ? 1 : 0; break;
                case 69: R[d] = (x << 24) >> 24; mask = m & 1 ? 255 : 0; break;
                case 70: R[d] = x & 255; mask = m & 1; break;
                case 71: R[d] = (x << 16) >> 16; mask = m & 3 ? 255 : 0; break;
                case 72: R[d] = x & 65535; mask = m & 3; break;
                case 73: R[d] = x; mask = m & 15 ? 255 : 0; break;
                case 74: R[d] = x >>> 0; mask = m & 15; break;
                case 75: R[d] = x === x ? x | 0 : Number(BigInt.asIntN(32, S.bigValue(s))); mask = m & 15; break;
                case 76: R[d] = x; break;
                case 77: R[d] = x >>> 0; break;
                case 78: R[d] = x === x ? x : Number(S.bigValue(s)); break;
                case 79: R[d] = x === x && x >= 0 ? x : Number(BigInt.asUintN(64, S.bigValue(s))); break;
                case 80: R[d] = x > -2147483649 && x < 2147483648 ? x | 0 : -2147483648; break;
                case 81: R[d] = x > -9223372036854777856 && x < 9223372036854775808 ? Math.trunc(x) | 0 : 0; break;
                case 82: {
                  const t = Math.trunc(x) + 0;
                  if (t >= -SAFE && t <= SAFE) R[d] = t;
                  else this.set64(d, doubleToInt64(x));
                  break;
                }
                case 83: {
                  const t = Math.trunc(x) + 0;
                  if (t >= 0 && t <= SAFE) R[d] = t;
                  else this.set64(d, doubleToUint64(x));
                  break;
                }
                default: R[d] = Math.fround(x); break;
              }
              M[d] = mask;
              T[d] = 0;
              pc++;
              break;
            }

            // ---- memory ----
            case 85 /* LD8S */: case 86 /* LD8U */: case 87 /* LD16S */: case 88 /* LD16U */: case 89 /* LD32 */:
            case 90 /* LD64 */: case 91 /* LDF32 */: case 92 /* LDF64 */: case 93 /* ST8 */: case 94 /* ST16 */:
            case 95 /* ST32 */: case 96 /* ST64 */: case 97 /* STF32 */: case 98 /* STF64 */: {
              const bb = B[pc]!;
              let va: number;
              let t = 0;
              if (bb === 255) va = fp + IMM[pc]!;
              else if (bb < 253) {
                const rb = base + bb;
                va = R[rb]! + IMM[pc]!;
                t = T[rb]!;
                if (M[rb] !== 0) {
                  S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                  reportUninitialised(this, 'address');
                  if (this.stopRequested) limit = 0;
                }
              } else va = (bb === 254 ? sp : 0) + IMM[pc]!;
              const r = base + A[pc]!;
              const vpn = Math.floor(va * INV_PAGE);
              const ti = vpn & tmask;
              let done = false;
              if ((o < 93 ? rtag[ti] : wtag[ti]) === vpn) {
                const p = fbase[ti]! + (va - vpn * 4096);
                const size = SIZE[o]!;
                if ((p & (size - 1)) === 0 && (t === 0 || (va >= os[t]! && va + size <= oe[t]! && ost[t] === 0))) {
                  done = true;
                  switch (o) {
                    case 85:
                      if (sh8[p] !== 0) { done = false; break; }
                      R[r] = (u8[p]! << 24) >> 24; M[r] = 0; T[r] = 0;
                      break;
                    case 86:
                      if (sh8[p] !== 0) { done = false; break; }
                      R[r] = u8[p]!; M[r] = 0; T[r] = 0;
                      break;
                    case 87:
                      if (sh16[p >> 1] !== 0) { done = false; break; }
                      R[r] = i16[p >> 1]!; M[r] = 0; T[r] = 0;
                      break;
                    case 88:
                      if (sh16[p >> 1] !== 0) { done = false; break; }
                      R[r] = u16[p >> 1]!; M[r] = 0; T[r] = 0;
                      break;
                    case 89:
                      if (sh32[p >> 2] !== 0) { done = false; break; }
                      R[r] = i32[p >> 2]!; M[r] = 0; T[r] = 0;
                      break;
                    case 90: {
                      const q = p >> 2;
                      const hi = i32[q + 1]!;
                      if ((sh32[q]! | sh32[q + 1]!) !== 0) { done = false; break; }
                      const v = hi * 4294967296 + (i32[q]! >>> 0);
                      if (v >= -SAFE && v <= SAFE) R[r] = v;
                      else {
                        R[r] = NaN;
                        big[r] = fromHalves(i32[q]!, hi);
                      }
                      M[r] = 0; T[r] = tags[p >> 3]!;
                      break;
                    }
                    case 91:
                      if (sh32[p >> 2] !== 0) { done = false; break; }
                      R[r] = f32[p >> 2]!; M[r] = 0; T[r] = 0;
                      break;
                    case 92:
                      if ((sh32[p >> 2]! | sh32[(p >> 2) + 1]!) !== 0) { done = false; break; }
                      R[r] = f64[p >> 3]!; M[r] = 0; T[r] = 0;
                      break;
                    case 93:
                      if ((sh8[p]! & 2) !== 0 || M[r] !== 0 || tags[p >> 3] !== 0) { done = false; break; }
                      u8[p] = R[r]!; sh8[p] = 0;
                      break;
                    case 94:
                      if ((sh16[p >> 1]! & 0x0202) !== 0 || M[r] !== 0 || tags[p >> 3] !== 0) { done = false; break; }
                      u16[p >> 1] = R[r]!; sh16[p >> 1] = 0;
                      break;
                    case 95:
                      if ((sh32[p >> 2]! & 0x02020202) !== 0 || M[r] !== 0 || tags[p >> 3] !== 0) { done = false; break; }
                      i32[p >> 2] = R[r]!; sh32[p >> 2] = 0;
                      break;
                    case 96: {
                      const q = p >> 2;
                      const v = R[r]!;
                      if (((sh32[q]! | sh32[q + 1]!) & 0x02020202) !== 0 || M[r] !== 0) { done = false; break; }
                      if (v === v) {
                        const hi = Math.floor(v * TWO_M32);
                        i32[q] = v - hi * 4294967296; i32[q + 1] = hi;
                      } else storeHalves(i32, q, big[r] ?? 0n);
                      sh32[q] = 0; sh32[q + 1] = 0;
                      // A pointer tag that changes is counted; one that replaces another may be a block's
                      // last pointer going (lost-pointers.ts).
                      const nt = T[r]!;
                      const ot = tags[p >> 3]!;
                      if (ot !== nt) {
                        if (ot === 0) {
                          tags[p >> 3] = nt;
                          orc[nt]++;
                        } else {
                          S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                          storeTag(this, p >> 3, nt, va);
                          if (this.stopRequested) limit = 0;
                        }
                      }
                      break;
                    }
                    case 97:
                      if ((sh32[p >> 2]! & 0x02020202) !== 0 || M[r] !== 0 || tags[p >> 3] !== 0) { done = false; break; }
                      f32[p >> 2] = R[r]!; sh32[p >> 2] = 0;
                      break;
                    default: {
                      const q = p >> 2;
                      if (((sh32[q]! | sh32[q + 1]!) & 0x02020202) !== 0 || M[r] !== 0 || tags[p >> 3] !== 0) { done = false; break; }
                      f64[p >> 3] = R[r]!; sh32[q] = 0; sh32[q + 1] = 0;
                      break;
                    }
                  }
                }
              }
              if (done) { hits++; if (lru) tstamp[ti] = steps; }
              else {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                accessSlow(this, o, va, t, r);
                if (this.stopRequested) limit = 0;
              }
              pc++;
              break;
            }
            case 99 /* COPY */: case 100 /* ZERO */: {
              S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
              if (o === 99) copyBytes(this, base + A[pc]!, base + B[pc]!, IMM[pc]!);
              else zeroBytes(this, base + A[pc]!, IMM[pc]!);
              if (this.stopRequested) limit = 0;
              pc++;
              break;
            }

            // ---- control flow ----
            case 101 /* JMP */: {
              const c = C[pc]!;
              pc = TGT[pc]!;
              if (c !== 0) {
                const fa = ADDRS[pc]!;
                const fv = Math.floor(fa * INV_PAGE);
                if (xtag[fv & tmask] === fv) { hits++; if (lru) tstamp[fv & tmask] = steps; }
                else { S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps; fetchSlow(this, fa); }
              }
              if (jitOn && this.toJit(pc)) {
                stop = STOP_JIT;
                break outer;
              }
              break;
            }
            case 102 /* JZ */: case 103 /* JNZ */: case 104 /* JEQ32 */: case 105 /* JNE32 */: case 106 /* JLTS32 */:
            case 107 /* JLES32 */: case 108 /* JLTU32 */: case 109 /* JLEU32 */: case 110 /* JEQ64 */: case 111 /* JNE64 */:
            case 112 /* JLTS64 */: case 113 /* JLES64 */: case 114 /* JLTU64 */: case 115 /* JLEU64 */: case 116 /* JEQI32 */:
            case 117 /* JEQI64 */: {
              const ra = base + A[pc]!;
              const x = R[ra]!;
              let taken: boolean;
              let undef: number;
              if (o <= 103 || o >= 116) {
                undef = M[ra]!;
                taken = o === 102 ? x === 0 : o === 103 ? x !== 0 : x === IMM[pc];
              } else {
                const rb = base + B[pc]!;
                const y = R[rb]!;
                undef = M[ra]! | M[rb]!;
                switch (o) {
                  case 104: case 110: taken = x === y; break;
                  case 105: case 111: taken = x !== y; break;
                  case 106: taken = x < y; break;
                  case 107: taken = x <= y; break;
                  case 108: taken = x >>> 0 < y >>> 0; break;
                  case 109: taken = x >>> 0 <= y >>> 0; break;
                  case 112: taken = x < y; break;
                  case 113: taken = x <= y; break;
                  case 114: taken = x >= 0 === y >= 0 ? x < y : x >= 0; break;
                  default: taken = x >= 0 === y >= 0 ? x <= y : x >= 0; break;
                }
                if (o >= 110 && (x !== x || y !== y)) taken = compare64(o, S.bigValue(ra), S.bigValue(rb));
              }
              if (undef !== 0) {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                reportUninitialised(this, 'branch');
                if (this.stopRequested) limit = 0;
              }
              if (taken) {
                const c = C[pc]!;
                pc = TGT[pc]!;
                if (c !== 0) {
                  const fa = ADDRS[pc]!;
                  const fv = Math.floor(fa * INV_PAGE);
                  if (xtag[fv & tmask] === fv) { hits++; if (lru) tstamp[fv & tmask] = steps; }
                  else { S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps; fetchSlow(this, fa); }
                }
                if (jitOn && this.toJit(pc)) {
                  stop = STOP_JIT;
                  break outer;
                }
              } else pc++;
              break;
            }

            // ---- calls ----
            case 118 /* CALL */: case 119 /* CALLR */: {
              let t: number;
              let nregs: number;
              let dest: number;
              if (o === 118) {
                t = TGT[pc]!;
                nregs = B[pc]!;
                dest = A[pc]!;
                if (t < 0) {
                  S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                  throw nonInstructionTarget(this, NaN, 'call');
                }
              } else {
                const ra = base + A[pc]!;
                const fa = R[ra]!;
                if (M[ra] !== 0) {
                  S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                  reportUninitialised(this, 'call');
                  if (this.stopRequested) limit = 0;
                }
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                fetchSlow(this, fa);
                const off = fa - textBase;
                t = off >= 0 && off < textSize ? INDEX[off]! : -1;
                if (t < 0) throw nonInstructionTarget(this, fa, 'call');
                nregs = C[pc]!;
                dest = B[pc]!;
              }
              if (o === 118) {
                const fa = ADDRS[t]!;
                const fv = Math.floor(fa * INV_PAGE);
                if (xtag[fv & tmask] === fv) { hits++; if (lru) tstamp[fv & tmask] = steps; }
                else { S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps; fetchSlow(this, fa); }
              }
              // Push the return address (CALL is a store to the stack, through the MMU).
              const va = sp - 8;
              const ret = ADDRS[pc + 1]!;
              const vpn = Math.floor(va * INV_PAGE);
              const ti = vpn & tmask;
              const p = fbase[ti]! + (va - vpn * 4096);
              if (wtag[ti] === vpn && (p & 7) === 0) {
                const q = p >> 2;
                i32[q] = ret; i32[q + 1] = 0; sh32[q] = 0; sh32[q + 1] = 0; tags[p >> 3] = 0;
                hits++; if (lru) tstamp[ti] = steps;
              } else {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                pushSlow(this, va, ret);
                if (this.stopRequested) limit = 0;
              }
              sp = va;
              depth++;
              if (depth >= csBase.length) {
                S.growCallStack();
                csBase = S.csBase; csDest = S.csDest; csFunc = S.csFunc; csReturn = S.csReturn;
                csEntrySp = S.csEntrySp; csSerial = S.csSerial; csLocals = S.csLocals;
              }
              const nb = base + nregs;
              if (nb + 512 > R.length) {
                S.growRegisters(nb + 512);
                R = S.R; M = S.M; T = S.T;
              }
              csBase[depth] = nb;
              csDest[depth] = dest === 255 ? -1 : base + dest;
              csFunc[depth] = text.func[t]!;
              csReturn[depth] = pc + 1;
              csEntrySp[depth] = sp;
              csSerial[depth] = ++this.serial;
              csLocals[depth] = S.localsTop;
              base = nb;
              pc = t;
              if (jitOn && this.toJit(pc)) {
                stop = STOP_JIT;
                break outer;
              }
              break;
            }
            case 120 /* ENTER */: {
              const size = IMM[pc]!;
              const nfp = sp - 8;
              const nsp = nfp - size;
              if (nsp < stackLimit) {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                throw stackOverflow(this);
              }
              // push fp
              const vpn = Math.floor(nfp * INV_PAGE);
              const ti = vpn & tmask;
              const p = fbase[ti]! + (nfp - vpn * 4096);
              if (wtag[ti] === vpn && (p & 7) === 0) {
                const q = p >> 2;
                const hi = Math.floor(fp * TWO_M32);
                i32[q] = fp - hi * 4294967296; i32[q + 1] = hi; sh32[q] = 0; sh32[q + 1] = 0; tags[p >> 3] = 0;
                hits++; if (lru) tstamp[ti] = steps;
              } else {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                pushSlow(this, nfp, fp);
                if (this.stopRequested) limit = 0;
              }
              fp = nfp;
              sp = nsp;
              // The new locals are addressable and undefined, and hold no pointers.
              if (size > 0) {
                const lv = Math.floor(nsp * INV_PAGE);
                const li = lv & tmask;
                if (wtag[li] === lv && lv === Math.floor((nfp - 1) * INV_PAGE)) {
                  const lp = fbase[li]! + (nsp - lv * 4096);
                  for (let k = lp >> 2, e = (lp + size) >> 2; k < e; k++) sh32[k] = 0x01010101;
                  for (let k = lp >> 3, e = (lp + size) >> 3; k < e; k++) tags[k] = 0;
                } else {
                  S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                  markFrameSlow(this, nsp, size);
                }
              }
              pc++;
              break;
            }
            case 121 /* RET */: case 122 /* RETV */: {
              if (depth === 0) {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                throw endByReturn(this, o === 121 ? R[base + A[pc]!]! : 0);
              }
              // Read the saved fp and the return address from the frame in memory.
              let savedFp: number;
              let ret: number;
              const vpn = Math.floor(fp * INV_PAGE);
              const ti = vpn & tmask;
              const p = fbase[ti]! + (fp - vpn * 4096);
              if (rtag[ti] === vpn && (p & 7) === 0 && (p & 4095) <= 4080 && i32[(p >> 2) + 1]! >>> 21 === 0 && i32[(p >> 2) + 3]! >>> 21 === 0) {
                const q = p >> 2;
                savedFp = i32[q + 1]! * 4294967296 + (i32[q]! >>> 0);
                ret = i32[q + 3]! * 4294967296 + (i32[q + 2]! >>> 0);
                hits++; if (lru) tstamp[ti] = steps;
              } else {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                const links = readLinksSlow(this, fp);
                savedFp = links.savedFp;
                ret = links.ret;
                if (this.stopRequested) limit = 0;
              }
              const fv = Math.floor(ret * INV_PAGE);
              if (xtag[fv & tmask] === fv) { hits++; if (lru) tstamp[fv & tmask] = steps; }
              else { S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps; fetchReturn(this, ret); }
              const off = ret - textBase;
              const t = off >= 0 && off < textSize ? INDEX[off]! : -1;
              if (t < 0) {
                S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                throw nonInstructionTarget(this, ret, 'return');
              }
              // The frame dies: pointers in its slots go (a returned one travels on in a register).
              const dead = fp - sp;
              if (dead > 0) {
                let any = 1;
                const fo = fp - vpn * 4096;
                // Only on a page this process may write without a copy: after fork a shared stack page
                // takes the slow path, which copies it before clearing (a tag is memcheck's, but
                // clearing it in a shared frame would clear the other process's too).
                if (wtag[ti] === vpn && dead <= fo) {
                  any = 0;
                  const top = (fbase[ti]! + fo) >> 3;
                  for (let k = top - (dead >> 3); k < top; k++) {
                    const t = tags[k]!;
                    if (t === 0) continue;
                    // Not the last pointer: just one less (and when, for the exit report's cycles).
                    if (orc[t]! > 1) {
                      orc[t]--;
                      tags[k] = 0;
                      objs.dropSite[t] = pc * 4 + 2;
                      objs.dropSerial[t] = ++objs.drops;
                    } else any = 1;
                  }
                }
                if (any !== 0) {
                  S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                  releaseStack(this, sp, fp, o === 121 ? T[base + A[pc]!]! : 0);
                  if (this.stopRequested) limit = 0;
                }
              }
              const mark = csLocals[depth]!;
              if (S.localsTop > mark) {
                const locals = S.locals;
                for (let k = mark; k < S.localsTop; k++) ost[locals[k]!] = DEAD;
                S.localsTop = mark;
              }
              const dest = csDest[depth]!;
              if (dest >= 0 && o === 121) {
                const s = base + A[pc]!;
                const v = R[s]!;
                R[dest] = v;
                M[dest] = M[s]!;
                T[dest] = T[s]!;
                if (v !== v) big[dest] = big[s];
              }
              depth--;
              base = csBase[depth]!;
              sp = fp + 16;
              fp = savedFp;
              pc = t;
              if (jitOn && this.toJit(pc)) {
                stop = STOP_JIT;
                break outer;
              }
              break;
            }
            case 123 /* ADJSP */: {
              const imm = IMM[pc]!;
              if (imm > 0) {
                // A released argument area is dead: the pointers passed in it go.
                const vpn = Math.floor(sp * INV_PAGE);
                const ti = vpn & tmask;
                const so = sp - vpn * 4096;
                let any = 1;
                if (wtag[ti] === vpn && so + imm <= 4096) {
                  any = 0;
                  const first = (fbase[ti]! + so) >> 3;
                  for (let k = first, e = first + (imm >> 3); k < e; k++) {
                    const t = tags[k]!;
                    if (t === 0) continue;
                    if (orc[t]! > 1) {
                      orc[t]--;
                      tags[k] = 0;
                    } else any = 1;
                  }
                }
                if (any !== 0) {
                  S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
                  releaseArguments(this, sp, sp + imm);
                  if (this.stopRequested) limit = 0;
                }
              }
              sp += imm;
              pc++;
              break;
            }
            case 124 /* NATIVE */: {
              S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
              runNative(this, IMM[pc]!);
              pc = S.pc; sp = S.sp; fp = S.fp; base = S.base; depth = S.depth;
              R = S.R; M = S.M; T = S.T;
              os = objs.start; oe = objs.end; ost = objs.state; orc = objs.refs;
              if (this.stopRequested) limit = 0;
              else if (jitOn && this.toJit(pc)) {
                stop = STOP_JIT;
                break outer;
              }
              break;
            }
            case 125 /* TRAP */:
              if (IMM[pc] === 1 && depth > 0 && csDest[depth] === -1) {
                // Control reached the end of a non-void function whose caller ignores the value: C11
                // 6.9.1p12 allows it, so this is RETV.
                o = 122;
                continue;
              }
              S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
              throw trap(this, IMM[pc]!);

            // ---- patches (decode.ts) ----
            case 200 /* BREAK */:
              if (pc === this.skipBreakAt) {
                this.skipBreakAt = -1;
                o = text.breakOp[pc]!;
                continue;
              }
              steps--;
              stop = STOP_BREAK;
              break outer;
            case 201 /* PAGE_ENTRY */: {
              const fa = ADDRS[pc]!;
              const fv = Math.floor(fa * INV_PAGE);
              if (xtag[fv & tmask] === fv) { hits++; if (lru) tstamp[fv & tmask] = steps; }
              else { S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps; fetchSlow(this, fa); }
              o = text.pageOp[pc]!;
              continue;
            }
            default:
              S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
              throw badInstruction(this);
          }
          break;
        }
      }
    } catch (e) {
      S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
      this.steps = steps;
      tlb.hits += hits;
      ended(this, e);
      return STOP_END;
    }
    S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; this.steps = steps;
    this.steps = steps;
    tlb.hits += hits;
    if (stop === STOP_BUDGET && this.stopRequested) stop = STOP_REQUEST;
    return stop;
  }

  /** Stores an exact 64-bit value into register d (absolute), canonically. */
  set64(d: number, x: bigint): void {
    const v = canonical(x);
    const S = this.proc.state;
    if (typeof v === 'number') S.R[d] = v;
    else {
      S.R[d] = NaN;
      S.big[d] = v;
    }
  }
}
