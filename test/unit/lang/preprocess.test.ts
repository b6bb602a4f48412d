// Preprocessor tests, macros: the C11 standard's own examples (6.10.3.5) give the standard's results,
// and the same inputs run through gcc -E give the same tokens; then object-like and function-like
// macros, `#` with spaces and quotes, `##` making new tokens, variadic macros, rescanning and hide sets,
// the dynamic and predefined macros, and where expanded tokens say they come from.

import assert from 'node:assert/strict';
import { gccE, norm, pp } from './preprocess-harness';

const EXAMPLE_3 = `#define x 3
#define f(a) f(x * (a))
#undef x
#define x 2
#define g f
#define z z[0]
#define h g(~
#define m(a) a(w)
#define w 0,1
#define t(a) a
#define p() int
#define q(x) x
#define r(x,y) x ## y
#define str(x) # x
f(y+1) + f(f(z)) % t(t(g)(0) + t)(1);
g(x+(3,4)-w) | h 5) & m
(f)^m(m);
p() i[q()] = { q(1), r(2,3), r(4,), r(,5), r(,) };
char c[2][6] = { str(hello), str() };
`;

const EXAMPLE_4 = `#define str(s) # s
#define xstr(s) str(s)
#define debug(s, t) printf("x" # s "= %d, x" # t "= %s", \\
 x ## s, x ## t)
#define INCFILE(n) vers ## n
#define glue(a, b) a ## b
#define xglue(a, b) glue(a, b)
#define HIGHLOW "hello"
#define LOW LOW ", world"
debug(1, 2);
fputs(str(strncmp("abc\\0d", "abc", '\\4') // this goes away
 == 0) str(: @\\n), s);
xstr(INCFILE(2).h)
glue(HIGH, LOW);
xglue(HIGH, LOW)
`;

const EXAMPLE_5 = `#define t(x,y,z) x ## y ## z
int j[] = { t(1,2,3), t(,4,5), t(6,,7), t(8,9,),
 t(10,,), t(,11,), t(,,12), t(,,) };
`;

const EXAMPLE_7 = `#define debug(...) fprintf(stderr, __VA_ARGS__)
#define showlist(...) puts(#__VA_ARGS__)
#define report(test, ...) ((test)?puts(#test):\\
 printf(__VA_ARGS__))
debug("Flag");
debug("X = %d\\n", x);
showlist(The first, second, and third items.);
report(x>y, "x is %d but y is %d", x, y);
`;

