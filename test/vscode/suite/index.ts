// The extension-host test suite: VS Code (desktop through @vscode/test-electron, or code-server here)
// loads this module as its `extensionTestsPath` and calls `run()` inside the extension host, next to
// memscope loaded from source (`extensionDevelopmentPath`). run() resolves when every test passed and
// rejects otherwise, which is how VS Code learns the exit code.
//
// The suite is bundled by test/vscode/run.mjs with `vscode` and `mocha` left external (both are
// resolved at run time: `vscode` by the extension host, mocha from the repository's node_modules).
// Besides mocha's console output, the results are written as JSON to $MEMSCOPE_VSCODE_RESULTS (or
// results.json beside the bundle), because a code-server extension host's console is not ours to read.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';

export interface SuiteResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}

export interface SuiteReport {
  passed: number;
  failed: number;
  tests: SuiteResult[];
  vscodeVersion: string;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'memscope-extension-host', mocha);
  // Imported after pre-require so their describe/it calls land in this mocha instance.
  await import('./activation.test');
  await import('./configuration.test');
  await import('./language.test');
  await import('./problems.test');
  await import('./debugging.test');
  await import('./panels.test');

  const tests: SuiteResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 }));
    runner.on('fail', (test, error: Error) => tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: String(error?.stack ?? error) }));
  });
  const vscode = await import('vscode');
  const report: SuiteReport = { passed: tests.filter((t) => t.state === 'passed').length, failed: failures, tests, vscodeVersion: vscode.version };
  const path = process.env.MEMSCOPE_VSCODE_RESULTS || join(__dirname, 'results.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(report, null, 2));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
