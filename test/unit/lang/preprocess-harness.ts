// Shared by the preprocessor tests: runs `preprocess` over in-memory files, renders the result as text
// with one space between tokens, and runs gcc -E on the same files as the reference.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DiagnosticSink, type Diagnostic } from '../../../src/engine/diagnostics';
import { preprocess, type PreprocessResult } from '../../../src/engine/lang/preprocess';
import type { Token } from '../../../src/engine/lang/token';
import { tokenize } from '../../../src/engine/lang/tokenize';

/** A small stand-in for the real built-in headers. */
export const HEADERS = new Map<string, string>([
  ['stdio.h', '#ifndef MEMSCOPE_STDIO_H\n#define MEMSCOPE_STDIO_H\n#include <stddef.h>\n#define EOF (-1)\nint printf(const char *fmt, ...);\n#endif\n'],
  ['stddef.h', '#ifndef MEMSCOPE_STDDEF_H\n#define MEMSCOPE_STDDEF_H\n#define NULL ((void *)0)\ntypedef unsigned long size_t;\n#endif\n'],
  ['limits.h', '#pragma once\n#define INT_MAX 2147483647\n'],
]);

export interface Run extends PreprocessResult {
  /** The tokens' spellings, one space apart (eof left out). */
  readonly text: string;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

/** Preprocesses `main` (as "main.c") with the other `files` readable by their paths. */
export function pp(main: string, files: Record<string, string> = {}, defines?: Map<string, string>): Run {
  const all: Record<string, string> = { 'main.c': main, ...files };
  const result = preprocess({
    mainFile: 'main.c',
    readFile: (path) => (Object.prototype.hasOwnProperty.call(all, path) ? all[path] : undefined),
    headers: HEADERS,
    defines,
  });
  return {
    ...result,
    text: spellAll(result.tokens),
    errors: result.diagnostics.filter((d) => d.severity === 'error'),
    warnings: result.diagnostics.filter((d) => d.severity === 'warning'),
  };
}

export function spellAll(tokens: readonly Token[]): string {
  return tokens.filter((t) => t.kind !== 'eof').map((t) => t.text).join(' ');
}

/** C text as tokens one space apart, so expectations can be written as ordinary C. */
export function norm(text: string): string {
  return spellAll(tokenize('expected.c', text, new DiagnosticSink()));
}

/** gcc -std=c11 -E -P of `main` (with `files` beside it), normalised like `norm`. */
export function gccE(main: string, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'memscope-pp-'));
  try {
    for (const [path, text] of Object.entries({ 'main.c': main, ...files })) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const out = execFileSync('gcc', ['-std=c11', '-E', '-P', '-w', 'main.c'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return norm(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "line:column message" of each diagnostic, for compact assertions. */
export function located(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.location.line}:${d.location.column} ${d.message}`);
}
