// The preprocessor (C11 6.10): tokens of the main file and everything it includes → one fully expanded
// token list, with directives carried out and removed.
//
// It has two halves that feed each other. This file is the *reader*: a stack of open files (the main
// file at the bottom, each `#include` pushes one), each with its position and its own stack of
// conditional groups. `next()` hands out the next token that is neither a directive nor in a skipped
// group, carrying out directives as it meets them (`directive.ts`). `expand.ts` is the *expander*: it
// pulls tokens from the reader and replaces macro uses. Directives that need expansion (`#if`,
// `#include MACRO`, `#line`) ask the expander to expand their line on its own. Neither half recurses on the
// input's shape: includes, conditionals and macro arguments all live on explicit stacks.
//
// The predefined macros come in as a small "<built-in>" file of `#define`s read before the main file,
// the caller's extra defines as a "<command-line>" file, so they are parsed like any other definition.
// `__DATE__` and `__TIME__` are fixed strings: the same program must give the same output every run.
//
// Stray characters are judged at the end, on the tokens that reach the parser: a `@` that was stringized
// or skipped was never an error. Unterminated literals are errors in active lines and warnings in
// directives and skipped groups, as in gcc. A binary file gives at most a handful of such diagnostics.

import { DiagnosticSink, type Diagnostic, type SourceLocation } from '../diagnostics';
import { type DirectiveHost, carryOut, isConditional, spell } from './directive';
import { Expander, type TokenFeed } from './expand';
import type { DynamicName, Macro } from './macro';
import type { Token } from './token';
import { isStray, reportIssue, scan, strayIssue, type TokenIssue } from './tokenize';

export interface PreprocessInput {
  /** Path of the main file as the user gave it. */
  mainFile: string;
  /** Reads a user file (the main file and `#include "…"`); undefined when it does not exist. */
  readFile(path: string): string | undefined;
  /** The built-in system headers by name: "stdio.h" → text. */
  headers: ReadonlyMap<string, string>;
  /** Extra macros, as `-D name=value` would give them (the name may be `F(x)` for a function-like one). */
  defines?: ReadonlyMap<string, string>;
}

/** `#pragma memscope name(value)` (or `#pragma memscope name value`). */
export interface PreprocessedPragma {
  name: string;
  value: string;
  location: SourceLocation;
}

export interface PreprocessResult {
  /** Fully expanded tokens, directives removed, ending with `eof`. */
  tokens: Token[];
  pragmas: PreprocessedPragma[];
  /** Every file read, main file first; built-in headers as "<builtin>/stdio.h". */
  files: string[];
  diagnostics: Diagnostic[];
}

export { MAX_INCLUDE_DEPTH } from './directive';

const PREDEFINED: readonly [string, string][] = [
  ['__STDC__', '1'], ['__STDC_VERSION__', '201112L'], ['__STDC_HOSTED__', '1'], ['__STDC_IEC_559__', '1'],
  ['__LP64__', '1'], ['_LP64', '1'], ['__x86_64__', '1'], ['__x86_64', '1'], ['__linux__', '1'], ['__unix__', '1'],
  ['__CHAR_BIT__', '8'], ['__SIZEOF_SHORT__', '2'], ['__SIZEOF_INT__', '4'], ['__SIZEOF_LONG__', '8'],
  ['__SIZEOF_LONG_LONG__', '8'], ['__SIZEOF_FLOAT__', '4'], ['__SIZEOF_DOUBLE__', '8'], ['__SIZEOF_POINTER__', '8'],
  ['__SIZEOF_SIZE_T__', '8'], ['__SCHAR_MAX__', '0x7f'], ['__SHRT_MAX__', '0x7fff'], ['__INT_MAX__', '0x7fffffff'],
  ['__LONG_MAX__', '0x7fffffffffffffffL'], ['__LONG_LONG_MAX__', '0x7fffffffffffffffLL'],
  ['__ORDER_LITTLE_ENDIAN__', '1234'], ['__ORDER_BIG_ENDIAN__', '4321'], ['__BYTE_ORDER__', '__ORDER_LITTLE_ENDIAN__'],
  ['__memscope__', '1'],
];
const DYNAMIC: readonly DynamicName[] = ['__FILE__', '__LINE__', '__DATE__', '__TIME__', '__COUNTER__'];

