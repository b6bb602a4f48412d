// `npm run bench`: times each program in bench/programs three ways — natively (gcc -O0), under
// valgrind --tool=memcheck, and under memscope (simulation + memcheck) — checks that all three print the
// same, and prints the ratios side by side with memscope's peak memory. Wall-clock times are the best
// of --runs runs (default 3) of the whole command, start-up included, as a user experiences them.
// CPU times (user + system, best of the same runs) are printed too: on a shared machine they vary much
// less than wall time, which stretches with every other process that wants the cores.
// Results are also written to bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const programsDir = join(root, 'bench', 'programs');
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1]) || 3;
const only = argv.filter((a) => a.endsWith('.c')).map((a) => basename(a));
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** Runs a command `runs` times; returns the best wall and CPU times (ms), its output, and the peak RSS (KiB). */
function measure(command, args) {
  let best = Infinity;
  let bestCpu = Infinity;
  let stdout = '';
  let status = 0;
  let peakKiB = 0;
  for (let i = 0; i < runs; i++) {
    const wrapped = gnuTime ? [gnuTime, ['-f', '%M %U %S', command, ...args]] : [command, args];
    const start = process.hrtime.bigint();
    const r = spawnSync(wrapped[0], wrapped[1], { encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.error) throw r.error;
    best = Math.min(best, ms);
    stdout = r.stdout;
    status = r.status ?? -1;
    if (gnuTime) {
      const [kib, user, system] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
      peakKiB = Math.max(peakKiB, kib || 0);
      bestCpu = Math.min(bestCpu, ((user || 0) + (system || 0)) * 1000);
    }
  }
  return { ms: best, cpuMs: Number.isFinite(bestCpu) ? bestCpu : undefined, stdout, status, peakKiB };
}

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const haveGcc = has('gcc');
const haveValgrind = has('valgrind');
const work = join(tmpdir(), 'memscope-bench');
mkdirSync(work, { recursive: true });

const programs = readdirSync(programsDir).filter((f) => f.endsWith('.c') && (only.length === 0 || only.includes(f))).sort();
const rows = [];
let failures = 0;
for (const file of programs) {
  const source = join(programsDir, file);
  const row = { program: file };
  const memscope = measure(process.execPath, [join(root, 'dist', 'cli.js'), 'run', '-q', '--leak-check=no', source]);
  row.memscopeMs = memscope.ms;
  row.memscopeCpuMs = memscope.cpuMs;
  row.memscopePeakMiB = memscope.peakKiB / 1024;
  if (haveGcc) {
    const exe = join(work, file.replace(/\.c$/, ''));
    const cc = spawnSync('gcc', ['-std=c11', '-O0', '-o', exe, source, '-lm'], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`gcc failed on ${file}:\n${cc.stderr}`);
    const native = measure(exe, []);
    row.nativeMs = native.ms;
    if (native.stdout !== memscope.stdout || native.status !== memscope.status) {
      failures++;
      row.mismatch = `memscope printed ${JSON.stringify(memscope.stdout)} (exit ${memscope.status}), gcc ${JSON.stringify(native.stdout)} (exit ${native.status})`;
    }
    if (haveValgrind) {
      const vg = measure('valgrind', ['-q', '--tool=memcheck', '--leak-check=no', exe]);
      row.valgrindMs = vg.ms;
      row.valgrindCpuMs = vg.cpuMs;
      row.valgrindPeakMiB = vg.peakKiB / 1024;
    }
  }
  rows.push(row);
}

const fmt = (x, digits = 0) => (x === undefined ? '—' : x.toFixed(digits));
const ratio = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
const header = ['program', 'native ms', 'valgrind ms', 'memscope ms', 'memscope/valgrind', 'memscope/native', 'CPU: valgrind ms', 'memscope ms', 'ratio', 'memscope peak MiB', 'valgrind peak MiB'];
const table = rows.map((r) => [
  r.program, fmt(r.nativeMs), fmt(r.valgrindMs), fmt(r.memscopeMs), ratio(r.memscopeMs, r.valgrindMs), ratio(r.memscopeMs, r.nativeMs),
  fmt(r.valgrindCpuMs), fmt(r.memscopeCpuMs), ratio(r.memscopeCpuMs, r.valgrindCpuMs), fmt(r.memscopePeakMiB, 1), fmt(r.valgrindPeakMiB, 1),
]);
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(`\nbest of ${runs} runs, whole command (start-up included): wall time, then CPU time (user + system)\n`);
console.log(line(header));
for (const row of table) console.log(line(row));
const worst = Math.max(...rows.filter((r) => r.valgrindMs).map((r) => r.memscopeMs / r.valgrindMs));
if (Number.isFinite(worst)) console.log(`\nworst memscope/valgrind ratio: ${worst.toFixed(2)}× wall (target: at most 3×; goal: below 1×)`);
const worstCpu = Math.max(...rows.filter((r) => r.valgrindCpuMs && r.memscopeCpuMs).map((r) => r.memscopeCpuMs / r.valgrindCpuMs));
if (Number.isFinite(worstCpu)) console.log(`worst memscope/valgrind ratio: ${worstCpu.toFixed(2)}× CPU`);
for (const r of rows) if (r.mismatch) console.log(`\nOUTPUT MISMATCH in ${r.program}: ${r.mismatch}`);

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), runs, rows }, null, 2) + '\n');
process.exit(failures ? 1 : 0);
