// The extension-host suite (test/vscode/suite/) run inside code-server's extension host, with
// memscope loaded from source: the same suite `npm run test:vscode-desktop` runs in VS Code desktop.
import { strict as assert } from 'node:assert';
import { runInCodeServer } from '../vscode/run.mjs';

describe('memscope in VS Code (code-server): the extension-host suite', function () {
  it('passes every extension-host test inside VS Code 1.100', async function () {
    const report = await runInCodeServer({ log: () => undefined });
    for (const test of report.tests) console.log(`      ${test.state === 'passed' ? '✔' : '✖'} ${test.title}`);
    console.log(`      VS Code ${report.vscodeVersion}: ${report.passed} passed, ${report.failed} failed in ${report.seconds.toFixed(1)}s`);
    const failures = report.tests.filter((t) => t.state === 'failed').map((t) => `${t.title}\n${t.error}`);
    assert.deepEqual(failures, []);
    assert.ok(report.passed > 0, 'the suite ran tests');
    assert.match(report.vscodeVersion, /^1\.100\./);
  });
});
