// Compiled programs running on the simulated machine: what the code generator's choices mean at run
// time — read-only literals and const objects in rodata, main's status, argv, struct values, the trap at
// the end of a non-void function, and the object names in ADDR that let memcheck catch stack bugs.
import { strict as assert } from 'node:assert';
import { runProgram } from '../../../src/engine/run';
import { build } from './harness';

function run(source: string, argv: string[] = ['prog']) {
  return runProgram(build(source), { argv, maxSteps: 50_000_000 });
}

describe('execution: compiled programs on the machine', () => {
  it('exits with main\'s value truncated to 8 bits, as a process does', () => {
    assert.equal(run('int main(void) { return 300; }').exitCode, 44);
    assert.equal(run('int main(void) { return -1; }').exitCode, 255);
    assert.equal(run('int main(void) { }').exitCode, 0);
  });

  it('passes argc and argv to main', () => {
    const r = run('#include <stdio.h>\nint main(int argc, char **argv) { for (int i = 0; i < argc; i++) printf("[%s]", argv[i]); return argc; }', ['prog', 'a', 'bc']);
    assert.equal(r.stdout, '[prog][a][bc]');
    assert.equal(r.exitCode, 3);
  });

  it('faults when a program writes into a string literal or a const global (they are in rodata)', () => {
    const literal = run('int main(void) { char *s = "abc"; s[0] = \'A\'; return 0; }');
    assert.equal(literal.signal, 'SIGSEGV');
    assert.equal(literal.exitCode, 139);
    const constant = run('const int k = 5; int main(void) { *(int *)&k = 6; return k; }');
    assert.equal(constant.signal, 'SIGSEGV');
  });

  it('lets runtime division by zero raise SIGFPE', () => {
    const r = run('int main(int argc, char **argv) { (void)argv; return 10 / (argc - 1); }');
    assert.equal(r.signal, 'SIGFPE');
    assert.equal(r.exitCode, 136);
  });

  it('traps when a non-void function ends without return', () => {
    const r = run('int f(int x) { if (x > 5) return 1; } int main(void) { return f(1); }');
    assert.notEqual(r.signal, null);
    assert.match(r.reason ?? '', /end of a non-void function/);
  });

  it('passes structs by value and returns them by value', () => {
    const r = run(`#include <stdio.h>
      struct big { int a[5]; char tag; };
      struct big bump(struct big b) { for (int i = 0; i < 5; i++) b.a[i]++; b.tag = 'y'; return b; }
      int main(void) {
        struct big x = {{1, 2, 3, 4, 5}, 'x'};
        struct big y = bump(bump(x));
        printf("%d %d %c %c\\n", x.a[4], y.a[4], x.tag, y.tag);
        return 0;
      }`);
    assert.equal(r.stdout, '5 7 x y\n');
    assert.deepEqual(r.errors, []);
  });

  it('reads variadic arguments of every kind through va_arg, beyond any register count', () => {
    const r = run(`#include <stdio.h>
      #include <stdarg.h>
      double total(int n, ...) {
        va_list ap; va_start(ap, n); double t = 0;
        for (int i = 0; i < n; i++) t += (i % 2) ? va_arg(ap, double) : (double)va_arg(ap, long);
        va_end(ap); return t;
      }
      int main(void) { printf("%.1f\\n", total(10, 1L, 2.5, 3L, 4.5, 5L, 6.5, 7L, 8.5, 9L, 10.5)); return 0; }`);
    assert.equal(r.stdout, '57.5\n');
  });

  it('names stack objects so memcheck reports overflows of local arrays and dangling frame pointers', () => {
    const overflow = run('int main(void) { int a[4]; for (int i = 0; i <= 4; i++) a[i] = i; return a[0]; }');
    assert.deepEqual(overflow.errors.map((e) => [e.kind, e.stack[0]?.line]), [['invalid-write', 1]]);
    const dangling = run('int *f(void) { int x = 1; int *p = &x; return p; } int main(void) { int *p = f(); return *p; }');
    assert.deepEqual(dangling.errors.map((e) => e.kind), ['dangling-stack']);
  });

  it('gives pointers stored in initialized globals their object, so overflows through them are caught', () => {
    const r = run('int a[3]; int *p = a; int main(void) { p[5] = 1; return 0; }');
    assert.deepEqual(r.errors.map((e) => e.kind), ['invalid-write']);
  });

  it('reports a branch on an uninitialized local at the branch', () => {
    const r = run('int main(void) {\n  int x;\n  if (x > 3)\n    return 1;\n  return 0;\n}');
    assert.deepEqual(r.errors.map((e) => [e.kind, e.stack[0]?.line]), [['uninitialized', 3]]);
  });

  it('stops unbounded recursion with a stack overflow', () => {
    const r = run('int f(int n) { return f(n + 1) + 1; } int main(void) { return f(0); }');
    assert.equal(r.signal, 'SIGSEGV');
    assert.ok(r.errors.some((e) => e.kind === 'stack-overflow'));
  });
});
