// Tokenizer tests: every punctuator by longest match, pp-numbers, literals kept verbatim, comments,
// splices and CRLF with physical locations, and bad input (stray characters, unterminated literals and
// comments, binary garbage) turning into a bounded number of located diagnostics.

import assert from 'node:assert/strict';
import { DiagnosticSink } from '../../../src/engine/diagnostics';
import { ISSUE_LIMIT, scan, tokenize } from '../../../src/engine/lang/tokenize';
import type { Token } from '../../../src/engine/lang/token';

function lex(text: string): { tokens: Token[]; sink: DiagnosticSink } {
  const sink = new DiagnosticSink();
  return { tokens: tokenize('t.c', text, sink), sink };
}

const texts = (tokens: Token[]): string[] => tokens.filter((t) => t.kind !== 'eof').map((t) => t.text);
const where = (t: Token): [number, number] => [t.location.line, t.location.column];

describe('tokenize', () => {
  it('ends with exactly one eof token, also for empty input', () => {
    const { tokens } = lex('');
    assert.equal(tokens.length, 1);
    assert.equal(tokens[0].kind, 'eof');
    const more = lex('a b').tokens;
    assert.equal(more.filter((t) => t.kind === 'eof').length, 1);
    assert.equal(more[more.length - 1].kind, 'eof');
  });

  it('recognises every C11 punctuator on its own', () => {
    const all = ['[', ']', '(', ')', '{', '}', '.', '->', '++', '--', '&', '*', '+', '-', '~', '!', '/', '%',
      '<<', '>>', '<', '>', '<=', '>=', '==', '!=', '^', '|', '&&', '||', '?', ':', ';', '...', '=', '*=',
      '/=', '%=', '+=', '-=', '<<=', '>>=', '&=', '^=', '|=', ',', '#', '##'];
    for (const p of all) {
      const { tokens, sink } = lex(p);
      assert.equal(sink.all.length, 0, p);
      assert.deepEqual(texts(tokens), [p], p);
      assert.equal(tokens[0].kind, 'punct', p);
    }
    const { tokens } = lex(all.join(' '));
    assert.deepEqual(texts(tokens), all);
  });

  it('splits punctuators by longest match', () => {
    assert.deepEqual(texts(lex('a+++++b').tokens), ['a', '++', '++', '+', 'b']);
    assert.deepEqual(texts(lex('x<<=y>>=z->w').tokens), ['x', '<<=', 'y', '>>=', 'z', '->', 'w']);
    assert.deepEqual(texts(lex('a..b....').tokens), ['a', '.', '.', 'b', '...', '.']);
    assert.deepEqual(texts(lex('###').tokens), ['##', '#']);
    assert.deepEqual(texts(lex('a&&&b||||c').tokens), ['a', '&&', '&', 'b', '||', '||', 'c']);
  });

  it('reads pp-numbers whole, including suffixes, exponents with signs, and invalid forms for later', () => {
    const cases = ['12', '0x1Fu', '1e+5', '1E-5', '.5f', '0b101', '0x1p-3', '10UL', '1.2.3', '08', '1_000', '3.14e10L'];
    for (const c of cases) {
      const { tokens } = lex(c);
      assert.equal(tokens[0].kind, 'number', c);
      assert.equal(tokens[0].text, c, c);
    }
    // A sign belongs to the number only after an exponent letter.
    assert.deepEqual(texts(lex('1+5 0x1e+5 1.x-2').tokens), ['1', '+', '5', '0x1e+5', '1.x', '-', '2']);
    assert.deepEqual(texts(lex('a.5').tokens), ['a', '.5']);
  });

  it('keeps character constants and string literals verbatim with their escapes', () => {
    const { tokens, sink } = lex(String.raw`"a\"b\\" 'c' '\'' '\n' "\x41\101" "" "tab	in"`);
    assert.equal(sink.all.length, 0);
    assert.deepEqual(tokens.slice(0, -1).map((t) => [t.kind, t.text]), [
      ['string', String.raw`"a\"b\\"`],
      ['char', "'c'"],
      ['char', String.raw`'\''`],
      ['char', String.raw`'\n'`],
      ['string', String.raw`"\x41\101"`],
      ['string', '""'],
      ['string', '"tab\tin"'],
    ]);
  });

  it('keeps literal prefixes L, u, U and u8 in the literal token', () => {
    assert.deepEqual(lex(`L"w" u"x" U'y' u8"z" u8'q' Lx`).tokens.slice(0, -1).map((t) => [t.kind, t.text]), [
      ['string', 'L"w"'], ['string', 'u"x"'], ['char', "U'y'"], ['string', 'u8"z"'],
      ['ident', 'u8'], ['char', "'q'"], ['ident', 'Lx'],
    ]);
  });

  it('tells identifiers from numbers', () => {
    const { tokens } = lex('_a1 a_b __x9 9a');
    assert.deepEqual(tokens.slice(0, -1).map((t) => [t.kind, t.text]),
      [['ident', '_a1'], ['ident', 'a_b'], ['ident', '__x9'], ['number', '9a']]);
  });

  it('gives 1-based physical lines and columns, counting a tab as one column', () => {
    const { tokens } = lex('int x;\n\tfoo(1,\n   22);');
    assert.deepEqual(tokens.map(where), [[1, 1], [1, 5], [1, 6], [2, 2], [2, 5], [2, 6], [2, 7], [3, 4], [3, 6], [3, 7], [3, 8]]);
  });

  it('counts a non-ASCII character in a string as one column', () => {
    const { tokens } = lex('"é😀" x');
    assert.deepEqual(where(tokens[1]), [1, 6]);
  });

  it('skips comments, counting them as space, and keeps newlines inside block comments out of lineStart', () => {
    const { tokens } = lex('a/* x\n y */b // c\nd//e\n/**/#');
    assert.deepEqual(texts(tokens), ['a', 'b', 'd', '#']);
    const [a, b, d, hash] = tokens;
    assert.equal(a.lineStart, true);
    assert.equal(b.spaceBefore, true);
    assert.equal(b.lineStart, false, 'a block comment spanning lines does not start a new line');
    assert.deepEqual(where(b), [2, 6]);
    assert.equal(d.lineStart, true);
    assert.equal(d.spaceBefore, false);
    assert.equal(hash.lineStart, true);
    assert.equal(hash.spaceBefore, true);
  });

  it('does not treat comment markers inside literals as comments', () => {
    assert.deepEqual(texts(lex(`"/* no */" '//' x`).tokens), ['"/* no */"', "'//'", 'x']);
  });

  it('sets spaceBefore only after whitespace or a comment on the same line', () => {
    const flags = lex('a b\tc(d)\ne\n f').tokens.map((t) => t.spaceBefore);
    assert.deepEqual(flags.slice(0, 6), [false, true, true, false, false, false]);
    assert.equal(flags[6], false, 'the newline resets spaceBefore; e is lineStart instead');
    assert.equal(flags[7], true, 'indentation counts as space');
  });

  it('removes backslash-newline splices, keeping locations physical', () => {
    const { tokens, sink } = lex('in\\\nt x = "ab\\\ncd";\nre\\\r\nturn');
    assert.equal(sink.all.length, 0);
    assert.deepEqual(texts(tokens), ['int', 'x', '=', '"abcd"', ';', 'return']);
    assert.deepEqual(where(tokens[0]), [1, 1]);
    assert.deepEqual(where(tokens[1]), [2, 3]);
    assert.deepEqual(where(tokens[3]), [2, 7]);
    assert.deepEqual(where(tokens[5]), [4, 1]);
    assert.equal(tokens[1].lineStart, false, 'a splice continues the logical line');
  });

  it('continues a // comment over a splice', () => {
    assert.deepEqual(texts(lex('// a \\\nb\nc').tokens), ['c']);
  });

  it('warns about blanks between a backslash and the newline but still splices', () => {
    const { tokens, sink } = lex('a\\  \nb');
    assert.deepEqual(texts(tokens), ['ab']);
    assert.equal(sink.all.length, 1);
    assert.equal(sink.all[0].severity, 'warning');
    assert.match(sink.all[0].message, /backslash and newline separated by space/);
  });

  it('treats CRLF and lone CR as newlines', () => {
    const { tokens } = lex('a\r\nb\rc\r\n#');
    assert.deepEqual(tokens.map(where), [[1, 1], [2, 1], [3, 1], [4, 1], [4, 2]]);
    assert.ok(tokens.slice(0, 4).every((t) => t.lineStart));
  });

  it('reports an unterminated comment at the /* and goes on', () => {
    const { tokens, sink } = lex('int a;\n  /* never closed\nint b;');
    assert.deepEqual(texts(tokens), ['int', 'a', ';']);
    assert.equal(sink.all.length, 1);
    assert.equal(sink.all[0].message, 'unterminated comment');
    assert.equal(sink.all[0].severity, 'error');
    assert.deepEqual([sink.all[0].location.line, sink.all[0].location.column], [2, 3]);
  });

  it('reports unterminated string and character literals at their quote and continues on the next line', () => {
    const { tokens, sink } = lex('char *s = "abc;\nint c = \'x;\nint d;');
    assert.deepEqual(sink.all.map((d) => [d.message, d.location.line, d.location.column]), [
      ['missing terminating " character', 1, 11],
      ["missing terminating ' character", 2, 9],
    ]);
    assert.deepEqual(texts(tokens), ['char', '*', 's', '=', 'int', 'c', '=', 'int', 'd', ';']);
  });

  it('does not end a string at an escaped quote, and an escaped newline is a splice', () => {
    const { tokens, sink } = lex('"a\\"b" "c\\\nd"');
    assert.equal(sink.all.length, 0);
    assert.deepEqual(texts(tokens), ['"a\\"b"', '"cd"']);
  });

  it('reports stray characters where they are and keeps tokenizing', () => {
    const { tokens, sink } = lex('a @ b ` c $ d \\ e é');
    assert.deepEqual(texts(tokens), ['a', 'b', 'c', 'd', 'e']);
    assert.deepEqual(sink.all.map((d) => [d.message, d.location.column]), [
      ["stray '@' in program", 3],
      ["stray '`' in program", 7],
      ["stray '$' in program", 11],
      ["stray '\\' in program", 15],
      ["stray 'é' in program", 19],
    ]);
    assert.ok(sink.all.every((d) => d.severity === 'error'));
    assert.ok(sink.all[4].hint?.includes('ASCII'));
  });

  it('names control characters in octal as gcc does, and ignores NUL with one warning', () => {
    const { tokens, sink } = lex('a\x01b\0c\0d');
    assert.deepEqual(texts(tokens), ['a', 'b', 'c', 'd']);
    assert.deepEqual(sink.all.map((d) => [d.severity, d.message, d.location.column]).sort(), [
      ['error', "stray '\\001' in program", 2],
      ['warning', 'null character(s) ignored', 4],
    ]);
  });

  it('caps diagnostics for binary garbage at a handful', () => {
    let garbage = '';
    let seed = 12345;
    for (let i = 0; i < 20000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      garbage += String.fromCharCode((seed >>> 16) & 0xff);
    }
    const { tokens, sink } = lex(garbage);
    assert.ok(tokens.length > 100, 'tokenizing goes on through the garbage');
    assert.equal(tokens[tokens.length - 1].kind, 'eof');
    assert.ok(sink.all.length >= ISSUE_LIMIT && sink.all.length <= ISSUE_LIMIT + 4, `got ${sink.all.length} diagnostics`);
    assert.ok(sink.all.some((d) => d.code === 'too-many-errors'));
    assert.ok(sink.all.every((d) => d.location.line >= 1 && d.location.column >= 1));
  });

  it('tokenizes a megabyte in one go', () => {
    const line = 'int f(int x) { return x * 0x1F + "str\\n"[0] /* c */ - \'a\'; } // tail\n';
    const lines = Math.ceil(1_000_000 / line.length);
    const { tokens, sink } = lex(line.repeat(lines));
    assert.equal(sink.all.length, 0);
    assert.equal(tokens.length, 20 * lines + 1);
    assert.deepEqual(where(tokens[tokens.length - 2]), [lines, line.indexOf('}') + 1]);
  });
});

describe('scan', () => {
  it('keeps stray and unterminated tokens and returns their issues for the preprocessor to judge', () => {
    const sink = new DiagnosticSink();
    const { tokens, issues } = scan('t.c', "@ don't", sink);
    assert.equal(sink.all.length, 0, 'nothing reported yet');
    assert.deepEqual(texts(tokens), ['@', 'don', "'t"]);
    assert.equal(issues.get(tokens[0])?.kind, 'stray');
    assert.equal(issues.get(tokens[2])?.kind, 'unterminated');
    assert.equal(issues.get(tokens[1]), undefined);
  });
});