describe('preprocess: the C11 standard\'s examples (6.10.3.5)', () => {
  it('EXAMPLE 3: redefinition, rescanning, nested and partial uses, empty arguments', () => {
    const run = pp(EXAMPLE_3);
    assert.deepEqual(run.diagnostics, []);
    assert.equal(run.text, norm(`f(2 * (y+1)) + f(2 * (f(2 * (z[0])))) % f(2 * (0)) + t(1);
      f(2 * (2+(3,4)-0,1)) | f(2 * (~ 5)) & f(2 * (0,1))^m(0,1);
      int i[] = { 1, 23, 4, 5, };
      char c[2][6] = { "hello", "" };`));
  });

  it('EXAMPLE 4: stringizing and pasting, in the order the standard requires', () => {
    const run = pp(EXAMPLE_4);
    assert.deepEqual(run.diagnostics, []);
    assert.equal(run.text, norm(`printf("x" "1" "= %d, x" "2" "= %s", x1, x2);
      fputs("strncmp(\\"abc\\\\0d\\", \\"abc\\", '\\\\4') == 0" ": @\\n", s);
      "vers2.h"
      "hello";
      "hello" ", world"`));
  });

  it('EXAMPLE 5: placemarkers for empty arguments of ##', () => {
    const run = pp(EXAMPLE_5);
    assert.deepEqual(run.diagnostics, []);
    assert.equal(run.text, norm('int j[] = { 123, 45, 67, 89, 10, 11, 12, };'));
  });

  it('EXAMPLE 6: valid redefinitions are silent, invalid ones are warned about', () => {
    const run = pp(`#define OBJ_LIKE (1-1)
#define OBJ_LIKE /* white space */ (1-1) /* other */
#define FUNC_LIKE(a) ( a )
#define FUNC_LIKE( a )( /* note the white space */ \\
 a /* other stuff on this line
 */ )
#define OBJ_LIKE (0)
#define OBJ_LIKE (1 - 1)
#define FUNC_LIKE(b) ( a )
#define FUNC_LIKE(b) ( b )
`);
    assert.deepEqual(run.warnings.map((d) => `${d.location.line} ${d.message}`), [
      '7 "OBJ_LIKE" redefined', '8 "OBJ_LIKE" redefined', '9 "FUNC_LIKE" redefined', '10 "FUNC_LIKE" redefined',
    ]);
    const notes = run.diagnostics.filter((d) => d.severity === 'note');
    assert.deepEqual(notes.map((d) => d.location.line), [2, 7, 4, 9], 'each points at the previous definition');
    assert.equal(run.errors.length, 0);
  });

  it('EXAMPLE 7: variadic macros', () => {
    const run = pp(EXAMPLE_7);
    assert.deepEqual(run.diagnostics, []);
    assert.equal(run.text, norm(`fprintf(stderr, "Flag");
      fprintf(stderr, "X = %d\\n", x);
      puts("The first, second, and third items.");
      ((x>y)?puts("x>y"): printf("x is %d but y is %d", x, y));`));
  });

  it('gives the same tokens as gcc -E on all of them', () => {
    for (const example of [EXAMPLE_3, EXAMPLE_4, EXAMPLE_5, EXAMPLE_7]) {
      assert.equal(pp(example).text, gccE(example));
    }
  });
});

