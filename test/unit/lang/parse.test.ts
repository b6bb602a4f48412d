// The parser: the shape of the typed tree for expressions (precedence, associativity, the implicit
// conversions it inserts, constant folding), declarations (declarator spirals, parameter adjustment,
// typedef scoping), initializers (flattened to offsets) and statements.
import { strict as assert } from 'node:assert';
import type { Stmt } from '../../../src/engine/lang/ast';
import { typeName } from '../../../src/engine/lang/types';
import { parseSource, showDiagnostics } from '../compile/harness';
import { items, sexpr, stmtSexpr } from './parse-sexpr';

/** The statements of function `f` in `source`, which must parse without errors. */
function body(source: string): readonly Stmt[] {
  const { unit, diagnostics } = parseSource(source);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(showDiagnostics(errors), []);
  const f = unit.functions.find((x) => x.symbol.name === 'f');
  assert.ok(f, 'no function f');
  return f.body.items;
}

/** The tree of one expression, evaluated with the given declarations in scope. */
function expr(declarations: string, expression: string): string {
  const stmts = body(`${declarations}\nvoid f(void) { ${expression}; }`);
  const last = stmts[stmts.length - 1]!;
  assert.equal(last.kind, 'expr');
  return sexpr((last as Stmt & { kind: 'expr' }).expr);
}

const INTS = 'int a, b, c, d, e; int *p; int arr[4];';

