// Preprocessor tests, errors: every malformed directive, macro use and expression becomes a located
// diagnostic (gcc's wording), preprocessing goes on after it, and bad characters are judged by where
// they end up — an error in the program, nothing in a skipped group or a stringized argument.

import assert from 'node:assert/strict';
import { located, norm, pp } from './preprocess-harness';

describe('preprocess: conditional errors', () => {
  it('reports an unterminated #if, #ifdef and #ifndef at the directive', () => {
    const run = pp('a\n#if 1\nb\n  #ifdef X\n#ifndef Y\n');
    assert.deepEqual(located(run.errors), ['2:1 unterminated #if', '4:3 unterminated #ifdef', '5:1 unterminated #ifndef']);
    assert.equal(run.text, 'a b');
  });

  it('reports #else after #else and #elif after #else, and skips what follows them', () => {
    const run = pp('#if 0\n#else\na\n#else\nb\n#elif 1\nc\n#endif\nd');
    assert.deepEqual(located(run.errors), ['4:2 #else after #else', '6:2 #elif after #else']);
    assert.match(run.errors[0].hint ?? '', /line 2/);
    assert.equal(run.text, 'a d');
  });

  it('reports #endif, #else and #elif without #if', () => {
    const run = pp('#endif\n#else\n#elif 1\nx');
    assert.deepEqual(located(run.errors), ['1:2 #endif without #if', '2:2 #else without #if', '3:2 #elif without #if']);
    assert.equal(run.text, 'x');
  });

  it('reports #ifdef without a name or with a non-identifier, and extra tokens as warnings', () => {
    const run = pp('#ifdef\n#endif\n#ifndef 3\n#endif\n#ifdef A B\n#endif\n#if 1\n#else junk\n#endif junk');
    assert.deepEqual(located(run.errors), ['1:7 no macro name given in #ifdef directive', '3:9 macro names must be identifiers']);
    assert.deepEqual(located(run.warnings), [
      '5:10 extra tokens at end of #ifdef directive', '8:7 extra tokens at end of #else directive', '9:8 extra tokens at end of #endif directive',
    ]);
  });
});

describe('preprocess: #if expression errors', () => {
  const cases: [string, string][] = [
    ['#if 1/0', '1:6 division by zero in #if'],
    ['#if 2 % (1 - 1)', '1:7 division by zero in #if'],
    ['#if', '1:4 #if with no expression'],
    ['#if 1 +', '1:8 operator \'+\' has no right operand'],
    ['#if * 2', '1:5 operator \'*\' has no left operand'],
    ['#if (1', '1:5 missing \')\' in expression'],
    ['#if 1)', '1:6 missing \'(\' in expression'],
    ['#if ()', '1:6 missing expression between \'(\' and \')\''],
    ['#if 1.0', '1:5 floating constant in preprocessor expression'],
    ['#if "s"', '1:5 token ""s"" is not valid in preprocessor expressions'],
    ['#if 1 2', '1:7 missing binary operator before token "2"'],
    ['#if x = 1', '1:7 token "=" is not valid in preprocessor expressions'],
    ['#if 1 ? 2', '1:7 \'?\' without following \':\''],
    ['#if 1 : 2', '1:7 \':\' without preceding \'?\''],
    ['#if defined', '1:5 operator "defined" requires an identifier'],
    ['#if defined(X', '1:13 missing \')\' after "defined"'],
    ['#if 08', '1:5 invalid digit "8" in octal constant'],
  ];
  for (const [line, expected] of cases) {
    it(`${line} → ${expected.replace(/^\S+ /, '')}`, () => {
      const run = pp(`${line}\nyes\n#else\nno\n#endif`);
      assert.deepEqual(located(run.errors), [expected]);
      assert.equal(run.text, 'no', 'an erroneous condition is false');
    });
  }

  it('reports a division by zero that came from a macro at the use', () => {
    const run = pp('#define ZERO 0\n#define DIV(a) (a / ZERO)\n#if DIV(4)\n#endif');
    assert.deepEqual(located(run.errors), ['3:5 division by zero in #if']);
  });

  it('warns that defined coming out of a macro is not portable, and still evaluates it', () => {
    const run = pp('#define HAS_B defined(B)\n#define B 1\n#if HAS_B\nyes\n#endif');
    assert.equal(run.text, 'yes');
    assert.deepEqual(located(run.warnings), ['3:5 this use of "defined" may not be portable']);
    assert.deepEqual(run.errors, []);
  });
});

