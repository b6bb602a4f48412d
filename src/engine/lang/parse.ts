// The parser: preprocessed tokens → a typed TranslationUnit (ast.ts), with every problem a located
// diagnostic. It is a recursive-descent parser in the style of chibicc's parse.c, split by concern:
// this file holds the parser state (token cursor, scopes, the function being parsed, error recovery) and
// the top level; parse-decl.ts declarations and types, parse-init.ts initializers, parse-stmt.ts
// statements, parse-expr.ts expressions. Typing happens while parsing, through check-expr.ts.
//
// How errors work. Nothing throws. A syntax error is reported once and puts the parser in "panic mode"
// (no further syntax errors) until it resynchronizes at a `;` or a `}` at a statement or declaration
// boundary, as gcc recovers; semantic errors are reported and replaced by `error` nodes. Recursion depth
// is bounded explicitly (`enter`/`leave`): 10 000 nested parentheses give "nesting too deep", never a
// JavaScript stack overflow.

import type { DiagnosticSink, SourceLocation } from '../diagnostics';
import type { Token } from './token';
import type { BlockScope, FunctionSymbol, Origin, SwitchCase, Stmt, StringLiteral, TranslationUnit, Variable } from './ast';
import type { CheckContext } from './check-expr';
import type { EnumType, RecordType, Type } from './types';
import { parseExternalDeclaration } from './parse-decl';

/** What a name means in the ordinary name space of a scope. */
export type Ordinary =
  | { readonly kind: 'var'; readonly variable: Variable }
  | { readonly kind: 'func'; readonly fn: FunctionSymbol }
  | { readonly kind: 'typedef'; readonly type: Type }
  | { readonly kind: 'enum-const'; readonly value: number; readonly type: EnumType; readonly loc: SourceLocation };

export interface Scope {
  readonly parent: Scope | null;
  readonly names: Map<string, Ordinary>;
  readonly tags: Map<string, RecordType | EnumType>;
}

export interface SwitchContext {
  readonly type: Type;
  readonly cases: SwitchCase[];
  defaultCase?: Stmt & { kind: 'case' };
}

/** State of the function definition being parsed. */
export interface FunctionContext {
  readonly symbol: FunctionSymbol;
  readonly locals: Variable[];
  readonly labels: Map<string, SourceLocation>;
  readonly gotos: { name: string; loc: SourceLocation }[];
  readonly switches: SwitchContext[];
  /** Depth of loops and switches (for break) and of loops only (for continue). */
  breakDepth: number;
  continueDepth: number;
  readonly reportedUndeclared: Set<string>;
}

export interface ParseOptions {
  readonly file: string;
  readonly origin: Origin;
  /** The standard header that declares a name (function, macro or typedef), for "did you forget to include" hints. */
  readonly headerOf?: (name: string) => string | undefined;
}

/** Nesting deeper than this (parentheses, blocks, declarators…) is "nesting too deep". */
export const MAX_NESTING = 256;

export const KEYWORDS: ReadonlySet<string> = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern',
  'float', 'for', 'goto', 'if', 'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed',
  'sizeof', 'static', 'struct', 'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while',
  '_Alignas', '_Alignof', '_Atomic', '_Bool', '_Complex', '_Generic', '_Imaginary', '_Noreturn',
  '_Static_assert', '_Thread_local', '__builtin_va_list', '__builtin_va_start', '__builtin_va_arg',
  '__builtin_va_end', '__builtin_va_copy', '__builtin_offsetof',
]);

export class Parser implements CheckContext {
  pos = 0;
  scope: Scope = { parent: null, names: new Map(), tags: new Map() };
  fn: FunctionContext | null = null;
  /** The innermost block being parsed, which the locals declared now belong to. */
  block: BlockScope | null = null;
  /** Above 0 inside an operand that is never evaluated (sizeof, _Alignof, _Generic's associations). */
  unevaluated = 0;
  private depth = 0;
  private panic = false;
  private tooDeepReported = false;
  readonly unit: TranslationUnit;
  /** Identical string literals share one object, as gcc merges them. */
  private readonly strings = new Map<string, StringLiteral>();

  constructor(
    readonly tokens: readonly Token[],
    readonly sink: DiagnosticSink,
    readonly options: ParseOptions,
  ) {
    this.unit = { file: options.file, origin: options.origin, functions: [], functionSymbols: [], globals: [], statics: [], strings: [] };
  }

  // Tokens.

  get tok(): Token {
    return this.tokens[Math.min(this.pos, this.tokens.length - 1)]!;
  }

