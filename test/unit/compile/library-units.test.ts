// Library sources are compiled only when the program may need them (compile/library-units.ts): the scan
// of a source never misses a name it defines, a program that uses no library code compiles none of it,
// and one that does gets the sources it needs, with what they need in turn, linked as before.
import { strict as assert } from 'node:assert';
import { compile } from '../../../src/engine/compile/index';
import { fileScopeNames, undefinedReferences } from '../../../src/engine/compile/library-units';
import { HEADERS, LIBC_SOURCES } from '../../../src/engine/libc/index';
import { NATIVE_NAMES, runProgram } from '../../../src/engine/index';
import { parseSource, build } from './harness';

const libcFiles = (files: readonly string[]) => files.filter((f) => f.startsWith('<libc>/')).sort();

describe('library units: which library sources a program needs', () => {
  for (const source of LIBC_SOURCES) {
    it(`the scan of ${source.path} lists every function and object it defines`, () => {
      // Compile the source alone (it has no main: the link fails, but the unit's symbols are what count).
      const { unit } = parseSource(source.text);
      const defined = [
        ...unit.functionSymbols.filter((f) => f.def && !f.isStatic).map((f) => f.name),
        ...unit.globals.filter((v) => v.defined && !v.isStatic).map((v) => v.name),
      ];
      assert.ok(defined.length > 0, 'the source defines something');
      const names = fileScopeNames(source.text);
      for (const name of defined) assert.ok(names.has(name), `${name} is missing from the scan of ${source.path}`);
    });
  }

  it('ignores names in comments, strings, directives and function bodies', () => {
    const names = fileScopeNames('/* hidden1 */\n  #include <hidden2.h>\n// hidden3\nint shown(void) { return hidden4("hidden5"); }\nchar *p = "hidden6";');
    assert.deepEqual([...names].sort(), ['char', 'int', 'p', 'shown', 'void']);
  });

  it('lists the names a unit uses without defining', () => {
    const { unit } = parseSource('extern int errno; int printf(const char *, ...); int unused(void); static int mine(void) { return errno; }\nint main(void) { printf("%d", mine()); return 0; }');
    assert.deepEqual(undefinedReferences(unit).sort(), ['errno', 'printf']);
  });

  it('compiles no library source for a program that uses none', () => {
    const p = build('#include <stdio.h>\n#include <stdlib.h>\nint main(void) { void *m = malloc(4); printf("%p", m); free(m); return 0; }');
    assert.deepEqual(libcFiles(p.files), []);
    assert.ok(!p.functions.some((f) => f.origin === 'libc'));
  });

  it('compiles the sources a program needs, and the ones they need in turn', () => {
    // strtol is in stdlib.c, which passes &errno: errno.c comes too; qsort is in qsort.c.
    const p = build('#include <stdlib.h>\nstatic int cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\nint main(void) { int v[2] = {2, 1}; qsort(v, 2, sizeof v[0], cmp); return (int)strtol("7", 0, 10) + v[0]; }');
    assert.deepEqual(libcFiles(p.files), ['<libc>/errno.c', '<libc>/qsort.c', '<libc>/stdlib.c']);
    const libc = p.functions.filter((f) => f.origin === 'libc').map((f) => f.name);
    assert.ok(libc.includes('qsort') && libc.includes('strtol'), libc.join(' '));
    assert.ok(p.objects.some((o) => o.name === 'errno'));
  });

  it('runs a program whose library code came in by name only (stderr, strerror, perror, errno)', () => {
    const text = '#include <stdio.h>\n#include <string.h>\n#include <errno.h>\nint main(void) { fprintf(stderr, "%s\\n", strerror(errno)); perror("x"); return 0; }';
    const result = compile({ mainFile: 'main.c', readFile: (p) => (p === 'main.c' ? text : undefined), headers: HEADERS, natives: NATIVE_NAMES, librarySources: LIBC_SOURCES });
    assert.ok(result.program, result.diagnostics.map((d) => d.message).join('\n'));
    const needed = libcFiles(result.program.files);
    assert.ok(['<libc>/errno.c', '<libc>/stdio.c', '<libc>/strerror.c'].every((f) => needed.includes(f)), needed.join(' '));
    assert.ok(!needed.includes('<libc>/qsort.c'));
    const run = runProgram(result.program, { leakCheck: false });
    assert.equal(run.stderr, 'Success\nx: Success\n');
    assert.equal(run.exitCode, 0);
  });
});
