// Macros: reading a `#define` into a definition, and substituting one macro use (C11 6.10.3).
//
// A definition's replacement list is stored as body items: plain tokens, parameter uses, `#param`
// (stringize) and `##` (paste). Each parameter use knows whether it is an operand of `##`, because
// such operands take the argument as written while every other use takes it fully macro-expanded;
// `expands` tells the expander which arguments it must pre-expand at all.
//
// `substitute` builds the replacement in two steps. First every item becomes tokens: copies of body
// tokens, the argument's tokens (raw or expanded), a string literal for `#`, a placemarker for an empty
// `##` operand, and a paste marker for `##`. Then the paste markers are applied left to right, joining the
// last token before with the first token after (a placemarker vanishes into the other side, C11
// 6.10.3.3). Every resulting token records the macro use it came from (`expandedFrom`; the expander
// replaces it by the outermost use on the way out) and gets the hide set computed by the expander (Prosser's algorithm), so that it never expands
// the same macro again when rescanned. The expansion itself — rescanning, argument collection — lives in
// `expand.ts`.
//
// One GNU extension is accepted because gcc -std=c11 accepts it silently and it is common in teaching
// code: in `, ## __VA_ARGS__` the comma disappears when the variable arguments are absent altogether.

import { DiagnosticSink, type SourceLocation } from '../diagnostics';
import { HideSet } from './hideset';
import type { Token } from './token';
import { scan } from './tokenize';

export type BodyItem =
  | { readonly kind: 'token'; readonly token: Token }
  /** A parameter; `raw` when it is an operand of `##` and so is not macro-expanded first. */
  | { readonly kind: 'param'; readonly index: number; readonly raw: boolean; readonly token: Token }
  /** `# param`; `token` is the `#`. */
  | { readonly kind: 'stringize'; readonly index: number; readonly token: Token }
  /** The `##` operator. */
  | { readonly kind: 'paste'; readonly token: Token }
  /** GNU `, ## __VA_ARGS__`: a comma that only appears when variable arguments were given. */
  | { readonly kind: 'comma-va'; readonly index: number; readonly token: Token };

interface DefinedMacro {
  readonly name: string;
  readonly location: SourceLocation;
  readonly body: readonly BodyItem[];
  /** The replacement list as written, for comparing a redefinition. */
  readonly replacement: readonly Token[];
}

export interface ObjectMacro extends DefinedMacro {
  readonly kind: 'object';
}

export interface FunctionMacro extends DefinedMacro {
  readonly kind: 'function';
  /** Parameter names; a variadic macro's last one is `__VA_ARGS__`. */
  readonly params: readonly string[];
  readonly variadic: boolean;
  /** For each parameter: whether some use of it needs the macro-expanded argument. */
  readonly expands: readonly boolean[];
  /** For each parameter: whether some use of it (`#`, `##`) needs the argument as written. */
  readonly keepsRaw: readonly boolean[];
}

/** Macros whose value depends on where they are used; the expander computes them. */
export type DynamicName = '__FILE__' | '__LINE__' | '__DATE__' | '__TIME__' | '__COUNTER__';

export interface DynamicMacro {
  readonly kind: 'dynamic';
  readonly name: DynamicName;
  readonly location: SourceLocation;
}

export type Macro = ObjectMacro | FunctionMacro | DynamicMacro;

const isPunct = (t: Token | undefined, text: string): boolean => t !== undefined && t.kind === 'punct' && t.text === text;

function endOf(t: Token): SourceLocation {
  return { file: t.location.file, line: t.location.line, column: t.location.column + t.text.length };
}

/**
 * Reads a definition from the tokens after `#define` (`directive` is the `define` token, for locating
 * "no macro name"). Returns null after reporting why the definition is invalid.
 */