describe('parser: expressions', () => {
  it('follows C precedence and associativity', () => {
    assert.equal(expr(INTS, 'a + b * c'), '(+ a (* b c))');
    assert.equal(expr(INTS, 'a - b - c'), '(- (- a b) c)');
    assert.equal(expr(INTS, 'a = b = c'), '(= a (= b c))');
    assert.equal(expr(INTS, 'a || b && c'), '(|| a (&& b c))');
    assert.equal(expr(INTS, 'a ? b : c ? d : e'), '(? a b (? c d e))');
    assert.equal(expr(INTS, 'a << b + c'), '(<< a (+ b c))');
    assert.equal(expr(INTS, 'a & b == c'), '(& a (== b c))');
    assert.equal(expr(INTS, 'a | b ^ c & d'), '(| a (^ b (& c d)))');
    assert.equal(expr(INTS, 'a < b == c > d'), '(== (< a b) (> c d))');
    assert.equal(expr(INTS, '-a * b'), '(* (- a) b)');
    assert.equal(expr(INTS, '!a == b'), '(== (! a) b)');
    assert.equal(expr(INTS, 'a += b -= c'), '(+= a (-= b c))');
    assert.equal(expr(INTS, 'a = 1, b = 2'), '(, (= a 1) (= b 2))');
  });

  it('parses postfix before prefix: *p++ increments the pointer', () => {
    assert.equal(expr(INTS, '*p++'), '(* (post++ p))');
    assert.equal(expr(INTS, '++*p'), '(pre++ (* p))');
    assert.equal(expr(INTS, '(*p)++'), '(post++ (* p))');
    assert.equal(expr(INTS, '-arr[1]'), '(- (* (ptr+ (decay arr) 1 *4)))');
  });

  it('inserts the integer promotions and usual arithmetic conversions as casts', () => {
    assert.equal(expr('char x, y;', 'x + y'), '(+ (cast int x) (cast int y))');
    assert.equal(expr('int i; long l;', 'i + l'), '(+ (cast long int i) l)');
    assert.equal(expr('int i; unsigned u;', 'i < u'), '(< (cast unsigned int i) u)');
    assert.equal(expr('int i; double x;', 'x * i'), '(* x (cast double i))');
    assert.equal(expr('char c; int i;', 'c = i'), '(= c (cast char i))');
    assert.equal(expr('float g; double x;', 'g += x'), '(+= g x)');
    assert.equal(expr('unsigned char u;', 'u << 2'), '(<< (cast int u) 2)');
  });

  it('scales pointer arithmetic by the element size and makes a - b a ptrdiff', () => {
    assert.equal(expr('long *q; int i;', 'q + i'), '(ptr+ q (cast long int i) *8)');
    assert.equal(expr('long *q; int i;', 'i + q'), '(ptr+ q (cast long int i) *8)');
    assert.equal(expr('short *q;', 'q - 3'), '(ptr- q 3 *2)');
    assert.equal(expr('double *x, *y;', 'x - y'), '(ptrdiff x y /8)');
    assert.equal(expr('int m[3][5]; int i;', 'm[i][2]'), '(* (ptr+ (decay (* (ptr+ (decay m) (cast long int i) *20))) 2 *4))');
    assert.equal(expr('int *q;', '2[q]'), '(* (ptr+ q 2 *4))');
    assert.equal(expr('int arr[4];', '&arr[2]'), '(ptr+ (decay arr) 2 *4)');
  });

  it('folds constant expressions with C semantics', () => {
    assert.equal(expr('', 'sizeof(int) * 3 + 1'), '13');
    assert.equal(expr('', '(char)300'), '44');
    assert.equal(expr('', '(unsigned char)-1'), '255');
    assert.equal(expr('', '-2147483647 - 1'), '-2147483648');
    assert.equal(expr('', '0xffffffffu + 1'), '0');
    assert.equal(expr('', '1 ? 2 : 3'), '2');
    assert.equal(expr('', '0 && 1 / 0'), '0');
    assert.equal(expr('', '7 / -2 + 7 % -2'), '-2');
    assert.equal(expr('', '-7 >> 1'), '-4');
    assert.equal(expr('', '(int)2.9 + (int)-2.9'), '0');
    assert.equal(expr('enum { A = 5, B, C = B * 2 };', 'C'), '12');
    assert.equal(expr('struct s { char c; double d; };', '__builtin_offsetof(struct s, d)'), '8');
    assert.equal(expr('', '_Alignof(double)'), '8');
    assert.equal(expr('', '1.5 * 2'), '3');
  });

  it('does not evaluate the operand of sizeof and takes the size of an array, not a pointer', () => {
    assert.equal(expr('int arr[10]; int i;', 'sizeof arr'), '40');
    assert.equal(expr('int arr[10]; int i;', 'sizeof(arr + 0)'), '8');
    assert.equal(expr('int arr[10]; int i;', 'sizeof(i++)'), '4');
    assert.equal(expr('', 'sizeof("abc")'), '4');
  });

  it('decays arrays and functions to pointers where a value is needed', () => {
    assert.equal(expr('int arr[3]; int *q;', 'q = arr'), '(= q (decay arr))');
    assert.equal(expr('int g(int); int (*fp)(int);', 'fp = g'), '(= fp (& g))');
    assert.equal(expr('int (*fp)(int);', '(*fp)(1)'), '(call fp 1)');
    assert.equal(expr('int g(int);', 'g(2.5)'), '(call (& g) 2)');
  });

  it('applies the default argument promotions to variadic arguments', () => {
    assert.equal(expr('int v(int, ...); float x; char c;', 'v(1, x, c)'), '(call (& v) 1 (cast double x) (cast int c))');
  });

  it('selects a _Generic association by the controlling type', () => {
    assert.equal(expr('long l;', '_Generic(l, int: 1, long: 2, default: 3)'), '2');
    assert.equal(expr('char *s;', '_Generic(s, int: 1, default: 3)'), '3');
  });

  it('treats a name as a variable inside a block that hides a typedef of the same name', () => {
    assert.equal(expr('typedef int T;', 'int T = 3; T * 2'), '(* T 2)');
    assert.equal(expr('typedef int T; int x;', '(T)x'), '(cast T x)');
  });

  it('builds member access through . and ->, and through anonymous members', () => {
    assert.equal(expr('struct s { int x; struct { int y; }; } v, *q;', 'v.y + q->x'), '(+ (. v y) (. (* q) x))');
  });
});

