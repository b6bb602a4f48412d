// Reporting memcheck errors and fatal faults of the running process.
//
// How it works. `report` is for errors the program survives (as under valgrind): it identifies the error
// by kind and site — the instruction, plus the caller's call when the error is inside a library function —
// and only the first occurrence is built in full (call stack from the fp chain, allocation and free stacks
// symbolised); repeats just count. With `stopOnErrors` (a debugger session) it also asks the CPU loop to
// return after the current instruction; kinds in `stopOnRepeats` stop at their later occurrences too (built
// in full then, but logged once). `fatal` builds the error that ends the process.

import type { ErrorKind, RuntimeError, SignalName, StackEntry } from '../errors';
import type { Cpu } from './cpu';
import { stackEntries } from './frames';

export interface ReportExtra {
  readonly address?: number;
  readonly size?: number;
  readonly allocStack?: readonly number[];
  readonly freeStack?: readonly number[];
  /** Distinguishes errors of one kind at one site (a leak there of blocks from different allocations). */
  readonly key?: string;
}

/** Site key of an error at the current instruction. */
export function siteKey(cpu: Cpu, kind: ErrorKind): string {
  const S = cpu.proc.state;
  const caller = cpu.nativeName !== undefined ? `:${S.csReturn[S.depth]}` : '';
  return `${kind}:${S.pc}${caller}`;
}

export function report(cpu: Cpu, kind: ErrorKind, message: string, details: readonly string[], explanation: string, extra: ReportExtra = {}): void {
  const key = siteKey(cpu, kind) + (extra.key ?? '');
  if (cpu.errors.repeat(key)) {
    // A debugger filter with a condition is asked at every occurrence: this one is built in full too,
    // with its own stack, but the log still holds the first only.
    if (cpu.stopOnErrors && cpu.stopOnRepeats.has(kind)) {
      cpu.stopRequested = true;
      cpu.pendingError = build(cpu, kind, message, details, explanation, extra, false);
      cpu.pendingRepeat = true;
    }
    return;
  }
  const error = build(cpu, kind, message, details, explanation, extra, false);
  const counted = cpu.errors.add(key, error);
  if (cpu.stopOnErrors) {
    cpu.stopRequested = true;
    cpu.pendingError = counted;
    cpu.pendingRepeat = false;
  }
}

/** The error that ends the process; recorded in the log as well. */
export function fatal(cpu: Cpu, kind: ErrorKind, signal: SignalName, message: string, details: readonly string[], explanation: string, extra: ReportExtra = {}): RuntimeError {
  const error: RuntimeError = { ...build(cpu, kind, message, details, explanation, extra, true), signal };
  cpu.errors.add(`${kind}:fatal:${cpu.errors.size}`, error);
  return error;
}

function build(cpu: Cpu, kind: ErrorKind, message: string, details: readonly string[], explanation: string, extra: ReportExtra, isFatal: boolean): RuntimeError {
  const error: RuntimeError = {
    kind,
    message,
    details,
    explanation,
    address: extra.address,
    size: extra.size,
    stack: stackEntries(cpu),
    allocStack: extra.allocStack ? symbolise(cpu, extra.allocStack) : undefined,
    freeStack: extra.freeStack ? symbolise(cpu, extra.freeStack) : undefined,
    fatal: isFatal,
    pid: cpu.proc.pid,
  };
  return error;
}

/** Instruction numbers of a recorded call stack → stack entries. */
export function symbolise(cpu: Cpu, sites: readonly number[]): StackEntry[] {
  return sites.map((k) => cpu.symbols.entry(k));
}

/** Line of the innermost frame of a recorded stack that is in the program's own code (0 if none). */
export function userLine(cpu: Cpu, sites: readonly number[] | undefined): number {
  if (!sites) return 0;
  for (const k of sites) {
    const fn = cpu.symbols.fn(k);
    if (fn && fn.origin === 'user') return cpu.symbols.entry(k).line;
  }
  return 0;
}
