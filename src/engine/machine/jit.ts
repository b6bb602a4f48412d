// The JIT: hot functions translated into JavaScript source, compiled by V8 with `new Function`.
//
// How it works. A function becomes hot after `jitThreshold` entries through the interpreter (calls and
// jumps into it). It is then cut into regions of at most REGION instructions (`regions`: at block starts,
// never inside a loop that fits), and each region is translated (jit-translate.ts) into one JavaScript
// function whose registers are locals and whose loads and stores are the interpreter's fast paths with
// constant operands. Whatever those fast paths do not handle is executed by the interpreter itself, one
// instruction at a time, so faults, memcheck reports and TLB/step counters are exactly the interpreter's:
// the JIT changes how fast the program runs, never what it does (test/unit/machine/jit.test.ts).
//
// Compiled code is entered by the dispatcher (Cpu.execute) at block starts (`entry`). Calls and returns
// leave it, so the simulated call depth never becomes JavaScript recursion. Budget: each block adds its
// length to the step count on entry, after checking it fits the limit; if not, the interpreter executes
// exactly up to the limit. Compiled code ignores breakpoint patches: it never runs while one is set.
// A TLB miss that needs no fault handling is refilled without leaving compiled code (`refill` below).
//
// Why regions and a warm-up: V8 deoptimizes a function when execution first reaches code it has no type
// feedback for, and recompiles it. Small regions recompile quickly, and each new region runs a dozen
// times through its way out (`warmUp`, changing nothing) so those paths have feedback early.
// Library stubs (NATIVE) are not compiled; calls to them run inline in the caller's region.

import { OPS, Op } from '../compile/isa';
import { DEAD } from '../check/objects';
import type { Cpu } from './cpu';
import type { CpuState } from './state';
import { realOp, type DecodedText } from './decode';
import { translate } from './jit-translate';
import { runNative } from './calls';
import { releaseStack, releaseArguments } from './lost-pointers';
import { retagQuietly } from '../check/pointer-counts';
import { binary64, compare64, unary64, doubleToInt64, doubleToUint64, bitwiseSafe, canonical } from './int64';

/** A compiled region: returns 0, or 3 (STOP_END) when the process ended inside it. */
export type JitFunction = (cpu: Cpu, S: CpuState, limit: number, pc: number) => number;

/** Instructions per compiled region (see `regions`). */
const REGION = 64;


// One 8-byte scratch seen both as a 64-bit integer and as its two 32-bit halves (host order, as memory's
// views): a value beyond 2^53 moves between memory and a bigint with one allocation or none, where
// shifts and masks made four (arith.c's 64-bit hash loads and stores one each iteration).
const scratch64 = new BigInt64Array(1);
const scratch32 = new Int32Array(scratch64.buffer);

