// Robustness: every broken program gets located diagnostics and never an exception. The corpus in
// test/bad/ holds one program per kind of mistake, each starting with `// expect: L:C: severity: message`
// naming one diagnostic it must produce (gcc's wording where gcc has one); the generated cases below
// stress the limits (nesting far beyond any real program, binary garbage, huge inputs).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../../src/engine/diagnostics';
import { compile } from '../../../src/engine/compile/index';
import { HEADERS, LIBC_SOURCES } from '../../../src/engine/libc/index';
import { NATIVES, showDiagnostics } from './harness';

const corpus = join(__dirname, '..', '..', 'bad');

function compileText(file: string, text: string): Diagnostic[] {
  const result = compile({
    mainFile: file,
    readFile: (p) => (p === file ? text : undefined),
    headers: HEADERS,
    natives: NATIVES,
    librarySources: LIBC_SOURCES,
  });
  assert.equal(result.program, null, 'a broken program must not be linked');
  return result.diagnostics;
}

function assertLocatedErrors(ds: readonly Diagnostic[], file: string): void {
  const errors = ds.filter((d) => d.severity === 'error');
  assert.ok(errors.length >= 1, `no error for ${file}`);
  for (const d of ds) {
    assert.ok(d.location.line >= 1 && d.location.column >= 1, `unlocated: ${d.message}`);
    assert.ok(d.message.length > 0);
    assert.ok(!/internal compiler error/.test(d.message), d.message);
  }
}

describe('bad input: the corpus in test/bad', () => {
  const files = readdirSync(corpus).filter((f) => f.endsWith('.c')).sort();

  it('has one program per kind of mistake', () => {
    assert.ok(files.length >= 40, `only ${files.length} programs`);
  });

  for (const file of files) {
    it(`${file}: reports the expected located diagnostic`, () => {
      const text = readFileSync(join(corpus, file), 'utf8');
      const expected = /^\/\/ expect: (.*)$/m.exec(text)?.[1];
      assert.ok(expected, `${file} has no "// expect:" line`);
      const ds = compileText(file, text);
      assertLocatedErrors(ds, file);
      assert.ok(showDiagnostics(ds).includes(expected), `expected "${expected}" among:\n${showDiagnostics(ds).join('\n')}`);
    });
  }
});

describe('bad input: limits', () => {
  const nesting = (name: string, source: string) =>
    it(`${name}: "nesting too deep" or "too complex", not a stack overflow`, () => {
      const ds = compileText('deep.c', source);
      assertLocatedErrors(ds, name);
      assert.ok(ds.some((d) => /nesting too deep|too complex/.test(d.message)), showDiagnostics(ds).join('\n'));
      assert.ok(ds.length <= 3, `one problem should give few messages, got ${ds.length}`);
    });
  nesting('10 000 nested parentheses', `int main(void) { return ${'('.repeat(10000)}1${')'.repeat(10000)}; }`);
  nesting('10 000 nested blocks', `int main(void) ${'{'.repeat(10000)}${'}'.repeat(10000)}`);
  nesting('10 000 unary minus signs', `int main(void) { return ${'- '.repeat(10000)}1; }`);
  nesting('10 000 casts', `int main(void) { return ${'(int)'.repeat(10000)}1; }`);
  nesting('10 000 nested calls', `int f(int x) { return x; } int main(void) { return ${'f('.repeat(10000)}1${')'.repeat(10000)}; }`);
  nesting('10 000 nested ifs', `int main(void) { int x = 0; ${'if (x) '.repeat(10000)}x = 1; return x; }`);
  nesting('10 000 chained assignments', `int main(void) { int x; return ${'x = '.repeat(10000)}0; }`);
  nesting('10 000 nested ?:', `int main(void) { int x = 0; return ${'x ? 1 : '.repeat(10000)}0; }`);
  nesting('10 000 levels of pointer', `int ${'*'.repeat(10000)}p; int main(void) { return 0; }`);
  nesting('10 000 array dimensions', `int a${'[1]'.repeat(10000)}; int main(void) { return 0; }`);
  nesting('10 000 nested initializer braces', `int a = ${'{'.repeat(10000)}1${'}'.repeat(10000)}; int main(void) { return 0; }`);
  nesting('a sum of 20 000 terms', `int main(void) { int x = 1; return ${Array(20000).fill('x').join(' + ')}; }`);

  it('binary garbage: a few located diagnostics, capped', () => {
    let seed = 7;
    const bytes = Array.from({ length: 20000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % 256;
    });
    const ds = compileText('garbage.c', Buffer.from(bytes).toString('latin1'));
    assertLocatedErrors(ds, 'garbage');
    assert.ok(ds.length <= 40, `${ds.length} diagnostics for a binary file`);
  });

  it('NUL bytes and control characters in the source', () => {
    const ds = compileText('nul.c', 'int main(void) {\0\x01\x02 return 0; }');
    assertLocatedErrors(ds, 'nul');
  });

  it('a declaration cut off at the end of the file', () => {
    for (const cut of ['int', 'int main(', 'int main(void) { return', 'struct s {', 'int a[', 'int x = {1, 2', 'char *s = "abc']) {
      const ds = compileText('cut.c', cut);
      assertLocatedErrors(ds, cut);
    }
  });

  it('every error in a file is reported, not just the first', () => {
    const ds = compileText('many.c', 'int main(void) {\n  int a = b;\n  int c = d;\n  return e;\n}\n');
    assert.deepEqual(showDiagnostics(ds.filter((d) => d.severity === 'error')), [
      "2:11: error: 'b' undeclared (first use in this function)",
      "3:11: error: 'd' undeclared (first use in this function)",
      "4:10: error: 'e' undeclared (first use in this function)",
    ]);
  });

  it('a long program of many small errors stays linear', function () {
    this.timeout(20000);
    const lines = Array.from({ length: 3000 }, (_, i) => `int f${i}(void) { return undefined_${i}; }`);
    const started = Date.now();
    const ds = compileText('long.c', lines.join('\n'));
    assert.equal(ds.filter((d) => d.severity === 'error').length, 3000);
    assert.ok(Date.now() - started < 10000);
  });
});
