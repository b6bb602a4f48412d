// Translation of one region of a function into JavaScript source, for the JIT (jit.ts).
//
// How it works. The region's instructions are emitted in order as the cases of a `switch (pc)` inside a
// loop: each block start is a case that first checks the block fits in the step budget and counts it;
// falling into the next block is falling into the next case; a jump is `pc = target; continue`. Each
// instruction is the interpreter's fast path with its operands as constants and the window's registers
// as locals (r3/m3/t3: value, definedness mask, provenance tag). Whatever the fast path does not handle
// jumps to one shared slow block (`case -1`), which stores the registers, has the interpreter execute
// that one instruction, and then resumes after it (where a case label exists: behind pointer accesses),
// lets the interpreter finish the block, or leaves the region. CALL sets up the callee's frame and
// leaves (library calls run inline); RET returns to the caller's frame and leaves.
//
// A TLB miss of an access through a pointer (the ones that miss in loops over arrays) first calls
// env.refill, which walks the page table and fills the TLB when no fault is involved; the access then
// goes on in compiled code. Only pointer accesses do so: locals miss rarely (only when an array's page
// evicts the stack's entry), and a shared refill block with a label to come back to each access was
// tried and cost more in the loops without misses than it saved (every label merges all the locals).

import { Op } from '../compile/isa';
import type { FunctionInfo } from '../program';
import type { Cpu } from './cpu';
import { BREAK, PAGE_ENTRY, realOp } from './decode';

const SIZE: Record<number, number> = { 85: 1, 86: 1, 87: 2, 88: 2, 89: 4, 90: 8, 91: 4, 92: 8, 93: 1, 94: 2, 95: 4, 96: 8, 97: 4, 98: 8 };

