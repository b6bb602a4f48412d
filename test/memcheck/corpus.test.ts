// The memcheck corpus: student-style programs, buggy and clean, each run under memscope and checked
// against the expectations written beside it (programs/NAME.json): every error's kind, line and count
// in the order they happen (leak moments included), the leak numbers (bytes and blocks per category)
// and the moment each lost block lost its last pointer, the exit status. Where gcc and valgrind are installed, each program is also built with gcc -O0 -g and
// run under valgrind memcheck, and memscope must agree with it on error kinds and lines, leak bytes and
// blocks and exit status — except where the expectation says how and why valgrind judges otherwise
// (it cannot see a stack or global array's bounds, or memcpy's overlap on current glibc).
//
// The report checked is the one `memscope run --report` writes (src/cli/json-report.ts), built from a
// machine set up as the CLI sets it up.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compileFile } from '../../src/engine/index';
import { Machine, type StopEvent } from '../../src/engine/machine/machine';
import { createAllocator } from '../../src/engine/heap/allocator';
import { LIBC } from '../../src/engine/libc/index';
import { SIGNALS } from '../../src/engine/errors';
import { applyPragmas, DEFAULT_SETTINGS, type Settings } from '../../src/engine/settings';
import { buildReport } from '../../src/cli/json-report';
import { judge, VALGRIND_AVAILABLE, type LeakNumbers } from './valgrind';

interface Expectation {
  /** [kind, line, count], in the order the errors first happen. */
  readonly errors: [string, number, number][];
  readonly leaks: LeakNumbers;
  /** The leak moments of the lost blocks at exit: [line, cause], distinct, sorted by line. */
  readonly moments: [number, string][];
  readonly exit: number;
  /** "agrees", or valgrind's own verdict ("kind@line" list) and why it differs. */
  readonly valgrind: 'agrees' | { readonly errors: string[]; readonly why: string };
}

interface ReportJson {
  exitCode: number;
  errors: { kind: string; line: number | null; count: number }[];
  leaks: Record<keyof LeakNumbers, { bytes: number; blocks: number }>;
  records: { kind: string; lost: { line: number; cause: string }[] }[];
}

const programs = join(__dirname, 'programs');

function runMemscope(path: string): ReportJson {
  const compiled = compileFile(path);
  assert.ok(compiled.program, compiled.diagnostics.map((d) => d.message).join('\n'));
  const program = compiled.program;
  const settings: Settings = { ...DEFAULT_SETTINGS, leakCheck: 'full' };
  assert.deepEqual(applyPragmas(settings, program.pragmas), []);
  const machine = new Machine(
    program,
    { argv: [basename(path, '.c')], stackSize: settings.stackSize, physMem: settings.physMem, heapPolicy: settings.heapPolicy, coalesce: settings.coalesce, stopOnErrors: true, natives: LIBC, allocator: createAllocator },
    { write: () => undefined, readStdin: () => -1 },
  );
  let stop: StopEvent;
  do stop = machine.run(10_000_000);
  while (stop.kind === 'budget' || stop.kind === 'error');
  assert.ok(stop.kind === 'exited' || stop.kind === 'signaled', `ended: ${JSON.stringify(stop)}`);
  const exitCode = stop.kind === 'exited' ? stop.status : 128 + SIGNALS[stop.signal];
  const json = buildReport({ program: path, exitCode, signal: stop.kind === 'signaled' ? stop.signal : null, compileErrors: [], errors: machine.errors, leaks: machine.leakCheck(), heap: machine.heapSummary(), processes: [], steps: machine.steps }) as Omit<ReportJson, 'records'> & { leaks: { records: ReportJson['records'] } };
  return { ...json, records: json.leaks.records };
}

const files = readdirSync(programs).filter((f) => f.endsWith('.c')).sort();

describe('memcheck corpus: memscope against its expectations and against valgrind', function () {
  this.timeout(60000);

  it('holds 30 to 45 programs, each with its expectations', () => {
    assert.ok(files.length >= 30 && files.length <= 45, `${files.length} programs`);
    for (const f of files) assert.ok(readdirSync(programs).includes(f.replace(/\.c$/, '.json')), `${f} has its .json`);
  });

  for (const file of files) {
    it(file, () => {
      const path = join(programs, file);
      const expected = JSON.parse(readFileSync(path.replace(/\.c$/, '.json'), 'utf8')) as Expectation;
      const report = runMemscope(path);
      assert.deepEqual(report.errors.map((e) => [e.kind, e.line, e.count]), expected.errors, 'errors (kind, line, count)');
      const leaks = Object.fromEntries((['definite', 'indirect', 'possible', 'reachable'] as const).map((k) => [k, [report.leaks[k].bytes, report.leaks[k].blocks]]));
      assert.deepEqual(leaks, expected.leaks, 'leak bytes and blocks');
      const moments = new Map(report.records.flatMap((r) => r.lost.map((m) => [`${m.line}:${m.cause}`, [m.line, m.cause] as [number, string]])));
      assert.deepEqual([...moments.values()].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])), expected.moments, 'leak moments (line, cause)');
      assert.equal(report.exitCode, expected.exit, 'exit status');

      if (!VALGRIND_AVAILABLE) return;
      const valgrind = judge(path);
      const ours = [...new Set(expected.errors.filter(([kind]) => kind !== 'leak').map(([kind, line]) => `${kind}@${line}`))].sort();
      const theirs = expected.valgrind === 'agrees' ? ours : [...expected.valgrind.errors].sort();
      assert.deepEqual(valgrind.errors, theirs, expected.valgrind === 'agrees' ? 'valgrind finds the same errors' : `valgrind's own verdict (${expected.valgrind.why})`);
      assert.deepEqual(valgrind.leaks, expected.leaks, 'valgrind counts the same leaks');
      assert.equal(valgrind.exit, expected.exit, 'the native program exits the same way');
    });
  }
});
