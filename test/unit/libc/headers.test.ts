// The built-in headers against glibc's: a probe program that prints sizes, signedness and values of
// every type, constant and macro the headers define is compiled twice by gcc, once with glibc's headers
// and once with memscope's only (-nostdinc), and both must print the same. Feature-test gating is
// compared the same way, the library sources must compile warning-free against the headers, and
// every function a header declares must be implemented somewhere.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { preprocess } from '../../../src/engine/lang/preprocess';
import { HEADERS, KERNEL_FUNCTIONS, LIBC, LIBC_SOURCES } from '../../../src/engine/libc';
import { glibcOutput, hasGcc } from './gcc';

function headerDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'memscope-headers-'));
  for (const [name, text] of HEADERS) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Compiles and runs `source` with memscope's headers in place of glibc's. */
function runWithOurHeaders(dir: string, source: string, flags: string[] = []): { ok: boolean; stdout: string; stderr: string } {
  const file = join(dir, `probe-${Math.random().toString(36).slice(2)}.c`);
  writeFileSync(file, source);
  const exe = file.replace(/\.c$/, '');
  const cc = spawnSync('gcc', ['-std=c11', '-nostdinc', '-isystem', dir, ...flags, '-o', exe, file, '-lm'], { encoding: 'utf8' });
  if (cc.status !== 0) return { ok: false, stdout: '', stderr: cc.stderr };
  const run = spawnSync(exe, [], { encoding: 'utf8' });
  return { ok: run.status === 0, stdout: run.stdout, stderr: cc.stderr + run.stderr };
}

const INTEGER_CONSTANTS = [
  'CHAR_BIT', 'MB_LEN_MAX', 'SCHAR_MIN', 'SCHAR_MAX', 'UCHAR_MAX', 'CHAR_MIN', 'CHAR_MAX', 'SHRT_MIN', 'SHRT_MAX', 'USHRT_MAX', 'INT_MIN', 'INT_MAX', 'UINT_MAX',
  'LONG_MIN', 'LONG_MAX', 'ULONG_MAX', 'LLONG_MIN', 'LLONG_MAX', 'ULLONG_MAX', 'INT8_MIN', 'INT16_MIN', 'INT32_MIN', 'INT64_MIN', 'INT8_MAX', 'INT16_MAX', 'INT32_MAX',
  'INT64_MAX', 'UINT8_MAX', 'UINT16_MAX', 'UINT32_MAX', 'UINT64_MAX', 'INTPTR_MIN', 'INTPTR_MAX', 'UINTPTR_MAX', 'INTMAX_MIN', 'INTMAX_MAX', 'UINTMAX_MAX', 'PTRDIFF_MIN',
  'PTRDIFF_MAX', 'SIZE_MAX', 'INT64_C(5)', 'UINT64_C(5)', 'UINT32_C(5)', 'INTMAX_C(5)', 'EOF', 'BUFSIZ', 'EXIT_SUCCESS', 'EXIT_FAILURE', 'RAND_MAX', 'EPERM', 'ENOENT', 'ESRCH', 'EINTR',
  'EIO', 'EBADF', 'ECHILD', 'EAGAIN', 'ENOMEM', 'EACCES', 'EFAULT', 'EEXIST', 'EINVAL', 'ENOSPC', 'EDOM', 'ERANGE', 'EILSEQ', 'FLT_RADIX', 'FLT_MANT_DIG', 'DBL_MANT_DIG',
  'FLT_DIG', 'DBL_DIG', 'FLT_DECIMAL_DIG', 'DBL_DECIMAL_DIG', 'FLT_MIN_EXP', 'DBL_MIN_EXP', 'FLT_MIN_10_EXP', 'DBL_MIN_10_EXP', 'FLT_MAX_EXP', 'DBL_MAX_EXP', 'FLT_MAX_10_EXP',
  'DBL_MAX_10_EXP', 'FLT_EVAL_METHOD', 'PROT_NONE', 'PROT_READ', 'PROT_WRITE', 'PROT_EXEC', 'MAP_SHARED', 'MAP_PRIVATE', 'MAP_FIXED', 'MAP_ANONYMOUS', 'MAP_ANON',
  'MAP_NORESERVE', 'MAP_POPULATE', 'WNOHANG', 'WUNTRACED', 'STDIN_FILENO', 'STDOUT_FILENO', 'STDERR_FILENO', 'true', 'false', '__bool_true_false_are_defined',
];
const FLOAT_CONSTANTS = ['FLT_MAX', 'DBL_MAX', 'FLT_MIN', 'DBL_MIN', 'FLT_EPSILON', 'DBL_EPSILON', 'FLT_TRUE_MIN', 'DBL_TRUE_MIN', 'HUGE_VAL', 'INFINITY', 'NAN', 'M_E', 'M_LN2', 'M_PI', 'M_PI_2', 'M_SQRT2'];
const TYPES = ['size_t', 'ptrdiff_t', 'wchar_t', 'ssize_t', 'pid_t', 'off_t', 'intptr_t', 'uintptr_t', 'intmax_t', 'uintmax_t', 'bool', 'va_list', 'div_t', 'ldiv_t', 'lldiv_t',
  ...['8', '16', '32', '64'].flatMap((n) => [`int${n}_t`, `uint${n}_t`, `int_least${n}_t`, `uint_least${n}_t`, `int_fast${n}_t`, `uint_fast${n}_t`])];
