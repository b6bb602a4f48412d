// Carrying out one preprocessing directive (C11 6.10.1–6.10.7), given its line already cut out of the
// file by the reader. Conditional directives are seen even inside skipped groups, because they must be
// counted to find the matching `#endif`; the reader only calls here for the others in active groups.
//
// A conditional group is a record on the file's own stack: whether the text around it is included,
// whether one of its groups was already chosen (so a later `#elif` is not even evaluated, as in gcc), and
// where its `#else` was. Every malformed directive becomes a located diagnostic and reading goes on.

import type { DiagnosticSink, SourceLocation } from '../diagnostics';
import type { Expander } from './expand';
import { checkMacroName, type Macro, parseDefine, sameDefinition } from './macro';
import { evaluateCondition } from './pp-expr';
import type { Condition, OpenFile } from './preprocess';
import { parseStringLiteral } from './literals';
import type { Token } from './token';

/** Beyond this many open files, `#include` is refused (it catches an include cycle without guards). */
export const MAX_INCLUDE_DEPTH = 200;

/** What the directives need from the reader. */
export interface DirectiveHost {
  readonly sink: DiagnosticSink;
  readonly macros: Map<string, Macro>;
  readonly expander: Expander;
  readonly onceFiles: ReadonlySet<string>;
  readonly headers: ReadonlyMap<string, string>;
  /** Set after the first "nested too deeply": later includes are skipped, so a cycle cannot explode. */
  includeLimitHit: boolean;
  /** Number of files open now. */
  readonly depth: number;
  open(name: string, dir: string | undefined, text: string): void;
  resolveInclude(spelled: string, quoted: boolean, from: OpenFile): { name: string; dir: string | undefined; text: string } | { tried: string[] };
  carryOutPragma(tokens: readonly Token[], at: Token): void;
}

const CONDITIONALS = new Set(['if', 'ifdef', 'ifndef', 'elif', 'else', 'endif']);

/** Whether a directive name opens, continues or closes a conditional. */
export function isConditional(name: string): boolean {
  return CONDITIONALS.has(name);
}

/** Tokens back to text, a space wherever there was whitespace (for `#error`, pragmas, header names). */
export function spell(tokens: readonly Token[]): string {
  let text = '';
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && (tokens[i].spaceBefore || tokens[i].lineStart)) text += ' ';
    text += tokens[i].text;
  }
  return text;
}

const after = (t: Token): SourceLocation => ({ ...t.location, column: t.location.column + t.text.length });

function extraTokens(sink: DiagnosticSink, rest: readonly Token[], directive: string): void {
  if (rest.length > 0) sink.warning(rest[0].location, `extra tokens at end of #${directive} directive`, { code: 'pp-extra' });
}

/**
 * Carries out the directive `line` (the tokens after `#`, never empty) read from `f`. `physicalEnd` is
 * the physical line the directive ends on, for `#line`.
 */
