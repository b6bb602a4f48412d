// From a launch request's attributes to a program ready to run: the source compiled with memscope's
// compiler, the simulation settings (defaults, then the program's pragmas, then the launch attributes,
// checked by the same parser as the CLI's options), argv, and standard input from `stdin` or `stdinFile`.
// Every problem is a message for the user; compile errors come with the gcc-style diagnostics.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compileFile, formatDiagnostics } from '../engine/index';
import type { Machine } from '../engine/machine/machine';
import { newMachine } from '../engine/run';
import type { Program } from '../engine/program';
import { applyPragmas, DEFAULT_SETTINGS, type Settings } from '../engine/settings';
import { checkLaunch, launchSettings, type LaunchAttributes } from '../extension/launch';

export type Prepared =
  | {
      readonly ok: true;
      readonly program: Program;
      readonly settings: Settings;
      readonly argv: string[];
      readonly stdin: Uint8Array;
      /** Warnings of the compiler and of pragmas, gcc-style ("" when there are none). */
      readonly warnings: string;
    }
  | {
      readonly ok: false;
      /** One line for the error notification. */
      readonly message: string;
      /** The full diagnostics for the debug console, when compiling failed. */
      readonly diagnostics?: string;
    };

/** The program file's path: relative paths start at cwd. */
export function programPath(args: Partial<LaunchAttributes>): string {
  const program = args.program ?? '';
  return path.isAbsolute(program) ? program : path.resolve(args.cwd ?? process.cwd(), program);
}

export function prepareLaunch(args: Partial<LaunchAttributes>): Prepared {
  const problems = checkLaunch(args);
  if (problems.length > 0) return { ok: false, message: `memscope: ${problems.join('; ')}` };
  const file = programPath(args);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return { ok: false, message: `memscope: cannot read ${file}` };
  }
  const compiled = compileFile(file, (p) => (p === file ? source : readOrUndefined(p)));
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error').length;
  if (!compiled.program || errors > 0) {
    return {
      ok: false,
      message: `memscope: ${path.basename(file)} has ${errors} compile error${errors === 1 ? '' : 's'}; see the Debug Console`,
      diagnostics: formatDiagnostics(compiled.diagnostics, (p) => (p === file ? source : readOrUndefined(p))) + '\n',
    };
  }
  const program = compiled.program;
  const base: Settings = { ...DEFAULT_SETTINGS };
  const pragmaProblems = applyPragmas(base, program.pragmas).map((p) => `${program.files[p.pragma.file]}:${p.pragma.line}: warning: ${p.message}`);
  const { settings, problems: attributeProblems } = launchSettings(args, base);
  if (attributeProblems.length > 0) return { ok: false, message: `memscope: ${attributeProblems.join('; ')}` };
  let stdin: Uint8Array = new TextEncoder().encode(args.stdin ?? '');
  if (args.stdinFile !== undefined) {
    const input = path.isAbsolute(args.stdinFile) ? args.stdinFile : path.resolve(args.cwd ?? path.dirname(file), args.stdinFile);
    try {
      stdin = readFileSync(input);
    } catch {
      return { ok: false, message: `memscope: cannot read the stdinFile ${input}` };
    }
  }
  const warnings = [compiled.diagnostics.length ? formatDiagnostics(compiled.diagnostics, (p) => (p === file ? source : readOrUndefined(p))) : '', ...pragmaProblems].filter((w) => w !== '').join('\n');
  return {
    ok: true,
    program,
    settings,
    argv: [path.basename(file).replace(/\.(c|mc)$/i, ''), ...(args.args ?? [])],
    stdin,
    warnings: warnings ? warnings + '\n' : '',
  };
}

function readOrUndefined(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The machine for a prepared launch (the engine's newMachine, as `memscope run` builds it): the settings,
 * argv and stdin, and memcheck errors reported as stops (stopOnErrors), so exception breakpoints can stop on them.
 */
export function machineFor(prepared: Extract<Prepared, { ok: true }>, write: (fd: 1 | 2, bytes: Uint8Array) => void): Machine {
  const { program, settings, argv, stdin } = prepared;
  let at = 0;
  return newMachine(program, settings, { write, readStdin: () => (at < stdin.length ? stdin[at++]! : -1) }, { argv, stopOnErrors: true });
}
