// The warnings a teacher wants, and the errors' wording and hints: each case is a small program and
// the exact "line:column: severity: message" lines it must produce (gcc's words where gcc has them).
// Also: the feature programs of test/c compile without a single diagnostic.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../../src/engine/compile/index';
import { formatDiagnostic } from '../../../src/engine/diagnostics';
import { HEADERS, LIBC_SOURCES } from '../../../src/engine/libc/index';
import { NATIVES, compileSource, showDiagnostics } from './harness';

function diagnose(source: string): string[] {
  return showDiagnostics(compileSource(source).diagnostics);
}

describe('diagnostics: warnings', () => {
  it('warns about an unused local variable, not about unused parameters', () => {
    assert.deepEqual(diagnose('int f(int unused_param) { int unused = 1; return 0; }\nint main(void) { return f(0); }'), [
      "1:31: warning: unused variable 'unused'",
    ]);
  });

  it('warns when a function returns the address of a local variable', () => {
    assert.deepEqual(diagnose('int *f(void) {\n  int x = 1;\n  return &x;\n}\nint main(void) { return *f(); }'), [
      '3:10: warning: function returns address of local variable',
    ]);
    assert.deepEqual(diagnose('char *g(void) {\n  char buf[8] = "hi";\n  return buf;\n}\nint main(void) { return g()[0]; }'), [
      '3:10: warning: function returns address of local variable',
    ]);
  });

  it('suggests parentheses around an assignment used as a condition', () => {
    assert.deepEqual(diagnose('int main(void) {\n  int x = 0;\n  if (x = 1) return 1;\n  if ((x = 2)) return 2;\n  return x;\n}'), [
      '3:9: warning: suggest parentheses around assignment used as truth value',
    ]);
  });

  it('warns about statements and comma operands with no effect', () => {
    assert.deepEqual(diagnose('int main(void) {\n  int x = 1;\n  x == 2;\n  x = (x, 3);\n  return x;\n}'), [
      '3:5: warning: statement with no effect',
      '4:9: warning: left-hand operand of comma expression has no effect',
    ]);
  });

  it('warns about division by a constant zero and out-of-range shift counts', () => {
    assert.deepEqual(diagnose('int main(void) {\n  int x = 7;\n  int y = x / 0;\n  int z = x << 40;\n  return y + z;\n}'), [
      '3:13: warning: division by zero',
      '4:13: warning: left shift count >= width of type',
    ]);
  });

  it('warns when a pointer conversion drops const', () => {
    assert.deepEqual(diagnose('int main(void) {\n  const char *s = "abc";\n  char *t = s;\n  return t[0];\n}'), [
      "3:13: warning: initialization discards 'const' qualifier from pointer target type",
    ]);
  });

  it('warns about signed overflow in a constant expression', () => {
    assert.deepEqual(diagnose('int main(void) {\n  int big = 2147483647 + 1;\n  return big;\n}'), [
      "2:24: warning: integer overflow in expression of type 'int' results in '-2147483648'",
    ]);
  });

  it('warns about static functions and variables nothing uses, but not about unused static inline functions', () => {
    assert.deepEqual(diagnose('static int unused_fn(void) { return 1; }\nstatic inline int helper(void) { return 2; }\nstatic int unused_var = 3;\nstatic int used_var;\nstatic int used_fn(void) { return used_var; }\nint main(void) { int (*fp)(void) = used_fn; return fp(); }'), [
      "1:12: warning: 'unused_fn' defined but not used",
      "3:12: warning: 'unused_var' defined but not used",
    ]);
  });

  it('warns when a local is read but nothing ever gives it a value', () => {
    assert.deepEqual(diagnose('void set(int *p) { *p = 1; }\nint main(void) {\n  int a, b, c, d;\n  b = 2;\n  set(&c);\n  d++;\n  return a + b + c + (int)sizeof d;\n}'), [
      "7:10: warning: 'a' is used uninitialized",
      "6:3: warning: 'd' is used uninitialized",
    ]);
  });

  it('warns about comparisons that convert a signed operand to unsigned, as gcc -Wextra does', () => {
    assert.deepEqual(diagnose('#include <string.h>\nint main(void) {\n  int n = 0; unsigned u = 3; unsigned char c = 1;\n  for (int i = 0; i < strlen("ab"); i++) n++;\n  if (n == 5u || c < u || (n & 7) < u || -1 < u) n++;\n  return n < u;\n}'), [
      "4:21: warning: comparison of integer expressions of different signedness: 'int' and 'size_t' {aka 'long unsigned int'}",
      "5:45: warning: comparison of integer expressions of different signedness: 'int' and 'unsigned int'",
      "6:12: warning: comparison of integer expressions of different signedness: 'int' and 'unsigned int'",
    ]);
  });

  it('warns about a variable that is assigned but never read', () => {
    assert.deepEqual(diagnose('int main(void) {\n  int a = 1;\n  int b;\n  b = 2;\n  int d = 5, e;\n  e = d;\n  return 0;\n}'), [
      "2:7: warning: unused variable 'a'",
      "3:7: warning: variable 'b' set but not used",
      "5:14: warning: variable 'e' set but not used",
    ]);
  });

  it('warns when control can reach the end of a non-void function, and only then', () => {
    const source = [
      'int sw(int x) { switch (x) { case 1: return 10; default: return 0; } }',
      'int loop(void) { for (;;) { } }',
      'int iff(int x) { if (x) return 1; else return 2; }',
      'int miss(int x) { if (x) return 1; }',
      'int back(int x) { if (x) goto a; return 0; a: return 1; }',
      'int main(void) { return sw(1) + iff(0) + miss(1) + back(1) + (loop(), 0); }',
    ].join('\n');
    assert.deepEqual(diagnose(source), ['4:36: warning: control reaches end of non-void function']);
  });

  it('warns about a label that no goto uses', () => {
    assert.deepEqual(diagnose('int main(void) {\nunused:\n  return 0;\n}'), ["2:1: warning: label 'unused' defined but not used"]);
  });

  it('keeps warnings in the linked program', () => {
    const r = compileSource('int main(void) { int x; return 0; }');
    assert.ok(r.program);
    assert.deepEqual(showDiagnostics(r.program.warnings), ["1:22: warning: unused variable 'x'"]);
  });
});

