// Preprocessor tests, directives: conditional groups and `#if` arithmetic in intmax_t/uintmax_t,
// includes relative to the includer with guards and `#pragma once`, line control, `#error`/`#warning`,
// memscope pragmas, and the result's file list.

import assert from 'node:assert/strict';
import { preprocess, type PreprocessResult } from '../../../src/engine/lang/preprocess';
import { gccE, HEADERS, located, norm, pp, spellAll } from './preprocess-harness';

/** Whether `#if expr` takes its group. */
function holds(expr: string): boolean {
  const run = pp(`#if ${expr}\nyes\n#else\nno\n#endif`);
  assert.deepEqual(run.errors, [], expr);
  return run.text === 'yes';
}

describe('preprocess: conditional groups', () => {
  it('takes the first true group of #if/#elif/#else', () => {
    const text = (n: number): string => pp(`#define N ${n}\n#if N == 1\none\n#elif N == 2\ntwo\n#elif N == 3\nthree\n#else\nother\n#endif`).text;
    assert.deepEqual([1, 2, 3, 4].map(text), ['one', 'two', 'three', 'other']);
  });

  it('tests definitions with #ifdef, #ifndef, defined X and defined(X)', () => {
    const run = pp('#define A\n#ifdef A\na\n#endif\n#ifndef B\nb\n#endif\n#if defined A && !defined(B) && defined ( A )\nc\n#endif\n#ifdef B\nno\n#endif');
    assert.equal(run.text, 'a b c');
  });

  it('does not expand the operand of defined', () => {
    assert.equal(pp('#define A B\n#if defined(A) && !defined B\nyes\n#endif').text, 'yes');
  });

  it('nests groups, and skips everything inside a skipped group, even bad directives and expressions', () => {
    const run = pp(`#if 0
#if 1/0
#bogus directive
#include "missing.h"
#error not reached
#else
x
#endif
#elif 1
#ifdef Z
#else
kept
#endif
#endif`);
    assert.equal(run.text, 'kept');
    assert.deepEqual(run.diagnostics, []);
  });

  it('does not evaluate #elif once a group was taken', () => {
    const run = pp('#if 1\na\n#elif 1/0\nb\n#endif');
    assert.equal(run.text, 'a');
    assert.deepEqual(run.errors, []);
  });

  it('computes in 64 bits with C\'s signed and unsigned rules', () => {
    assert.equal(holds('-1 < 0'), true);
    assert.equal(holds('-1 < 0u'), false, 'unsigned comparison: -1 becomes UINTMAX_MAX');
    assert.equal(holds('0xFFFFFFFFFFFFFFFF == -1'), true, 'unsigned propagation makes -1 equal');
    assert.equal(holds('0x7FFFFFFFFFFFFFFF + 1 < 0'), true, 'signed 64-bit wraps');
    assert.equal(holds('2147483647 + 1 == 2147483648'), true, 'no 32-bit overflow: everything is intmax_t');
    assert.equal(holds('(1 ? -1 : 0u) > 0'), true, 'the conditional operator converts both arms');
    assert.equal(holds('-7 / 2 == -3 && -7 % 2 == -1'), true, 'division truncates toward zero');
    assert.equal(holds('1 << 63 < 0 && (1u << 63) > 0'), true);
    assert.equal(holds('-16 >> 2 == -4 && 0xF0u >> 4 == 15'), true);
    assert.equal(holds('~0u == 18446744073709551615u && ~0 == -1'), true);
    assert.equal(holds("'A' == 65 && '\\377' < 0"), true, 'character constants are int, plain char is signed');
    assert.equal(holds('(3 > 2) + (2 >= 2) + (1 != 1) + !0 == 3'), true);
    assert.equal(holds('(5 & 3) == 1 && (5 | 3) == 7 && (5 ^ 3) == 6'), true);
  });

  it('follows C\'s precedence and associativity', () => {
    assert.equal(holds('2 + 3 * 4 == 14'), true);
    assert.equal(holds('10 - 4 - 3 == 3'), true);
    assert.equal(holds('1 ? 2 : 0 ? 3 : 4'), true);
    assert.equal(holds('(0 ? 1 : 0 ? 2 : 3) == 3'), true);
    assert.equal(holds('1 || 0 && 0'), true);
    assert.equal(holds('-2 * -3 == 6 && - - 4 == 4 && !!5 == 1'), true);
    assert.equal(holds('1 == 1 == 1'), true);
    assert.equal(holds('(1, 0)'), false);
  });

  it('agrees with gcc on a set of tricky expressions', () => {
    const exprs = ['-1 < 0u', '(1 ? -1 : 0u) > 0', '-9223372036854775807 - 1 < 0', '0x8000000000000000 > 0', '1 << 64 == 0 || 1',
      "'ab' == 24930", '(2 || 1/0)', '-1 >> 63 == -1', '3 % -2 == 1', '(0u - 1) / 2 == 9223372036854775807'];
    const text = exprs.map((e) => `#if ${e}\nT\n#else\nF\n#endif`).join('\n');
    assert.equal(pp(text).text, gccE(text));
  });

  it('treats identifiers left after expansion as 0, true and false included', () => {
    assert.equal(holds('UNDEFINED_THING == 0 && true == 0 && !false'), true);
    assert.equal(holds('defined(__memscope__) && __STDC_VERSION__ >= 201112L'), true);
  });

  it('short-circuits a division by zero away in &&, || and ?:', () => {
    assert.equal(holds('0 && 1/0'), false);
    assert.equal(holds('1 || 1/0'), true);
    assert.equal(holds('1 ? 2 : 1/0'), true);
    assert.equal(holds('0 ? 1 % 0 : 0'), false);
  });

  it('evaluates thousands of nested parentheses and groups without overflowing the stack', () => {
    assert.equal(holds(`${'('.repeat(5000)}1${')'.repeat(5000)}`), true);
    assert.equal(holds(`${'-'.repeat(4999).split('').join(' ')} 1 < 0`), true);
    const depth = 5000;
    const run = pp(`${'#if 1\n'.repeat(depth)}deep\n${'#endif\n'.repeat(depth)}`);
    assert.equal(run.text, 'deep');
    assert.deepEqual(run.diagnostics, []);
  });
});

