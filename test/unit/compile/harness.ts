// Shared by the compiler's tests: compile or parse a Mini C snippet with the real built-in headers and
// library, disassemble a function of the result, and render diagnostics compactly for assertions.

import { DiagnosticSink, type Diagnostic } from '../../../src/engine/diagnostics';
import { compile, type CompileResult } from '../../../src/engine/compile/index';
import { decode, formatInstruction } from '../../../src/engine/compile/isa';
import type { TranslationUnit } from '../../../src/engine/lang/ast';
import { parseTranslationUnit } from '../../../src/engine/lang/parse';
import { preprocess } from '../../../src/engine/lang/preprocess';
import { HEADERS, KERNEL_FUNCTIONS, LIBC, LIBC_SOURCES } from '../../../src/engine/libc/index';
import type { Program } from '../../../src/engine/program';

export const NATIVES: ReadonlySet<string> = new Set([...Object.keys(LIBC), ...KERNEL_FUNCTIONS]);

/** Compiles `source` as the main file `main.c` (other files of `files` can be #included). */
export function compileSource(source: string, files: Record<string, string> = {}): CompileResult {
  const all: Record<string, string> = { 'main.c': source, ...files };
  return compile({
    mainFile: 'main.c',
    readFile: (p) => all[p.replace(/^\.\//, '')],
    headers: HEADERS,
    natives: NATIVES,
    librarySources: LIBC_SOURCES,
  });
}

/** Compiles and insists on success, returning the program. */
export function build(source: string): Program {
  const r = compileSource(source);
  if (!r.program) throw new Error(`compilation failed:\n${showDiagnostics(r.diagnostics).join('\n')}`);
  return r.program;
}

/** Preprocesses (with the real headers) and parses, without generating code. */
export function parseSource(source: string): { unit: TranslationUnit; diagnostics: Diagnostic[] } {
  const pp = preprocess({ mainFile: 'main.c', readFile: (p) => (p === 'main.c' ? source : undefined), headers: HEADERS });
  const sink = new DiagnosticSink();
  sink.all.push(...pp.diagnostics);
  const unit = parseTranslationUnit(pp.tokens, sink, { file: 'main.c', origin: 'user' });
  return { unit, diagnostics: sink.all };
}

/** "line:column: severity: message" for each diagnostic. */
export function showDiagnostics(ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.location.line}:${d.location.column}: ${d.severity}: ${d.message}`);
}

/** The instructions of one function as the disassembly prints them (addresses left out). */
export function disassemble(program: Program, name: string): string[] {
  const f = program.functions.find((x) => x.name === name);
  if (!f) throw new Error(`no function ${name}`);
  const out: string[] = [];
  let offset = f.address - program.text.address;
  const end = offset + f.size;
  while (offset < end) {
    const ins = decode(program.text.bytes, offset, program.text.address);
    if (!ins) throw new Error(`undecodable byte at 0x${(program.text.address + offset).toString(16)}`);
    let text = formatInstruction(ins);
    // Branch targets as offsets from the function start, so expectations do not depend on layout.
    text = text.replace(/0x[0-9a-f]+$/, (m) => {
      const target = parseInt(m, 16);
      return target >= f.address && target <= f.address + f.size && /^J|^CALL/.test(text) ? `@${target - f.address}` : m;
    });
    out.push(text);
    offset += ins.length;
  }
  return out;
}
