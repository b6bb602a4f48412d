// F5 on a Mini C file with no launch.json starts a memscope debug session that stops at a breakpoint
// set in the gutter, with the debug adapter of src/debug/ running inline in the extension host.
// Run it alone with `npx mocha --config test/e2e/.mocharc.json test/e2e/debug.test.ts`.
import { strict as assert } from 'node:assert';
import { openWorkbench, type Workbench } from './harness';
import { VSIX } from '../../scripts/package.mjs';

const COUNT_MC = `#include <stdio.h>

int square(int x) {
  return x * x;
}

int main(void) {
  int total = 0;
  for (int i = 1; i <= 3; i++) {
    total += square(i);
  }
  printf("%d\\n", total);
  return 0;
}
`;

describe('memscope in VS Code (code-server): debugging', function () {
  let workbench: Workbench;

  before(async function () {
    workbench = await openWorkbench({ vsix: VSIX, files: { 'count.mc': COUNT_MC } });
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
  });

  after(async function () {
    await workbench?.close();
  });

  it('F5 with no launch.json on a .mc file starts a memscope session that stops at a gutter breakpoint', async function () {
    const opened = Date.now();
    await workbench.openFile('count.mc');
    await workbench.toggleBreakpoint(10);
    assert.deepEqual(await workbench.breakpointLines(), [10]);
    await workbench.press('F5');
    const toolbar = workbench.page.locator('.debug-toolbar');
    const started = await toolbar.waitFor({ timeout: 30000 }).then(() => true, () => false);
    assert.ok(started, `F5 starts a debug session; VS Code says: ${(await workbench.messages()).join(' | ') || 'nothing'}`);
    // Stopped: the current-statement arrow sits on the breakpoint's line.
    const arrow = workbench.page.locator('.editor-instance .monaco-editor .codicon-debug-stackframe').first();
    await arrow.waitFor({ timeout: 30000 });
    const lineOfArrow = await arrow.evaluate((el) => {
      const y = el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2;
      const numbers = Array.from(el.closest('.monaco-editor')!.querySelectorAll('.margin-view-overlays .line-numbers'));
      const hit = numbers.find((n) => y >= n.getBoundingClientRect().top && y <= n.getBoundingClientRect().bottom);
      return hit ? Number(hit.textContent) : -1;
    });
    assert.equal(lineOfArrow, 10);
    // The Variables view fills in after the call stack: wait for its rows before reading them.
    const rows = workbench.page.locator('.debug-view-content .monaco-list-row, .debug-pane .monaco-list-row');
    await rows.filter({ hasText: /total/ }).first().waitFor({ timeout: 15000 }).catch(() => undefined);
    const variables = await rows.allInnerTexts();
    assert.ok(variables.some((v) => /total/.test(v)), `the Variables view lists total: ${variables.join(' | ')}`);
    await workbench.screenshot('debug-stopped-at-breakpoint');
    console.log(`    stopped at the breakpoint ${Date.now() - opened} ms after opening the file`);
    await workbench.press('Shift+F5');
    await toolbar.waitFor({ state: 'hidden', timeout: 15000 });
  });
});