export function parseDefine(tokens: readonly Token[], directive: Token, sink: DiagnosticSink): ObjectMacro | FunctionMacro | null {
  const name = tokens[0];
  if (name === undefined) {
    sink.error(endOf(directive), 'no macro name given in #define directive', { code: 'pp-define' });
    return null;
  }
  if (!checkMacroName(name, 'define', sink)) return null;
  let params: string[] | undefined;
  let variadic = false;
  let i = 1;
  if (isPunct(tokens[1], '(') && !tokens[1].spaceBefore) {
    params = [];
    i = 2;
    if (isPunct(tokens[i], ')')) {
      i++;
    } else {
      for (;;) {
        const t = tokens[i];
        if (t === undefined) {
          sink.error(endOf(tokens[i - 1]), "expected ')' before end of line", { code: 'pp-define' });
          return null;
        }
        if (isPunct(t, '...')) {
          variadic = true;
          params.push('__VA_ARGS__');
          if (!isPunct(tokens[i + 1], ')')) {
            sink.error((tokens[i + 1] ?? t).location, "expected ')' after \"...\"", { code: 'pp-define' });
            return null;
          }
          i += 2;
          break;
        }
        if (t.kind !== 'ident') {
          sink.error(t.location, `expected parameter name, found "${t.text}"`, { length: t.text.length, code: 'pp-define' });
          return null;
        }
        if (t.text === '__VA_ARGS__') {
          sink.error(t.location, '__VA_ARGS__ can only appear in the expansion of a C99 variadic macro', { length: t.text.length, code: 'pp-define' });
          return null;
        }
        if (params.includes(t.text)) {
          sink.error(t.location, `duplicate macro parameter "${t.text}"`, { length: t.text.length, code: 'pp-define' });
          return null;
        }
        params.push(t.text);
        const next = tokens[i + 1];
        if (isPunct(next, '...')) {
          sink.error(next.location, 'named variadic macros are a GNU extension, not part of C11', {
            code: 'pp-define', hint: `write "..." and use __VA_ARGS__ instead of ${t.text}`,
          });
          return null;
        }
        if (isPunct(next, ')')) {
          i += 2;
          break;
        }
        if (!isPunct(next, ',')) {
          if (next === undefined) sink.error(endOf(t), "expected ')' before end of line", { code: 'pp-define' });
          else sink.error(next.location, `expected ',' or ')', found "${next.text}"`, { length: next.text.length, code: 'pp-define' });
          return null;
        }
        i += 2;
      }
    }
  } else if (tokens[1] !== undefined && !tokens[1].spaceBefore) {
    sink.warning(tokens[1].location, 'ISO C99 requires whitespace after the macro name', { code: 'pp-define' });
  }
  const replacement = tokens.slice(i);
  const body = readBody(replacement, params, variadic, sink);
  if (body === null) return null;
  const common = { name: name.text, location: name.location, body, replacement };
  if (params === undefined) return { kind: 'object', ...common };
  const expands = params.map((_, index) => body.some((item) => item.kind === 'param' && item.index === index && !item.raw));
  const keepsRaw = params.map((_, index) => body.some((item) => item.kind !== 'token' && item.kind !== 'paste' && item.index === index && (item.kind !== 'param' || item.raw)));
  return { kind: 'function', ...common, params, variadic, expands, keepsRaw };
}

/** Checks the name in `#define`/`#undef`; reports and returns false when it cannot be a macro name. */
export function checkMacroName(name: Token, directive: 'define' | 'undef', sink: DiagnosticSink): boolean {
  if (name.kind !== 'ident') {
    sink.error(name.location, 'macro names must be identifiers', { length: Math.max(1, name.text.length), code: 'pp-define' });
    return false;
  }
  if (name.text === 'defined') {
    sink.error(name.location, '"defined" cannot be used as a macro name', { length: name.text.length, code: 'pp-define' });
    return false;
  }
  if (directive === 'define' && name.text === '__VA_ARGS__') {
    sink.error(name.location, '__VA_ARGS__ can only appear in the expansion of a C99 variadic macro', { length: name.text.length, code: 'pp-define' });
    return false;
  }
  return true;
}

