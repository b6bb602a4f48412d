// The tokenizer: source text → preprocessing tokens (C11 6.4), in two linear passes.
//
// Pass 1 (`splice`) performs translation phases 1–2: CRLF and lone CR become "\n", and every
// backslash-newline is removed. It remembers where the splices were, so a token that follows (or spans)
// a splice still points at the physical line and column the user sees in the editor (`Positions`).
// Columns count characters (a tab is one column, a surrogate pair is one character).
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

const LF = 10;
const BACKSLASH = 92;

/**
 * Physical positions in spliced text. Tokens ask for positions in increasing order, so a cursor moves
 * forward over newlines and splice points: every "\n" and every removed backslash-newline starts a new
 * physical line. Nothing is stored per character.
 */
class Positions {
  private line = 1;
  private lineStart = 0;
  private nextNewline: number;
  private nextSplice = 0;
  private cursor = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    /** Offsets in `text` where a backslash-newline was removed, ascending. */
    private readonly splices: readonly number[],
    /** Whether the text has surrogate pairs, which count as one column each. */
    private readonly surrogates: boolean,
  ) {
    this.nextNewline = text.indexOf('\n');
  }

  at(i: number): SourceLocation {
    if (i < this.cursor) this.rewind();
    this.cursor = i;
    while (this.nextNewline >= 0 && this.nextNewline < i) {
      this.line++;
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = this.text.indexOf('\n', this.lineStart);
    }
    while (this.nextSplice < this.splices.length && this.splices[this.nextSplice] <= i) {
      this.line++;
      this.lineStart = Math.max(this.lineStart, this.splices[this.nextSplice]);
      this.nextSplice++;
    }
    let column = i - this.lineStart + 1;
    if (this.surrogates) {
      for (let j = this.lineStart; j < i; j++) {
        const c = this.text.charCodeAt(j);
        if (c >= 0xdc00 && c <= 0xdfff) column--; // the low half of a pair shares its high half's column
      }
    }
    return { file: this.file, line: this.line, column };
  }

  private rewind(): void {
    this.line = 1;
    this.lineStart = 0;
    this.nextSplice = 0;
    this.nextNewline = this.text.indexOf('\n');
  }
}

/** Phases 1–2: CRLF and lone CR become "\n"; backslash-newlines are removed and their places kept. */
function splice(file: string, raw: string, sink: DiagnosticSink): { text: string; positions: Positions } {
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  const splices: number[] = [];
  const parts: string[] = [];
  let spliced = text;
  const pattern = /\\[ \t]*\n/g;
  if (text.includes('\\') && pattern.test(text)) {
    pattern.lastIndex = 0;
    let segment = 0;
    let removed = 0;
    let line = 1;
    let lineStart = 0;
    let counted = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      // Physical line of the backslash, for the warnings.
      for (let j = text.indexOf('\n', counted); j >= 0 && j < m.index; j = text.indexOf('\n', j + 1)) {
        line++;
        lineStart = j + 1;
        counted = j + 1;
      }
      if (m[0].length > 2) {
        sink.warning({ file, line, column: m.index - lineStart + 1 }, 'backslash and newline separated by space', { code: 'splice-space' });
      }
      parts.push(text.slice(segment, m.index));
      segment = m.index + m[0].length;
      removed += m[0].length;
      splices.push(segment - removed);
      if (segment === text.length) sink.warning({ file, line, column: 1 }, 'backslash-newline at end of file', { code: 'splice-eof' });
      line++;
      lineStart = segment;
      counted = segment;
    }
    parts.push(text.slice(segment));
    spliced = parts.join('');
  }
  const surrogates = /[\ud800-\udbff]/.test(spliced);
  return { text: spliced, positions: new Positions(file, spliced, splices, surrogates) };
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

/** The one-character punctuators' spellings by character code. */
const SINGLE_PUNCTUATORS: readonly string[] = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c));

/** True when `text` is exactly one C11 punctuator (so not a stray character kept as a token). */
export function isPunctuator(text: string): boolean {
  return text.length > 0 && punctuatorLength(text, 0) === text.length;
}

/** True for a one-character token that is no punctuator: a stray character. */
export function isStray(token: Token): boolean {
  return token.kind === 'punct' && token.text.length <= 2 && !isPunctuator(token.text);
}

/** The issue of a stray character, named as gcc does: printable as is, control characters in octal. */
export function strayIssue(ch: string): TokenIssue {
  const c = ch.codePointAt(0) ?? 0;
  const shown = c < 32 || c === 127 ? '\\' + c.toString(8).padStart(3, '0') : ch;
  return {
    kind: 'stray',
    message: `stray '${shown}' in program`,
    hint: c > 127 ? 'only ASCII characters may appear outside string literals, character constants and comments' : undefined,
  };
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
  const at = (i: number): SourceLocation => src.positions.at(i);
  let lineStart = true;
  let space = false;
  let nulReported = false;
  let i = 0;

  const push = (kind: TokenKind, start: number, end: number, text = s.slice(start, end)): Token => {
    const token: Token = { kind, text, location: at(start), spaceBefore: space, lineStart };
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
      // One shared string per punctuator: most tokens are punctuators, and fewer strings is less GC.
      const text = len === 1 ? SINGLE_PUNCTUATORS[c] : s.slice(i, i + len);
      push('punct', i, i + len, text);
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
    const token = push('punct', i, i + width);
    issues.set(token, strayIssue(token.text));
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
