// Turns the engine's located diagnostics into Problems-panel entries. Plain data without `vscode`, so
// the arithmetic is unit-tested in Node; problems.ts wraps the result in vscode.Diagnostic objects.
//
// The engine counts lines and columns from 1 and gives each diagnostic the length of the offending
// text; VS Code counts from 0 and wants a range, so a diagnostic at 3:5 with length 4 covers columns
// 4..8 of line 2. A diagnostic inside one of memscope's built-in headers (`<builtin>/stdio.h`) has no
// file the user can open, so it is shown on the first line of the file being checked, naming the header.

import type { Diagnostic, Severity } from '../engine/diagnostics';

export type ProblemSeverity = 'error' | 'warning' | 'information';

export interface Problem {
  /** The file the problem is shown in (the checked file, or an included file of the user's). */
  readonly file: string;
  /** 0-based, end exclusive, on one line. */
  readonly line: number;
  readonly startColumn: number;
  readonly endColumn: number;
  readonly severity: ProblemSeverity;
  readonly message: string;
  readonly code: string;
}

export function problemSeverity(severity: Severity): ProblemSeverity {
  switch (severity) {
    case 'error':
      return 'error';
    case 'warning':
      return 'warning';
    case 'note':
      return 'information';
    default: {
      const never: never = severity;
      return never;
    }
  }
}

/** True for the names memscope gives its built-in headers and library sources (`<builtin>/…`, `<libc>/…`). */
export function isBuiltinFile(file: string): boolean {
  return file.startsWith('<');
}

export function toProblem(d: Diagnostic, checkedFile: string): Problem {
  const builtin = isBuiltinFile(d.location.file);
  const line = builtin ? 0 : Math.max(0, d.location.line - 1);
  const startColumn = builtin ? 0 : Math.max(0, d.location.column - 1);
  const length = builtin ? 1 : Math.max(1, d.length);
  let message = d.message;
  if (builtin) message = `${d.location.file}:${d.location.line}:${d.location.column}: ${message}`;
  if (d.hint) message += `\nhint: ${d.hint}`;
  return {
    file: builtin ? checkedFile : d.location.file,
    line,
    startColumn,
    endColumn: startColumn + length,
    severity: problemSeverity(d.severity),
    message,
    code: d.code,
  };
}

/** The problems of one check, grouped by the file they are shown in; the checked file is always present. */
export function problemsByFile(diagnostics: readonly Diagnostic[], checkedFile: string): Map<string, Problem[]> {
  const byFile = new Map<string, Problem[]>([[checkedFile, []]]);
  for (const d of diagnostics) {
    const problem = toProblem(d, checkedFile);
    const list = byFile.get(problem.file);
    if (list) list.push(problem);
    else byFile.set(problem.file, [problem]);
  }
  return byFile;
}
