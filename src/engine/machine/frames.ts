// The call stack as the fp chain in simulated memory (docs/abi.md), for backtraces and the views.
//
// How it works. The innermost frame is the function at pc. Once its ENTER has run, [fp] holds the
// caller's fp and [fp+8] the return address; before that (at the ENTER itself, or in a native stub that
// has none) the return address is at [sp] and fp is still the caller's. Each return address names the
// caller's CALL (the instruction before it) and the caller's frame is found from the saved fp, and so on
// until _start. The chain is read with privileged reads: a smashed frame ends the walk where the chain
// stops making sense (a return address outside the code), as gdb's does, instead of faulting. Any process
// can be walked, on the CPU or not (after fork, each has its own stack at the same addresses): its saved
// registers and its own page tables say where its frames are. Error stacks name _start as valgrind
// does once main has returned: "(below main)" (`stackEntries`).

import type { StackEntry } from '../errors';
import type { Cpu } from './cpu';
import type { Process } from './process';
import { instructionAt } from './decode';
import { Op } from '../compile/isa';
import type { StackTable } from '../check/objects';

export interface FrameInfo {
  readonly depth: number;
  readonly function: string;
  readonly functionIndex: number;
  readonly origin: 'user' | 'libc' | 'native' | 'start' | 'unknown';
  /** Instruction number (innermost: the current one; callers: their CALL). */
  readonly index: number;
  readonly site: StackEntry;
  /** Frame pointer of this frame (undefined before its ENTER ran), and its lowest address (sp). */
  readonly fp: number | undefined;
  readonly sp: number;
  /** Address range of the frame: [low, high) covering locals, saved fp, return address and arguments. */
  readonly low: number;
  readonly high: number;
}

/** Reads an 8-byte value without any check; undefined where nothing is mapped. */
export function peek64(cpu: Cpu, va: number, proc: Process = cpu.proc): number | undefined {
  const space = proc.space;
  if (!Number.isSafeInteger(va) || va % 8 !== 0) return undefined;
  // Read where the word is (a frame, or a swap slot): a backtrace must not move pages or copy shared ones.
  return space.inspectWord(va);
}

/** The frames of `proc` (the running process by default), innermost first; none once its memory is gone. */
export function walkFrames(cpu: Cpu, max = Infinity, proc: Process = cpu.proc): FrameInfo[] {
  if (!proc.space.alive) return [];
  const S = proc.state;
  const text = cpu.text;
  const program = cpu.program;
  const frames: FrameInfo[] = [];
  let k = S.pc;
  let sp = S.sp;
  let fnIndex = k >= 0 && k < text.count ? text.func[k]! : -1;
  const entryK = fnIndex >= 0 ? text.funcEntry[fnIndex]! : -1;
  const hasEnter = entryK >= 0 && realOpcode(cpu, entryK) === Op.ENTER;
  let entered = hasEnter && k !== entryK;
  let fp: number | undefined = entered ? S.fp : undefined;
  let callerFp = entered ? peek64(cpu, S.fp, proc) : S.fp;
  let retAt = entered ? S.fp + 8 : sp;
  for (let depth = S.depth; frames.length < max; depth--) {
    const fn = program.functions[fnIndex];
    const argBytes = fn?.argBytes ?? 0;
    const high = (entered ? fp! + 16 : sp + 8) + argBytes;
    frames.push({
      depth,
      function: fn?.name ?? '??',
      functionIndex: fnIndex,
      origin: fn?.origin ?? 'unknown',
      index: k,
      site: cpu.symbols.entry(k),
      fp,
      sp,
      low: sp,
      high,
    });
    if (!fn || fn.origin === 'start' || depth <= 0) break;
    const ret = peek64(cpu, retAt, proc);
    if (ret === undefined || callerFp === undefined) break;
    const r = instructionAt(text, ret);
    if (r <= 0) break;
    k = r - 1;
    fnIndex = text.func[k]!;
    sp = retAt + 8;
    entered = true;
    fp = callerFp;
    retAt = fp + 8;
    callerFp = peek64(cpu, fp, proc);
  }
  return frames;
}

function realOpcode(cpu: Cpu, k: number): number {
  const t = cpu.text;
  let o = t.op[k]!;
  if (o === 200) o = t.breakOp[k]!;
  if (o === 201) o = t.pageOp[k]!;
  return o;
}

/**
 * The call stack as StackEntry values, innermost first (for errors). Once main has returned, the code
 * that called it is still on the stack — _start, calling exit with main's value — and valgrind names
 * that frame "(below main)" (glibc's __libc_start_call_main); so does this stack, placed at main's
 * closing line, where control left the program's code: an error of exit's (an undefined status returned
 * by main) is then located in the program, as valgrind's stack cannot be.
 */
export function stackEntries(cpu: Cpu, max = 50): StackEntry[] {
  const frames = walkFrames(cpu, max);
  return frames.map((f, i) => (f.origin === 'start' && frames[i - 1]?.function !== 'main' ? belowMain(cpu, f.site) : f.site));
}

/** valgrind's name for the frame of the code that called main, at main's closing line. */
export const BELOW_MAIN = '(below main)';

function belowMain(cpu: Cpu, site: StackEntry): StackEntry {
  const program = cpu.program;
  const main = program.functions.find((fn) => fn.name === 'main' && fn.origin === 'user');
  if (!main) return { ...site, function: BELOW_MAIN };
  return { function: BELOW_MAIN, file: program.files[main.file] ?? site.file, line: main.endLine, column: 1, pc: site.pc };
}

/**
 * The allocation-time call stack, cheaply: the current instruction and the calls on the JS-side call
 * stack, innermost first, as instruction numbers (symbolised only when a report needs them), interned
 * in `stacks` — no array is built for a stack seen before.
 */
export function callStackId(cpu: Cpu, stacks: StackTable, max = 12): number {
  const S = cpu.proc.state;
  const length = Math.min(max, S.depth + 1, sites.length);
  sites[0] = S.pc;
  for (let i = 1; i < length; i++) sites[i] = S.csReturn[S.depth - i + 1]! - 1;
  return stacks.intern(sites, length);
}

/** Scratch for callStackId: a stack is copied only when it is new. */
const sites = new Int32Array(16);
