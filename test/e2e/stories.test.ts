// The user stories of memscope, each played in a real VS Code (code-server) on the packaged .vsix, the
// way a student would: open the examples folder, click the gutter, press F5, F10, hover, pause, type.
// Each story saves screenshots in test-results/e2e/ (story-N-….png); the README's pictures come from
// them. Programs come from examples/ where one shows the case; the others are in test/e2e/fixtures/
// (an endless loop, a file to break), copied into the same workspace. Each
// story stands alone (run one with -g): the file to break is Mini C (.mc), which activates memscope
// when it opens, as C files do not.
//
// Run alone: npx mocha --config test/e2e/.mocharc.json test/e2e/stories.test.ts

import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { ROOT, openWorkbench, type Workbench } from './harness';
import { VSIX } from '../../scripts/package.mjs';

const FIXTURES = join(ROOT, 'test', 'e2e', 'fixtures');
const fixtures = Object.fromEntries(readdirSync(FIXTURES).map((name) => [name, readFileSync(join(FIXTURES, name), 'utf8')]));

/** The 1-based line of a workspace program (an example or a fixture) that contains `text`. */
function lineOf(file: string, text: string): number {
  const source = fixtures[file] ?? readFileSync(join(ROOT, 'examples', file), 'utf8');
  const index = source.split('\n').findIndex((l) => l.includes(text));
  assert.ok(index >= 0, `${file} has a line with ${text}`);
  return index + 1;
}

/** Rows of a panel's list whose label starts with `label`. */
const rowsOf = (panel: Frame, list: string, label: string) => panel.locator(`${list} .vrow[aria-label^="${label}"]`);

