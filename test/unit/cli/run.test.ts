// `memscope run` as graders use it: a real process, its exit status, its streams and its JSON report.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const programs = join(__dirname, 'programs');

function memscope(args: string[], input = '') {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'memscope.js'), ...args], { input, encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('memscope run', function () {
  this.timeout(120000);

  it('passes stdin through, keeps the program\'s stdout and stderr apart, and exits with its status', () => {
    const r = memscope(['run', '-q', join(programs, 'echo_stdin.c')], 'a\nb\nc\n');
    assert.equal(r.stdout, 'lines=3\n');
    assert.match(r.stderr, /^to stderr\n/);
    assert.equal(r.status, 0);
  });

  it('gives the program its arguments after -- and truncates the status to 8 bits', () => {
    const r = memscope(['run', '-q', join(programs, 'args.c'), '--', 'x', '--y']);
    assert.equal(r.stdout, 'x\n--y\n');
    assert.equal(r.status, 3);
  });

  it('reports a compile error in gcc\'s format with a caret, runs nothing and exits 1', () => {
    const file = join(programs, 'syntax_error.c');
    const r = memscope(['run', file]);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /syntax_error\.c:2:14: error: expected .*';'/);
    assert.match(r.stderr, /\n\s+\|\s+\^/);
  });

  it('exits 134 when assert fails (SIGABRT) with glibc\'s message', () => {
    const r = memscope(['run', '-q', join(programs, 'abort.c')]);
    assert.equal(r.status, 134);
    assert.match(r.stderr, /abort.c:2: main: Assertion `x == 3' failed\./);
  });

  it('prints valgrind-style errors and summaries, and --error-exitcode turns errors into a status', () => {
    const r = memscope(['run', '--error-exitcode=7', join(programs, 'overflow.c')]);
    assert.match(r.stderr, /Invalid write of size 4\n==1==    at 0x[0-9a-f]+: main \(.*overflow\.c:4\)/);
    assert.match(r.stderr, /Address 0x[0-9a-f]+ is 0 bytes after a block of size 20 alloc'd/);
    assert.match(r.stderr, /ERROR SUMMARY: 1 errors from 1 contexts/);
    assert.equal(r.status, 7);
  });

  it('stops a runaway program at --max-steps with a clear message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memscope-cli-'));
    const file = join(dir, 'loop.c');
    require('node:fs').writeFileSync(file, 'int main(void) {\n  for (;;) {}\n}\n');
    const r = memscope(['run', '-q', '--max-steps', '5000', file]);
    assert.equal(r.status, 124);
    assert.match(r.stderr, /stopped after 5,000 instructions .*in main\(\) at .*loop\.c:2/);
  });

  it('writes the JSON report of docs/report.md', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memscope-cli-'));
    const out = join(dir, 'r.json');
    memscope(['run', '-q', '--leak-check=full', '--report', out, join(programs, 'leak.c')]);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.version, 1);
    assert.equal(report.exitCode, 0);
    assert.equal(report.signal, null);
    assert.deepEqual(report.leaks.definite, { bytes: 16, blocks: 1 });
    assert.equal(report.leaks.records[0].allocLine, 3);
    assert.deepEqual(report.heap, { inUseBytes: 16, inUseBlocks: 1, allocs: 2, frees: 1, bytesAllocated: 24 });
    assert.equal(typeof report.memory.rss, 'number');
    assert.equal(report.processes[0].pid, 1);
  });

  it('puts compile errors in the report with exit code 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memscope-cli-'));
    const out = join(dir, 'r.json');
    memscope(['run', '--report', out, join(programs, 'syntax_error.c')]);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(report.exitCode, 1);
    assert.equal(report.compileErrors[0].line, 2);
  });

  it('refuses unknown options with exit status 2', () => {
    const r = memscope(['run', '--bogus', 'x.c']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown option '--bogus'/);
  });
});