/** Helpers the generated code calls, passed once to the generated module. */
function environment(cpu: Cpu) {
  const text = cpu.text;
  return {
    // Fixed for the CPU's life (readonly fields over fixed-size buffers): the regions read them once.
    mem: cpu.mem,
    shadow: cpu.shadow,
    tlb: cpu.tlb,
    runNative,
    bitwiseSafe,
    DEAD,
    POW2: new Float64Array(64).map((_, k) => 2 ** k),
    INDEX: text.indexAt,
    addrSerial: text.addrSerial,
    addrObject: text.addrObject,
    /** Stores a 64-bit value as two 32-bit halves at i32[q], i32[q+1]. */
    storeHalves(i32: Int32Array, q: number, v: bigint): void {
      scratch64[0] = v;
      i32[q] = scratch32[0]!;
      i32[q + 1] = scratch32[1]!;
    },
    /**
     * A pointer store's tag change, counted (check/pointer-counts.ts); false when it would take the last
     * pointer from a live heap block, which the interpreter's store then reports. Nothing when warming up.
     */
    retag: (c: Cpu, slot: number, tag: number, site: number): boolean => !c.warming && retagQuietly(c.shadow.tags, c.proc.objects, slot, tag, site),
    /** A returning frame or a released argument area: its pointer tags go (machine/lost-pointers.ts). */
    releaseStack: (c: Cpu, lo: number, hi: number, keep: number): void => {
      if (!c.warming) releaseStack(c, lo, hi, keep);
    },
    releaseArguments: (c: Cpu, lo: number, hi: number): void => {
      if (!c.warming) releaseArguments(c, lo, hi);
    },
    /**
     * A TLB miss in compiled code at `va` (access 0 read, 1 write): when the page-table walk alone
     * resolves it (AddressSpace.refill: no fault to handle), the entry is filled and counted as the
     * interpreter's miss would be, and compiled code goes on with its fast path; otherwise nothing is
     * done and the access takes the slow block. `steps - back` is the instruction's count, the pager's
     * clock for the page's last use. After a refill the fast path counts a hit, or the slow block's redo
     * (an error to report) hits the fresh entry: either way exactly one hit, taken back here, so the
     * counters are the interpreter's. That is exact only while pins are off (a hit pins the frame again),
     * hence `roomy`: with RAM nearly full, misses take the slow block as before. A page the TLB holds
     * already (hidden from the fast paths by a watchpoint) is left to the slow block too.
     */
    refill: (c: Cpu, va: number, access: number, steps: number, back: number): void => {
      const tlb = c.tlb;
      const vpn = Math.floor(va / 4096);
      if ((access === 0 ? tlb.readTag : tlb.writeTag)[vpn & tlb.mask] === vpn) return;
      const space = c.proc.space;
      if (c.warming || !space.pager.roomy) return;
      c.steps = steps - back;
      if (space.refill(va, access) >= 0) tlb.hits--;
    },
    /** The interpreter executes the one instruction at S.pc (see the slow block); nothing when warming up. */
    step1: (c: Cpu): number => (c.warming ? 0 : c.step1()),
    /** The interpreter executes the next n instructions (the rest of a block). */
    finish: (c: Cpu, n: number): number => (c.warming ? 0 : c.interpretN(n)),
    // Exact 64-bit arithmetic for values beyond 2^53 (held as NaN in the register, exactly in S.big).
    // These run inline rather than through the slow block: a program that uses such values (hashes,
    // unsigned long arithmetic) uses them in its hot loop.
    slow64(S: CpuState, op: number, a: number, ai: number, b: number, bi: number, d: number): number {
      const x = a === a ? BigInt(a) : (S.big[ai] ?? 0n);
      const y = b === b ? BigInt(b) : (S.big[bi] ?? 0n);
      const v = canonical(op === Op.NEG64 || op === Op.NOT64 ? unary64(op, x) : binary64(op, x, y));
      if (typeof v === 'number') return v;
      S.big[d] = v;
      return NaN;
    },
    cmp64(S: CpuState, op: number, a: number, ai: number, b: number, bi: number): boolean {
      return compare64(op, a === a ? BigInt(a) : (S.big[ai] ?? 0n), b === b ? BigInt(b) : (S.big[bi] ?? 0n));
    },
    wide(S: CpuState, v: number, i: number): bigint {
      return v === v ? BigInt(v) : (S.big[i] ?? 0n);
    },
    toInt64(S: CpuState, x: number, d: number): number {
      const v = canonical(doubleToInt64(x));
      if (typeof v === 'number') return v;
      S.big[d] = v;
      return NaN;
    },
    toUint64(S: CpuState, x: number, d: number): number {
      const v = canonical(doubleToUint64(x));
      if (typeof v === 'number') return v;
      S.big[d] = v;
      return NaN;
    },
    /** A 64-bit load whose value is beyond 2^53: NaN in the register, the exact value in S.big. */
    // (Called only when the halves' value, computed as a double, is beyond 2^53 - 1 in magnitude: rounding
    // cannot bring a value within the safe range out of it, so the exact value is never safe either.)
    loadBig(S: CpuState, i32: Int32Array, q: number, d: number): number {
      scratch32[0] = i32[q]!;
      scratch32[1] = i32[q + 1]!;
      S.big[d] = scratch64[0]!;
      return NaN;
    },
  };
}

type Env = ReturnType<typeof environment>;

export class Jit {
  private readonly env: Env;
  private readonly tried: Uint8Array;
  /** Compiled function by entry instruction (every block start of a compiled function). */
  readonly entry: (JitFunction | undefined)[];
  /** Per function: entries through the interpreter, to find the hot ones. */
  readonly heat: Int32Array;
  compiled = 0;

  constructor(private readonly cpu: Cpu) {
    this.env = environment(cpu);
    this.tried = new Uint8Array(cpu.program.functions.length);
    this.entry = new Array<JitFunction | undefined>(cpu.text.count + 1).fill(undefined);
    this.heat = new Int32Array(cpu.program.functions.length);
  }

  private warm(code: JitFunction, first: number): void {
    warmUp(this.cpu, code, first);
  }

