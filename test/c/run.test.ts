// Differential tests: every self-checking Mini C program in test/c runs under memscope and, when gcc is
// on the machine, as a native program built with gcc; both must print exactly the same and exit with the
// same status. A program's stdin comes from `NAME.stdin` beside it when that file exists. Without gcc the
// programs still check themselves: they must end by printing "OK" and exit 0. Native builds are cached
// by content in the temp folder so re-runs are quick.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compileFile, formatDiagnostics } from '../../src/engine';
import { runProgram } from '../../src/engine/run';

const here = __dirname;
const programs = readdirSync(here).filter((f) => f.endsWith('.c')).sort();
const haveGcc = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
const cache = join(tmpdir(), 'memscope-gcc-cache');

function nativeRun(path: string, stdin: string): { stdout: string; status: number } {
  const source = readFileSync(path);
  const exe = join(cache, createHash('sha1').update(source).digest('hex'));
  if (!existsSync(exe)) {
    mkdirSync(cache, { recursive: true });
    const cc = spawnSync('gcc', ['-std=c11', '-O0', '-w', '-o', exe, path, '-lm'], { encoding: 'utf8' });
    assert.equal(cc.status, 0, `gcc could not compile ${basename(path)}:\n${cc.stderr}`);
  }
  const r = spawnSync(exe, [], { input: stdin, encoding: 'utf8', timeout: 20000 });
  return { stdout: r.stdout, status: r.status ?? 128 + 9 };
}

describe('Mini C programs (memscope vs gcc)', () => {
  for (const file of programs) {
    it(`${file} prints and exits as under gcc`, () => {
      const path = join(here, file);
      const stdinPath = path.replace(/\.c$/, '.stdin');
      const stdin = existsSync(stdinPath) ? readFileSync(stdinPath, 'utf8') : '';
      const compiled = compileFile(path);
      assert.ok(compiled.program, `memscope could not compile ${file}:\n${formatDiagnostics(compiled.diagnostics)}`);
      const result = runProgram(compiled.program, { argv: [file.replace(/\.c$/, '')], stdin, maxSteps: 2_000_000_000 });
      assert.deepEqual(result.errors.map((e) => `${e.kind}: ${e.message} at line ${e.stack[0]?.line}`), [], `memcheck found errors in ${file}`);
      if (haveGcc) {
        const native = nativeRun(path, stdin);
        assert.equal(result.stdout, native.stdout, `${file}: output differs from gcc's`);
        assert.equal(result.exitCode, native.status, `${file}: exit status differs from gcc's`);
      } else {
        assert.match(result.stdout, /OK\n$/, `${file} did not end with OK`);
        assert.equal(result.exitCode, 0);
      }
    });
  }
});
