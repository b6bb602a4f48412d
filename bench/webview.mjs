// `node bench/webview.mjs [--steps N]`: how fast the panels draw a stop, in real Chromium. Loads the
// built bundle in the test harness page (same HTML and CSP as VS Code gets), shows the engine's stop of
// test/webview/programs/stress.c at its deepest call (10,000 heap blocks, 1,000 frames), then applies
// the deltas of N statement steps from there (a malloc, writes, a free, then returns) and times each
// update: the message handler (apply the delta, rebuild rows, redraw rows in view and the
// arrows), the style and layout it causes, and the time to the next frame. Also prints the bytes of each
// delta against the whole snapshot. The budget is one 60 Hz frame (16.7 ms) per update.
// Results go to bench/results/webview.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { require as tsRequire } from 'tsx/cjs/api';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const steps = Number(argv[argv.indexOf('--steps') + 1]) || 20;
const FRAME_MS = 1000 / 60;

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);

// The harness and fixtures are TypeScript shared with the tests; tsx loads them.
const here = pathToFileURL(join(root, 'bench', 'webview.mjs')).href;
const { launch, openPanel } = tsRequire('../test/webview/harness/browser.ts', here);
const { Recording } = tsRequire('../test/webview/fixtures/engine.ts', here);
const { diffSnapshots } = tsRequire('../src/engine/snapshot/delta.ts', here);

/** Runs one host message through the page's handler and measures it. */
async function timed(panel, message) {
  return panel.page.evaluate(async (m) => {
    const t0 = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: m }));
    const t1 = performance.now();
    document.body.getBoundingClientRect();
    const t2 = performance.now();
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const t3 = performance.now();
    return { handler: t1 - t0, layout: t2 - t1, nextFrame: t3 - t0 };
  }, message);
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95), max: s[s.length - 1] };
};
const ms = (x) => x.toFixed(2).padStart(7);

const run = Recording.of('test/webview/programs/stress.c');
const base = run.runTo(run.line('@deepest'));
const sequence = [];
for (let i = 0; i < steps; i++) sequence.push(run.step('statement-over'));
const browser = await launch();
const results = {};
try {
  for (const kind of ['memory-map', 'paging']) {
    const panel = await openPanel(browser, kind, { width: 1400, height: 900 });
    const first = await timed(panel, { kind: 'snapshot', snapshot: base, history: [] });
    const rows = [];
    let previous = base;
    for (const next of sequence) {
      const delta = diffSnapshots(previous, next);
      const t = await timed(panel, { kind: 'delta', delta });
      rows.push({ step: next.step, ...t, deltaBytes: JSON.stringify(delta).length, fullBytes: JSON.stringify(next).length });
      previous = next;
    }
    const shown = await panel.page.evaluate(() => document.body.dataset.step);
    if (shown !== String(previous.step)) throw new Error(`${kind} panel shows step ${shown}, expected ${previous.step}`);
    await panel.page.context().close();
    const update = rows.map((r) => r.handler + r.layout);
    results[kind] = { first, updates: rows, handlerPlusLayout: stats(update), nextFrame: stats(rows.map((r) => r.nextFrame)) };
    console.log(`\n${kind}: first full snapshot (${(JSON.stringify(base).length / 1e6).toFixed(1)} MB) ${ms(first.handler + first.layout)} ms`);
    console.log('   step    handler   layout  next frame  delta bytes  full bytes');
    for (const r of rows) console.log(`${String(r.step).padStart(8)} ${ms(r.handler)} ${ms(r.layout)} ${ms(r.nextFrame)}     ${String(r.deltaBytes).padStart(8)}  ${String(r.fullBytes).padStart(10)}`);
    const s = results[kind].handlerPlusLayout;
    console.log(`update (handler + layout): median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms — budget ${FRAME_MS.toFixed(1)} ms: ${s.p95 <= FRAME_MS ? 'within' : 'OVER'}`);
  }
} finally {
  await browser.close();
}
const bytes = results['memory-map'].updates.map((r) => r.deltaBytes);
console.log(`\ndelta per step: median ${stats(bytes).median} bytes vs ${results['memory-map'].updates[0].fullBytes} bytes for the whole snapshot`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'webview.json'), JSON.stringify({ date: new Date().toISOString(), steps, results }, null, 2));