describe('memscope in VS Code (code-server): the user stories', function () {
  let workbench: Workbench;

  before(async function () {
    workbench = await openWorkbench({ vsix: VSIX, files: fixtures, viewport: { width: 1600, height: 1000 } });
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
    await workbench?.press('Escape');
    await workbench?.stopDebugging();
    await workbench?.runCommand('Remove All Breakpoints');
    await workbench?.runCommand('View: Close All Editors');
  });

  after(async function () {
    await workbench?.close();
  });

  it('1. F5 with no launch.json stops at a gutter breakpoint, the Memory Map opens beside showing main’s frame, and F10 updates both', async function () {
    const line = lineOf('heap_basics.c', 'char *b = malloc(100);');
    await workbench.openFile('heap_basics.c');
    await workbench.toggleBreakpoint(line);
    assert.deepEqual(await workbench.breakpointLines(), [line]);
    await workbench.press('F5');
    assert.ok(await workbench.sessionStarted(), `F5 starts a session; VS Code says: ${(await workbench.messages()).join(' | ') || 'nothing'}`);
    assert.equal(await workbench.stoppedLine(line), line);
    const before = await workbench.variables(/^a\b/);
    assert.ok(before.some((v) => /^a\b.*0x[0-9a-f]+/s.test(v)), `the Variables view shows a's address: ${before.join(' | ')}`);
    // The Memory Map opened by itself, in a second editor group, beside the source.
    assert.equal(await workbench.page.locator('.editor-group-container').count(), 2, 'two editor groups side by side');
    assert.equal(await workbench.page.locator('.tab', { hasText: 'memscope: Memory Map' }).count(), 1);
    const map = await workbench.panel('memory-map');
    await map.locator('.stack-list .row-frame.current-frame').waitFor();
    assert.equal(await map.locator('.stack-list .row-frame.current-frame .function').textContent(), 'main()');
    assert.equal(await map.locator('.heap-list .vrow.row-chunk.state-allocated').count(), 1, 'a is allocated');
    const step = await map.evaluate(() => document.body.dataset.step);
    await workbench.screenshot('story-1-stopped-memory-map');

    await workbench.press('F10');
    assert.equal(await workbench.stoppedLine(line + 1), line + 1);
    const after = await workbench.variables(/^b\b.*0x[0-9a-f]{5,}/s);
    assert.ok(after.some((v) => /^b\b.*0x[0-9a-f]{5,}/s.test(v)), `the Variables view shows b's new block: ${after.join(' | ')}`);
    await map.waitForFunction((s) => document.body.dataset.step !== s, step);
    assert.equal(await map.locator('.heap-list .vrow.row-chunk.state-allocated').count(), 2, 'the map shows b’s block too');
    assert.match((await rowsOf(map, '.stack-list', 'main: local b').getAttribute('class'))!, /\bchanged\b/, 'b is highlighted as changed');
    await workbench.screenshot('story-1-after-step');
    await workbench.withEditorsOnly(() => workbench.screenshot('story-1-editor-and-memory-map').then(() => undefined));
  });

  it('2. hovering a pointer after free says it is dangling and where the block was freed', async function () {
    const stop = lineOf('use_after_free.c', 'printf("%d\\n", cursor->value);');
    await workbench.openFile('use_after_free.c');
    await workbench.toggleBreakpoint(stop);
    await workbench.press('F5');
    assert.equal(await workbench.stoppedLine(stop), stop);
    const hover = await workbench.debugHover(stop, 'cursor');
    assert.match(hover, /dangling/);
    assert.match(hover, new RegExp(`16-byte block freed at line ${lineOf('use_after_free.c', 'free(first);')}`));
    await workbench.screenshot('story-2-dangling-hover');
    await workbench.screenshot('story-2-dangling-hover-editor', workbench.page.locator('.editor-group-container').first(), workbench.page.locator('.debug-hover-widget'));
  });

  it('3. running the leak example to the end prints the leak summary, and the leaked blocks are marked', async function () {
    const stop = lineOf('leak_moment.c', 'return 0;');
    // The first buffer and the second node: no pointer to either is left anywhere.
    const lost = [lineOf('leak_moment.c', 'char *buffer = malloc(16);'), lineOf('leak_moment.c', 'list->next = malloc(sizeof *list);')];
    await workbench.openFile('leak_moment.c');
    await workbench.toggleBreakpoint(stop);
    await workbench.press('F5');
    assert.equal(await workbench.stoppedLine(stop), stop);
    // Before the end: the blocks are leaked in the map, and the lines that allocated them are marked.
    const map = await workbench.panel('memory-map');
    const leaked = map.locator('.heap-list .vrow.row-chunk.state-leaked');
    await leaked.first().waitFor();
    const labels = await leaked.evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
    for (const line of lost) assert.ok(labels.some((l) => l.includes(`at leak_moment.c:${line}`)), `the block from line ${line} is leaked in the map: ${labels.join(' | ')}`);
    await workbench.page.locator('.tab', { hasText: 'leak_moment.c' }).first().click();
    let marks: { line: number; text: string }[] = [];
    for (let attempt = 0; attempt < 20 && !lost.every((line) => marks.some((m) => m.line === line && /leaked/.test(m.text))); attempt++) {
      marks = await workbench.lineDecorations();
      await workbench.page.waitForTimeout(250);
    }
    for (const line of lost) assert.ok(marks.some((m) => m.line === line && /^⚠ leaked: the 16-byte block #\d+ allocated here is unreachable/.test(m.text)), `line ${line} is marked: ${JSON.stringify(marks)}`);
    await workbench.screenshot('story-3-leak-marked');
    await workbench.screenshot('story-3-leak-marked-editors', workbench.page.locator('.editor-group-container').first(), workbench.page.locator('.editor-group-container').nth(1));
    // To the end: the debug console has the leak summary, as the example says valgrind's would be.
    await workbench.press('F5');
    const console = await workbench.debugConsole(/definitely lost: 51 bytes in 3 blocks/);
    assert.match(console, /LEAK SUMMARY/);
    assert.match(console, /definitely lost: 51 bytes in 3 blocks/);
    await workbench.sessionEnded();
    await workbench.screenshot('story-3-leak-summary');
  });

  it('4. the stack-overflow example stops on the exception with the explanation', async function () {
    await workbench.openFile('stack_overflow.c');
    await workbench.press('F5');
    const text = await workbench.exceptionWidget(60000);
    assert.match(text, /stack overflow/i);
    assert.match(text, /dive\(\)/);
    // It stops on the call that could not get a frame: at dive's first line, as deep as the stack allowed.
    const dive = lineOf('stack_overflow.c', 'int dive(int depth)');
    assert.equal(await workbench.stoppedLine(dive), dive);
    // The Memory Map shows the stack at the crash: thousands of frames, the deepest current.
    const map = await workbench.panel('memory-map');
    await map.locator('.stack-list .row-frame.current-frame').waitFor({ timeout: 60000 });
    assert.equal(await map.locator('.stack-list .row-frame.current-frame .function').textContent(), 'dive()');
    assert.match((await map.locator('[role="status"]').textContent())!, /stopped in dive at stack_overflow\.c:\d+\. [\d,]{4,} frames/);
    await workbench.screenshot('story-4-stack-overflow');
    await workbench.screenshot('story-4-exception-editor', workbench.page.locator('.editor-group-container').first());
  });

  it('5. an endless loop pauses where it loops', async function () {
    await workbench.openFile('loop.c');
    await workbench.press('F5');
    assert.ok(await workbench.sessionStarted());
    await workbench.page.locator('.debug-toolbar .codicon-debug-pause').waitFor();
    await workbench.page.waitForTimeout(1000);
    await workbench.press('F6');
    const line = await workbench.stoppedLine();
    const loop = [lineOf('loop.c', 'while (spins >= 0)'), lineOf('loop.c', '@loop'), lineOf('loop.c', 'if (spins ==')];
    assert.ok(loop.includes(line), `paused at line ${line}, inside the loop (${loop.join(', ')})`);
    await workbench.page.locator('.debug-toolbar .codicon-debug-continue').waitFor();
    assert.match((await workbench.page.locator('.debug-call-stack .monaco-list-row').allInnerTexts()).join(' '), new RegExp(`main\\s+loop\\.c\\s+${line}:`));
    await workbench.screenshot('story-5-paused-loop');
  });

  it('6. a syntax error typed in shows in the Problems panel with its line, and F5 reports it without hanging', async function () {
    const line = lineOf('count.mc', 'int total = 0;');
    await workbench.openFile('count.mc');
    await workbench.press('Control+G');
    await workbench.page.keyboard.type(String(line));
    await workbench.press('Enter', 'End', 'Backspace');
    let rows: string[] = [];
    for (let attempt = 0; attempt < 40 && !rows.some((r) => /expected/.test(r)); attempt++) {
      await workbench.page.waitForTimeout(250);
      rows = await workbench.problems();
    }
    const row = rows.find((r) => /expected [^|]*';'/.test(r));
    assert.ok(row, `the Problems panel lists the missing semicolon: ${rows.join(' | ')}`);
    assert.match(row, new RegExp(`\\b${line}\\b`), 'with its line');
    await workbench.screenshot('story-6-problems');
    await workbench.screenshot('story-6-problems-editor', workbench.page.locator('.editor-group-container').first(), workbench.page.locator('.part.panel .composite.title').first(), workbench.page.locator('.markers-panel .monaco-list-row').last());
    // F5 saves the file and tries to start: memscope says what is wrong (the first error and its line),
    // offers the Problems panel, and starts no session.
    await workbench.page.locator('.editor-instance .monaco-editor').first().click();
    const started = Date.now();
    await workbench.press('F5');
    const message = await workbench.waitForNotification(/compile error/);
    assert.match(message, new RegExp(`count\\.mc has 1 compile error — line ${line}: expected`));
    console.log(`    F5 reported the error in ${Date.now() - started} ms`);
    assert.equal(await workbench.page.locator('.monaco-dialog-box').count(), 0, 'no modal dialog');
    await workbench.page.waitForTimeout(500);
    assert.equal(await workbench.page.locator('.debug-toolbar').isVisible(), false, 'no debug session was left running');
    await workbench.screenshot('story-6-f5-compile-error');
  });

  it('7. the Paging panel walks an address chosen in the Memory Map', async function () {
    const line = lineOf('heap_basics.c', 'strcpy(a, "first block");');
    await workbench.openFile('heap_basics.c');
    await workbench.toggleBreakpoint(line);
    await workbench.press('F5');
    assert.equal(await workbench.stoppedLine(line), line);
    const map = await workbench.panel('memory-map');
    await map.locator('.stack-list .row-frame.current-frame').waitFor();
    await workbench.runCommand('memscope: Show Paging');
    const paging = await workbench.panel('paging');
    await paging.locator('.page-list .vrow').first().waitFor();
    // Choose c's block in the map: the Paging panel walks its payload's address.
    const block = map.locator('.heap-list .vrow.row-chunk.state-allocated').nth(2);
    const label = (await block.getAttribute('aria-label'))!;
    await block.click();
    const caption = paging.locator('.walk-table caption');
    await caption.waitFor();
    assert.match((await caption.textContent())!, /^Page walk of 0x[0-9a-f]+ in pid 1 \(from a heap block\)/);
    assert.deepEqual(await paging.locator('.walk-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level'))), ['PML4', 'PDPT', 'PD', 'PT']);
    const physical = await paging.locator('.walk-mapped').getAttribute('data-physical');
    assert.match(physical ?? '', /^0x[0-9a-f]+$/, `the walk ends in a physical address (block: ${label})`);
    await workbench.screenshot('story-7-paging-walk');
  });
});
