// memscope's C library: the table of functions implemented in TypeScript (natives), the Mini C
// library sources compiled with every program, and the built-in headers.
//
// How the pieces meet. The compiler reads declarations from HEADERS, compiles LIBC_SOURCES beside the
// program (qsort, bsearch, the FILE objects, errno, the strto* wrappers), and turns every call of a
// function named in LIBC into a stub whose body is one NATIVE instruction; the CPU then runs the
// spec's `run` with a NativeCall. The kernel functions declared in unistd.h, sys/mman.h and
// sys/wait.h (sbrk, mmap, fork …) are natives of the machine, not of this table.

import { ASSERT } from './assert';
import { CTYPE } from './ctype';
import { MATH } from './math';
import type { NativeSpec } from './native';
import { RAND } from './rand';
import { STDIO } from './stdio';
import { STDLIB } from './stdlib';
import { STRING } from './string';

export { HEADERS } from './headers';
export { LIBC_SOURCES } from './sources';

export const LIBC: Readonly<Record<string, NativeSpec>> = Object.freeze({
  ...STDIO,
  ...STRING,
  ...STDLIB,
  ...RAND,
  ...CTYPE,
  ...MATH,
  ...ASSERT,
});

/** The kernel functions the headers declare and the machine implements (for the compiler's natives set). */
export const KERNEL_FUNCTIONS: readonly string[] = ['sbrk', 'brk', 'mmap', 'munmap', 'mprotect', 'fork', 'wait', 'waitpid', 'getpid', 'getppid', '_exit', 'sleep'];