  peek(n: number): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.tok;
    if (t.kind !== 'eof') this.pos++;
    return t;
  }

  /** Where a token is, for diagnostics and the line table: the macro use site for expanded tokens. */
  loc(t: Token = this.tok): SourceLocation {
    return t.expandedFrom ?? t.location;
  }

  /** Just after the previous token, where a missing `;` belongs (as gcc points). */
  afterPrevious(): SourceLocation {
    const prev = this.tokens[this.pos - 1];
    if (!prev) return this.loc();
    const at = this.loc(prev);
    return prev.expandedFrom ? at : { ...at, column: at.column + prev.text.length };
  }

  is(text: string): boolean {
    const t = this.tok;
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  isAt(n: number, text: string): boolean {
    const t = this.peek(n);
    return (t.kind === 'punct' || t.kind === 'ident') && t.text === text;
  }

  accept(text: string): boolean {
    if (!this.is(text)) return false;
    this.next();
    // A `;` or `}` the grammar was looking for ends a statement or block: the parser is back in step
    // after an earlier syntax error, so the next error deserves its own message.
    if (text === ';' || text === '}') this.panic = false;
    return true;
  }

  /** Consumes `text` or reports "expected 'text' before …" and leaves the token in place. */
  expect(text: string, hint?: string): boolean {
    if (this.accept(text)) return true;
    if (text === ';') this.missingSemicolon(`expected ';' ${describeBefore(this.tok)}`, hint);
    else this.syntaxError(text === ')' || text === ']' ? this.afterPrevious() : this.loc(), `expected '${text}' ${describeBefore(this.tok)}`, hint);
    return false;
  }

  /**
   * A missing `;`, reported just after the previous token. When the next token starts a new line the
   * parser goes on as if the `;` were there (as gcc recovers), so the next statement is not lost.
   */
  missingSemicolon(message: string, hint?: string): void {
    const resume = this.tok.lineStart && this.tok.kind !== 'eof' && !this.panic;
    this.syntaxError(this.afterPrevious(), message, hint);
    if (resume) this.panic = false;
  }

  isIdentifier(t: Token = this.tok): boolean {
    return t.kind === 'ident' && !KEYWORDS.has(t.text);
  }

  atEnd(): boolean {
    return this.tok.kind === 'eof';
  }

  // Diagnostics and recovery.

  syntaxError(loc: SourceLocation, message: string, hint?: string): void {
    // After "nesting too deep" the rest of the input cannot be parsed meaningfully: one error is enough.
    if (this.panic || this.tooDeepReported) return;
    this.panic = true;
    this.sink.error(loc, message, { code: 'syntax', hint, length: Math.max(1, this.tok.text.length) });
  }

  error(loc: SourceLocation, message: string, options: { hint?: string; code?: string; length?: number } = {}): void {
    this.sink.error(loc, message, { code: options.code ?? 'error', hint: options.hint, length: options.length });
  }

  warning(loc: SourceLocation, message: string, options: { hint?: string; code?: string } = {}): void {
    this.sink.warning(loc, message, { code: options.code ?? 'warning', hint: options.hint });
  }

  get inPanic(): boolean {
    return this.panic;
  }

  /**
   * Resynchronizes after a syntax error: skips to just after the next `;` at this nesting level, or to a
   * `}` that closes the current block (left in place), and leaves panic mode.
   */
  recover(): void {
    if (!this.panic) return;
    let depth = 0;
    while (!this.atEnd()) {
      if (this.is('{') || this.is('(') || this.is('[')) depth++;
      else if (this.is(')') || this.is(']')) depth = Math.max(0, depth - 1);
      else if (this.is('}')) {
        if (depth === 0) break;
        depth--;
        if (depth === 0) {
          this.next();
          if (!this.is(';')) break;
          continue;
        }
      } else if (this.is(';') && depth === 0) {
        this.next();
        break;
      }
      this.next();
    }
    this.panic = false;
  }

  /** Counts one level of nesting; false (after reporting once) when the input nests too deeply. */
  enter(): boolean {
    if (this.depth >= MAX_NESTING) {
      this.tooDeep();
      return false;
    }
    this.depth++;
    return true;
  }

  /** Reports "nesting too deep" (once per translation unit) and stops reporting syntax errors. */
  tooDeep(): void {
    if (!this.tooDeepReported) {
      this.tooDeepReported = true;
      this.sink.error(this.loc(), `nesting too deep (more than ${MAX_NESTING} levels of parentheses, blocks or declarators)`, { code: 'nesting', hint: 'split the expression or the block into smaller pieces' });
    }
    this.panic = true;
  }

  leave(): void {
    this.depth--;
  }

  // Scopes.

  pushScope(): void {
    this.scope = { parent: this.scope, names: new Map(), tags: new Map() };
  }

  popScope(): void {
    if (this.scope.parent) this.scope = this.scope.parent;
  }

  get atFileScope(): boolean {
    return this.scope.parent === null;
  }

  lookup(name: string): Ordinary | undefined {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const found = s.names.get(name);
      if (found) return found;
    }
    return undefined;
  }

  lookupTag(name: string): RecordType | EnumType | undefined {
    for (let s: Scope | null = this.scope; s; s = s.parent) {
      const found = s.tags.get(name);
      if (found) return found;
    }
    return undefined;
  }

  fileScope(): Scope {
    let s = this.scope;
    while (s.parent) s = s.parent;
    return s;
  }

  /** True if the token names a type here: a type keyword or a typedef name not hidden by a variable. */
  isTypeName(t: Token = this.tok): boolean {
    if (t.kind !== 'ident') return false;
    if (TYPE_WORDS.has(t.text)) return true;
    return this.lookup(t.text)?.kind === 'typedef';
  }

  // Objects the parser creates.

  /** A string literal object, shared with identical literals. */
  stringLiteral(bytes: Uint8Array, loc: SourceLocation): StringLiteral {
    const key = Array.from(bytes).join(',');
    let s = this.strings.get(key);
    if (!s) {
      s = { bytes, loc };
      this.strings.set(key, s);
      this.unit.strings.push(s);
    }
    return s;
  }

  /** An unnamed local for a struct returned by a call (CheckContext). */
  temporary(type: Type, loc: SourceLocation): Variable | null {
    if (!this.fn) return null;
    const v: Variable = { name: '(temporary)', type, loc, storage: 'local', isStatic: false, defined: true, used: true, anonymous: 'temporary' };
    this.fn.locals.push(v);
    return v;
  }
}