describe('preprocess: includes', () => {
  it('includes a user file relative to the including file\'s directory', () => {
    const run = pp('#include "lib/a.h"\nmain_end', {
      'lib/a.h': '#include "b.h"\na_end\n', 'lib/b.h': '#include "../top.h"\nb_end\n', 'top.h': 'top\n', 'b.h': 'WRONG\n',
    });
    assert.equal(run.text, 'top b_end a_end main_end');
    assert.deepEqual(run.files, ['main.c', 'lib/a.h', 'lib/b.h', 'top.h']);
  });

  it('includes relative to a main file given with a directory', () => {
    const files: Record<string, string> = { 'src/prog.c': '#include "util.h"\nx', 'src/util.h': 'util\n' };
    const run = preprocessRaw({ mainFile: 'src/prog.c', files });
    assert.equal(spellAll(run.tokens), 'util x');
    assert.deepEqual(run.files, ['src/prog.c', 'src/util.h']);
  });

  it('resolves includes next to absolute and relative main files, with .. where it can go up', () => {
    const cases: [string, string, string][] = [
      ['/home/ann/prog.c', '../lib/x.h', '/home/lib/x.h'],
      ['/prog.c', 'x.h', '/x.h'],
      ['/prog.c', '../x.h', '/x.h'],
      ['prog.c', '../x.h', '../x.h'],
      ['a/b/prog.c', './c/../x.h', 'a/b/x.h'],
      ['C:\\work\\prog.c', '..\\x.h', 'C:/x.h'],
    ];
    for (const [mainFile, spelled, path] of cases) {
      const run = preprocessRaw({ mainFile, files: { [mainFile]: `#include "${spelled}"`, [path]: 'found\n' } });
      assert.deepEqual([spellAll(run.tokens), run.files[1]], ['found', path], `${mainFile} + ${spelled}`);
    }
  });

  it('includes built-in headers with <…>, and with "…" when no user file has the name', () => {
    const run = pp('#include <stdio.h>\n#include "limits.h"\nEOF NULL INT_MAX');
    assert.equal(run.text, norm('typedef unsigned long size_t; int printf(const char *fmt, ...); (-1) ((void *)0) 2147483647'));
    assert.deepEqual(run.files, ['main.c', '<builtin>/stdio.h', '<builtin>/stddef.h', '<builtin>/limits.h']);
    assert.deepEqual(run.tokens[0].location, { file: '<builtin>/stddef.h', line: 4, column: 1 });
  });

  it('prefers the user\'s file for "…" and the built-in header for <…>', () => {
    const run = pp('#include "limits.h"\n#include <limits.h>\nINT_MAX', { 'limits.h': 'mine\n' });
    assert.equal(run.text, 'mine 2147483647');
  });

  it('reads a header with an include guard only once in effect', () => {
    const run = pp('#include <stdio.h>\n#include <stdio.h>\n#include "g.h"\n#include "g.h"', { 'g.h': '#ifndef G_H\n#define G_H\nonce\n#endif\n' });
    assert.equal(run.text.split(' ').filter((t) => t === 'printf').length, 1);
    assert.equal(run.text.split(' ').filter((t) => t === 'once').length, 1);
    assert.deepEqual(run.diagnostics, []);
  });

  it('honours #pragma once', () => {
    const run = pp('#include "o.h"\n#include "o.h"\n#include "dir/../o.h"', { 'o.h': '#pragma once\nonce\n' });
    assert.equal(run.text, 'once');
  });

  it('accepts a macro-expanded include', () => {
    const run = pp('#define HDR "h.h"\n#define SYS <stdio.h>\n#include HDR\n#include SYS\nEOF', { 'h.h': 'h\n' });
    assert.equal(run.text, norm('h typedef unsigned long size_t; int printf(const char *fmt, ...); (-1)'));
  });

  it('reports a missing user file at its name and goes on', () => {
    const run = pp('int a;\n#include "nope.h"\nint b;');
    assert.deepEqual(located(run.errors), ['2:10 nope.h: No such file or directory']);
    assert.match(run.errors[0].hint ?? '', /nope\.h/);
    assert.equal(run.text, norm('int a; int b;'));
  });

  it('reports a missing built-in header with the list Mini C provides', () => {
    const run = pp('#include <pthread.h>\nx');
    assert.deepEqual(located(run.errors), ['1:10 pthread.h: No such file or directory']);
    assert.match(run.errors[0].hint ?? '', /fixed set of standard headers: limits\.h, stddef\.h, stdio\.h/);
    assert.equal(run.text, 'x');
  });

  it('reports malformed #include lines', () => {
    const run = pp('#include\n#include foo\n#include <stdio.h\n#include ""\n#include "g.h" extra', { 'g.h': '' });
    assert.deepEqual(located(run.diagnostics), [
      '1:9 #include expects "FILENAME" or <FILENAME>',
      '2:10 #include expects "FILENAME" or <FILENAME>',
      '3:10 missing terminating > character',
      '4:10 empty filename in #include',
      '5:16 extra tokens at end of #include directive',
    ]);
  });

  it('stops a recursive include without a guard at the depth limit with one error', () => {
    const run = pp('#include "self.h"\nend', { 'self.h': '#include "self.h"\n#include "self.h"\nx\n' });
    assert.deepEqual(run.errors.map((d) => [d.message, d.location.file]), [['#include nested too deeply', 'self.h']]);
    assert.equal(run.text.endsWith('end'), true);
  });

  it('reports an unterminated #if in an included file at that #if, and goes on in the includer', () => {
    const run = pp('#include "u.h"\nafter', { 'u.h': 'inside\n#if 1\n' });
    assert.deepEqual(run.errors.map((d) => `${d.location.file}:${d.location.line}:${d.location.column} ${d.message}`), ['u.h:2:1 unterminated #if']);
    assert.equal(run.text, 'inside after');
  });

  it('reports the main file missing', () => {
    const run = preprocessRaw({ mainFile: 'gone.c', files: {} });
    assert.deepEqual(run.diagnostics.map((d) => d.message), ['gone.c: No such file or directory']);
    assert.equal(run.tokens.length, 1);
    assert.equal(run.tokens[0].kind, 'eof');
  });
});

