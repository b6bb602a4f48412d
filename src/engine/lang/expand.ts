// Macro expansion with rescanning (C11 6.10.3.1–6.10.3.4), driven by explicit stacks so that input
// nested thousands deep — `f(f(f(…)))` or a chain of macros naming macros — cannot overflow the JS stack.
//
// A *context* is a place tokens are read from and written to: the translation unit itself (reading the
// file feed, which has already carried out directives), or one macro argument being expanded in
// isolation. Each context reads first from its own stack of pushed-back token lists: a macro's
// replacement is pushed in front of the remaining input, which is what makes rescanning see it together
// with the tokens that follow (so `#define f g` then `f(1)` calls `g`).
//
// When a function-like macro is used, its arguments are collected from the context; each argument that
// some parameter uses outside `#`/`##` must first be expanded on its own, so a new context is pushed for
// it and the main loop simply carries on with that context. When an argument context runs dry its output
// is stored in the waiting *invocation*, the next argument (if any) gets its context, and once all are
// done the replacement is built (`substitute`) and pushed onto the invoking context. The main loop is one
// `for (;;)` over the top context; nothing recurses on the input's shape.
//
// Hide sets follow Prosser's algorithm: an object-like use gives its tokens HS(name) ∪ {name}; a
// function-like use gives (HS(name) ∩ HS(')')) ∪ {name}. A name in its own token's hide set is not
// expanded. Inside `#if`, `defined X` and `defined(X)` are read before any expansion of X.
//
// A token's `expandedFrom` must name the outermost use. Substitution stamps the use it knows, and a
// token from an argument keeps the (inner) use it already had, so nested uses need not copy it again
// and again; the root context restamps what leaves it with the use it is expanding at that moment.

import type { DiagnosticSink, SourceLocation } from '../diagnostics';
import { HideSet } from './hideset';
import { type DynamicMacro, type FunctionMacro, type Macro, substitute } from './macro';
import type { Token } from './token';

/** The translation unit's tokens, as the file reader hands them to the expander. */
export interface TokenFeed {
  /** The next token with directives carried out; an `eof` token ends each file. */
  next(): Token;
  /** Whether this `eof` ends the translation unit rather than an included file. */
  isLast(eof: Token): boolean;
  /** The presumed name of the file being read, for `__FILE__`. */
  presumedFile(): string;
  /** Carries out the pragma in a `_Pragma("…")` operator. */
  pragma(text: string, at: Token): void;
}

/** Fixed values of `__DATE__` and `__TIME__`: a run must not depend on the day it happens (determinism). */
export const FIXED_DATE = '"Jan  1 2025"';
export const FIXED_TIME = '"00:00:00"';

interface Pending {
  readonly tokens: readonly Token[];
  pos: number;
}

interface Context {
  readonly pending: Pending[];
  /** The root context of the translation unit reads the file feed when its own tokens run out. */
  readonly fromFeed: boolean;
  /** In `#if`: `defined` is an operator. */
  readonly forIf: boolean;
  readonly output: Token[];
  /** The invocation waiting for this argument's expansion. */
  readonly waiting: Invocation | undefined;
}

interface Invocation {
  readonly macro: FunctionMacro;
  readonly name: Token;
  readonly args: Token[][];
  readonly expanded: (Token[] | undefined)[];
  readonly variadicGiven: boolean;
  readonly hideSet: HideSet;
  /** The context the replacement goes back into. */
  readonly into: Context;
  /** The argument being expanded now. */
  index: number;
}

export class Expander {
  private counter = 0;
  /** The interned one-name hide sets of this run. */
  private readonly roots = new Map<string, HideSet>();

  constructor(
    private readonly macros: ReadonlyMap<string, Macro>,
    private readonly sink: DiagnosticSink,
    private readonly feed: TokenFeed,
  ) {}

  /** Expands the whole translation unit; the result ends with the feed's last `eof`. */
  expandFeed(): Token[] {
    const root: Context = { pending: [], fromFeed: true, forIf: false, output: [], waiting: undefined };
    this.run(root);
    return root.output;
  }

  /** Expands a directive's tokens on their own (`#if`, `#include`, `#line`); `forIf` enables `defined`. */
  expandLine(tokens: readonly Token[], forIf: boolean): Token[] {
    const root: Context = { pending: [{ tokens, pos: 0 }], fromFeed: false, forIf, output: [], waiting: undefined };
    this.run(root);
    return root.output;
  }