const PRI = ['d', 'i', 'o', 'u', 'x', 'X'].flatMap((c) => ['8', '16', '32', '64', 'MAX', 'PTR'].map((n) => `PRI${c}${n}`));
const SCN = ['d', 'i', 'o', 'u', 'x'].flatMap((c) => ['8', '16', '32', '64', 'MAX', 'PTR'].map((n) => `SCN${c}${n}`));
const ALL_HEADERS = ['stdio.h', 'stdlib.h', 'string.h', 'ctype.h', 'math.h', 'assert.h', 'limits.h', 'stdbool.h', 'stddef.h', 'stdint.h', 'stdarg.h', 'inttypes.h', 'errno.h', 'float.h', 'unistd.h', 'sys/types.h', 'sys/mman.h', 'sys/wait.h'];

function probe(): string {
  const lines: string[] = [];
  for (const c of INTEGER_CONSTANTS) lines.push(`  printf("%s %zu %d %lld\\n", ${JSON.stringify(c)}, sizeof(${c}), (${c}) - (${c}) - 1 < 0, (long long) (${c}));`);
  for (const c of FLOAT_CONSTANTS) lines.push(`  printf("%s %zu %a\\n", ${JSON.stringify(c)}, sizeof(${c}), (double) (${c}));`);
  for (const t of TYPES) lines.push(`  printf("%s %zu %zu %d\\n", ${JSON.stringify(t)}, sizeof(${t}), _Alignof(${t}), ${t.endsWith('div_t') || t === 'va_list' ? 0 : `(${t}) -1 < 0`});`);
  for (const p of [...PRI, ...SCN]) lines.push(`  printf("%s %s\\n", ${JSON.stringify(p)}, ${p});`);
  for (const status of [0, 0x100, 0x2a00, 0xff00, 6, 11, 0x86, 0x137f, 0x7f, 0xffff]) {
    lines.push(`  printf("status %d: %d %d %d %d %d %d\\n", ${status}, WIFEXITED(${status}), WEXITSTATUS(${status}), WIFSIGNALED(${status}), WTERMSIG(${status}), WIFSTOPPED(${status}), WSTOPSIG(${status}));`);
  }
  lines.push(`  printf("NULL %zu %d\\n", sizeof(NULL), NULL == (void *) 0);`);
  lines.push(`  printf("offsetof %zu %zu\\n", offsetof(div_t, rem), offsetof(lldiv_t, rem));`);
  lines.push(`  printf("MAP_FAILED %d\\n", MAP_FAILED == (void *) -1);`);
  lines.push(`  printf("isnan %d %d\\n", isnan(NAN), isnan(1.0));`);
  lines.push(`  printf("stdout %d %d\\n", stdout != NULL, stdout != stderr);`);
  lines.push(`  printf("va %d\\n", sum(3, 1, 2, 3));`);
  lines.push(`  assert(1);`);
  const includes = ALL_HEADERS.map((h) => `#include <${h}>`).join('\n');
  return `#define _DEFAULT_SOURCE 1\n${includes}\nstatic int sum(int n, ...) { va_list ap; va_start(ap, n); int s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }\nint main(void) {\n${lines.join('\n')}\n  return 0;\n}\n`;
}

const GATED = ['strdup', 'strndup', 'strnlen', 'sbrk', 'brk', 'random', 'srandom', 'fork', 'mmap', 'qsort'];
const MODES = ['', '#define _DEFAULT_SOURCE', '#define _GNU_SOURCE', '#define _POSIX_C_SOURCE 200809L', '#define _POSIX_C_SOURCE 200112L', '#define _XOPEN_SOURCE 500', '#define _XOPEN_SOURCE 700'];

/** The GATED functions that `mode` makes visible, by the "undeclared" errors of one gcc run. */
function declaredFunctions(headers: 'glibc' | 'memscope', dir: string, mode: string): string[] {
  const uses = GATED.map((f) => `void *use_${f}(void) { return (void *) ${f}; }`).join('\n');
  const file = join(dir, `gate-${headers}.c`);
  writeFileSync(file, `${mode}\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <unistd.h>\n#include <sys/mman.h>\n${uses}\n`);
  const flags = headers === 'memscope' ? ['-nostdinc', '-isystem', dir] : [];
  const cc = spawnSync('gcc', ['-std=c11', '-fsyntax-only', ...flags, file], { encoding: 'utf8' });
  const missing = new Set([...cc.stderr.matchAll(/[‘'](\w+)[’'] undeclared/g)].map((m) => m[1]));
  return GATED.filter((f) => !missing.has(f));
}

