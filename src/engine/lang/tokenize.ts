// The tokenizer: source text → preprocessing tokens (C11 6.4), in two linear passes.
//
// Pass 1 (`splice`) performs translation phases 1–2: CRLF and lone CR become "\n", and every
// backslash-newline is removed. It keeps, for every character of the spliced text, the physical line and
// column it came from, so a token that follows (or spans) a splice still points at the place the user
// sees in the editor. Columns count characters (a tab is one column, a surrogate pair is one character).
//
// Pass 2 (`scan`) walks the spliced text once and cuts it into tokens: identifiers, pp-numbers, character
// constants and string literals (kept verbatim, escapes and all — `literals.ts` decodes them later), and
// punctuators by longest match. Comments become "space before the next token". A token is `lineStart`
// when no token precedes it on its logical line, which is what makes a `#` start a directive.
//
// Problems never stop the scan. Some are reported at once (an unterminated comment, a stray NUL). Two
// kinds depend on where the token ends up, as in gcc: a stray character such as `@` is legal inside a
// skipped `#if 0` group or when stringized, and a lone apostrophe in a skipped group or a directive is
// only a warning. `scan` therefore returns those as *issues* attached to their tokens; the preprocessor
// decides what to report, and `tokenize` (used without preprocessing) reports them all and drops the
// broken tokens. Binary garbage yields at most `ISSUE_LIMIT` diagnostics per file, then one summary.

import type { DiagnosticSink, SourceLocation } from '../diagnostics';
import type { Token, TokenKind } from './token';

/** A problem carried by one token, reported (or not) by whoever knows its context. */
export interface TokenIssue {
  readonly kind: 'stray' | 'unterminated';
  readonly message: string;
  readonly hint?: string;
}

export interface ScanResult {
  readonly tokens: Token[];
  /** Issues of individual tokens: stray characters and unterminated literals. */
  readonly issues: Map<Token, TokenIssue>;
}

/** At most this many located diagnostics about bad characters per file; a binary file would give thousands. */
export const ISSUE_LIMIT = 10;

/** Spliced text plus, for each of its characters, the physical position it came from. */
interface SplicedText {
  readonly text: string;
  readonly lines: Int32Array;
  readonly columns: Int32Array;
}

const LF = 10;
const CR = 13;
const BACKSLASH = 92;

/** Phases 1–2: normalise newlines and remove backslash-newline, remembering physical positions. */
function splice(file: string, text: string, sink: DiagnosticSink): SplicedText {
  const n = text.length;
  const lines = new Int32Array(n + 1);
  const columns = new Int32Array(n + 1);
  const parts: string[] = [];
  let out = 0;          // length of the spliced text so far
  let segment = 0;      // start of the not yet copied run of the original text
  let line = 1;
  let column = 1;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      // A backslash, optional blanks, then a newline: a splice (gcc warns about the blanks).
      let j = i + 1;
      while (j < n && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9)) j++;
      const d = j < n ? text.charCodeAt(j) : -1;
      if (d === LF || d === CR) {
        if (j > i + 1) {
          sink.warning({ file, line, column }, 'backslash and newline separated by space', { code: 'splice-space' });
        }
        if (i > segment) parts.push(text.slice(segment, i));
        j += d === CR && j + 1 < n && text.charCodeAt(j + 1) === LF ? 2 : 1;
        i = j;
        segment = j;
        line++;
        column = 1;
        if (i >= n) sink.warning({ file, line: line - 1, column: 1 }, 'backslash-newline at end of file', { code: 'splice-eof' });
        continue;
      }
    } else if (c === CR) {
      // CRLF and a lone CR both end a line; the spliced text has a single "\n".
      if (i > segment) parts.push(text.slice(segment, i));
      parts.push('\n');
      lines[out] = line;
      columns[out] = column;
      out++;
      i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
      segment = i;
      line++;
      column = 1;
      continue;
    }
    lines[out] = line;
    columns[out] = column;
    out++;
    i++;
    if (c === LF) {
      line++;
      column = 1;
    } else if (c < 0xdc00 || c > 0xdfff) {
      column++; // the low half of a surrogate pair shares its high half's column
    }
  }
  if (segment === 0) parts.push(text);
  else if (segment < n) parts.push(text.slice(segment));
  lines[out] = line;
  columns[out] = column;
  return { text: parts.length === 1 ? parts[0] : parts.join(''), lines, columns };
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isIdentPart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Length of the punctuator starting at `i`, by longest match; 0 when none starts there. */
function punctuatorLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1); // NaN past the end, which matches nothing
  const e = s.charCodeAt(i + 2);
  switch (c) {
    case 91: case 93: case 40: case 41: case 123: case 125: // [ ] ( ) { }
    case 126: case 63: case 58: case 59: case 44: // ~ ? : ; ,
      return 1;
    case 46: // . ...
      return d === 46 && e === 46 ? 3 : 1;
    case 45: // - -> -- -=
      return d === 62 || d === 45 || d === 61 ? 2 : 1;
    case 43: // + ++ +=
      return d === 43 || d === 61 ? 2 : 1;
    case 38: // & && &=
      return d === 38 || d === 61 ? 2 : 1;
    case 124: // | || |=
      return d === 124 || d === 61 ? 2 : 1;
    case 60: // < << <= <<=
      if (d === 60) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 62: // > >> >= >>=
      if (d === 62) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 35: // # ##
      return d === 35 ? 2 : 1;
    case 42: case 47: case 37: case 94: case 61: case 33: // * / % ^ = !  (each may take "=")
      return d === 61 ? 2 : 1;
    default:
      return 0;
  }
}