/** Number literal as JavaScript source (NaN, ±Infinity and -0 included). */
function lit(v: number): string {
  if (v !== v) return 'NaN';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

export interface Unit {
  readonly source: string;
  readonly starts: number[];
  /** END[k - first]: the instruction after the block containing k. */
  readonly end: Int32Array;
  /** RESUME[k - first]: 1 if compiled code can go on right after instruction k (a label exists there). */
  readonly resume: Uint8Array;
}

/** The JavaScript source of the region first…last-1 of function `fn`. */
export function translate(cpu: Cpu, fn: FunctionInfo, f: number, first: number, last: number, all: Set<number>): Unit {
  const text = cpu.text;
  const nregs = text.funcNregs[f]!;
  const op = (k: number): number => realOp(text, k);
  const starts = new Set([...all].filter((k) => k >= first && k < last));
  const sorted = [...starts].sort((a, b) => a - b);
  // END[k - first]: first instruction after the block containing k.
  const end = new Int32Array(last - first);
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    const e = i + 1 < sorted.length ? sorted[i + 1]! : last;
    for (let k = s; k < e; k++) end[k - first] = e;
  }

  const L: string[] = [];
  const emit = (s: string): void => {
    L.push(s);
  };
  const r = (a: number) => `r${a}`;
  const m = (a: number) => `m${a}`;
  const t = (a: number) => `t${a}`;
  const abs = (a: number) => `(base + ${a})`;
  /** Hand instruction k to the interpreter (the shared slow block below): nothing was changed yet. */
  const slow = (k: number) => `{ at = ${k}; pc = -1; continue loop; }`;
  const mask2 = (a: number, b: number) => `(${m(a)} | ${m(b)}) === 0 ? 0 : 255`;
  /** Instruction fetch of a new page: a TLB hit, or the interpreter redoes instruction k. */
  // With the LRU policy every hit stamps its TLB entry with the exact instruction count: `steps` counts
  // a whole block on entry, so instruction k's count is steps minus the instructions after it.
  const lru = cpu.tlb.stampHits;
  const stamp = (index: string, k: number) => (lru ? ` tstamp[${index}] = steps - ${end[k - first]! - 1 - k};` : '');
  const fetch = (address: number, k: number) => `{ const fv = ${Math.floor(address / 4096)}; if (xtag[fv & tmask] === fv) { hits++;${stamp('fv & tmask', k)} } else ${slow(k)} }`;
  const spillAll = Array.from({ length: nregs }, (_, a) => `R[base + ${a}] = r${a}; M[base + ${a}] = m${a}; T[base + ${a}] = t${a};`).join(' ');
  const reloadAll = Array.from({ length: nregs }, (_, a) => `r${a} = R[base + ${a}]; m${a} = M[base + ${a}]; t${a} = T[base + ${a}];`).join(' ');
  /** Instructions after which the slow block may resume (the next one, inside a block). */
  const resume = new Set<number>();

  // What never changes for this CPU (memory, shadow and TLB arrays, the helpers) is read once, when the
  // region is made: a region is entered at every call and return, and V8 folds these into constants.
  emit(`const INV = 1 / 4096, TWO_M32 = 1 / 4294967296, SAFE = 9007199254740991, HALF_SAFE = 4503599627370496;`);
  emit(`const mem = env.mem, u8 = mem.bytes, i16 = mem.i16, u16 = mem.u16, i32 = mem.i32, f32 = mem.f32, f64 = mem.f64;`);
  emit(`const sh = env.shadow, sh8 = sh.state, sh16 = sh.state16, sh32 = sh.state32, tags = sh.tags;`);
  emit(`const tlb = env.tlb, rtag = tlb.fastRead, wtag = tlb.fastWrite, xtag = tlb.execTag, fbase = tlb.frameBase, tmask = tlb.mask, tstamp = tlb.stamp;`);
  emit(`const INDEX = env.INDEX, addrSerial = env.addrSerial, addrObject = env.addrObject, POW2 = env.POW2, refill = env.refill;`);
  emit(`return function jit_${fn.name.replace(/[^A-Za-z0-9_]/g, '_')}_${first}(cpu, S, limit, pc) {`);
  emit(`const R = S.R, M = S.M, T = S.T, big = S.big;`);
  // The process can change between entries (fork, the scheduler): its objects and stack are read here.
  emit(`const objs = cpu.proc.objects; let os = objs.start, oe = objs.end, ost = objs.state, orc = objs.refs;`);
  emit(`const stackLimit = cpu.proc.space.stack.limit;`);
  emit(`let base = S.base, sp = S.sp, fp = S.fp, depth = S.depth, steps = cpu.steps, hits = 0, keep = 1, at = 0;`);
  // The page of fp, for fp-relative accesses: fp only changes at ENTER (and calls and returns, which
  // leave the region), so an access to a local is an integer offset into fp's page plus one TLB check.
  // A page offset is `address & 4095`: exact for any integer address below 2^53 (ToInt32 keeps the low
  // bits, two's complement for a negative one), and a 32-bit integer, so physical addresses computed
  // from it stay small integers for V8 (no double arithmetic before each typed-array index). A NaN
  // address gives offset 0, but its TLB check (NaN equals nothing) sends the access to the slow path.
  const fpPage = `fpVpn = Math.floor(fp * INV); fpTi = fpVpn & tmask; fpOff = fp & 4095;`;
  emit(`let fpVpn = 0, fpTi = 0, fpOff = 0; ${fpPage}`);
  if (nregs) emit(`let ${Array.from({ length: nregs }, (_, a) => `r${a} = R[base + ${a}], m${a} = M[base + ${a}], t${a} = T[base + ${a}]`).join(', ')};`);
  emit(`try {`);
  emit(`loop: for (;;) { switch (pc) {`);
  for (let k = first; k < last; k++) {
    if (starts.has(k)) {
      const len = end[k - first]! - k;
      emit(`case ${k}: if (steps + ${len} > limit) { pc = ${k}; break loop; } steps += ${len};`);
    } else if (resume.has(k)) emit(`case ${k}:`);
    // Falling into a new page fetches through the MMU, as the interpreter's PAGE_ENTRY does.
    const pageEntry = text.op[k] === PAGE_ENTRY || (text.op[k] === BREAK && text.breakOp[k] === PAGE_ENTRY);
    if (pageEntry) emit(fetch(text.address[k]!, k));
    if (emitInstruction(k) && k + 1 < last && !starts.has(k + 1)) resume.add(k + 1);
  }
  // Falling off the end of the region: the next region (or the interpreter) goes on from there.
  emit(`pc = ${last}; break loop;`);
  // The shared slow block: instruction `at` is executed by the interpreter with the registers in the
  // register file, then compiled code resumes after it (or leaves, if it went elsewhere or must stop).
  emit(`case -2: at = ${first};`);
  emit(`case -1: {`);
  emit(`${spillAll} S.pc = at; const rest = END[at - ${first}] - at; cpu.steps = steps - rest; tlb.hits += hits; hits = 0;`);
  emit(`const code = env.step1(cpu); if (code === 3) { keep = 0; return 3; }`);
  emit(`steps = cpu.steps + rest - 1; sp = S.sp; fp = S.fp; ${fpPage} os = objs.start; oe = objs.end; ost = objs.state; orc = objs.refs;`);
  emit(`if (S.pc !== at + 1 || S.base !== base || cpu.stopRequested) { keep = cpu.warming ? 1 : 0; pc = S.pc; base = S.base; depth = S.depth; steps -= rest - 1; break loop; }`);
  // No way back in right after this instruction: the interpreter finishes the block, and compiled code
  // goes on where the block led (the next block, or a jump's target) if that is in this region.
  emit(`if (RESUME[at - ${first}] === 0 && rest > 1) { cpu.steps = steps - (rest - 1); const c = env.finish(cpu, rest - 1); if (c === 3) { keep = 0; return 3; }`);
  emit(`steps = cpu.steps; sp = S.sp; fp = S.fp; ${fpPage} os = objs.start; oe = objs.end; ost = objs.state; orc = objs.refs;`);
  emit(`if (S.base !== base || cpu.stopRequested) { keep = 0; pc = S.pc; base = S.base; depth = S.depth; break loop; }`);
  emit(`${reloadAll} pc = S.pc; continue loop; }`);
  emit(`${reloadAll} pc = at + 1; continue loop; }`);
  emit(`default: break loop;`);
  emit(`} }`);
  emit(`} catch (e) {`);
  // A fault or the end of the process inside a library call: store everything back.
  emit(`if (keep) { ${spillAll} }`);
  emit(`cpu.steps = steps; tlb.hits += hits; throw e;`);
  emit(`}`);
  emit(`if (keep) { ${spillAll} }`);
  emit(`S.pc = pc; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; cpu.steps = steps; tlb.hits += hits;`);
  emit(`return 0; };`);

  /** Emits instruction k; returns true if compiled code resumes right after it when it takes the slow block. */
  function emitInstruction(k: number): boolean {
    const o = op(k);
    const A = text.a[k]!;
    const B = text.b[k]!;
    const C = text.c[k]!;
    const imm = text.imm[k]!;
    const T_ = text.target[k]!;
    switch (o) {
      case Op.NOP:
        return false;
      case Op.MOV:
        emit(`${r(A)} = ${r(B)}; ${m(A)} = ${m(B)}; ${t(A)} = ${t(B)}; if (${r(A)} !== ${r(A)}) big[${abs(A)}] = big[${abs(B)}];`);
        return false;
      case Op.LI:
      case Op.LIF:
        emit(`${r(A)} = ${lit(imm)}; ${m(A)} = 0; ${t(A)} = 0;`);
        return false;
      case Op.LI64: {
        const b = text.bigImm.get(k);
        if (b === undefined) emit(`${r(A)} = ${lit(imm)}; ${m(A)} = 0; ${t(A)} = 0;`);
        else emit(`${r(A)} = NaN; big[${abs(A)}] = ${b}n; ${m(A)} = 0; ${t(A)} = 0;`);
        return false;
      }
      case Op.ADDR:
        if (B === 255) {
          if (C === 0) emit(`${r(A)} = fp + ${lit(imm)}; ${m(A)} = 0; ${t(A)} = 0;`);
          else {
            emit(`if (addrSerial[${k}] !== S.csSerial[depth]) ${slow(k)}`);
            emit(`${r(A)} = fp + ${lit(imm)}; ${m(A)} = 0; ${t(A)} = addrObject[${k}];`);
            return false;
          }
        } else if (B === 253) emit(`${r(A)} = ${lit(imm)}; ${m(A)} = 0; ${t(A)} = ${C};`);
        else if (B === 254) emit(`${r(A)} = sp + ${lit(imm)}; ${m(A)} = 0; ${t(A)} = 0;`);
        else emit(`${r(A)} = ${r(B)} + ${lit(imm)}; ${m(A)} = ${m(B)}; ${t(A)} = ${t(B)};`);
        return false;

      case Op.ADD32: case Op.SUB32: case Op.MUL32: case Op.AND32: case Op.OR32: case Op.XOR32:
      case Op.SHL32: case Op.SHRS32: case Op.SHRU32: {
        const x = r(B);
        const y = r(C);
        const e =
          o === Op.ADD32 ? `(${x} + ${y}) | 0` : o === Op.SUB32 ? `(${x} - ${y}) | 0` : o === Op.MUL32 ? `Math.imul(${x}, ${y})`
          : o === Op.AND32 ? `${x} & ${y}` : o === Op.OR32 ? `${x} | ${y}` : o === Op.XOR32 ? `${x} ^ ${y}`
          : o === Op.SHL32 ? `${x} << (${y} & 31)` : o === Op.SHRS32 ? `${x} >> (${y} & 31)` : `(${x} >>> (${y} & 31)) | 0`;
        emit(`${m(A)} = ${mask2(B, C)}; ${r(A)} = ${e}; ${t(A)} = 0;`);
        return false;
      }
      case Op.DIVS32: case Op.DIVU32: case Op.REMS32: case Op.REMU32: {
        const signed = o === Op.DIVS32 || o === Op.REMS32;
        emit(`if (${m(C)} !== 0 || ${r(C)} === 0${signed ? ` || (${r(B)} === -2147483648 && ${r(C)} === -1)` : ''}) ${slow(k)}`);
        const e = o === Op.DIVS32 ? `(${r(B)} / ${r(C)}) | 0` : o === Op.DIVU32 ? `((${r(B)} >>> 0) / (${r(C)} >>> 0)) | 0` : o === Op.REMS32 ? `(${r(B)} % ${r(C)}) | 0` : `((${r(B)} >>> 0) % (${r(C)} >>> 0)) | 0`;
        emit(`${m(A)} = ${mask2(B, C)}; ${r(A)} = ${e}; ${t(A)} = 0;`);
        return false;
      }

      case Op.ADD64: case Op.SUB64: case Op.MUL64: case Op.PDIFF: {
        const e = o === Op.ADD64 ? `${r(B)} + ${r(C)}` : o === Op.MUL64 ? `${r(B)} * ${r(C)} + 0` : `${r(B)} - ${r(C)}`;
        const tag = o === Op.ADD64 || o === Op.SUB64 ? t(B) : '0';
        emit(`{ const v = ${e}; const tg = ${tag}; ${m(A)} = ${mask2(B, C)}; ${r(A)} = v >= -SAFE && v <= SAFE ? v : env.slow64(S, ${o}, ${r(B)}, ${abs(B)}, ${r(C)}, ${abs(C)}, ${abs(A)}); ${t(A)} = tg; }`);
        return false;
      }
      case Op.DIVS64: case Op.DIVU64: case Op.REMS64: case Op.REMU64: {
        const unsigned = o === Op.DIVU64 || o === Op.REMU64;
        const div = o === Op.DIVS64 || o === Op.DIVU64;
        emit(`{ const x = ${r(B)}, y = ${r(C)};`);
        emit(`if (${m(C)} !== 0 || y === 0 || !(x >= -HALF_SAFE && x <= HALF_SAFE && y >= -SAFE && y <= SAFE${unsigned ? ' && x >= 0 && y > 0' : ''})) ${slow(k)}`);
        emit(`${m(A)} = ${mask2(B, C)}; ${r(A)} = ${div ? 'Math.trunc(x / y) + 0' : '(x % y) + 0'}; ${t(A)} = 0; }`);
        return false;
      }
      case Op.AND64: case Op.OR64: case Op.XOR64: {
        const sym = o === Op.AND64 ? '&' : o === Op.OR64 ? '|' : '^';
        emit(`{ const x = ${r(B)}, y = ${r(C)}; ${m(A)} = ${m(B)} | ${m(C)}; ${r(A)} = (x | 0) === x && (y | 0) === y ? x ${sym} y : x === x && y === y ? env.bitwiseSafe(${o}, x, y) : env.slow64(S, ${o}, x, ${abs(B)}, y, ${abs(C)}, ${abs(A)}); ${t(A)} = 0; }`);
        return false;
      }
      case Op.SHL64: case Op.SHRS64: case Op.SHRU64: {
        const e = o === Op.SHL64 ? 'x * POW2[y & 63]' : o === Op.SHRS64 ? 'Math.floor(x / POW2[y & 63])' : '(x >= 0 ? Math.floor(x / POW2[y & 63]) : NaN)';
        emit(`{ const x = ${r(B)}, y = ${r(C)}; const v = (x === x && y === y ? ${e} : NaN) + 0; ${m(A)} = ${mask2(B, C)}; ${r(A)} = v >= -SAFE && v <= SAFE ? v : env.slow64(S, ${o}, x, ${abs(B)}, y, ${abs(C)}, ${abs(A)}); ${t(A)} = 0; }`);
        return false;
      }
      case Op.ADDI32:
        emit(`${m(A)} = ${m(B)} === 0 ? 0 : 255; ${r(A)} = (${r(B)} + ${lit(imm)}) | 0; ${t(A)} = 0;`);
        return false;
      case Op.ADDI64:
      case Op.MULI64:
        emit(`{ const v = ${o === Op.ADDI64 ? `${r(B)} + ${lit(imm)}` : `${r(B)} * ${lit(imm)} + 0`}; const tg = ${o === Op.ADDI64 ? t(B) : '0'}; ${m(A)} = ${m(B)} === 0 ? 0 : 255; ${r(A)} = v >= -SAFE && v <= SAFE ? v : env.slow64(S, ${o}, ${r(B)}, ${abs(B)}, ${lit(imm)}, -1, ${abs(A)}); ${t(A)} = tg; }`);
        return false;
      case Op.MULI32:
        emit(`${m(A)} = ${m(B)} === 0 ? 0 : 255; ${r(A)} = Math.imul(${r(B)}, ${lit(imm)}); ${t(A)} = 0;`);
        return false;

      case Op.ADDF: case Op.SUBF: case Op.MULF: case Op.DIVF: case Op.ADDF32: case Op.SUBF32: case Op.MULF32: case Op.DIVF32: {
        const sym = o === Op.ADDF || o === Op.ADDF32 ? '+' : o === Op.SUBF || o === Op.SUBF32 ? '-' : o === Op.MULF || o === Op.MULF32 ? '*' : '/';
        const e = o >= Op.ADDF32 ? `Math.fround(${r(B)} ${sym} ${r(C)})` : `${r(B)} ${sym} ${r(C)}`;
        emit(`${m(A)} = ${mask2(B, C)}; ${r(A)} = ${e}; ${t(A)} = 0;`);
        return false;
      }
      case Op.EQ32: case Op.NE32: case Op.LTS32: case Op.LES32: case Op.LTU32: case Op.LEU32:
      case Op.EQF: case Op.NEF: case Op.LTF: case Op.LEF: {
        const x = r(B);
        const y = r(C);
        const e =
          o === Op.EQ32 || o === Op.EQF ? `${x} === ${y}` : o === Op.NE32 || o === Op.NEF ? `${x} !== ${y}` : o === Op.LTS32 || o === Op.LTF ? `${x} < ${y}`
          : o === Op.LES32 || o === Op.LEF ? `${x} <= ${y}` : o === Op.LTU32 ? `${x} >>> 0 < ${y} >>> 0` : `${x} >>> 0 <= ${y} >>> 0`;
        emit(`${m(A)} = ${mask2(B, C)}; ${r(A)} = ${e} ? 1 : 0; ${t(A)} = 0;`);
        return false;
      }
      case Op.EQ64: case Op.NE64: case Op.LTS64: case Op.LES64: case Op.LTU64: case Op.LEU64:
        emit(`{ const x = ${r(B)}, y = ${r(C)}; ${m(A)} = ${mask2(B, C)}; ${r(A)} = (x === x && y === y ? ${cmp64(o, 'x', 'y')} : env.cmp64(S, ${o}, x, ${abs(B)}, y, ${abs(C)})) ? 1 : 0; ${t(A)} = 0; }`);
        return false;

      case Op.NEG32: case Op.NEG64: case Op.NEGF: case Op.NOT32: case Op.NOT64: case Op.BOOL32: case Op.BOOL64: case Op.BOOLF:
      case Op.SEXT8: case Op.ZEXT8: case Op.SEXT16: case Op.ZEXT16: case Op.SEXT32: case Op.ZEXT32: case Op.TRUNC32:
      case Op.CVTI32F: case Op.CVTU32F: case Op.CVTI64F: case Op.CVTU64F: case Op.CVTFI32: case Op.CVTFU32: case Op.CVTFI64:
      case Op.CVTFU64: case Op.CVTFF32: {
        let e: string;
        let guard = '';
        let mask = `${m(B)} === 0 ? 0 : 255`;
        switch (o) {
          case Op.NEG32: e = `-x | 0`; break;
          case Op.NEG64: e = `x === x ? 0 - x : env.slow64(S, ${o}, x, ${abs(B)}, 0, -1, ${abs(A)})`; break;
          case Op.NEGF: e = `-x`; break;
          case Op.NOT32: e = `~x`; break;
          case Op.NOT64: e = `x === x && x < SAFE ? -x - 1 : env.slow64(S, ${o}, x, ${abs(B)}, 0, -1, ${abs(A)})`; break;
          case Op.BOOL32: case Op.BOOL64: case Op.BOOLF: e = `x !== 0 ? 1 : 0`; break;
          case Op.SEXT8: e = `(x << 24) >> 24`; mask = `${m(B)} & 1 ? 255 : 0`; break;
          case Op.ZEXT8: e = `x & 255`; mask = `${m(B)} & 1`; break;
          case Op.SEXT16: e = `(x << 16) >> 16`; mask = `${m(B)} & 3 ? 255 : 0`; break;
          case Op.ZEXT16: e = `x & 65535`; mask = `${m(B)} & 3`; break;
          case Op.SEXT32: e = `x`; mask = `${m(B)} & 15 ? 255 : 0`; break;
          case Op.ZEXT32: e = `x >>> 0`; mask = `${m(B)} & 15`; break;
          case Op.TRUNC32: e = `x === x ? x | 0 : Number(BigInt.asIntN(32, env.wide(S, x, ${abs(B)})))`; mask = `${m(B)} & 15`; break;
          case Op.CVTI32F: e = `x`; break;
          case Op.CVTU32F: e = `x >>> 0`; break;
          case Op.CVTI64F: e = `x === x ? x : Number(env.wide(S, x, ${abs(B)}))`; break;
          case Op.CVTU64F: e = `x === x && x >= 0 ? x : Number(BigInt.asUintN(64, env.wide(S, x, ${abs(B)})))`; break;
          case Op.CVTFI32: e = `x > -2147483649 && x < 2147483648 ? x | 0 : -2147483648`; break;
          case Op.CVTFU32: e = `x > -9223372036854777856 && x < 9223372036854775808 ? Math.trunc(x) | 0 : 0`; break;
          case Op.CVTFI64: e = `x > -SAFE - 1 && x < SAFE + 1 ? Math.trunc(x) + 0 : env.toInt64(S, x, ${abs(A)})`; break;
          case Op.CVTFU64: e = `x > -1 && x < SAFE + 1 ? Math.trunc(x) + 0 : env.toUint64(S, x, ${abs(A)})`; break;
          default: e = `Math.fround(x)`; break;
        }
        emit(`{ const x = ${r(B)}; ${guard ? `if (${guard}) ${slow(k)}` : ''} ${m(A)} = ${mask}; ${r(A)} = ${e}; ${t(A)} = 0; }`);
        return guard !== '';
      }

      case Op.LD8S: case Op.LD8U: case Op.LD16S: case Op.LD16U: case Op.LD32: case Op.LD64: case Op.LDF32: case Op.LDF64:
      case Op.ST8: case Op.ST16: case Op.ST32: case Op.ST64: case Op.STF32: case Op.STF64:
        emitMemory(k, o, A, B, imm);
        // Accesses through a pointer are the ones that miss the TLB in a loop (arrays, matrices): compiled
        // code resumes right after their slow step. Other slow steps are rare; after them the region is
        // left and the interpreter finishes the block (fewer entry points keep V8's code fast).
        return B < 253;
      case Op.COPY:
      case Op.ZERO:
      case Op.CALLR:
      case Op.TRAP:
        emit(slow(k));
        return false;

      case Op.JMP:
        if (C !== 0) emit(fetch(text.address[T_]!, k));
        emit(`pc = ${T_}; ${T_ >= first && T_ < last ? 'continue loop;' : 'break loop;'}`);
        return false;
      case Op.JZ: case Op.JNZ: case Op.JEQ32: case Op.JNE32: case Op.JLTS32: case Op.JLES32: case Op.JLTU32: case Op.JLEU32:
      case Op.JEQ64: case Op.JNE64: case Op.JLTS64: case Op.JLES64: case Op.JLTU64: case Op.JLEU64: case Op.JEQI32: case Op.JEQI64: {
        let cond: string;
        let undef: string;
        let guard = '';
        if (o === Op.JZ || o === Op.JNZ || o === Op.JEQI32 || o === Op.JEQI64) {
          undef = m(A);
          cond = o === Op.JZ ? `${r(A)} === 0` : o === Op.JNZ ? `${r(A)} !== 0` : `${r(A)} === ${lit(imm)}`;
        } else {
          undef = `(${m(A)} | ${m(B)})`;
          const x = r(A);
          const y = r(B);
          switch (o) {
            case Op.JEQ32: cond = `${x} === ${y}`; break;
            case Op.JNE32: cond = `${x} !== ${y}`; break;
            case Op.JLTS32: cond = `${x} < ${y}`; break;
            case Op.JLES32: cond = `${x} <= ${y}`; break;
            case Op.JLTU32: cond = `${x} >>> 0 < ${y} >>> 0`; break;
            case Op.JLEU32: cond = `${x} >>> 0 <= ${y} >>> 0`; break;
            default: cond = cmp64(o, x, y); guard = ` || ${x} !== ${x} || ${y} !== ${y}`; break;
          }
        }
        emit(`if (${undef} !== 0${guard}) ${slow(k)}`);
        emit(`if (${cond}) {`);
        if (C !== 0) emit(fetch(text.address[T_]!, k));
        emit(`pc = ${T_}; ${T_ >= first && T_ < last ? 'continue loop;' : 'break loop;'} }`);
        if (k + 1 >= last) emit(`pc = ${k + 1}; break loop;`);
        return false;
      }

      case Op.CALL:
        emitCall(k, A, B);
        return false;
      case Op.ENTER:
        emitEnter(k, imm);
        return false;
      case Op.RET:
      case Op.RETV:
        emitReturn(k, o, A);
        return false;
      case Op.ADJSP:
        if (imm > 0) {
          // A released argument area is dead: pointers passed in it go (the interpreter's ADJSP).
          emit(`{ const vpn = Math.floor(sp * INV), ti = vpn & tmask, so = sp & 4095; let any = 1;`);
          emit(`if (wtag[ti] === vpn && so + ${imm} <= 4096) { any = 0; for (let q = (fbase[ti] + so) >> 3, e = q + ${imm >> 3}; q < e; q++) { const tg = tags[q]; if (tg === 0) continue; if (orc[tg] > 1) { orc[tg]--; tags[q] = 0; } else any = 1; } }`);
          emit(`if (any !== 0) { S.pc = ${k}; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; env.releaseArguments(cpu, sp, sp + ${imm});`);
          emit(`if (cpu.stopRequested) { sp += ${imm}; S.sp = sp; pc = ${k + 1}; steps -= ${end[k - first]! - (k + 1)}; break loop; } } }`);
        }
        emit(`sp += ${lit(imm)}; S.sp = sp;`);
        return false;
      default:
        throw new Error(`the JIT cannot translate opcode ${o}`);
    }
  }

  function cmp64(o: number, x: string, y: string): string {
    switch (o) {
      case Op.EQ64: case Op.JEQ64: return `${x} === ${y}`;
      case Op.NE64: case Op.JNE64: return `${x} !== ${y}`;
      case Op.LTS64: case Op.JLTS64: return `${x} < ${y}`;
      case Op.LES64: case Op.JLES64: return `${x} <= ${y}`;
      case Op.LTU64: case Op.JLTU64: return `(${x} >= 0 === ${y} >= 0 ? ${x} < ${y} : ${x} >= 0)`;
      default: return `(${x} >= 0 === ${y} >= 0 ? ${x} <= ${y} : ${x} >= 0)`;
    }
  }

  function emitMemory(k: number, o: number, A: number, B: number, imm: number): void {
    const size = SIZE[o]!;
    const store = o >= Op.ST8;
    let addr: string;
    let check = '';
    if (B === 255) addr = `fp + ${lit(imm)}`;
    else if (B === 254) addr = `sp + ${lit(imm)}`;
    else if (B === 253) addr = lit(imm);
    else {
      addr = `${r(B)} + ${lit(imm)}`;
      // An undefined address register, or an access outside the pointer's object, is the slow path's.
      check = ` && ${m(B)} === 0 && (${t(B)} === 0 || (va >= os[${t(B)}] && va + ${size} <= oe[${t(B)}] && ost[${t(B)}] === 0))`;
    }
    const d = A;
    const align = size > 1 ? ` && (p & ${size - 1}) === 0` : '';
    let cond: string;
    let body: string;
    switch (o) {
      case Op.LD8S: cond = `sh8[p] === 0`; body = `${r(d)} = (u8[p] << 24) >> 24;`; break;
      case Op.LD8U: cond = `sh8[p] === 0`; body = `${r(d)} = u8[p];`; break;
      case Op.LD16S: cond = `sh16[p >> 1] === 0`; body = `${r(d)} = i16[p >> 1];`; break;
      case Op.LD16U: cond = `sh16[p >> 1] === 0`; body = `${r(d)} = u16[p >> 1];`; break;
      case Op.LD32: cond = `sh32[p >> 2] === 0`; body = `${r(d)} = i32[p >> 2];`; break;
      case Op.LD64: cond = `(sh32[p >> 2] | sh32[(p >> 2) + 1]) === 0`; body = `v = i32[(p >> 2) + 1] * 4294967296 + (i32[p >> 2] >>> 0); ${r(d)} = v >= -SAFE && v <= SAFE ? v : env.loadBig(S, i32, p >> 2, ${abs(d)});`; break;
      case Op.LDF32: cond = `sh32[p >> 2] === 0`; body = `${r(d)} = f32[p >> 2];`; break;
      case Op.LDF64: cond = `(sh32[p >> 2] | sh32[(p >> 2) + 1]) === 0`; body = `${r(d)} = f64[p >> 3];`; break;
      // A store over a pointer's slot is the interpreter's (it keeps the pointer counts: pointer-counts.ts).
      case Op.ST8: cond = `(sh8[p] & 2) === 0 && ${m(d)} === 0 && tags[p >> 3] === 0`; body = `u8[p] = ${r(d)}; sh8[p] = 0;`; break;
      case Op.ST16: cond = `(sh16[p >> 1] & 0x0202) === 0 && ${m(d)} === 0 && tags[p >> 3] === 0`; body = `u16[p >> 1] = ${r(d)}; sh16[p >> 1] = 0;`; break;
      case Op.ST32: cond = `(sh32[p >> 2] & 0x02020202) === 0 && ${m(d)} === 0 && tags[p >> 3] === 0`; body = `i32[p >> 2] = ${r(d)}; sh32[p >> 2] = 0;`; break;
      // A 64-bit value that fits 32 bits (loop counters, indices) is stored as itself and its sign
      // (ToInt32 of a negative one keeps its low bits): the same halves, without floor and multiply.
      // A changed pointer tag is counted here, last in the test, unless it is a live block's last pointer
      // going: then the interpreter does the store and reports the leak.
      case Op.ST64: cond = `((sh32[p >> 2] | sh32[(p >> 2) + 1]) & 0x02020202) === 0 && ${m(d)} === 0 && (tags[p >> 3] === ${t(d)} || (tags[p >> 3] === 0 ? ((orc[${t(d)}]++), (tags[p >> 3] = ${t(d)}), true) : env.retag(cpu, p >> 3, ${t(d)}, ${k * 4 + 1})))`; body = `if ((${r(d)} | 0) === ${r(d)}) { i32[p >> 2] = ${r(d)}; i32[(p >> 2) + 1] = ${r(d)} >> 31; } else if (${r(d)} === ${r(d)}) { const hi = Math.floor(${r(d)} * TWO_M32); i32[p >> 2] = ${r(d)} - hi * 4294967296; i32[(p >> 2) + 1] = hi; } else env.storeHalves(i32, p >> 2, big[${abs(d)}]); sh32[p >> 2] = 0; sh32[(p >> 2) + 1] = 0;`; break;
      case Op.STF32: cond = `(sh32[p >> 2] & 0x02020202) === 0 && ${m(d)} === 0 && tags[p >> 3] === 0`; body = `f32[p >> 2] = ${r(d)}; sh32[p >> 2] = 0;`; break;
      default: cond = `((sh32[p >> 2] | sh32[(p >> 2) + 1]) & 0x02020202) === 0 && ${m(d)} === 0 && tags[p >> 3] === 0`; body = `f64[p >> 3] = ${r(d)}; sh32[p >> 2] = 0; sh32[(p >> 2) + 1] = 0;`; break;
    }
    const tagOut = store ? '' : o === Op.LD64 ? ` ${m(d)} = 0; ${t(d)} = tags[p >> 3];` : ` ${m(d)} = 0; ${t(d)} = 0;`;
    if (B === 255) {
      // A local: an offset into fp's page (integer arithmetic), checked against the same TLB entry.
      // (A big frame spans pages: a local on another page than fp's takes the general TLB lookup.)
      const tagArray = store ? 'wtag' : 'rtag';
      emit(`{ const o = fpOff + ${lit(imm)}; let p = -1, v = 0, si = fpTi;`);
      // fpOff is 0…4095, so a negative offset can only leave the page below and a positive one above:
      // one comparison decides (a loop's every local access pays for it).
      const onPage = imm < 0 ? 'o >= 0' : 'o < 4096';
      emit(`if (${onPage}) { if (${tagArray}[fpTi] === fpVpn) p = fbase[fpTi] + o; }`);
      emit(`else { const va = fp + ${lit(imm)}; const vpn = Math.floor(va * INV), ti = vpn & tmask; si = ti; if (${tagArray}[ti] === vpn) p = fbase[ti] + (va & 4095); }`);
      emit(`if (p >= 0${align} && ${cond}) { ${body}${tagOut} hits++;${stamp('si', k)} } else ${slow(k)} }`);
      return;
    }
    // A TLB miss through a pointer (arrays walked in a loop) is refilled here when the walk resolves it
    // (env.refill), so the access goes on in compiled code; otherwise it takes the slow block as before.
    const tag = store ? 'wtag' : 'rtag';
    // A hit reads its TLB tag once; only after a refill is it read again.
    emit(`{ const va = ${addr}; const vpn = Math.floor(va * INV), ti = vpn & tmask; let v = 0, hit = ${tag}[ti] === vpn;`);
    emit(`if (!hit) { refill(cpu, va, ${store ? 1 : 0}, steps, ${end[k - first]! - 1 - k}); hit = ${tag}[ti] === vpn; }`);
    emit(`const p = fbase[ti] + (va & 4095);`);
    emit(`if (hit${align}${check} && ${cond}) { ${body}${tagOut} hits++;${stamp('ti', k)} } else ${slow(k)} }`);
  }

  function emitCall(k: number, A: number, B: number): void {
    const tgt = text.target[k]!;
    if (tgt < 0) {
      emit(slow(k));
      return;
    }
    const dest = A;
    // (A call that ends the region still runs its native here: the switch's default leaves at k + 1.)
    const native = realOp(text, tgt) === Op.NATIVE;
    // All checks first (callee page executable and in the TLB, the return address slot writable and
    // in the TLB, room in the call stack): any failure and the interpreter does the whole CALL.
    emit(`{ const fv = ${Math.floor(text.address[tgt]! / 4096)}; const pv = sp - 8; const vpn = Math.floor(pv * INV), ti = vpn & tmask, p = fbase[ti] + (pv & 4095);`);
    emit(`if (xtag[fv & tmask] !== fv || wtag[ti] !== vpn || (p & 7) !== 0 || depth + 1 >= S.csBase.length${native ? ' || steps + 1 > limit' : ''}) ${slow(k)}`);
    emit(`hits += 2;${stamp('fv & tmask', k)}${stamp('ti', k)} i32[p >> 2] = ${text.address[k + 1]}; i32[(p >> 2) + 1] = 0; sh32[p >> 2] = 0; sh32[(p >> 2) + 1] = 0; tags[p >> 3] = 0;`);
    emit(`sp = pv; depth++; const nb = base + ${B};`);
    emit(`S.csBase[depth] = nb; S.csDest[depth] = ${dest === 255 ? -1 : `base + ${dest}`}; S.csFunc[depth] = ${text.func[tgt]}; S.csReturn[depth] = ${k + 1}; S.csEntrySp[depth] = sp; S.csSerial[depth] = ++cpu.serial; S.csLocals[depth] = S.localsTop;`);
    if (native) {
      // A library function: run its stub's NATIVE right here (one more step) and go on after the call,
      // exactly as the interpreter would execute CALL, NATIVE and the return.
      emit(`steps += 1; cpu.steps = steps; S.pc = ${tgt}; S.sp = sp; S.base = nb; S.depth = depth;`);
      emit(`env.runNative(cpu, ${text.imm[tgt]});`);
      emit(`sp = S.sp; fp = S.fp; depth = S.depth; os = objs.start; oe = objs.end; ost = objs.state; orc = objs.refs;`);
      emit(`if (S.pc !== ${k + 1} || S.base !== base) { pc = S.pc; if (S.base !== base) { keep = 0; base = S.base; } break loop; }`);
      if (dest !== 255) emit(`${r(dest)} = R[base + ${dest}]; ${m(dest)} = M[base + ${dest}]; ${t(dest)} = T[base + ${dest}];`);
      emit(`pc = ${k + 1}; if (cpu.stopRequested) break loop; continue loop; }`);
      return;
    }
    // Leave with this window's registers stored: the frame we leave keeps them while the callee runs.
    emit(`${spillAll} keep = 0; base = nb; pc = ${tgt}; break loop; }`);
  }

  function emitEnter(k: number, size: number): void {
    // Checks first: stack limit, the saved-fp slot in the TLB (writable), the new locals on that same
    // page or on one page in the TLB. Otherwise the interpreter does it (overflow, faults, growth).
    emit(`{ const nfp = sp - 8, nsp = nfp - ${lit(size)}; const vpn = Math.floor(nfp * INV), ti = vpn & tmask, p = fbase[ti] + (nfp & 4095);`);
    emit(`const lv = Math.floor(nsp * INV), li = lv & tmask;`);
    emit(`if (nsp < stackLimit || wtag[ti] !== vpn || (p & 7) !== 0${size > 0 ? ` || wtag[li] !== lv || lv !== Math.floor((nfp - 1) * INV)` : ''}) ${slow(k)}`);
    emit(`{ const hi = Math.floor(fp * TWO_M32); i32[p >> 2] = fp - hi * 4294967296; i32[(p >> 2) + 1] = hi; sh32[p >> 2] = 0; sh32[(p >> 2) + 1] = 0; tags[p >> 3] = 0; hits++;${stamp('ti', k)} }`);
    emit(`fp = nfp; sp = nsp; S.fp = fp; S.sp = sp; ${fpPage}`);
    if (size > 0) {
      emit(`{ const lp = fbase[li] + (nsp & 4095); for (let q = lp >> 2, e = (lp + ${size}) >> 2; q < e; q++) sh32[q] = 0x01010101; for (let q = lp >> 3, e = (lp + ${size}) >> 3; q < e; q++) tags[q] = 0; }`);
    }
    emit(`}`);
  }

  function emitReturn(k: number, o: number, A: number): void {
    emit(`{ const vpn = Math.floor(fp * INV), ti = vpn & tmask, p = fbase[ti] + (fp & 4095);`);
    // The write tag: the frame's dead slots lose their pointer tags here, which a page shared after fork
    // must not (the interpreter's RET copies it first).
    emit(`if (depth === 0 || wtag[ti] !== vpn || (p & 7) !== 0 || (p & 4095) > 4080 || i32[(p >> 2) + 1] >>> 21 !== 0 || i32[(p >> 2) + 3] >>> 21 !== 0) ${slow(k)}`);
    emit(`const savedFp = i32[(p >> 2) + 1] * 4294967296 + (i32[p >> 2] >>> 0), ret = i32[(p >> 2) + 3] * 4294967296 + (i32[(p >> 2) + 2] >>> 0);`);
    emit(`const fv = Math.floor(ret * INV), off = ret - ${text.textBase}, back = off >= 0 && off < ${text.indexAt.length} ? INDEX[off] : -1;`);
    emit(`if (xtag[fv & tmask] !== fv || back < 0) ${slow(k)}`);
    emit(`hits += 2;${stamp('ti', k)}${stamp('fv & tmask', k)}`);
    // The frame dies: pointers in its slots go (a returned one travels on in the caller's register).
    // A slot that is not the last pointer to its block only counts one less (its drop recorded for the
    // exit report's cycles); a last pointer goes out of line, where the leak is decided and reported.
    emit(`{ const dead = fp - sp; if (dead > 0) { const fo = fp - vpn * 4096; let any = dead > fo ? 1 : 0; if (any === 0) for (let q = (p >> 3) - (dead >> 3); q < p >> 3; q++) { const tg = tags[q]; if (tg === 0) continue; if (orc[tg] > 1) { orc[tg]--; tags[q] = 0; objs.dropSite[tg] = ${k * 4 + 2}; objs.dropSerial[tg] = ++objs.drops; } else any = 1; }`);
    emit(`if (any !== 0) { S.pc = ${k}; S.sp = sp; S.fp = fp; S.base = base; S.depth = depth; env.releaseStack(cpu, sp, fp, ${o === Op.RET ? t(A) : '0'}); } } }`);
    emit(`const mark = S.csLocals[depth]; if (S.localsTop > mark) { const locals = S.locals; for (let q = mark; q < S.localsTop; q++) ost[locals[q]] = env.DEAD; S.localsTop = mark; }`);
    emit(`const dest = S.csDest[depth];`);
    if (o === Op.RET) emit(`if (dest >= 0) { R[dest] = ${r(A)}; M[dest] = ${m(A)}; T[dest] = ${t(A)}; if (${r(A)} !== ${r(A)}) big[dest] = big[${abs(A)}]; }`);
    emit(`keep = 0; depth--; base = S.csBase[depth]; sp = fp + 16; fp = savedFp; pc = back; break loop; }`);
  }

  const resumable = new Uint8Array(last - first);
  for (let k = first; k < last; k++) if (starts.has(k + 1) || resume.has(k + 1)) resumable[k - first] = 1;
  return { source: L.join('\n'), starts: sorted, end, resume: resumable };
}