describe('libc built-in headers', () => {
  it('define every type, constant and macro as glibc does on x86-64', function () {
    this.timeout(60000);
    const source = probe();
    const expected = glibcOutput('headers', source).toString();
    if (!hasGcc()) {
      // Without gcc the recording still pins the expected values; nothing more to compare against.
      assert.ok(expected.includes('RAND_MAX 4 0 2147483647'));
      return;
    }
    const ours = runWithOurHeaders(headerDir(), source);
    assert.equal(ours.stderr, '');
    const want = expected.split('\n');
    const diffs = ours.stdout.split('\n').map((line, k) => (line === want[k] ? null : `${line} / glibc: ${want[k]}`)).filter((d) => d);
    assert.deepEqual(diffs, []);
  });

  it('hide non-ISO names under -std=c11 unless a feature-test macro asks for them, as glibc', function () {
    this.timeout(60000);
    if (!hasGcc()) return assert.ok(HEADERS.get('features.h')?.includes('__USE_MISC'));
    const dir = headerDir();
    for (const mode of MODES) {
      assert.deepEqual(declaredFunctions('memscope', dir, mode), declaredFunctions('glibc', dir, mode), `declared with "${mode}"`);
      const map = (headers: string[]): string => {
        const file = join(dir, 'map.c');
        writeFileSync(file, `${mode}\n#include <sys/mman.h>\n#ifdef MAP_ANONYMOUS\nint anonymous = 1;\n#else\n#error none\n#endif\n`);
        return String(spawnSync('gcc', ['-std=c11', '-fsyntax-only', ...headers, file]).status);
      };
      assert.equal(map(['-nostdinc', '-isystem', dir]), map([]), `MAP_ANONYMOUS with "${mode}"`);
    }
  });

  it('let the library sources compile warning-free with gcc -std=c11 -Wall -Wextra -pedantic', function () {
    this.timeout(30000);
    const dir = headerDir();
    for (const source of LIBC_SOURCES) {
      const file = join(dir, source.path.replace('<libc>/', 'libc-'));
      writeFileSync(file, source.text);
      const cc = hasGcc() ? spawnSync('gcc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-fsyntax-only', '-nostdinc', '-isystem', dir, file], { encoding: 'utf8' }) : null;
      assert.equal(cc?.stderr ?? '', '', source.path);
      assert.ok(source.text.length > 0);
    }
  });

  it('declare only functions that memscope implements (natives, library sources or kernel functions)', () => {
    const defined = new Set([...Object.keys(LIBC), ...KERNEL_FUNCTIONS]);
    for (const source of LIBC_SOURCES) for (const m of source.text.matchAll(/^[\w ]+?[ *](\w+)\([^;]*\)\s*\{/gm)) defined.add(m[1]!);
    const declared: string[] = [];
    for (const [, text] of HEADERS) for (const m of text.matchAll(/^[^#\n][^(\n]*?[ *](\w+)\([^()]*(?:\([^()]*\)[^()]*)*\);$/gm)) declared.push(m[1]!);
    assert.ok(declared.length > 80, `found ${declared.length} declarations`);
    assert.deepEqual(declared.filter((f) => !defined.has(f)), []);
  });

  it('go through memscope’s own preprocessor without a diagnostic, as do the library sources', () => {
    const includes = [...HEADERS.keys()].map((h) => `#include <${h}>`).join('\n');
    for (const mode of ['', '#define _DEFAULT_SOURCE 1']) {
      const main = `${mode}\n${includes}\nint main(void) { assert(1); return (int) offsetof(div_t, rem) + INT_MAX; }\n`;
      const result = preprocess({ mainFile: 'main.c', readFile: (p) => (p === 'main.c' ? main : undefined), headers: HEADERS });
      assert.deepEqual(result.diagnostics, []);
      const text = result.tokens.map((t) => t.text).join(' ');
      assert.ok(text.includes('__assert_fail ( "1" , "main.c"'), text.slice(-200));
      assert.ok(text.includes('__builtin_offsetof ( div_t , rem ) + 2147483647'));
    }
    for (const source of LIBC_SOURCES) {
      const result = preprocess({ mainFile: source.path, readFile: (p) => (p === source.path ? source.text : undefined), headers: HEADERS });
      assert.deepEqual(result.diagnostics, [], source.path);
    }
  });

  it('make assert a no-op under NDEBUG, decided again at each inclusion of assert.h', () => {
    const main = '#define NDEBUG\n#include <assert.h>\nvoid f(int x) { assert(x); }\n#undef NDEBUG\n#include <assert.h>\nvoid g(int x) { assert(x); }\n';
    const result = preprocess({ mainFile: 'main.c', readFile: (p) => (p === 'main.c' ? main : undefined), headers: HEADERS });
    assert.deepEqual(result.diagnostics, []);
    const text = result.tokens.map((t) => t.text).join(' ');
    assert.ok(text.includes('void f ( int x ) { ( ( void ) 0 ) ; }'), text);
    assert.ok(text.includes('void g ( int x ) { ( ( x ) ? ( void ) 0 : __assert_fail ( "x" , "main.c" , 6 , __func__ ) ) ; }'), text);
  });
});
