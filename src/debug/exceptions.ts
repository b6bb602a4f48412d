// The exception breakpoints of a memscope session: one filter per kind of memory error a learner meets,
// which VS Code lists in the Breakpoints view, and the valgrind-style details of an exception stop.
//
// How it works. Every runtime error the engine reports has a `kind` (errors.ts); each filter names the
// kinds it stops on. Fatal errors (the process dies) and the errors a program survives (as under
// valgrind) both come through here; a filter's optional condition is a C expression evaluated in the
// innermost frame at the stop. Errors of a kind whose filter is off are still printed to the debug
// console, as memcheck prints them.

import type { ErrorKind, RuntimeError, StackEntry } from '../engine/errors';

export type FilterId = 'segfault' | 'stack-overflow' | 'out-of-bounds' | 'use-after-free' | 'bad-free' | 'uninitialized' | 'leak' | 'out-of-memory';

export interface ExceptionFilter {
  readonly id: FilterId;
  readonly label: string;
  readonly description: string;
  readonly kinds: readonly ErrorKind[];
  /** On when the session starts. */
  readonly enabled: boolean;
}

export const EXCEPTION_FILTERS: readonly ExceptionFilter[] = [
  { id: 'segfault', label: 'Segmentation fault and other crashes', description: 'Stop where the program dereferences NULL or an unmapped address, divides by zero, or aborts.', kinds: ['segfault', 'null-deref', 'division-by-zero'], enabled: true },
  { id: 'stack-overflow', label: 'Stack overflow', description: 'Stop when the stack grows into its guard page (runaway recursion).', kinds: ['stack-overflow'], enabled: true },
  { id: 'out-of-bounds', label: 'Out-of-bounds access', description: 'Stop at a read or write outside the object a pointer belongs to, or an overlapping memcpy.', kinds: ['invalid-read', 'invalid-write', 'overlap'], enabled: true },
  { id: 'use-after-free', label: 'Use after free or after return', description: 'Stop when the program touches a freed heap block or a local of a function that returned.', kinds: ['use-after-free', 'dangling-stack'], enabled: true },
  { id: 'bad-free', label: 'Double or invalid free', description: 'Stop at a free() of a block already freed, or of memory malloc did not return.', kinds: ['double-free', 'invalid-free'], enabled: true },
  { id: 'uninitialized', label: 'Use of uninitialised value', description: 'Stop where a value that was never written decides a jump, an address or a system call.', kinds: ['uninitialized'], enabled: true },
  { id: 'leak', label: 'Memory leak (last pointer lost)', description: 'Stop at the statement that dropped the last pointer to a heap block (overwrote it, let it go out of scope, or freed the block that held it).', kinds: ['leak'], enabled: false },
  { id: 'out-of-memory', label: 'Out of memory', description: 'Stop when malloc fails or the process runs out of physical memory.', kinds: ['out-of-memory'], enabled: true },
];

/** The filter that covers an error kind. */
export function filterOf(kind: ErrorKind): ExceptionFilter {
  return EXCEPTION_FILTERS.find((f) => f.kinds.includes(kind)) ?? EXCEPTION_FILTERS[0]!;
}

export function isFilterId(id: string): id is FilterId {
  return EXCEPTION_FILTERS.some((f) => f.id === id);
}

/** A crash without a memory error behind it (abort(), an illegal instruction) as an error value. */
export function signalError(signal: string, reason: string, stack: readonly StackEntry[], pid: number): RuntimeError {
  return {
    kind: 'segfault',
    message: `Process terminating with signal ${signal}`,
    details: [reason],
    explanation: `The program was killed by ${signal}: ${reason}.`,
    stack,
    fatal: true,
    signal: signal as RuntimeError['signal'],
    pid,
  };
}

/** A file as valgrind names it in a stack: its last path component (the widget is narrow). */
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/** The error as a block of valgrind-style text for the exception widget's details. */
export function errorDetails(e: RuntimeError): string {
  const frames = (title: string, stack: readonly StackEntry[] | undefined): string[] =>
    stack && stack.length
      ? [title, ...stack.filter((f) => f.function !== '_start').slice(0, 12).map((f, i) => `   ${i === 0 ? 'at' : 'by'} 0x${f.pc.toString(16)}: ${f.function}${f.line > 0 ? ` (${baseName(f.file)}:${f.line})` : ''}`)]
      : [];
  return [
    e.message,
    ...frames('', e.stack).slice(1),
    ...e.details.map((d) => ` ${d}`),
    ...frames(' Block was freed at:', e.freeStack),
    ...frames(' Block was alloc\'d at:', e.allocStack),
  ].join('\n');
}