describe('parser: declarations', () => {
  function globalTypes(source: string): string[] {
    const { unit, diagnostics } = parseSource(source);
    assert.deepEqual(showDiagnostics(diagnostics.filter((d) => d.severity === 'error')), []);
    return unit.globals.map((g) => `${g.name}: ${typeName(g.type)}`);
  }

  it('reads declarator spirals inside out', () => {
    assert.deepEqual(globalTypes('int (*(*fp)(int))[10]; char **argv; int *arr[5]; int (*parr)[5]; void (*handlers[4])(int);'), [
      'fp: int (* (*)(int))[10]', 'argv: char **', 'arr: int *[5]', 'parr: int (*)[5]', 'handlers: void (*[4])(int)',
    ]);
  });

  it('reads a function returning a pointer to a function', () => {
    const { unit } = parseSource('int (*pick(char op))(int, int);');
    assert.equal(typeName(unit.functionSymbols[0]!.type), 'int (*(char))(int, int)');
  });

  it('adjusts array and function parameters to pointers', () => {
    const { unit } = parseSource('void g(int v[10], char s[], int m[][4], int cb(int));');
    assert.equal(typeName(unit.functionSymbols[0]!.type), 'void(int *, char *, int (*)[4], int (*)(int))');
  });

  it('completes an array of unknown size from its initializer and from a later declaration', () => {
    assert.deepEqual(globalTypes('int a[] = {1, 2, 3}; char s[] = "hello"; extern int later[]; int later[7];'), [
      'a: int[3]', 's: char[6]', 'later: int[7]',
    ]);
  });

  it('merges a tentative definition with the real one', () => {
    const { unit } = parseSource('int x; int x = 5; extern int x;');
    assert.equal(unit.globals.length, 1);
    assert.equal(unit.globals[0]!.defined, true);
    assert.equal(items(unit.globals[0]!.init!.items), '[0:5]');
  });

  it('keeps struct tags in their own name space and block scope', () => {
    const stmts = body('struct s { int a; }; int s; void f(void) { struct s { char c[3]; } x; x.c[0] = 1; }');
    assert.equal(stmtSexpr(stmts[1]!), '(= (* (decay (. x c))) 1)');
  });
});