describe('preprocess: line control, messages and pragmas', () => {
  it('renumbers lines and renames the file with #line, for tokens, __LINE__ and __FILE__', () => {
    const run = pp('a\n#line 100 "gen.y"\nb __LINE__ __FILE__\n#line 7\nc __LINE__\n# 50 "other.c" 2\nd __LINE__ __FILE__');
    assert.equal(run.text, norm('a b 100 "gen.y" c 7 d 50 "other.c"'));
    const loc = (text: string): string => {
      const t = run.tokens.find((x) => x.text === text);
      return `${t?.location.file}:${t?.location.line}`;
    };
    assert.deepEqual(['a', 'b', 'c', 'd'].map(loc), ['main.c:1', 'gen.y:100', 'gen.y:7', 'other.c:50']);
  });

  it('takes a macro-expanded #line', () => {
    assert.equal(pp('#define L 42\n#line L\n__LINE__').text, '42');
  });

  it('reports a bad #line', () => {
    const run = pp('#line x\n#line 10 name\n#line 99999999999\n#line');
    assert.deepEqual(located(run.errors), [
      '1:7 "x" after #line is not a positive integer', '2:10 invalid filename "name"', '3:7 line number out of range', '4:6 unexpected end of file after #line',
    ]);
  });

  it('turns #error into an error and #warning into a warning, with their text', () => {
    const run = pp('#error stop   "now" here\n#warning careful: x\nafter');
    assert.deepEqual(run.diagnostics.map((d) => [d.severity, d.message, d.location.line, d.location.column]), [
      ['error', '#error stop "now" here', 1, 2],
      ['warning', '#warning careful: x', 2, 2],
    ]);
    assert.equal(run.text, 'after');
  });

  it('collects #pragma memscope in both forms and ignores other pragmas', () => {
    const run = pp('#pragma memscope heap(best-fit)\n#pragma once\n#pragma GCC poison x\n#pragma STDC FP_CONTRACT ON\n  #  pragma memscope stack 64K\n#pragma memscope\n#pragma');
    assert.deepEqual(run.pragmas.map((p) => [p.name, p.value, p.location.line, p.location.column]), [
      ['heap', 'best-fit', 1, 1], ['stack', '64K', 5, 3],
    ]);
    assert.deepEqual(located(run.warnings), ['6:1 malformed #pragma memscope']);
    assert.equal(run.text, '');
  });

  it('accepts the null directive', () => {
    const run = pp('#\n# /* nothing */\na');
    assert.equal(run.text, 'a');
    assert.deepEqual(run.diagnostics, []);
  });
});

function preprocessRaw(options: { mainFile: string; files: Record<string, string> }): PreprocessResult {
  return preprocess({ mainFile: options.mainFile, readFile: (p) => options.files[p], headers: HEADERS });
}