function readBody(tokens: readonly Token[], params: readonly string[] | undefined, variadic: boolean, sink: DiagnosticSink): BodyItem[] | null {
  const items: BodyItem[] = [];
  const paramIndex = (t: Token | undefined): number => (t !== undefined && t.kind === 'ident' && params !== undefined ? params.indexOf(t.text) : -1);
  for (let j = 0; j < tokens.length; j++) {
    const t = tokens[j];
    if (params !== undefined && isPunct(t, '#')) {
      const index = paramIndex(tokens[j + 1]);
      if (index < 0) {
        sink.error(t.location, "'#' is not followed by a macro parameter", { code: 'pp-define' });
        return null;
      }
      items.push({ kind: 'stringize', index, token: t });
      j++;
      continue;
    }
    if (isPunct(t, '##') && items[items.length - 1]?.kind !== 'paste') {
      if (j === 0 || j === tokens.length - 1) {
        sink.error(t.location, "'##' cannot appear at either end of a macro expansion", { length: 2, code: 'pp-define' });
        return null;
      }
      items.push({ kind: 'paste', token: t });
      continue;
    }
    const index = paramIndex(t);
    if (index >= 0) {
      const raw = items[items.length - 1]?.kind === 'paste' || isPunct(tokens[j + 1], '##');
      items.push({ kind: 'param', index, raw, token: t });
      continue;
    }
    if (t.kind === 'ident' && t.text === '__VA_ARGS__' && !variadic) {
      sink.warning(t.location, '__VA_ARGS__ can only appear in the expansion of a C99 variadic macro', { length: t.text.length, code: 'pp-define' });
    }
    items.push({ kind: 'token', token: t });
  }
  // GNU ", ## __VA_ARGS__".
  if (variadic && params !== undefined) {
    const va = params.length - 1;
    for (let k = 2; k < items.length; k++) {
      const comma = items[k - 2];
      const last = items[k];
      if (comma.kind === 'token' && isPunct(comma.token, ',') && items[k - 1].kind === 'paste' && last.kind === 'param' && last.index === va) {
        items.splice(k - 2, 3, { kind: 'comma-va', index: va, token: comma.token });
        k -= 2;
      }
    }
  }
  return items;
}

/** True when two definitions are the same as C11 6.10.3p2 requires of a redefinition. */
export function sameDefinition(a: Macro, b: Macro): boolean {
  if (a.kind === 'dynamic' || b.kind === 'dynamic' || a.kind !== b.kind) return false;
  if (a.kind === 'function' && b.kind === 'function') {
    if (a.variadic !== b.variadic || a.params.length !== b.params.length || a.params.some((p, i) => p !== b.params[i])) return false;
  }
  if (a.replacement.length !== b.replacement.length) return false;
  return a.replacement.every((t, i) => t.text === b.replacement[i].text && (i === 0 || t.spaceBefore === b.replacement[i].spaceBefore));
}

// ---- substitution ------------------------------------------------------------------------------

/** What an empty `##` operand becomes (C11 6.10.3.3p2). */
interface Placemarker {
  readonly kind: 'placemarker';
}
const PLACEMARKER: Placemarker = { kind: 'placemarker' };
type Entry = Token | Placemarker | { readonly kind: 'paste-op'; readonly token: Token };

/** One macro use, as the expander hands it over. */
export interface MacroUse {
  /** The macro name token at the use. */
  readonly name: Token;
  /** Arguments as written (none for an object-like macro). */
  readonly args: readonly (readonly Token[])[];
  /** Arguments fully macro-expanded, for the parameters whose `expands` is true. */
  readonly expanded: readonly (readonly Token[] | undefined)[];
  /** Whether the variable arguments were given at all (`f(a)` vs `f(a,)` for `f(x, ...)`). */
  readonly variadicGiven: boolean;
  /** The hide set the result's tokens get (Prosser's algorithm, computed by the expander). */
  readonly hideSet: HideSet;
}