/** Words that start a declaration's specifiers. */
export const TYPE_WORDS: ReadonlySet<string> = new Set([
  'void', '_Bool', 'char', 'short', 'int', 'long', 'float', 'double', 'signed', 'unsigned', 'struct', 'union',
  'enum', 'typedef', 'static', 'extern', 'auto', 'register', 'inline', '_Noreturn', 'const', 'volatile',
  'restrict', '_Atomic', '_Thread_local', '_Complex', '_Imaginary', '_Alignas', '__builtin_va_list',
  '__restrict', '__inline', 'typeof', '__typeof__', '__attribute__',
]);

/** gcc's note for a name a standard header would have declared: "did you forget to '#include <stddef.h>'?" */
export function headerHint(p: Parser, name: string): string | undefined {
  const header = p.options.headerOf?.(name);
  return header ? `'${name}' is defined in header '<${header}>'; did you forget to '#include <${header}>'?` : undefined;
}

/** gcc's "before …" part of a syntax error: "before 'x'", "before ')' token", "at end of input". */
export function describeBefore(t: Token): string {
  switch (t.kind) {
    case 'eof': return 'at end of input';
    case 'ident': return `before '${t.text}'`;
    case 'punct': return `before '${t.text}' token`;
    case 'number': return 'before numeric constant';
    case 'char': return 'before character constant';
    case 'string': return 'before string constant';
    default: {
      const never: never = t.kind;
      return never;
    }
  }
}

/** Parses a whole translation unit; never throws, reports everything to the sink. */
export function parseTranslationUnit(tokens: readonly Token[], sink: DiagnosticSink, options: ParseOptions): TranslationUnit {
  const p = new Parser(tokens.length ? tokens : [eofToken(options.file)], sink, options);
  // translation-unit = external-declaration*
  while (!p.atEnd()) {
    const before = p.pos;
    parseExternalDeclaration(p);
    p.recover();
    if (p.pos === before) p.next(); // always make progress
  }
  completeTentativeArrays(p);
  if (options.origin === 'user') warnUnusedStatics(p);
  return p.unit;
}

/** `int a[];` at file scope with no later size: one element, as gcc decides (C11 6.9.2p2). */
function completeTentativeArrays(p: Parser): void {
  for (const v of p.unit.globals) {
    if (v.defined && !v.init && v.type.kind === 'array' && v.type.length === null) {
      p.warning(v.loc, `array '${v.name}' assumed to have one element`, { code: 'tentative-array' });
      v.type = { ...v.type, length: 1 };
    }
  }
}

/** gcc's -Wunused-function and -Wunused-variable for file-scope statics nothing refers to. */
function warnUnusedStatics(p: Parser): void {
  for (const fn of p.unit.functionSymbols) {
    if (fn.isStatic && fn.def && !fn.used && !fn.inline) p.warning(fn.def.loc, `'${fn.name}' defined but not used`, { code: 'unused-function' });
  }
  for (const v of p.unit.globals) {
    if (v.isStatic && v.defined && !v.used) p.warning(v.loc, `'${v.name}' defined but not used`, { code: 'unused-variable' });
  }
}

function eofToken(file: string): Token {
  return { kind: 'eof', text: '', location: { file, line: 1, column: 1 }, spaceBefore: false, lineStart: true };
}