  private run(root: Context): void {
    const stack: Context[] = [root];
    // The macro use in the root context that the tokens now coming out of it were expanded from.
    let outermost: SourceLocation | undefined;
    for (;;) {
      const ctx = stack[stack.length - 1];
      const tok = this.read(ctx);
      if (tok === undefined) {
        if (ctx === root) return;
        stack.pop();
        const invocation = ctx.waiting as Invocation;
        invocation.expanded[invocation.index] = ctx.output;
        this.advance(invocation, stack);
        continue;
      }
      if (tok.kind === 'eof') {
        if (this.feed.isLast(tok)) {
          ctx.output.push(tok);
          return;
        }
        continue; // the end of an included file
      }
      if (tok.kind === 'ident') {
        if (ctx.forIf && tok.text === 'defined') {
          this.defined(ctx, tok);
          continue;
        }
        if (tok.text === '_Pragma' && !ctx.forIf && this.pragmaOperator(ctx, tok)) continue;
        const macro = this.macros.get(tok.text);
        if (macro !== undefined && !(tok.hideSet?.has(tok.text) ?? false)) {
          const from = ctx === root && tok.expandedFrom === undefined ? tok.location : outermost;
          if (this.expand(ctx, tok, macro, stack)) {
            outermost = from;
            continue;
          }
        }
      }
      if (ctx === root && tok.expandedFrom !== undefined && tok.expandedFrom !== outermost && outermost !== undefined) {
        ctx.output.push({ ...tok, expandedFrom: outermost });
      } else {
        ctx.output.push(tok);
      }
    }
  }

  private read(ctx: Context): Token | undefined {
    const pending = ctx.pending;
    while (pending.length > 0) {
      const top = pending[pending.length - 1];
      if (top.pos < top.tokens.length) {
        const tok = top.tokens[top.pos++];
        if (top.pos === top.tokens.length) pending.pop();
        return tok;
      }
      pending.pop();
    }
    return ctx.fromFeed ? this.feed.next() : undefined;
  }

  private unread(ctx: Context, tok: Token): void {
    ctx.pending.push({ tokens: [tok], pos: 0 });
  }

  /** Expands one macro use; false when the name is not a use after all (a function-like name without `(`). */
  private expand(ctx: Context, name: Token, macro: Macro, stack: Context[]): boolean {
    switch (macro.kind) {
      case 'object': {
        const tokens = substitute(macro, { name, args: [], expanded: [], variadicGiven: false, hideSet: HideSet.add(name.hideSet, macro.name, this.roots) }, this.sink);
        if (tokens.length > 0) ctx.pending.push({ tokens, pos: 0 });
        return true;
      }
      case 'dynamic':
        ctx.pending.push({ tokens: [this.dynamic(macro, name)], pos: 0 });
        return true;
      case 'function':
        return this.call(ctx, name, macro, stack);
      default: {
        const never: never = macro;
        return never;
      }
    }
  }

  private call(ctx: Context, name: Token, macro: FunctionMacro, stack: Context[]): boolean {
    const open = this.read(ctx);
    if (open === undefined) return false;
    if (open.kind !== 'punct' || open.text !== '(') {
      this.unread(ctx, open);
      return false;
    }
    // Collect the arguments: commas at parenthesis depth 0 separate them, except inside the variable part.
    const named = macro.variadic ? macro.params.length - 1 : macro.params.length;
    const args: Token[][] = [[]];
    let depth = 0;
    let close: Token | undefined;
    for (;;) {
      const tok = this.read(ctx);
      if (tok === undefined || tok.kind === 'eof') {
        this.sink.error(name.location, `unterminated argument list invoking macro "${macro.name}"`, {
          length: name.text.length, code: 'pp-arguments', hint: 'a closing parenthesis is missing',
        });
        if (tok !== undefined) this.unread(ctx, tok);
        return true;
      }
      if (tok.kind === 'punct') {
        if (tok.text === '(') depth++;
        else if (tok.text === ')') {
          if (depth === 0) {
            close = tok;
            break;
          }
          depth--;
        } else if (tok.text === ',' && depth === 0 && !(macro.variadic && args.length > named)) {
          args.push([]);
          continue;
        }
      }
      args[args.length - 1].push(tok);
    }
    let variadicGiven = true;
    if (macro.params.length === 0 && args.length === 1 && args[0].length === 0) {
      args.length = 0; // f() for a macro without parameters
    } else if (macro.variadic && args.length === named) {
      args.push([]); // the variable arguments were left out altogether
      variadicGiven = false;
    }
    if (args.length !== macro.params.length) {
      const wanted = macro.params.length;
      const message = args.length < wanted
        ? `macro "${macro.name}" requires ${wanted} argument${wanted === 1 ? '' : 's'}, but only ${args.length} given`
        : `macro "${macro.name}" passed ${args.length} arguments, but takes just ${wanted}`;
      this.sink.error(name.location, message, { length: name.text.length, code: 'pp-arguments', hint: `"${macro.name}" is defined at ${macro.location.file}:${macro.location.line}` });
      return true;
    }
    const invocation: Invocation = {
      macro, name, args, expanded: new Array<Token[] | undefined>(args.length), variadicGiven,
      hideSet: HideSet.add(HideSet.intersect(name.hideSet, close.hideSet), macro.name, this.roots), into: ctx, index: -1,
    };
    this.advance(invocation, stack);
    return true;
  }

