// The check behind the Problems panel: the engine's own compiler, with memscope's built-in headers
// and C library, exactly as a debug session compiles the program, so the editor shows the same errors
// and warnings F5 would stop on. Only the diagnostics are kept; the linked program is dropped.

import { compile } from '../engine/compile/index';
import { HEADERS, KERNEL_FUNCTIONS, LIBC, LIBC_SOURCES } from '../engine/libc/index';
import type { ProgramCheck } from './problems';

/** Library functions the engine implements: the libc natives and the machine's kernel calls. */
const NATIVES: ReadonlySet<string> = new Set([...Object.keys(LIBC), ...KERNEL_FUNCTIONS]);

export const checkWithEngine: ProgramCheck = (mainFile, readFile) =>
  compile({ mainFile, readFile, headers: HEADERS, natives: NATIVES, librarySources: LIBC_SOURCES }).diagnostics;