/** One conditional group being read: `#if` … up to its `#endif`. */
export interface Condition {
  readonly directive: 'if' | 'ifdef' | 'ifndef';
  readonly location: SourceLocation;
  /** Whether the text around this conditional is included at all. */
  readonly outerActive: boolean;
  /** Whether some group of this conditional has been chosen already. */
  taken: boolean;
  /** Whether the current group is included. */
  active: boolean;
  /** Where `#else` was, once seen. */
  elseAt?: SourceLocation;
}

/** One file being read. */
export interface OpenFile {
  /** The file's name in locations: the path as resolved, or "<builtin>/name". */
  readonly name: string;
  /** Directory for `#include "…"`, undefined for built-in headers and pseudo files. */
  readonly dir: string | undefined;
  readonly tokens: readonly Token[];
  readonly issues: ReadonlyMap<Token, TokenIssue>;
  pos: number;
  readonly conditions: Condition[];
  /** `#line` changes these: the name and line number that locations and `__FILE__`/`__LINE__` show. */
  presumedName: string;
  lineDelta: number;
  /** Set once this file's `eof` has been handed out; the next read closes the file. */
  ended: boolean;
}

/** Preprocesses a translation unit. Never throws on bad input: every problem is a diagnostic. */
export function preprocess(input: PreprocessInput): PreprocessResult {
  return new Preprocessor(input).run();
}

class Preprocessor implements TokenFeed, DirectiveHost {
  readonly sink = new DiagnosticSink();
  readonly macros = new Map<string, Macro>();
  readonly pragmas: PreprocessedPragma[] = [];
  readonly expander: Expander;
  readonly onceFiles = new Set<string>();
  readonly headers: ReadonlyMap<string, string>;
  includeLimitHit = false;
  private readonly files: OpenFile[] = [];
  private readonly filesRead: string[] = [];
  private readonly texts = new Map<string, string | undefined>();
  private readonly scanned = new Map<string, { tokens: Token[]; issues: Map<Token, TokenIssue> }>();
  private readonly issueCounts = new Map<string, number>();
  private lastEof: Token | undefined;

  constructor(private readonly input: PreprocessInput) {
    this.headers = input.headers;
    this.expander = new Expander(this.macros, this.sink, this);
  }

  run(): PreprocessResult {
    const main = this.input.mainFile;
    const text = this.readUserFile(main);
    if (text === undefined) {
      const at = { file: main, line: 1, column: 1 };
      this.sink.error(at, `${main}: No such file or directory`, { code: 'pp-include' });
      const eof: Token = { kind: 'eof', text: '', location: at, spaceBefore: false, lineStart: true };
      return { tokens: [eof], pragmas: [], files: [], diagnostics: this.sink.all };
    }
    const builtin = { file: '<built-in>', line: 1, column: 1 };
    for (const name of DYNAMIC) this.macros.set(name, { kind: 'dynamic', name, location: builtin });
    // Opened in reverse: the last pushed is read first.
    this.open(main, dirname(main), text);
    const defines = [...(this.input.defines ?? [])];
    if (defines.length > 0) this.open('<command-line>', undefined, defines.map(([n, v]) => `#define ${n} ${v}\n`).join(''), false);
    this.open('<built-in>', undefined, PREDEFINED.map(([n, v]) => `#define ${n} ${v}\n`).join(''), false);

    const expanded = this.expander.expandFeed();
    let tokens = expanded;
    if (expanded.some(isStray)) {
      // Stray characters that survived to the parser's input.
      tokens = expanded.filter((tok) => {
        if (!isStray(tok)) return true;
        this.issue(tok, strayIssue(tok.text), 'error');
        return false;
      });
    }
    return { tokens, pragmas: this.pragmas, files: this.filesRead, diagnostics: this.sink.all };
  }

