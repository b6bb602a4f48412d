// The Mini C compiler: source files → a linked Program (program.ts), or the diagnostics that prevent it.
//
// How it works. The user's file and each library source (libc/sources.ts) are separate translation
// units, as with a C compiler and its static library: each is preprocessed (lang/preprocess.ts), parsed
// and typed (lang/parse.ts), and compiled function by function (codegen.ts); the linker (link.ts) then
// resolves names across them, keeps the library code the program uses, lays out the sections and
// encodes the text. As a linker pulls from a static library only the object files that define a name
// still undefined, a library source is compiled only if it may define a name the program (or library
// code already pulled in) uses but does not define (library-units.ts); the units are then linked in
// their usual order, so the program is the same as if every source had been compiled. Diagnostics from every stage are collected in one list; the program is null as soon
// as there is one error. Nothing here throws: an unexpected failure becomes an "internal compiler error"
// diagnostic, so a bad program can never take the engine down.

import { DiagnosticSink, type Diagnostic } from '../diagnostics';
import { preprocess } from '../lang/preprocess';
import { parseTranslationUnit } from '../lang/parse';
import type { Origin } from '../lang/ast';
import type { Pragma, Program } from '../program';
import { generateFunction } from './codegen';
import { link, type CompiledUnit } from './link';
import { fileScopeNames, undefinedReferences } from './library-units';

export interface CompileInput {
  mainFile: string;
  readFile(path: string): string | undefined;
  headers: ReadonlyMap<string, string>;
  /** Library functions implemented by the engine. */
  natives: ReadonlySet<string>;
  librarySources: readonly { path: string; text: string }[];
  defines?: ReadonlyMap<string, string>;
}

/** `program` is null if and only if a diagnostic is an error. */
export interface CompileResult {
  program: Program | null;
  diagnostics: Diagnostic[];
}

export function compile(input: CompileInput): CompileResult {
  const sink = new DiagnosticSink();
  try {
    return { program: compileInto(input, sink), diagnostics: sink.all };
  } catch (e) {
    sink.error({ file: input.mainFile, line: 1, column: 1 }, `internal compiler error: ${e instanceof Error ? e.message : String(e)}`, {
      code: 'internal', hint: 'this is a bug in memscope, not in your program; please report it with the program',
    });
    return { program: null, diagnostics: sink.all };
  }
}

interface Source {
  readonly path: string;
  readonly origin: Origin;
  readFile(path: string): string | undefined;
}

function compileInto(input: CompileInput, sink: DiagnosticSink): Program | null {
  const headerOf = headerIndex(input.headers);
  const sources: Source[] = [
    { path: input.mainFile, origin: 'user', readFile: (p) => input.readFile(p) },
    ...input.librarySources.map((s): Source => ({ path: s.path, origin: 'libc', readFile: (p) => (p === s.path ? s.text : undefined) })),
  ];
  const files: string[] = [];
  const pragmas: Pragma[] = [];
  /** Each compiled source's unit and files, by its index in `sources`. */
  const compiled: ({ unit: CompiledUnit; files: readonly string[] } | undefined)[] = [];
  const compileSource = (k: number): CompiledUnit => {
    const source = sources[k]!;
    const unitSink = new DiagnosticSink();
    const pp = preprocess({ mainFile: source.path, readFile: source.readFile, headers: input.headers, defines: input.defines });
    unitSink.all.push(...pp.diagnostics);
    if (source.origin === 'user') {
      for (const f of pp.files) if (!files.includes(f)) files.push(f);
      for (const p of pp.pragmas) pragmas.push({ name: p.name, value: p.value, file: fileIndex(files, p.location.file), line: p.location.line });
    }
    const unit = parseTranslationUnit(pp.tokens, unitSink, { file: source.path, origin: source.origin, headerOf });
    const functions = unitSink.errorCount === 0 ? unit.functions.map((def) => generateFunction(def, unitSink)) : [];
    // The library's own warnings are memscope's business, not the user's.
    for (const d of unitSink.all) if (source.origin === 'user' || d.severity === 'error') sink.all.push(d);
    compiled[k] = { unit: { unit, functions }, files: pp.files };
    return { unit, functions };
  };
  const wanted = new Set(undefinedReferences(compileSource(0).unit));
  // Library code is only compiled for a program that compiled cleanly, and only the sources it needs.
  for (let more = sink.errorCount === 0; more; ) {
    more = false;
    for (let k = 1; k < sources.length && sink.errorCount === 0; k++) {
      if (compiled[k] || !defines(input.librarySources[k - 1]!.text, wanted)) continue;
      for (const name of undefinedReferences(compileSource(k).unit)) wanted.add(name);
      more = true;
    }
  }
  if (sink.errorCount > 0) return null;
  const units: CompiledUnit[] = [];
  for (const c of compiled) {
    if (!c) continue;
    for (const f of c.files) if (!files.includes(f)) files.push(f);
    units.push(c.unit);
  }
  const warnings = sink.all.filter((d) => d.severity !== 'error');
  const program = link({ units, natives: input.natives, files, pragmas, warnings, sink, mainFile: input.mainFile });
  return sink.errorCount > 0 ? null : program;
}

/** True if a library source may define one of the names (see library-units.ts). */
function defines(text: string, names: ReadonlySet<string>): boolean {
  const own = fileScopeNames(text);
  for (const name of names) if (own.has(name)) return true;
  return false;
}

function fileIndex(files: string[], file: string): number {
  const i = files.indexOf(file);
  if (i >= 0) return i;
  files.push(file);
  return files.length - 1;
}

/**
 * For "did you forget to include" hints: the standard header that declares each library name, found by
 * scanning the built-in headers for function declarations (`name(`), macros and typedefs. Built on
 * first use, since a program without errors never needs it.
 */
function headerIndex(headers: ReadonlyMap<string, string>): (name: string) => string | undefined {
  let index: Map<string, string> | null = null;
  const patterns = [/#\s*define\s+([A-Za-z_]\w*)/g, /typedef\b[^;{}]*?\b([A-Za-z_]\w*)\s*;/g, /\b([A-Za-z_]\w*)\s*\(/g];
  return (name) => {
    if (!index) {
      index = new Map();
      for (const pattern of patterns) {
        for (const [header, text] of headers) {
          for (const m of text.matchAll(pattern)) if (!m[1]!.startsWith('_') && !index.has(m[1]!)) index.set(m[1]!, header);
        }
      }
    }
    return index.get(name);
  };
}