describe('parser: initializers', () => {
  function init(declaration: string): string {
    const { unit, diagnostics } = parseSource(declaration);
    assert.deepEqual(showDiagnostics(diagnostics.filter((d) => d.severity === 'error')), []);
    const v = unit.globals[unit.globals.length - 1]!;
    return `${typeName(v.type)} ${items(v.init!.items)}${v.init!.partial ? ' partial' : ''}`;
  }

  it('flattens nested braces to byte offsets and marks partial lists', () => {
    assert.equal(init('int m[2][3] = {{1, 2, 3}, {4}};'), 'int[2][3] [0:1 4:2 8:3 12:4] partial');
    assert.equal(init('struct p { char c; int i; } v = {1, 2};'), 'struct p [0:1 4:2] partial');
    assert.equal(init('struct q { int a, b; } v = {1, 2};'), 'struct q [0:1 4:2]');
  });

  it('elides braces: a flat list fills nested aggregates in order', () => {
    assert.equal(init('int m[2][2] = {1, 2, 3};'), 'int[2][2] [0:1 4:2 8:3] partial');
    assert.equal(init('struct pt { int x, y; }; struct line { struct pt a, b; } l = {1, 2, 3, 4};'), 'struct line [0:1 4:2 8:3 12:4]');
  });

  it('places designated elements and continues after them', () => {
    assert.equal(init('int a[6] = {[4] = 40, 50, [1] = 10};'), 'int[6] [4:10 16:40 20:50] partial');
    assert.equal(init('int a[] = {[9] = 1};'), 'int[10] [36:1] partial');
    assert.equal(init('struct r { int x, y, z; } v = {.z = 3, .x = 1};'), 'struct r [0:1 8:3] partial');
    assert.equal(init('struct o { struct { int a, b; } in; int c; } v = {.in.b = 2, 3};'), 'struct o [4:2 8:3] partial');
  });

  it('continues after a nested designator inside the designated aggregate (C11 6.7.9p17)', () => {
    assert.equal(init('int x[2][3] = {1, 2, 3, 4, 5, 6, [0][1] = 7, 8, [0] = 9, [0] = 10, 11, [1][0] = 12};'), 'int[2][3] [0:10 4:11 8:8 12:12 16:5 20:6]');
    assert.equal(init('char w[][2] = {[8][1] = 1, 2};'), 'char[10][2] [17:1 18:2] partial');
    assert.equal(init('struct s { int a; struct { int b, c; } in; int d; } v = {.in.b = 1, 2, 3};'), 'struct s [4:1 8:2 12:3] partial');
  });

  it('re-initializes a whole subobject given a new brace list, but not one given elided values', () => {
    assert.equal(init('int y[2][3] = {1, 2, 3, 4, 5, 6, [0] = {7, 8}, 9, 10};'), 'int[2][3] [0:7 4:8 12:9 16:10 20:6] partial');
  });

  it('lets a later initializer of the same element replace an earlier one', () => {
    assert.equal(init('int a[3] = {1, 2, 3, [1] = 20};'), 'int[3] [0:1 4:20 8:3]');
  });

  it('initializes a union through its first or its designated member', () => {
    assert.equal(init('union u { char c; int i; } v = {65};'), 'union u [0:65] partial');
    assert.equal(init('union u { char c; int i; } v = {.i = 7};'), 'union u [0:7]');
  });

  it('copies a string into a char array, with or without room for the NUL', () => {
    assert.equal(init('char s[8] = "abc";'), 'char[8] [0:bytes4] partial');
    assert.equal(init('char s[3] = "abc";'), 'char[3] [0:bytes3]');
    assert.equal(init('char s[] = {"xy"};'), 'char[3] [0:bytes3]');
  });

  it('takes the address of globals, elements and string literals in static initializers', () => {
    assert.equal(init('int g[4]; int *p = &g[2];'), 'int * [0:(ptr+ (decay g) 2 *4)]');
    assert.equal(init('const char *s = "lit";'), 'const char * [0:(cast const char * (decay "lit"))]');
  });
});

describe('parser: statements', () => {
  it('builds if/else, loops, switch and labels', () => {
    const stmts = body(`void f(void) {
      int i, s = 0;
      for (i = 0; i < 3; i++) if (i == 1) continue; else s += i;
      while (s) s--;
      do s++; while (s < 2);
      switch (s) { case 1: s = 5; break; default: s = 6; }
      goto out;
      out: return;
    }`);
    assert.deepEqual(stmts.map(stmtSexpr), [
      '(decl i)',
      '(decl s [0:0])',
      '(for (= i 0) (< i 3) (post++ i) (if (== i 1) (continue) (+= s i)))',
      '(while s (post-- s))',
      '(do (post++ s) (< s 2))',
      '(switch s { (case (= s 5)) (break) (default (= s 6)) })',
      '(goto out)',
      '(label out (return))',
    ]);
  });

  it('gives a for loop its own scope for the variables it declares', () => {
    const stmts = body('void f(void) { int i = 10; for (int i = 0; i < 2; i++) ; i = 3; }');
    assert.equal(stmtSexpr(stmts[1]!), '(for (decl i [0:0]) (< i 2) (post++ i) (empty))');
    assert.equal(stmtSexpr(stmts[2]!), '(= i 3)');
  });

  it('records switch cases with their values, converted to the promoted controlling type', () => {
    const stmts = body('void f(char c) { switch (c) { case 1: case 300: break; default: ; } }');
    const sw = stmts[0]!;
    assert.ok(sw.kind === 'switch');
    assert.deepEqual(sw.cases.map((c) => c.value), [1n, 300n]);
    assert.ok(sw.defaultCase);
  });
});