  /** Compiles function f if it can be; returns whether code now exists for it. */
  compile(f: number): boolean {
    if (this.tried[f]) return this.entry[this.cpu.text.funcEntry[f]!] !== undefined;
    this.tried[f] = 1;
    const fn = this.cpu.program.functions[f];
    if (!fn || fn.origin === 'native') return false;
    const text = this.cpu.text;
    const first = text.funcEntry[f]!;
    if (first < 0) return false;
    let last = first;
    while (last < text.count && text.func[last] === f) last++;
    for (let k = first; k < last; k++) {
      const o = realOp(text, k);
      if (o === Op.NATIVE || o >= OPS.length) return false;
    }
    const starts = blockStarts(text, first, last);
    for (const [from, to] of regions(text, starts, first, last)) {
      const unit = translate(this.cpu, fn, f, from, to, starts);
      const make = new Function('env', 'END', 'RESUME', unit.source) as (env: Env, end: Int32Array, resume: Uint8Array) => JitFunction;
      const code = make(this.env, unit.end, unit.resume);
      this.warm(code, from);
      for (const k of unit.starts) this.entry[k] = code;
    }
    this.compiled++;
    return true;
  }
}

/** Block starts of a function: entry, jump targets, fall-through after a branch, return points after calls. */
function blockStarts(text: DecodedText, first: number, last: number): Set<number> {
  const starts = new Set<number>([first]);
  for (let k = first; k < last; k++) {
    const o = realOp(text, k);
    const t = text.target[k]!;
    if (t >= first && t < last && o !== Op.CALL) starts.add(t);
    if ((o >= Op.JMP && o <= Op.JEQI64) || o === Op.CALL || o === Op.CALLR || o === Op.RET || o === Op.RETV || o === Op.TRAP) {
      if (k + 1 < last) starts.add(k + 1);
    }
  }
  return starts;
}

/**
 * Cuts a function into regions of at most REGION instructions, each compiled on its own: V8 optimises
 * small functions quickly and re-optimises them cheaply when a new path gets hot, where one huge
 * function would be recompiled whole at every phase change of the program. Cuts are made at block starts
 * and, where possible, not inside a loop small enough to fit a region (a jump between regions goes
 * through the dispatcher, which a hot loop should not pay for).
 */
function regions(text: DecodedText, starts: Set<number>, first: number, last: number): [number, number][] {
  const loops: [number, number][] = [];
  for (let k = first; k < last; k++) {
    const t = text.target[k]!;
    const o = realOp(text, k);
    if (o !== Op.CALL && t >= first && t <= k) loops.push([t, k]);
  }
  const badCut = (c: number): boolean => loops.some(([t, j]) => t < c && c <= j && j - t < REGION);
  const cuts = [...starts].filter((c) => c > first).sort((a, b) => a - b);
  const out: [number, number][] = [];
  let from = first;
  while (from < last) {
    if (last - from <= REGION) {
      out.push([from, last]);
      break;
    }
    let best = -1;
    let fallback = -1;
    for (const c of cuts) {
      if (c <= from) continue;
      if (c - from > REGION) break;
      fallback = c;
      if (!badCut(c)) best = c;
    }
    const to = best > 0 ? best : fallback > 0 ? fallback : (cuts.find((c) => c > from) ?? last);
    out.push([from, to]);
    from = to;
  }
  return out;
}

/**
 * Runs a new region through its way out (the slow block with a no-op step, then the exit), so V8
 * has type feedback for those paths before it optimises the region. Without this, the first budget
 * exit or slow step after optimisation would deoptimise the region ("insufficient type feedback") and
 * force a recompilation — dozens of them in a program with phases. The run changes nothing: registers
 * are stored back unchanged and the state it touches is restored.
 */
function warmUp(cpu: Cpu, code: JitFunction, first: number): void {
  const S = cpu.proc.state;
  if (S.base + 512 > S.R.length) S.growRegisters(S.base + 512);
  const saved = { pc: S.pc, sp: S.sp, fp: S.fp, base: S.base, depth: S.depth, steps: cpu.steps, hits: cpu.tlb.hits };
  cpu.warming = true;
  try {
    // V8 allocates a function's feedback vector only after a few calls: warm past that.
    for (let i = 0; i < 12; i++) code(cpu, S, cpu.steps, -2);
  } finally {
    cpu.warming = false;
    S.pc = saved.pc;
    S.sp = saved.sp;
    S.fp = saved.fp;
    S.base = saved.base;
    S.depth = saved.depth;
    cpu.steps = saved.steps;
    cpu.tlb.hits = saved.hits;
  }
}