describe('diagnostics: errors', () => {
  it('points a missing semicolon just after the previous token and goes on with the next line', () => {
    assert.deepEqual(diagnose('int main(void) {\n  int x = 1\n  x = x + 1\n  return x;\n}'), [
      "2:12: error: expected ',' or ';' before 'x'",
      "3:12: error: expected ';' after expression",
    ]);
  });

  it('recovers after each typo so that every one of them gets its own message', () => {
    const source = [
      '#include <stdio.h>',
      'int main(void) {',
      '  int x = 3;',
      '  if (x > 3 {',
      '    x = 1;',
      '  }',
      '  for (int i = 0; i < 3, i++) x++;',
      '  printf("%d\\n" x);',
      '  int arr[3] = {1, 2, 3;',
      '  while (x > 0) x--',
      '  return arr[0];',
      '}',
    ].join('\n');
    assert.deepEqual(diagnose(source).filter((d) => d.includes('error')), [
      "4:12: error: expected ')' before '{' token",
      "7:29: error: expected ';' before ')' token",
      "8:17: error: expected ')' before 'x'",
      "9:24: error: expected '}' before ';' token",
      "10:20: error: expected ';' after expression",
    ]);
  });

  it('names the header of an undeclared library function, type or macro', () => {
    const r = compileSource('int main(void) {\n  size_t n = strlen("abc");\n  return n > INT_MAX;\n}');
    const hints = r.diagnostics.map((d) => `${d.message} | ${d.hint}`);
    assert.deepEqual(hints, [
      "unknown type name 'size_t' | 'size_t' is defined in header '<stddef.h>'; did you forget to '#include <stddef.h>'?",
      "implicit declaration of function 'strlen' | include '<string.h>' or provide a declaration of 'strlen'",
      "'INT_MAX' undeclared (first use in this function) | 'INT_MAX' is defined in header '<limits.h>'; did you forget to '#include <limits.h>'?",
    ]);
  });

  it('reports an undeclared name once per function', () => {
    assert.deepEqual(diagnose('int main(void) {\n  int a = n;\n  return a + n + n;\n}'), ["2:11: error: 'n' undeclared (first use in this function)"]);
  });

  it('names the construct that is outside Mini C', () => {
    const cases: [string, string][] = [
      ['int main(void) { _Complex double z; return 0; }', 'complex types are not supported in Mini C'],
      ['_Thread_local int t; int main(void) { return 0; }', "'_Thread_local' is not supported in Mini C"],
      ['int main(void) { int x = 1; __typeof__(x) y = x; return y; }', "'typeof' is a GNU extension, not supported in Mini C"],
      ['int main(void) { int x = 2; switch (x) { case 1 ... 3: return 1; } return 0; }', 'case ranges are a GNU extension, not supported in Mini C'],
      ['int main(void) { int x = 1; return x ?: 2; }', "the '?:' operator with an omitted middle operand is a GNU extension, not supported in Mini C"],
    ];
    for (const [source, message] of cases) {
      const messages = compileSource(source).diagnostics.map((d) => d.message);
      assert.ok(messages.includes(message), `${source}\n${messages.join('\n')}`);
    }
  });

  it('renders gcc-style with the source line, a caret and the hint', () => {
    const r = compileSource('int main(void) {\n  return missing;\n}');
    const d = r.diagnostics[0]!;
    assert.equal(formatDiagnostic(d, '  return missing;'), [
      "main.c:2:10: error: 'missing' undeclared (first use in this function)",
      '    2 |   return missing;',
      '      |          ^~~~~~~',
    ].join('\n'));
  });
});

describe('diagnostics: the feature programs', () => {
  const dir = join(__dirname, '..', '..', 'c');
  const programs = readdirSync(dir).filter((f) => f.endsWith('.c')).sort();
  const haveGcc = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;

  it('compile every test/c program without a warning under gcc -std=c11 -Wall -Wextra -pedantic', function () {
    this.timeout(120000);
    assert.ok(programs.length >= 30);
    for (const file of programs) {
      // Without gcc there is nothing to compare with; the program must at least be there to read.
      if (!haveGcc) {
        assert.ok(readFileSync(join(dir, file), 'utf8').includes('OK'), file);
        continue;
      }
      const cc = spawnSync('gcc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-c', '-o', '/dev/null', join(dir, file)], { encoding: 'utf8' });
      assert.equal(cc.status, 0, `${file}: ${cc.stderr}`);
      assert.equal(cc.stderr, '', `${file} has gcc warnings`);
    }
  });

  it('compile every test/c program with no error and no warning', function () {
    this.timeout(60000);
    assert.ok(programs.length >= 30);
    for (const file of programs) {
      const path = join(dir, file);
      const r = compile({
        mainFile: path,
        readFile: (p) => {
          try {
            return readFileSync(p, 'utf8');
          } catch {
            return undefined;
          }
        },
        headers: HEADERS,
        natives: NATIVES,
        librarySources: LIBC_SOURCES,
      });
      assert.deepEqual(showDiagnostics(r.diagnostics), [], file);
      assert.ok(r.program, file);
    }
  });
});