  // ---- the token feed ---------------------------------------------------------------------------

  next(): Token {
    for (;;) {
      const f = this.files[this.files.length - 1];
      const tok = f.tokens[f.pos];
      if (tok.kind === 'eof') {
        if (f.ended && this.files.length > 1) {
          this.files.pop();
          continue;
        }
        if (!f.ended) {
          f.ended = true;
          for (const c of f.conditions) {
            this.sink.error(c.location, `unterminated #${c.directive}`, { length: c.directive.length, code: 'pp-conditional', hint: 'add the matching #endif' });
          }
        }
        const eof = this.presumed(f, tok);
        if (this.files.length === 1) this.lastEof = eof;
        return eof;
      }
      if (tok.lineStart && tok.kind === 'punct' && tok.text === '#') {
        this.directive(f);
        continue;
      }
      f.pos++;
      const active = f.conditions.length === 0 || f.conditions[f.conditions.length - 1].active;
      const issue = f.issues.size === 0 ? undefined : f.issues.get(tok);
      if (issue !== undefined && issue.kind === 'unterminated') {
        // gcc: an error in the program text, a warning in a skipped group; the broken token is dropped.
        this.issue(this.presumed(f, tok), issue, active ? 'error' : 'warning');
        continue;
      }
      if (!active) continue;
      return this.presumed(f, tok);
    }
  }

  isLast(eof: Token): boolean {
    return eof === this.lastEof;
  }

  presumedFile(): string {
    return this.files[this.files.length - 1].presumedName;
  }

  pragma(text: string, at: Token): void {
    const probe = new DiagnosticSink();
    const tokens = scan(at.location.file, text, probe).tokens.slice(0, -1);
    const moved = tokens.map((t) => ({ ...t, location: at.expandedFrom ?? at.location }));
    this.carryOutPragma(moved, at);
  }

  // ---- directives ---------------------------------------------------------------------------------

  private directive(f: OpenFile): void {
    const hash = f.tokens[f.pos];
    let end = f.pos + 1;
    while (!f.tokens[end].lineStart && f.tokens[end].kind !== 'eof') end++;
    const raw = f.tokens.slice(f.pos + 1, end);
    f.pos = end;
    const active = f.conditions.length === 0 || f.conditions[f.conditions.length - 1].active;
    if (raw.length === 0) return; // the null directive
    if (!active && !(raw[0].kind === 'ident' && isConditional(raw[0].text))) {
      for (const t of raw) this.directiveIssue(f, t);
      return; // other directives in skipped groups are not even checked
    }
    for (const t of raw) this.directiveIssue(f, t);
    const line = raw.map((t) => this.presumed(f, t));
    const physicalEnd = raw[raw.length - 1].location.line;
    carryOut(this, f, this.presumed(f, hash), line, physicalEnd);
  }

  private directiveIssue(f: OpenFile, t: Token): void {
    const issue = f.issues.size === 0 ? undefined : f.issues.get(t);
    if (issue !== undefined && issue.kind === 'unterminated') this.issue(this.presumed(f, t), issue, 'warning');
  }

  carryOutPragma(tokens: readonly Token[], at: Token): void {
    const [first, second] = tokens;
    if (first === undefined || first.kind !== 'ident') return;
    if (first.text === 'once' && tokens.length === 1) {
      this.onceFiles.add(this.files[this.files.length - 1].name);
      return;
    }
    if (first.text !== 'memscope') return; // other pragmas are ignored, as C allows
    const location = at.expandedFrom ?? at.location;
    if (second === undefined || second.kind !== 'ident') {
      this.sink.warning(location, 'malformed #pragma memscope', { code: 'pp-pragma', hint: 'write #pragma memscope name(value)' });
      return;
    }
    const rest = tokens.slice(2);
    let valueTokens = rest;
    if (rest.length > 0 && rest[0].text === '(' && rest[rest.length - 1].text === ')') valueTokens = rest.slice(1, -1);
    else if (rest.length > 0 && rest[0].text === '(') {
      this.sink.warning(location, 'malformed #pragma memscope: missing \')\'', { code: 'pp-pragma', hint: 'write #pragma memscope name(value)' });
      return;
    }
    this.pragmas.push({ name: second.text, value: spell(valueTokens), location });
  }

