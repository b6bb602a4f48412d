import { strict as assert } from 'node:assert';
import { openWorkbench, type Workbench } from './harness';
import { VSIX } from '../../scripts/package.mjs';

const BROKEN_MC = `#include <stdio.h>

int main(void) {
  int count = 3
  printf("%d\\n", count);
  return 0;
}
`;

/** The compiler's words for a missing semicolon ("expected ';' before …", "expected ',' or ';' …"). */
const MISSING_SEMICOLON = /expected [^|]*';'/;

const UNDECLARED_MC = `int main(void) {
  int total = 0;
  return totl;
}
`;

describe('memscope in VS Code (code-server): problems as you type', function () {
  let workbench: Workbench;

  before(async function () {
    workbench = await openWorkbench({ vsix: VSIX, files: { 'broken.mc': BROKEN_MC, 'undeclared.mc': UNDECLARED_MC } });
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
  });

  after(async function () {
    await workbench?.close();
  });

  it('shows a syntax error in the Problems panel with its line', async function () {
    const opened = Date.now();
    await workbench.openFile('broken.mc');
    let rows: string[] = [];
    for (let attempt = 0; attempt < 40 && !rows.some((r) => MISSING_SEMICOLON.test(r)); attempt++) {
      rows = await workbench.problems();
      if (!rows.some((r) => MISSING_SEMICOLON.test(r))) await workbench.page.waitForTimeout(250);
    }
    const row = rows.find((r) => MISSING_SEMICOLON.test(r));
    assert.ok(row, `the Problems panel lists the missing semicolon: ${rows.join(' | ')}`);
    assert.match(row, /\b4\b/, 'the row names line 4');
    await workbench.screenshot('problems-syntax-error');
    console.log(`    the error was listed ${Date.now() - opened} ms after opening the file`);
  });

  it('explains a problem in a hover over its squiggle', async function () {
    await workbench.openFile('undeclared.mc');
    let hover = '';
    for (let attempt = 0; attempt < 10 && !/undeclared/.test(hover); attempt++) {
      hover = await workbench.hover(3, 'totl').catch(() => '');
      if (!/undeclared/.test(hover)) await workbench.press('Escape');
    }
    assert.match(hover, /'totl' undeclared/);
    assert.match(hover, /memscope\(undeclared\)/);
    await workbench.screenshot('problems-hover');
    await workbench.press('Escape');
  });

  it('drops the error once the semicolon is typed', async function () {
    await workbench.openFile('broken.mc');
    // Put the cursor at the end of line 4 (Ctrl+G, go to line) and type the missing semicolon.
    await workbench.press('Control+G');
    await workbench.page.keyboard.type('4');
    await workbench.press('Enter', 'End');
    await workbench.page.keyboard.type(';');
    let rows: string[] = ['pending'];
    for (let attempt = 0; attempt < 40 && rows.some((r) => MISSING_SEMICOLON.test(r) || r === 'pending'); attempt++) {
      await workbench.page.waitForTimeout(250);
      rows = await workbench.problems();
    }
    assert.ok(!rows.some((r) => MISSING_SEMICOLON.test(r)), `the error is gone: ${rows.join(' | ')}`);
  });
});