export function carryOut(host: DirectiveHost, f: OpenFile, hash: Token, line: readonly Token[], physicalEnd: number): void {
  const name = line[0];
  const rest = line.slice(1);
  const sink = host.sink;
  if (name.kind === 'number') {
    lineControl(host, f, name, rest, physicalEnd, true); // "# 33 "file"", the form gcc writes itself
    return;
  }
  if (name.kind !== 'ident') {
    sink.error(name.location, `invalid preprocessing directive #${name.text}`, { length: Math.max(1, name.text.length), code: 'pp-directive' });
    return;
  }
  const conditions = f.conditions;
  const top = conditions[conditions.length - 1] as Condition | undefined;
  switch (name.text) {
    case 'if': {
      const outerActive = top === undefined || top.active;
      const value = outerActive && evaluateCondition(host.expander.expandLine(rest, true), name, sink);
      conditions.push({ directive: 'if', location: hash.location, outerActive, taken: value || !outerActive, active: value });
      return;
    }
    case 'ifdef':
    case 'ifndef': {
      const outerActive = top === undefined || top.active;
      let value = false;
      if (outerActive) {
        const macro = rest[0];
        if (macro === undefined) sink.error(after(name), `no macro name given in #${name.text} directive`, { code: 'pp-conditional' });
        else if (macro.kind !== 'ident') sink.error(macro.location, 'macro names must be identifiers', { length: macro.text.length, code: 'pp-conditional' });
        else {
          value = host.macros.has(macro.text) === (name.text === 'ifdef');
          extraTokens(sink, rest.slice(1), name.text);
        }
      }
      conditions.push({ directive: name.text, location: hash.location, outerActive, taken: value || !outerActive, active: value });
      return;
    }
    case 'elif': {
      if (top === undefined) {
        sink.error(name.location, '#elif without #if', { length: 4, code: 'pp-conditional' });
        return;
      }
      if (top.elseAt !== undefined) {
        sink.error(name.location, '#elif after #else', { length: 4, code: 'pp-conditional', hint: `the #else is on line ${top.elseAt.line}` });
        top.active = false;
        return;
      }
      if (top.taken) {
        top.active = false; // a group was chosen already: this condition is not even evaluated
        return;
      }
      const value = evaluateCondition(host.expander.expandLine(rest, true), name, sink);
      top.active = value;
      top.taken = value;
      return;
    }
    case 'else':
      if (top === undefined) {
        sink.error(name.location, '#else without #if', { length: 4, code: 'pp-conditional' });
        return;
      }
      if (top.elseAt !== undefined) {
        sink.error(name.location, '#else after #else', { length: 4, code: 'pp-conditional', hint: `the first #else is on line ${top.elseAt.line}` });
        top.active = false;
        return;
      }
      if (top.outerActive) extraTokens(sink, rest, 'else');
      top.active = !top.taken;
      top.taken = true;
      top.elseAt = name.location;
      return;
    case 'endif':
      if (top === undefined) {
        sink.error(name.location, '#endif without #if', { length: 5, code: 'pp-conditional' });
        return;
      }
      if (top.outerActive) extraTokens(sink, rest, 'endif');
      conditions.pop();
      return;
    case 'define':
      define(host, name, rest);
      return;
    case 'undef':
      undef(host, name, rest);
      return;
    case 'include':
      include(host, f, name, rest);
      return;
    case 'line':
      lineControl(host, f, name, host.expander.expandLine(rest, false), physicalEnd, false);
      return;
    case 'error':
      sink.error(name.location, `#error ${spell(rest)}`.trimEnd(), { length: 5, code: 'pp-error' });
      return;
    case 'warning':
      sink.warning(name.location, `#warning ${spell(rest)}`.trimEnd(), { length: 7, code: 'pp-warning' });
      return;
    case 'pragma':
      host.carryOutPragma(rest, hash);
      return;
    default:
      sink.error(name.location, `invalid preprocessing directive #${name.text}`, {
        length: name.text.length, code: 'pp-directive',
        hint: 'the directives are #include, #define, #undef, #if, #ifdef, #ifndef, #elif, #else, #endif, #line, #error, #warning and #pragma',
      });
  }
}

function define(host: DirectiveHost, directive: Token, rest: readonly Token[]): void {
  const macro = parseDefine(rest, directive, host.sink);
  if (macro === null) return;
  const previous = host.macros.get(macro.name);
  if (previous !== undefined && !sameDefinition(previous, macro)) {
    host.sink.warning(macro.location, `"${macro.name}" redefined`, { length: macro.name.length, code: 'pp-redefined' });
    host.sink.all.push({
      severity: 'note', message: 'this is the location of the previous definition', location: previous.location, length: 1, code: 'pp-redefined',
    });
  }
  host.macros.set(macro.name, macro);
}

function undef(host: DirectiveHost, directive: Token, rest: readonly Token[]): void {
  const name = rest[0];
  if (name === undefined) {
    host.sink.error(after(directive), 'no macro name given in #undef directive', { code: 'pp-define' });
    return;
  }
  if (!checkMacroName(name, 'undef', host.sink)) return;
  extraTokens(host.sink, rest.slice(1), 'undef');
  if (host.macros.get(name.text)?.kind === 'dynamic') host.sink.warning(name.location, `undefining "${name.text}"`, { code: 'pp-define' });
  host.macros.delete(name.text);
}