  // ---- files ------------------------------------------------------------------------------------

  /** Number of files open now (the include depth, pseudo files included). */
  get depth(): number {
    return this.files.length;
  }

  /** Opens `name` for reading; `listed` adds it to the result's file list. */
  open(name: string, dir: string | undefined, text: string, listed = true): void {
    let scanned = this.scanned.get(name);
    if (scanned === undefined) {
      scanned = scan(name, text, this.sink);
      this.scanned.set(name, scanned);
    }
    if (listed && !this.filesRead.includes(name)) this.filesRead.push(name);
    this.files.push({
      name, dir, tokens: scanned.tokens, issues: scanned.issues, pos: 0, conditions: [], presumedName: name, lineDelta: 0, ended: false,
    });
  }

  /** Finds `spelled` for `#include`: next to the including file for "…", then among the built-in headers. */
  resolveInclude(spelled: string, quoted: boolean, from: OpenFile): { name: string; dir: string | undefined; text: string } | { tried: string[] } {
    const tried: string[] = [];
    if (quoted && from.dir !== undefined) {
      const path = isAbsolute(spelled) ? spelled : joinPath(from.dir, spelled);
      const text = this.readUserFile(path);
      if (text !== undefined) return { name: path, dir: dirname(path), text };
      tried.push(path);
    }
    const header = this.headers.get(spelled);
    if (header !== undefined) return { name: `<builtin>/${spelled}`, dir: undefined, text: header };
    return { tried };
  }

  private readUserFile(path: string): string | undefined {
    if (!this.texts.has(path)) this.texts.set(path, this.input.readFile(path));
    return this.texts.get(path);
  }

  /** The token as it should be located: after `#line`, with the presumed file name and line. */
  presumed(f: OpenFile, tok: Token): Token {
    if (f.lineDelta === 0 && f.presumedName === f.name) return tok;
    const l = tok.location;
    return { ...tok, location: { file: f.presumedName, line: l.line + f.lineDelta, column: l.column } };
  }

  /** Reports a token's problem, at most ISSUE_LIMIT per file. */
  private issue(tok: Token, issue: TokenIssue, severity: 'error' | 'warning'): void {
    const file = tok.location.file;
    const count = this.issueCounts.get(file) ?? 0;
    this.issueCounts.set(file, count + 1);
    reportIssue(this.sink, tok, issue, severity, count);
  }
}

// Paths are handled as plain strings so the engine needs no Node module; both separators are accepted.

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

function dirname(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (slash < 0) return '';
  return slash === 0 ? path.slice(0, 1) : path.slice(0, slash);
}

/** `dir` + `name`, with `.` and `..` segments of `name` resolved where `dir` allows. */
function joinPath(dir: string, name: string): string {
  const absolute = dir.startsWith('/') || dir.startsWith('\\');
  const parts = dir.split(/[\\/]/).filter((p) => p !== '');
  for (const segment of name.split(/[\\/]/)) {
    if (segment === '.' || segment === '') continue;
    const last = parts[parts.length - 1];
    if (segment !== '..') parts.push(segment);
    else if (last === undefined ? !absolute : last === '..') parts.push(segment); // above a relative start
    else if (last !== undefined && !/^[A-Za-z]:$/.test(last)) parts.pop(); // (above a root stays at the root)
  }
  return (absolute ? '/' : '') + parts.join('/');
}
