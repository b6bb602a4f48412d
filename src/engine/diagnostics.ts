// Located diagnostics: every compile error, warning and runtime fault names a file, line and column.
// Diagnostics are values that the engine collects and returns; nothing in the engine exits the process.
// `formatDiagnostic` renders one in gcc's style: "file:line:col: error: message", the source line, and
// a caret under the column, so students see the same shape they know from gcc.

export interface SourceLocation {
  /** Path of the file as the user named it (or a `<builtin>/…` name for the built-in headers). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, counted in characters. */
  readonly column: number;
}

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  readonly severity: Severity;
  readonly message: string;
  readonly location: SourceLocation;
  /** Length of the offending text, for a squiggle in the editor (at least 1). */
  readonly length: number;
  /** One-sentence hint on how to fix it, when there is a useful one. */
  readonly hint?: string;
  /** Short machine-readable code, e.g. "unused-variable", "implicit-declaration", "syntax". */
  readonly code: string;
}

/** Renders a diagnostic as gcc does; `sourceLine` is the text of the line it points into, if known. */
export function formatDiagnostic(d: Diagnostic, sourceLine?: string): string {
  const { file, line, column } = d.location;
  let out = `${file}:${line}:${column}: ${d.severity}: ${d.message}`;
  if (sourceLine !== undefined) {
    const text = sourceLine.replace(/\t/g, ' ');
    const pad = ' '.repeat(Math.max(0, column - 1));
    const marks = '^' + '~'.repeat(Math.max(0, Math.min(d.length, text.length - column + 1) - 1));
    out += `\n ${String(line).padStart(4)} | ${text}\n      | ${pad}${marks}`;
  }
  if (d.hint) out += `\nhint: ${d.hint}`;
  return out;
}

/** Collects diagnostics for one compilation; stages push into it and go on after an error. */
export class DiagnosticSink {
  readonly all: Diagnostic[] = [];

  error(location: SourceLocation, message: string, options: { length?: number; hint?: string; code?: string } = {}): void {
    this.all.push({ severity: 'error', message, location, length: options.length ?? 1, hint: options.hint, code: options.code ?? 'error' });
  }

  warning(location: SourceLocation, message: string, options: { length?: number; hint?: string; code?: string } = {}): void {
    this.all.push({ severity: 'warning', message, location, length: options.length ?? 1, hint: options.hint, code: options.code ?? 'warning' });
  }

  get errorCount(): number {
    return this.all.filter((d) => d.severity === 'error').length;
  }
}