function include(host: DirectiveHost, f: OpenFile, directive: Token, rest: readonly Token[]): void {
  const sink = host.sink;
  const expects = '#include expects "FILENAME" or <FILENAME>';
  if (rest.length === 0) {
    sink.error(after(directive), expects, { code: 'pp-include' });
    return;
  }
  // A header name as written, or else the line macro-expanded into one (C11 6.10.2p4).
  const direct = (rest[0].kind === 'string' && rest[0].text.startsWith('"')) || (rest[0].kind === 'punct' && rest[0].text === '<');
  const tokens = direct ? rest : host.expander.expandLine(rest, false);
  const first = tokens[0];
  let spelled: string;
  let quoted: boolean;
  let extra: readonly Token[];
  if (first !== undefined && first.kind === 'string' && first.text.startsWith('"')) {
    spelled = first.text.slice(1, -1);
    quoted = true;
    extra = tokens.slice(1);
  } else if (first !== undefined && first.kind === 'punct' && first.text === '<') {
    const close = tokens.findIndex((t, i) => i > 0 && t.kind === 'punct' && t.text === '>');
    if (close < 0) {
      sink.error(first.location, 'missing terminating > character', { code: 'pp-include' });
      return;
    }
    spelled = spell(tokens.slice(1, close));
    quoted = false;
    extra = tokens.slice(close + 1);
  } else {
    const at = first ?? rest[0];
    sink.error(at.expandedFrom ?? at.location, expects, { length: Math.max(1, at.text.length), code: 'pp-include' });
    return;
  }
  const at = first.expandedFrom ?? first.location;
  if (spelled === '') {
    sink.error(at, 'empty filename in #include', { code: 'pp-include' });
    return;
  }
  extraTokens(sink, extra, 'include');
  if (host.includeLimitHit) return;
  if (host.depth >= MAX_INCLUDE_DEPTH) {
    sink.error(directive.location, '#include nested too deeply', {
      length: 7, code: 'pp-include', hint: `more than ${MAX_INCLUDE_DEPTH} nested includes: does a header include itself without an include guard?`,
    });
    host.includeLimitHit = true;
    return;
  }
  const found = host.resolveInclude(spelled, quoted, f);
  if ('tried' in found) {
    const standard = [...host.headers.keys()].sort().join(', ');
    const hint = quoted && found.tried.length > 0
      ? `looked for ${found.tried[0]} (next to the including file) and among the standard headers`
      : `Mini C provides a fixed set of standard headers${standard === '' ? '' : `: ${standard}`}`;
    sink.error(at, `${spelled}: No such file or directory`, { length: first.text.length, code: 'pp-include', hint });
    return;
  }
  if (host.onceFiles.has(found.name)) return;
  host.open(found.name, found.dir, found.text);
}

/** `#line N "file"` (and gcc's `# N "file" flags`): later lines are numbered from N, optionally in "file". */
function lineControl(host: DirectiveHost, f: OpenFile, directive: Token, tokens: readonly Token[], physicalEnd: number, marker: boolean): void {
  const sink = host.sink;
  const number = marker ? directive : tokens[0];
  const rest = marker ? tokens : tokens.slice(1);
  if (number === undefined) {
    sink.error(after(directive), 'unexpected end of file after #line', { code: 'pp-line' });
    return;
  }
  if (number.kind !== 'number' || !/^[0-9]+$/.test(number.text)) {
    sink.error(number.expandedFrom ?? number.location, `"${number.text}" after #line is not a positive integer`, { length: number.text.length, code: 'pp-line' });
    return;
  }
  const value = Number(number.text);
  if (value > 2147483647) {
    sink.error(number.location, 'line number out of range', { length: number.text.length, code: 'pp-line' });
    return;
  }
  const file = rest[0];
  if (file !== undefined) {
    if (file.kind !== 'string' || !file.text.startsWith('"')) {
      sink.error(file.expandedFrom ?? file.location, `invalid filename "${file.text}"`, { length: file.text.length, code: 'pp-line' });
      return;
    }
    const bytes = parseStringLiteral(file.text, file.location, sink);
    if (bytes === null) return;
    f.presumedName = new TextDecoder().decode(bytes);
    if (!marker) extraTokens(sink, rest.slice(1), 'line');
  }
  f.lineDelta = value - (physicalEnd + 1);
}