/** True when `text` is exactly one C11 punctuator (so not a stray character kept as a token). */
export function isPunctuator(text: string): boolean {
  return text.length > 0 && punctuatorLength(text, 0) === text.length;
}

/** How gcc names a character in "stray '…' in program": printable as is, control characters in octal. */
function describeChar(ch: string): string {
  const c = ch.codePointAt(0) ?? 0;
  if (c < 32 || c === 127) return '\\' + c.toString(8).padStart(3, '0');
  return ch;
}

/**
 * Cuts `text` (the contents of `file`) into preprocessing tokens, ending with one `eof` token.
 * Reports comment and splice problems to `sink`; stray characters and unterminated literals come back
 * as issues on their tokens (see the file header).
 */
export function scan(file: string, text: string, sink: DiagnosticSink): ScanResult {
  const src = splice(file, text, sink);
  const s = src.text;
  const n = s.length;
  const tokens: Token[] = [];
  const issues = new Map<Token, TokenIssue>();
  const at = (i: number): SourceLocation => ({ file, line: src.lines[i], column: src.columns[i] });
  let lineStart = true;
  let space = false;
  let nulReported = false;
  let i = 0;

  const push = (kind: TokenKind, start: number, end: number): Token => {
    const token: Token = { kind, text: s.slice(start, end), location: at(start), spaceBefore: space, lineStart };
    tokens.push(token);
    lineStart = false;
    space = false;
    return token;
  };

  // A character constant or string literal from its opening quote at `q`; `start` includes any prefix.
  const literal = (start: number, q: number): void => {
    const quote = s.charCodeAt(q);
    let j = q + 1;
    for (;;) {
      if (j >= n) break;
      const c = s.charCodeAt(j);
      if (c === quote) {
        push(quote === 34 ? 'string' : 'char', start, j + 1);
        i = j + 1;
        return;
      }
      if (c === LF) break;
      j += c === BACKSLASH && j + 1 < n && s.charCodeAt(j + 1) !== LF ? 2 : 1;
    }
    // Unterminated: gcc makes the rest of the line one token; so do we, and flag it.
    const token = push(quote === 34 ? 'string' : 'char', start, j);
    const what = quote === 34 ? '"' : "'";
    issues.set(token, {
      kind: 'unterminated',
      message: `missing terminating ${what} character`,
      hint: quote === 34 ? 'a string literal must end on the line it starts; close it with "' : undefined,
    });
    i = j;
  };

  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === LF) {
      lineStart = true;
      space = false;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 11 || c === 12) {
      space = true;
      i++;
      continue;
    }
    if (c === 47) { // '/': maybe a comment
      const d = s.charCodeAt(i + 1);
      if (d === 47) {
        const end = s.indexOf('\n', i + 2);
        i = end < 0 ? n : end;
        space = true;
        continue;
      }
      if (d === 42) {
        const end = s.indexOf('*/', i + 2);
        if (end < 0) {
          sink.error(at(i), 'unterminated comment', { length: 2, code: 'unterminated-comment', hint: 'close the comment with */' });
          i = n;
        } else {
          i = end + 2;
        }
        space = true;
        continue;
      }
    }
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(i + 1)))) {
      // pp-number: digit or .digit, then identifier characters, dots, and signs after e/E/p/P.
      let j = i + 1;
      while (j < n) {
        const d = s.charCodeAt(j);
        if ((d === 43 || d === 45) && (s.charCodeAt(j - 1) | 32) === 101) j++; // e+ e- E+ E-
        else if ((d === 43 || d === 45) && (s.charCodeAt(j - 1) | 32) === 112) j++; // p+ p- P+ P-
        else if (isIdentPart(d) || d === 46) j++;
        else break;
      }
      push('number', i, j);
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(s.charCodeAt(j))) j++;
      const q = s.charCodeAt(j);
      if ((q === 34 || q === 39) && isLiteralPrefix(s, i, j)) {
        literal(i, j); // L"…", u8"…" etc.: one token; literals.ts says they are not supported
        continue;
      }
      push('ident', i, j);
      i = j;
      continue;
    }
    if (c === 34 || c === 39) {
      literal(i, i);
      continue;
    }
    const len = punctuatorLength(s, i);
    if (len > 0) {
      push('punct', i, i + len);
      i += len;
      continue;
    }
    if (c === 0) {
      // gcc ignores NUL characters with a warning; say it once per file.
      if (!nulReported) sink.warning(at(i), 'null character(s) ignored', { code: 'null-character' });
      nulReported = true;
      space = true;
      i++;
      continue;
    }
    // Anything else is a stray character: kept as a one-character token, judged by its context.
    const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
    const ch = s.slice(i, i + width);
    const token = push('punct', i, i + width);
    issues.set(token, {
      kind: 'stray',
      message: `stray '${describeChar(ch)}' in program`,
      hint: c > 127
        ? 'only ASCII characters may appear outside string literals, character constants and comments'
        : undefined,
    });
    i += width;
  }
  tokens.push({ kind: 'eof', text: '', location: at(n), spaceBefore: space, lineStart });
  return { tokens, issues };
}