describe('preprocess: macros', () => {
  it('replaces object-like macros and rescans their replacement', () => {
    assert.equal(pp('#define N 10\n#define M (N + 1)\nint a[M];').text, norm('int a[(10 + 1)];'));
  });

  it('leaves a function-like macro name alone when no ( follows', () => {
    assert.equal(pp('#define f(x) [x]\nint f; f (1) f\n(2) f').text, norm('int f; [1] [2] f'));
  });

  it('finds the ( of a function-like macro after the replacement of another macro', () => {
    assert.equal(pp('#define f(x) <x>\n#define g f\ng(1)').text, norm('<1>'));
  });

  it('fully expands arguments before substitution, but not the operands of # and ##', () => {
    const run = pp('#define N 4\n#define id(x) x\n#define s(x) #x\n#define cat(a, b) a ## b\nid(N) s(N) cat(N, 2)');
    assert.equal(run.text, norm('4 "N" N2'));
  });

  it('does not expand a macro inside its own expansion (hide sets)', () => {
    assert.equal(pp('#define foo foo + 1\nfoo').text, norm('foo + 1'));
    assert.equal(pp('#define a b\n#define b a\na b').text, norm('a b'));
    assert.equal(pp('#define f(x) f(x) + g\n#define g f\nf(1)').text, norm('f(1) + f'));
  });

  it('expands a macro again when its name comes back only through the arguments of a new use', () => {
    // f's name in the result stems from the argument, which was expanded outside f's expansion.
    assert.equal(pp('#define f(x) x\nf(f)(1)').text, norm('f(1)'));
    assert.equal(pp('#define f(x) g(x\n#define g(x) x\nf(1))').text, norm('1'));
  });

  it('counts arguments by top-level commas only, keeping nested parentheses', () => {
    assert.equal(pp('#define two(a, b) [a|b]\ntwo((1, 2), f(3, 4))').text, norm('[(1, 2)|f(3, 4)]'));
  });

  it('accepts a use spanning lines', () => {
    assert.equal(pp('#define add(a, b) a + b\nadd(1,\n  2\n)').text, norm('1 + 2'));
  });

  it('handles a macro with no parameters called with ()', () => {
    assert.equal(pp('#define p() int\np() x;').text, norm('int x;'));
  });

  it('stringizes with single spaces, dropping comments and outer whitespace', () => {
    const run = pp('#define s(x) #x\ns(  a   +  b /* c */ - c  ) s(a\n  b) s()');
    assert.deepEqual(run.tokens.slice(0, -1).map((t) => t.text), ['"a + b - c"', '"a b"', '""']);
  });

  it('escapes quotes and backslashes of string and character literals when stringizing', () => {
    const run = pp(String.raw`#define s(x) #x
s("a\n" '"' '\'' "\\" x\y)`);
    assert.deepEqual(run.tokens.slice(0, -1).map((t) => t.text), [String.raw`"\"a\\n\" '\"' '\\'' \"\\\\\" x\y"`]);
  });

  it('stringizes a stray character without complaint', () => {
    const run = pp('#define s(x) #x\nchar *p = s(@ $);');
    assert.deepEqual(run.errors, []);
    assert.equal(run.text, norm('char *p = "@ $";'));
  });

  it('pastes tokens into new identifiers, numbers and punctuators', () => {
    const run = pp('#define cat(a, b) a ## b\ncat(x, 1) cat(1, e5) cat(<, <=) cat(-, >) cat(., 5) cat(L, "s") cat(, ) cat(a, )');
    assert.deepEqual(run.tokens.slice(0, -1).map((t) => [t.kind, t.text]), [
      ['ident', 'x1'], ['number', '1e5'], ['punct', '<<='], ['punct', '->'], ['number', '.5'], ['string', 'L"s"'], ['ident', 'a'],
    ]);
    assert.deepEqual(run.diagnostics, []);
  });

  it('rescans a pasted name as a macro', () => {
    assert.equal(pp('#define cat(a, b) a ## b\n#define xy 42\ncat(x, y)').text, norm('42'));
  });

  it('reports a paste that does not make one token and keeps both tokens', () => {
    const run = pp('#define cat(a, b) a ## b\ncat(+, -) cat(x, /)');
    assert.equal(run.text, norm('+ - x /'));
    assert.deepEqual(run.errors.map((d) => [d.location.line, d.location.column, d.message]), [
      [2, 1, 'pasting "+" and "-" does not give a valid preprocessing token'],
      [2, 11, 'pasting "x" and "/" does not give a valid preprocessing token'],
    ]);
  });

  it('pastes with a chain of ## and empty operands in the middle', () => {
    assert.equal(pp('#define c3(a, b, c) a ## b ## c\nc3(x, , y) c3(, , z) c3(, , )').text, norm('xy z'));
  });

  it('passes __VA_ARGS__ with its commas, and empty when absent', () => {
    const run = pp('#define v(fmt, ...) f(fmt, __VA_ARGS__)\n#define w(...) g(__VA_ARGS__)\nv(a, 1, (2, 3)) v(a) v(a,) w() w(1)');
    assert.equal(run.text, norm('f(a, 1, (2, 3)) f(a, ) f(a, ) g() g(1)'));
    assert.deepEqual(run.errors, []);
  });

  it('drops the comma of ", ## __VA_ARGS__" only when the variable arguments are absent, as gcc -std=c11', () => {
    const text = '#define P(fmt, ...) printf(fmt, ##__VA_ARGS__)\nP("x") P("x",) P("x", 1, 2)';
    assert.equal(pp(text).text, norm('printf("x") printf("x",) printf("x", 1, 2)'));
    assert.equal(pp(text).text, gccE(text));
  });

  it('expands __FILE__ and __LINE__ where they are used, __LINE__ at the macro use as gcc does', () => {
    const run = pp('__FILE__ __LINE__\n#define L __LINE__\n#define F(x) x __LINE__\n\nL\nF(a\nb\n)\nF(\n__LINE__\n)');
    assert.equal(run.text, norm('"main.c" 1 5 a b 6 10 9'));
  });

  it('gives __FILE__ of the included file inside it', () => {
    const run = pp('#include "inc/a.h"\n__FILE__', { 'inc/a.h': 'const char *f = __FILE__;\n' });
    assert.equal(run.text, norm('const char *f = "inc/a.h"; "main.c"'));
  });

  it('counts with __COUNTER__ and gives fixed __DATE__ and __TIME__', () => {
    assert.equal(pp('__COUNTER__ __COUNTER__ __COUNTER__ __DATE__ __TIME__').text, norm('0 1 2 "Jan  1 2025" "00:00:00"'));
  });

  it('predefines the standard and memscope macros but not __GNUC__', () => {
    const run = pp(`__STDC__ __STDC_VERSION__ __STDC_HOSTED__ __LP64__ _LP64 __x86_64__ __x86_64 __linux__ __unix__
__CHAR_BIT__ __SIZEOF_INT__ __SIZEOF_LONG__ __SIZEOF_POINTER__ __memscope__ __GNUC__`);
    assert.equal(run.text, norm('1 201112L 1 1 1 1 1 1 1 8 4 8 8 1 __GNUC__'));
  });

  it('agrees with gcc on the predefined values it shares', () => {
    const text = '__STDC__ __STDC_VERSION__ __STDC_HOSTED__ __LP64__ _LP64 __x86_64__ __x86_64 __linux__ __unix__ __CHAR_BIT__ __SIZEOF_INT__ __SIZEOF_LONG__ __SIZEOF_POINTER__ __SIZEOF_SHORT__ __SIZEOF_LONG_LONG__ __SIZEOF_SIZE_T__ __INT_MAX__ __SCHAR_MAX__ __SHRT_MAX__ __BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__';
    assert.equal(pp(text).text, gccE(text));
  });

  it('takes extra -D style defines, object-like and function-like', () => {
    const run = pp('N SQ(3) E', {}, new Map([['N', '5'], ['SQ(x)', '((x)*(x))'], ['E', '']]));
    assert.equal(run.text, norm('5 ((3)*(3))'));
  });

  it('undefines with #undef, also a macro that was never defined', () => {
    const run = pp('#define A 1\n#undef A\n#undef B\nA');
    assert.equal(run.text, 'A');
    assert.deepEqual(run.diagnostics, []);
  });

  it('gives expanded tokens the outermost use as expandedFrom and their definition as location', () => {
    const run = pp('#define INNER 1 + x\n#define OUTER(a) (a * INNER)\nint v =\n  OUTER(y);');
    const [open, y] = run.tokens.slice(3);
    const one = run.tokens.find((t) => t.text === '1');
    assert.ok(one !== undefined);
    const use = { file: 'main.c', line: 4, column: 3 };
    for (const t of [open, y, one]) assert.deepEqual(t.expandedFrom, use, t.text);
    assert.deepEqual(one.location, { file: 'main.c', line: 1, column: 15 }, 'where 1 is spelled in INNER');
    assert.deepEqual(y.location, { file: 'main.c', line: 4, column: 9 }, 'an argument keeps its own place');
    assert.equal(run.tokens[0].expandedFrom, undefined, 'tokens outside macros have none');
  });

  it('gives tokens out of nested uses in arguments the outermost use too', () => {
    const run = pp('#define id(x) x\n#define two 2\nid(id(id(two)))');
    assert.equal(run.text, '2');
    assert.deepEqual(run.tokens[0].expandedFrom, { file: 'main.c', line: 3, column: 1 });
  });

  it('marks expanded tokens with the macros they came from', () => {
    const run = pp('#define A B\n#define B x\nA');
    assert.equal(run.text, 'x');
    assert.deepEqual([...(run.tokens[0].hideSet ?? [])].sort(), ['A', 'B']);
  });

  it('accepts _Pragma and collects a memscope pragma through it', () => {
    const run = pp('#define WATCH _Pragma("memscope watch(\\"p\\")")\nint a;\n_Pragma("memscope stack(64)") int b; WATCH');
    assert.equal(run.text, norm('int a; int b;'));
    assert.deepEqual(run.pragmas.map((p) => [p.name, p.value, p.location.line]), [['stack', '64', 3], ['watch', '"p"', 3]]);
  });

  it('gives the same tokens as gcc -E on tricky rescanning, stringizing and pasting cases', () => {
    const cases = [
      '#define EMPTY\n#define f(x) [x]\nf EMPTY (1)',
      '#define g(x) x\n#define h g(\nh 1)',
      '#define AND &\n#define str(x) #x\n#define xstr(x) str(x)\nxstr(AND) str(AND)',
      '#define cat(a,b) a##b\ncat(1,.5e+3) cat(0x, 1F) cat(u, 8) cat(L, \'a\')',
      '#define s(x) #x\ns( a  "b c"   \'d\' ) s(\'"\') s("\\\\") s(a\nb)',
      '#define v(...) [__VA_ARGS__]\nv((a,b), "c,d", \',\', e)',
      '#define f(x,y) x##y\nf(,) f(a,) f(,b)',
      '#define foo() bar\nfoo()baz',
      '#define a a b\n#define b a\na b',
      '#define f(a) a*g\n#define g(a) f(a)\nf(2)(9)',
      '#define LPAREN (\n#define f(x) <x>\nf LPAREN 1)',
      '#define OBJ f\n#define f(x) <x>\nOBJ\n(\n2\n)',
      '#define str(x) #x\n#define xstr(x) str(x)\nxstr(__LINE__) str(__LINE__) xstr(__FILE__)',
      '#define f(x) #x x\nf(f)(1)',
      '#define hash_hash # ## #\n#define mkstr(a) # a\n#define in_between(a) mkstr(a)\n#define join(c, d) in_between(c hash_hash d)\nchar p[] = join(x, y);',
      '#define t(x) x\n#define u(x) t(x) t\nu(1)(2)',
      '#define PASTE(a,b) a##b\n#define XPASTE(a,b) PASTE(a,b)\n#define N 3\nXPASTE(x, N) PASTE(x, N)',
      '#define m1(x) x x\nm1(m1(1))',
      '#define id(x) x\nid(id)(5) id(id(id))(6)',
      '#define E\n#define s(x) #x\n#define xs(x) s(x)\nxs(E a E b E) xs( E )',
      '#define f(x) x\n#if f(1) + f(f(2)) == 3\nyes\n#endif',
      '#define ZERO 0\n#if ZERO\nno\n#elif defined ZERO && ZERO == 0\nyes\n#endif',
      '#define v(a, ...) #__VA_ARGS__ a\nv(1) v(1,) v(1, 2 , 3)',
      '#define f(x) x\n#define g f(\ng 1) g(2))',
    ];
    for (const c of cases) assert.equal(pp(c).text, gccE(c), c);
  });

  it('expands a chain of thousands of macros and thousands of nested uses without overflowing the stack', () => {
    let chain = '';
    for (let i = 1; i <= 5000; i++) chain += `#define A${i} A${i - 1}\n`;
    assert.equal(pp(`${chain}A5000`).text, 'A0');
    const depth = 2000;
    const nested = pp(`#define f(x) (x)\n${'f('.repeat(depth)}1${')'.repeat(depth)}`);
    assert.deepEqual(nested.diagnostics, []);
    assert.equal(nested.text, `${'( '.repeat(depth)}1${' )'.repeat(depth)}`);
    let calls = '';
    for (let i = 1; i <= 2000; i++) calls += `#define F${i}(x) F${i - 1}(x)\n`;
    assert.equal(pp(`${calls}#define F0(x) [x]\nF2000(7)`).text, norm('[7]'));
  });
});
