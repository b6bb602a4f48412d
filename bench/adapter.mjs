// `node bench/adapter.mjs [--steps N]`: what a stop costs on the debug adapter's side with 10,000 live
// heap blocks and 1,000 frames (test/webview/programs/stress.c stopped at its deepest call, then N
// statement steps: a malloc, writes, a free, then returns).
//
// 1. In process, the parts of a stop: takeSnapshot, diffSnapshots against the previous stop (what the
//    adapter sends the panels), the memory marks (what the decorations ask for), and on the extension
//    host's side applyDelta (the panels' feed rebuilding the snapshot); bytes of the delta and of the
//    whole snapshot.
// 2. Through the built adapter (dist/debugAdapter.js) over the debug protocol, as VS Code drives it:
//    per step, the time from `next` to the stopped event, then the `memscope/snapshot` request since the
//    previous stop and the `memscope/marks` request, with the bytes each answer puts on the wire.
// Medians are printed; every measurement goes to bench/results/adapter.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { require as tsRequire } from 'tsx/cjs/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const steps = Number(argv[argv.indexOf('--steps') + 1]) || 20;
const PROGRAM = join(root, 'test', 'webview', 'programs', 'stress.c');

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

const here = pathToFileURL(join(root, 'bench', 'adapter.mjs')).href;
const { Recording } = tsRequire('../test/webview/fixtures/engine.ts', here);
const { diffSnapshots, applyDelta } = tsRequire('../src/engine/snapshot/delta.ts', here);
const { memoryMarks } = tsRequire('../src/debug/memory-marks.ts', here);
const { DebugClient } = tsRequire('@vscode/debugadapter-testsupport', here);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => x.toFixed(1).padStart(7);
const bytes = (value) => Buffer.byteLength(JSON.stringify(value));
function timed(f) {
  const t0 = performance.now();
  const value = f();
  return [value, performance.now() - t0];
}

// ---- 1. in process ----
const run = Recording.of('test/webview/programs/stress.c');
const [first, firstMs] = timed(() => run.runTo(run.line('@deepest')));
const p = first.processes[0];
console.log(`stress.c at its deepest call: ${p.stack.length} frames, ${p.chunks.length} heap chunks, ${p.pointers.length} pointers; whole snapshot ${(bytes(first) / 1e6).toFixed(2)} MB`);
const parts = [];
let previous = first;
for (let i = 0; i < steps; i++) {
  run.step('statement-over');
  const [now, take] = timed(() => run.snapshot());
  const [delta, diff] = timed(() => diffSnapshots(previous, now));
  const [, marks] = timed(() => memoryMarks(now));
  const [, apply] = timed(() => applyDelta(previous, delta));
  parts.push({ step: now.step, take, diff, marks, apply, deltaBytes: bytes(delta) });
  previous = now;
}
console.log('\nin process (ms)   take    diff   marks   apply   delta bytes');
for (const r of parts) console.log(`${String(r.step).padStart(12)} ${ms(r.take)} ${ms(r.diff)} ${ms(r.marks)} ${ms(r.apply)}   ${String(r.deltaBytes).padStart(8)}`);
const inProcess = {
  take: median(parts.map((r) => r.take)), diff: median(parts.map((r) => r.diff)), marks: median(parts.map((r) => r.marks)),
  apply: median(parts.map((r) => r.apply)), deltaBytes: median(parts.map((r) => r.deltaBytes)), wholeBytes: bytes(first), firstRunMs: firstMs,
};
console.log(`median: take ${inProcess.take.toFixed(1)} ms, diff ${inProcess.diff.toFixed(1)} ms, marks ${inProcess.marks.toFixed(1)} ms, apply ${inProcess.apply.toFixed(1)} ms; ${inProcess.deltaBytes} bytes per step against ${inProcess.wholeBytes} for the whole snapshot`);

// ---- 2. through the adapter ----
const dc = new DebugClient('node', join(root, 'dist', 'debugAdapter.js'), 'memscope');
dc.defaultTimeout = 60_000;
await dc.start();
const wire = [];
let whole;
try {
  const line = run.line('@deepest');
  const stopped = dc.waitForEvent('stopped');
  await Promise.all([
    dc.waitForEvent('initialized').then(async () => {
      await dc.setBreakpointsRequest({ source: { path: PROGRAM }, breakpoints: [{ line }] });
      await dc.configurationDoneRequest();
    }),
    dc.launch({ program: PROGRAM }),
  ]);
  await stopped;
  const t0 = performance.now();
  const full = await dc.customRequest('memscope/snapshot', {});
  whole = { ms: performance.now() - t0, bytes: bytes(full.body) };
  let held = full.body.step;
  for (let i = 0; i < steps; i++) {
    const t1 = performance.now();
    const next = dc.waitForEvent('stopped');
    await dc.nextRequest({ threadId: 1 });
    await next;
    const t2 = performance.now();
    const snapshot = await dc.customRequest('memscope/snapshot', { since: held });
    const t3 = performance.now();
    const marks = await dc.customRequest('memscope/marks', {});
    const t4 = performance.now();
    held = snapshot.body.step;
    wire.push({ step: held, kind: snapshot.body.kind, stepMs: t2 - t1, snapshotMs: t3 - t2, marksMs: t4 - t3, snapshotBytes: bytes(snapshot.body), marksBytes: bytes(marks.body) });
  }
} finally {
  await dc.stop();
}
console.log(`\nthrough the adapter: the first (whole) snapshot ${ms(whole.ms)} ms, ${whole.bytes} bytes`);
console.log('   step      next→stopped  snapshot  marks   snapshot bytes  marks bytes');
for (const r of wire) console.log(`${String(r.step).padStart(12)} ${ms(r.stepMs)} ${ms(r.snapshotMs)} ${ms(r.marksMs)}   ${String(r.snapshotBytes).padStart(8)} (${r.kind})  ${String(r.marksBytes).padStart(6)}`);
const stop = wire.map((r) => r.stepMs + r.snapshotMs + r.marksMs);
const adapter = {
  stopMs: median(stop), stepMs: median(wire.map((r) => r.stepMs)), snapshotMs: median(wire.map((r) => r.snapshotMs)), marksMs: median(wire.map((r) => r.marksMs)),
  bytesPerStep: median(wire.map((r) => r.snapshotBytes + r.marksBytes)), whole,
};
console.log(`median stop (next → stopped → snapshot delta → marks): ${adapter.stopMs.toFixed(1)} ms; ${adapter.bytesPerStep} bytes per step`);

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'adapter.json'), JSON.stringify({ date: new Date().toISOString(), steps, inProcess, parts, adapter, wire }, null, 2) + '\n');
