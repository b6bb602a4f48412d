// The engine's front door for its users (the CLI, the debug adapter, the editor's Problems, the tests):
// compile a Mini C file with memscope's own headers and C library, and format diagnostics the way gcc
// does, with the offending source line and a caret. Reading files is injected so the same call works on
// disk, on unsaved editor buffers, or on strings in a test.

import { readFileSync } from 'node:fs';
import { compile, type CompileResult } from './compile/index';
import { formatDiagnostic, type Diagnostic } from './diagnostics';
import { HEADERS, KERNEL_FUNCTIONS, LIBC, LIBC_SOURCES } from './libc/index';

export type { CompileResult } from './compile/index';
export type { Program } from './program';
export { runProgram, type RunOptions, type RunResult } from './run';

/** Reads a source file; undefined when it does not exist or cannot be read. */
export type ReadFile = (path: string) => string | undefined;

export const readFromDisk: ReadFile = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

/** The names of every library function the engine implements natively (libc and kernel calls). */
export const NATIVE_NAMES: ReadonlySet<string> = new Set([...Object.keys(LIBC), ...KERNEL_FUNCTIONS]);

/** Compiles `mainFile` (and the files it includes) with memscope's built-in headers and library. */
export function compileFile(mainFile: string, readFile: ReadFile = readFromDisk): CompileResult {
  return compile({ mainFile, readFile, headers: HEADERS, natives: NATIVE_NAMES, librarySources: LIBC_SOURCES });
}

/** All diagnostics as gcc prints them, each with its source line and a caret when the file can be read. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], readFile: ReadFile = readFromDisk): string {
  const lines = new Map<string, string[] | undefined>();
  const sourceLine = (file: string, line: number): string | undefined => {
    if (!lines.has(file)) lines.set(file, readFile(file)?.split(/\r?\n/));
    return lines.get(file)?.[line - 1];
  };
  return diagnostics.map((d) => formatDiagnostic(d, sourceLine(d.location.file, d.location.line))).join('\n');
}