function isLiteralPrefix(s: string, start: number, end: number): boolean {
  const len = end - start;
  if (len === 1) {
    const c = s.charCodeAt(start);
    return c === 76 || c === 117 || c === 85; // L u U
  }
  return len === 2 && s.charCodeAt(start) === 117 && s.charCodeAt(start + 1) === 56 && s.charCodeAt(end) === 34; // u8"
}

/** Reports a token's issue as an error, unless `count` says this file has had enough of them already. */
export function reportIssue(sink: DiagnosticSink, token: Token, issue: TokenIssue, severity: 'error' | 'warning', count: number): void {
  if (count < ISSUE_LIMIT) {
    const options = { length: Math.max(1, token.text.length), hint: issue.hint, code: issue.kind === 'stray' ? 'stray-character' : 'unterminated-literal' };
    if (severity === 'error') sink.error(token.location, issue.message, options);
    else sink.warning(token.location, issue.message, options);
  } else if (count === ISSUE_LIMIT) {
    sink.error(token.location, `too many invalid characters in ${token.location.file}; further ones are not reported`, {
      code: 'too-many-errors',
      hint: 'is this really a C source file?',
    });
  }
}

/**
 * Tokenizes one file without preprocessing: every stray character and unterminated literal is an error
 * (at most `ISSUE_LIMIT` of them reported) and its token is left out. The result ends with one `eof` token.
 */
export function tokenize(file: string, text: string, sink: DiagnosticSink): Token[] {
  const { tokens, issues } = scan(file, text, sink);
  if (issues.size === 0) return tokens;
  let count = 0;
  const kept: Token[] = [];
  for (const token of tokens) {
    const issue = issues.get(token);
    if (issue === undefined) {
      kept.push(token);
    } else {
      reportIssue(sink, token, issue, 'error', count++);
    }
  }
  return kept;
}
