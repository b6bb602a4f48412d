// Runtime errors of a simulated program, as values. Memcheck findings and fatal faults share one shape
// so the CLI report, the debugger's exception stops and the views read the same thing. The `kind`s are
// the contract of `memscope run --report` (docs/report.md); wording follows valgrind's where it has one.

/** One frame of a call stack, innermost first in a stack. */
export interface StackEntry {
  readonly function: string;
  /** Source position of the call (or of the fault in the innermost frame); 0 when unknown (libc). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Text address of the instruction. */
  readonly pc: number;
}

export type ErrorKind =
  | 'invalid-read'
  | 'invalid-write'
  | 'use-after-free'
  | 'invalid-free'
  | 'double-free'
  | 'uninitialized'
  | 'overlap'
  | 'null-deref'
  | 'stack-overflow'
  | 'segfault'
  | 'division-by-zero'
  | 'out-of-memory'
  | 'dangling-stack'
  | 'leak';

/** Signals a simulated process can die of, with their numbers on x86-64 Linux. */
export const SIGNALS = {
  SIGILL: 4,
  SIGABRT: 6,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGSEGV: 11,
} as const;
export type SignalName = keyof typeof SIGNALS;

export interface RuntimeError {
  readonly kind: ErrorKind;
  /** One line in valgrind's words, e.g. "Invalid write of size 4". */
  readonly message: string;
  /** Further lines, e.g. "Address 0x4a4b044 is 0 bytes after a block of size 20 alloc'd". */
  readonly details: readonly string[];
  /** A plain-language sentence for a learner. */
  readonly explanation: string;
  /** The faulting or offending address, if any. */
  readonly address?: number;
  /** Size of the access, if any. */
  readonly size?: number;
  readonly stack: readonly StackEntry[];
  /** For heap blocks: where the block was allocated and freed. */
  readonly allocStack?: readonly StackEntry[];
  readonly freeStack?: readonly StackEntry[];
  /** Set when the error ends the process. */
  readonly fatal: boolean;
  readonly signal?: SignalName;
  readonly pid: number;
}
