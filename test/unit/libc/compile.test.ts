// The headers and the library sources through memscope's own compiler: a program that includes every
// header and calls the library code compiles without a diagnostic, the library functions are marked as
// library code, and names hidden by feature-test macros are really undeclared.

import { strict as assert } from 'node:assert';
import { compile } from '../../../src/engine/compile';
import { formatDiagnostic } from '../../../src/engine/diagnostics';
import { HEADERS, KERNEL_FUNCTIONS, LIBC, LIBC_SOURCES } from '../../../src/engine/libc';

function build(main: string) {
  return compile({
    mainFile: 'main.c',
    readFile: (p) => (p === 'main.c' ? main : undefined),
    headers: HEADERS,
    natives: new Set([...Object.keys(LIBC), ...KERNEL_FUNCTIONS]),
    librarySources: LIBC_SOURCES,
  });
}

const INCLUDES = [...HEADERS.keys()].filter((h) => h !== 'features.h').map((h) => `#include <${h}>`).join('\n');

const USES = `
static int by_value(const void *a, const void *b) { return *(const int *) a - *(const int *) b; }
int main(void) {
  int v[3] = {3, 1, 2};
  qsort(v, 3, sizeof v[0], by_value);
  int *found = bsearch(&v[1], v, 3, sizeof v[0], by_value);
  div_t d = div(7, 2);
  ldiv_t ld = ldiv(7L, 2L);
  lldiv_t lld = lldiv(7LL, 2LL);
  char *end;
  double x = strtod("1.5", &end) + atof("2") + (double) (strtoul("7", &end, 10) + strtoull("7", &end, 10));
  long n = strtol("12", &end, 10) + atol("3") + atoi("4") + strtoll("5", &end, 10) + atoll("6");
  assert(found != NULL);
  if (errno == ERANGE) perror("strtol");
  fprintf(stderr, "%s\\n", strerror(EINVAL));
  fprintf(stdout, "%d %ld %lld %g %ld\\n", d.rem, ld.quot, lld.rem, x, n);
  return fgetc(stdin) == EOF ? EXIT_SUCCESS : EXIT_FAILURE;
}
`;

describe('libc through memscope’s compiler', () => {
  for (const mode of ['', '#define _DEFAULT_SOURCE 1']) {
    it(`compiles every header and the library code without a diagnostic${mode ? ' (with _DEFAULT_SOURCE)' : ''}`, () => {
      const result = build(`${mode}\n${INCLUDES}\n${USES}`);
      assert.deepEqual(result.diagnostics.map((d) => formatDiagnostic(d)), []);
      const program = result.program!;
      const origin = (name: string) => program.functions.find((f) => f.name === name)?.origin;
      for (const name of ['qsort', 'bsearch', 'div', 'strtol', 'atoi', 'strerror', 'perror']) assert.equal(origin(name), 'libc', name);
      assert.equal(origin('main'), 'user');
      assert.ok(program.natives.includes('__memscope_strtol'));
      assert.ok(program.objects.some((o) => o.name === 'stdout'));
    });
  }

  it('rejects sbrk without _DEFAULT_SOURCE, as gcc -std=c11 does', () => {
    const hidden = build('#include <unistd.h>\nint main(void) { return sbrk(0) != 0; }\n');
    assert.equal(hidden.program, null);
    assert.ok(hidden.diagnostics.some((d) => d.severity === 'error' && d.message.includes('sbrk')));
    const visible = build('#define _DEFAULT_SOURCE\n#include <unistd.h>\nint main(void) { return sbrk(0) != 0; }\n');
    assert.deepEqual(visible.diagnostics.map((d) => formatDiagnostic(d)), []);
  });
});