/** The replacement of one macro use, ready to be rescanned. */
export function substitute(macro: ObjectMacro | FunctionMacro, use: MacroUse, sink: DiagnosticSink): Token[] {
  const from = use.name.expandedFrom ?? use.name.location;
  const hs = use.hideSet;
  const copy = (t: Token, spaceBefore: boolean): Token => {
    const hideSet = HideSet.union(t.hideSet, hs);
    // A token out of an expanded argument keeps the use it came from; the expander stamps the outermost
    // one when the token leaves, so a token passing through nested uses of one macro is not copied at all.
    if (hideSet === t.hideSet && t.expandedFrom !== undefined && t.spaceBefore === spaceBefore && !t.lineStart) return t;
    return { kind: t.kind, text: t.text, location: t.location, spaceBefore, lineStart: false, expandedFrom: t.expandedFrom ?? from, hideSet };
  };
  const copyAll = (entries: Entry[], tokens: readonly Token[], firstSpace: boolean): void => {
    for (let k = 0; k < tokens.length; k++) entries.push(copy(tokens[k], k === 0 ? firstSpace : tokens[k].spaceBefore || tokens[k].lineStart));
  };

  const entries: Entry[] = [];
  for (const item of macro.body) {
    switch (item.kind) {
      case 'token':
        entries.push(copy(item.token, item.token.spaceBefore));
        break;
      case 'paste':
        entries.push({ kind: 'paste-op', token: item.token });
        break;
      case 'stringize':
        entries.push({
          kind: 'string', text: stringize(use.args[item.index] ?? []), location: item.token.location,
          spaceBefore: item.token.spaceBefore, lineStart: false, expandedFrom: from, hideSet: hs,
        });
        break;
      case 'param': {
        const tokens = item.raw ? use.args[item.index] : use.expanded[item.index];
        if (tokens === undefined || tokens.length === 0) {
          if (item.raw) entries.push(PLACEMARKER);
        } else {
          copyAll(entries, tokens, item.token.spaceBefore);
        }
        break;
      }
      case 'comma-va':
        if (use.variadicGiven) {
          entries.push(copy(item.token, item.token.spaceBefore));
          copyAll(entries, use.args[item.index] ?? [], true);
        }
        break;
      default: {
        const never: never = item;
        return never;
      }
    }
  }

  let out: Token[];
  if (entries.every((e) => e.kind !== 'paste-op' && e.kind !== 'placemarker')) out = entries as Token[];
  else out = applyPastes(entries, from, hs, sink);
  if (out.length > 0) {
    const first = out[0];
    out[0] = { ...first, spaceBefore: use.name.spaceBefore, lineStart: false };
  }
  return out;
}

/**
 * Applies the `##` operators left to right and drops placemarkers. `pending` is the last token (or
 * placemarker) not yet emitted: the left operand if a `##` follows.
 */
function applyPastes(entries: readonly Entry[], from: SourceLocation, hs: HideSet, sink: DiagnosticSink): Token[] {
  const out: Token[] = [];
  let pending: Token | Placemarker | undefined;
  for (let k = 0; k < entries.length; k++) {
    const e = entries[k];
    if (e.kind === 'paste-op') {
      const rhs = entries[++k];
      if (rhs === undefined || rhs.kind === 'placemarker' || rhs.kind === 'paste-op') continue; // x ## placemarker is x
      if (pending === undefined || pending.kind === 'placemarker') {
        pending = rhs;
        continue;
      }
      const joined = paste(pending, rhs, from, hs, sink);
      if (joined === null) out.push(pending); // gcc keeps both tokens after the error
      pending = joined ?? rhs;
      continue;
    }
    if (pending !== undefined && pending.kind !== 'placemarker') out.push(pending);
    pending = e;
  }
  if (pending !== undefined && pending.kind !== 'placemarker') out.push(pending);
  return out;
}

/** The spelling of `#param`: the argument's tokens with single spaces, quotes and backslashes escaped. */
export function stringize(tokens: readonly Token[]): string {
  let text = '"';
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (k > 0 && (t.spaceBefore || t.lineStart)) text += ' ';
    text += t.kind === 'string' || t.kind === 'char' ? t.text.replace(/[\\"]/g, '\\$&') : t.text;
  }
  return text + '"';
}

const identPart = /^[A-Za-z0-9_]*$/;

/** `lhs ## rhs`: one new token, or null (after an error) when the spellings do not make one token. */
function paste(lhs: Token, rhs: Token, from: SourceLocation, hs: HideSet, sink: DiagnosticSink): Token | null {
  const text = lhs.text + rhs.text;
  let kind: Token['kind'] | undefined;
  if ((lhs.kind === 'ident' || lhs.kind === 'number') && (rhs.kind === 'ident' || rhs.kind === 'number') && identPart.test(rhs.text)) {
    kind = lhs.kind; // x ## 1 is an identifier, 1 ## x a pp-number
  } else {
    const probe = new DiagnosticSink();
    const result = scan(lhs.location.file, text, probe);
    const [only, end] = result.tokens;
    if (probe.all.length === 0 && result.issues.size === 0 && end?.kind === 'eof' && only.text === text) kind = only.kind;
  }
  if (kind === undefined) {
    sink.error(from, `pasting "${lhs.text}" and "${rhs.text}" does not give a valid preprocessing token`, { code: 'pp-paste' });
    return null;
  }
  return { kind, text, location: lhs.location, spaceBefore: lhs.spaceBefore, lineStart: false, expandedFrom: from, hideSet: hs };
}