describe('preprocess: #define, #undef and directive errors', () => {
  it('reports every malformed definition at the offending token and keeps none of them', () => {
    const run = pp(`#define
#define 3 x
#define defined 1
#define F(a, a) a
#define G(a b
#define H(a
#define I(a...) a
#define J(x) #y
#define K(x) ## x
#define L(x) x ##
#define __VA_ARGS__ 1
#define M(__VA_ARGS__) 1
F G H I J K L`);
    assert.deepEqual(located(run.errors), [
      '1:8 no macro name given in #define directive',
      '2:9 macro names must be identifiers',
      '3:9 "defined" cannot be used as a macro name',
      '4:14 duplicate macro parameter "a"',
      "5:13 expected ',' or ')', found \"b\"",
      "6:12 expected ')' before end of line",
      '7:12 named variadic macros are a GNU extension, not part of C11',
      "8:14 '#' is not followed by a macro parameter",
      "9:14 '##' cannot appear at either end of a macro expansion",
      "10:16 '##' cannot appear at either end of a macro expansion",
      '11:9 __VA_ARGS__ can only appear in the expansion of a C99 variadic macro',
      '12:11 __VA_ARGS__ can only appear in the expansion of a C99 variadic macro',
    ]);
    assert.equal(run.text, 'F G H I J K L', 'none of them was defined');
  });

  it('warns about a missing space after an object-like macro name and __VA_ARGS__ in a plain macro', () => {
    const run = pp('#define X+1\n#define Y __VA_ARGS__\nX');
    assert.deepEqual(located(run.warnings), [
      '1:10 ISO C99 requires whitespace after the macro name', '2:11 __VA_ARGS__ can only appear in the expansion of a C99 variadic macro',
    ]);
    assert.equal(run.text, norm('+1'));
  });

  it('reports #undef problems', () => {
    const run = pp('#undef\n#undef 4\n#undef A B\n#undef __LINE__\n__LINE__');
    assert.deepEqual(located(run.errors), ['1:7 no macro name given in #undef directive', '2:8 macro names must be identifiers']);
    assert.deepEqual(located(run.warnings), ['3:10 extra tokens at end of #undef directive', '4:8 undefining "__LINE__"']);
    assert.equal(run.text, '__LINE__');
  });

  it('reports an invalid directive name with the list of valid ones', () => {
    const run = pp('#foo bar\n#include_next <x.h>\n# "str"\nok');
    assert.deepEqual(located(run.errors), [
      '1:2 invalid preprocessing directive #foo', '2:2 invalid preprocessing directive #include_next', '3:3 invalid preprocessing directive #"str"',
    ]);
    assert.match(run.errors[0].hint ?? '', /#include, #define/);
    assert.equal(run.text, 'ok');
  });
});

describe('preprocess: macro use errors', () => {
  it('reports an unterminated argument list at the macro name', () => {
    const run = pp('#define f(x) x\nint a;\nf(1, (2)\nint b;\n');
    assert.deepEqual(located(run.errors), ['3:1 unterminated argument list invoking macro "f"']);
    assert.equal(run.text, norm('int a;'));
  });

  it('stops an argument list at the end of an included file', () => {
    const run = pp('#include "h.h"\n1) after', { 'h.h': '#define f(x) x\nf(\n' });
    assert.deepEqual(run.errors.map((d) => `${d.location.file}:${d.location.line} ${d.message}`), ['h.h:2 unterminated argument list invoking macro "f"']);
    assert.equal(run.text, norm('1) after'));
  });

  it('reports too few and too many arguments with gcc\'s words and the definition\'s place', () => {
    const run = pp('#define two(a, b) a b\n#define none() x\n#define va(a, b, ...) a\ntwo(1) two(1, 2, 3) none(1) va(1) two()\nnext');
    assert.deepEqual(located(run.errors), [
      '4:1 macro "two" requires 2 arguments, but only 1 given',
      '4:8 macro "two" passed 3 arguments, but takes just 2',
      '4:21 macro "none" passed 1 arguments, but takes just 0',
      '4:29 macro "va" requires 3 arguments, but only 1 given',
      '4:35 macro "two" requires 2 arguments, but only 1 given',
    ]);
    assert.match(run.errors[0].hint ?? '', /main\.c:1/);
    assert.equal(run.text, 'next');
  });
});

describe('preprocess: bad characters and literals', () => {
  it('reports a stray character that reaches the program, and only then', () => {
    const run = pp('#define S(x) #x\n#if 0\n@ ` \\ x\n#endif\nchar *s = S(@);\nint a = 1 @ 2;');
    assert.deepEqual(located(run.errors), ["6:11 stray '@' in program"]);
    assert.equal(run.text, norm('char *s = "@"; int a = 1 2;'));
  });

  it('names a non-ASCII stray character as written, with a hint, and control characters in octal', () => {
    const run = pp('int é = 1;\nint x\x01;');
    assert.deepEqual(located(run.errors), ["1:5 stray 'é' in program", "2:6 stray '\\001' in program"]);
    assert.match(run.errors[0].hint ?? '', /ASCII/);
    assert.equal(run.text, norm('int = 1; int x;'));
  });

  it('reports a stray character coming out of a macro', () => {
    const run = pp('#define AT @\nint x AT;');
    assert.deepEqual(located(run.errors), ["1:12 stray '@' in program"]);
  });

  it('makes an unterminated literal an error in the program and a warning in a skipped group or directive', () => {
    const run = pp("#if 0\ndon't\n#endif\n#define X don't\n#error it's\nchar *s = \"open;\nint after;");
    assert.deepEqual(run.diagnostics.map((d) => `${d.severity} ${d.location.line}:${d.location.column} ${d.message}`), [
      "warning 2:4 missing terminating ' character",
      "warning 4:14 missing terminating ' character",
      "warning 5:10 missing terminating ' character",
      "error 5:2 #error it's",
      'error 6:11 missing terminating " character',
    ]);
    assert.equal(run.text, norm('char *s = int after;'));
  });

  it('gives a binary file only a handful of diagnostics and never throws', () => {
    let seed = 7;
    let garbage = '';
    for (let i = 0; i < 100_000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      garbage += String.fromCharCode((seed >>> 16) & 0xff);
    }
    const run = pp(garbage);
    assert.ok(run.diagnostics.length > 0);
    assert.ok(run.diagnostics.length <= 30, `${run.diagnostics.length} diagnostics`);
    assert.equal(run.tokens[run.tokens.length - 1].kind, 'eof');
  });
});