  /** Starts expanding the next argument that needs it, or, when none is left, substitutes. */
  private advance(invocation: Invocation, stack: Context[]): void {
    const { macro, args } = invocation;
    for (let i = invocation.index + 1; i < args.length; i++) {
      if (!macro.expands[i]) continue;
      if (args[i].length === 0) {
        invocation.expanded[i] = [];
        continue;
      }
      invocation.index = i;
      stack.push({ pending: [{ tokens: args[i], pos: 0 }], fromFeed: false, forIf: invocation.into.forIf, output: [], waiting: invocation });
      // Let go of an argument nobody needs as written: deeply nested uses then hold O(depth) tokens, not O(depth²).
      if (!macro.keepsRaw[i]) args[i] = [];
      return;
    }
    const tokens = substitute(macro, invocation, this.sink);
    if (tokens.length > 0) invocation.into.pending.push({ tokens, pos: 0 });
  }

  private dynamic(macro: DynamicMacro, use: Token): Token {
    let kind: Token['kind'] = 'string';
    let text: string;
    switch (macro.name) {
      case '__FILE__':
        text = JSON.stringify(this.feed.presumedFile()).replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
        break;
      case '__LINE__':
        // As gcc: the line of the outermost macro use, or of the token itself when it stands in the file.
        kind = 'number';
        text = String((use.expandedFrom ?? use.location).line);
        break;
      case '__DATE__':
        text = FIXED_DATE;
        break;
      case '__TIME__':
        text = FIXED_TIME;
        break;
      case '__COUNTER__':
        kind = 'number';
        text = String(this.counter++);
        break;
      default: {
        const never: never = macro.name;
        return never;
      }
    }
    return { kind, text, location: use.location, spaceBefore: use.spaceBefore, lineStart: false, expandedFrom: use.expandedFrom ?? use.location };
  }

  /** `defined X` or `defined ( X )` in `#if`: 1 or 0, without expanding X. */
  private defined(ctx: Context, op: Token): void {
    if (op.expandedFrom !== undefined) {
      this.sink.warning(op.expandedFrom, 'this use of "defined" may not be portable', { code: 'pp-defined' });
    }
    let tok = this.read(ctx);
    const paren = tok !== undefined && tok.kind === 'punct' && tok.text === '(';
    if (paren) tok = this.read(ctx);
    if (tok === undefined || tok.kind !== 'ident') {
      this.sink.error((tok ?? op).location, 'operator "defined" requires an identifier', { code: 'pp-if' });
      ctx.output.push({ ...op, kind: 'number', text: '0' });
      return;
    }
    if (paren) {
      const close = this.read(ctx);
      if (close === undefined || close.kind !== 'punct' || close.text !== ')') {
        this.sink.error((close ?? tok).location, 'missing \')\' after "defined"', { code: 'pp-if' });
        if (close !== undefined) this.unread(ctx, close);
      }
    }
    ctx.output.push({ ...op, kind: 'number', text: this.macros.has(tok.text) ? '1' : '0', hideSet: undefined });
  }

  /** `_Pragma ( "…" )`: destringized and carried out as `#pragma …`. False when not followed by `(`. */
  private pragmaOperator(ctx: Context, op: Token): boolean {
    const open = this.read(ctx);
    if (open === undefined || open.kind !== 'punct' || open.text !== '(') {
      if (open !== undefined) this.unread(ctx, open);
      return false;
    }
    const str = this.read(ctx);
    const close = str === undefined ? undefined : this.read(ctx);
    if (str === undefined || str.kind !== 'string' || !str.text.startsWith('"') || close === undefined || close.kind !== 'punct' || close.text !== ')') {
      this.sink.error(op.location, '_Pragma takes a parenthesized string literal', { code: 'pp-pragma' });
      for (const t of [close, str]) if (t !== undefined && t.kind === 'eof') this.unread(ctx, t);
      return true;
    }
    this.feed.pragma(str.text.slice(1, -1).replace(/\\(["\\])/g, '$1'), op);
    return true;
  }
}
