// Runs the extension-host test suite (test/vscode/suite/) inside a real VS Code, with memscope loaded
// from this repository (`extensionDevelopmentPath`) and the suite as `extensionTestsPath`:
//
//   node test/vscode/run.mjs            in code-server (VS Code 1.100 served to a browser; works offline
//                                       here): code-server starts, headless Chromium opens the workbench
//                                       with the two paths in its launch payload, the server's extension
//                                       host runs the suite and writes its results as JSON, which this
//                                       script reads and prints. The end-to-end suite runs it this way too.
//   node test/vscode/run.mjs --desktop  in VS Code desktop through @vscode/test-electron
//                                       (`npm run test:vscode-desktop`); it downloads VS Code, so it
//                                       needs the network, and on Linux a display (run it under xvfb-run).
//
// Both bundle the suite first with esbuild into out/vscode-test/ and build the extension, and both
// open a fresh workspace holding the suite's fixture files.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { startCodeServer } from '../../scripts/code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'out', 'vscode-test');
export const SUITE_BUNDLE = join(outDir, 'suite.js');

/** The workspace the suite runs in; test/vscode/suite/*.test.ts refer to these files by name. */
const FIXTURES = {
  'hello.mc': `#include <stdio.h>

int main(void) {
  int answer = 42;
#ifdef VERBOSE
  printf("verbose\\n");
#endif
  printf("%d\\n", answer);
  return 0;
}
`,
  'plain.c': `#include <stdio.h>

int main(void) {
  puts("plain C");
  return 0;
}
`,
  'broken.mc': `int main(void) {
  int x = 1
  return x;
}
`,
  'dangling.mc': `#include <stdlib.h>
int main(void) {
  int *score = malloc(sizeof *score);
  int *kept = malloc(sizeof *kept);
  free(score);
  *kept = 1;
  free(kept);
  return 0;
}
`,
  'notes.txt': 'Not a program.\n',
};

export function makeWorkspace() {
  const folder = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'memscope-ext-host-'));
  for (const [name, text] of Object.entries(FIXTURES)) writeFileSync(join(folder, name), text);
  return folder;
}

/** Builds the extension (dist/extension.js) and bundles the suite; returns the bundle's path. */
export async function bundleSuite() {
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) throw new Error('building the extension failed');
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['test/vscode/suite/index.ts'],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return SUITE_BUNDLE;
}

/**
 * Runs the suite in code-server's extension host. Resolves to the report the suite wrote
 * ({ passed, failed, tests: [{ title, state, durationMs, error? }], vscodeVersion }).
 */
export async function runInCodeServer({ timeoutMs = 180000, log = (line) => console.error(line) } = {}) {
  const { chromium } = await import('playwright-core');
  const bundle = await bundleSuite();
  const results = join(outDir, 'results.json');
  rmSync(results, { force: true });
  const workspace = makeWorkspace();
  const profile = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'memscope-ext-host-chromium-'));
  const started = Date.now();
  const server = await startCodeServer({
    folder: workspace,
    extensionDevelopmentPath: root,
    extensionTestsPath: bundle,
    env: { MEMSCOPE_VSCODE_RESULTS: results },
    log,
    killOnSignals: true,
  });
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    // The workbench calls this when the extension host's test run ends (VS Code's automation hook).
    let exitCode;
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = code;
    });
    await page.goto(server.folderUrl);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(results) && Date.now() < deadline) {
      if (exitCode !== undefined && !existsSync(results)) {
        await new Promise((r) => setTimeout(r, 500));
        if (!existsSync(results)) break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!existsSync(results)) {
      throw new Error(`the extension-host suite wrote no results within ${timeoutMs} ms (exit code ${exitCode ?? 'none'}); code-server said:\n${server.output.join('').slice(-4000)}`);
    }
    const report = JSON.parse(readFileSync(results, 'utf8'));
    report.seconds = (Date.now() - started) / 1000;
    return report;
  } finally {
    await context?.close().catch(() => undefined);
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Runs the suite in VS Code desktop, downloaded by @vscode/test-electron; resolves to its exit code. */
export async function runInDesktop() {
  const { runTests } = await import('@vscode/test-electron');
  const bundle = await bundleSuite();
  const workspace = makeWorkspace();
  const userData = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'memscope-ext-host-user-'));
  try {
    return await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: bundle,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userData}`],
      extensionTestsEnv: { MEMSCOPE_VSCODE_RESULTS: join(outDir, 'results-desktop.json') },
    });
  } finally {
    rmSync(userData, { recursive: true, force: true });
    rmSync(workspace, { recursive: true, force: true });
  }
}

function printReport(report) {
  for (const test of report.tests) {
    console.log(`${test.state === 'passed' ? '  ✔' : '  ✖'} ${test.title} (${test.durationMs} ms)`);
    if (test.error) console.log(test.error.replace(/^/gm, '      '));
  }
  console.log(`\nVS Code ${report.vscodeVersion} extension host: ${report.passed} passed, ${report.failed} failed`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const desktop = process.argv.includes('--desktop');
  const main = desktop
    ? runInDesktop().then((code) => {
        process.exitCode = code;
      })
    : runInCodeServer().then((report) => {
        printReport(report);
        process.exitCode = report.failed === 0 && report.passed > 0 ? 0 : 1;
      });
  main.catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
