// Keyboard and screen-reader use of both panels on the engine's snapshots: list.c, the example
// fork_isolation.c for the process tabs, and stress.c for a stop with 10,000 blocks and 1,000 frames.

import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import type { Snapshot } from '../../src/protocol/messages';
import { launch, openPanel, type PanelPage } from './harness/browser';
import { recordFork } from './fixtures/vm';
import { Recording, hex } from './fixtures/engine';
import { processOf, recordList, slotOf, type ListStops } from './fixtures/list';
import { diffSnapshots } from '../../src/engine/snapshot/delta';

/** Tabs until `selector` has focus; returns how many presses it took, or fails. */
async function tabTo(panel: PanelPage, selector: string, limit = 40): Promise<number> {
  for (let i = 1; i <= limit; i++) {
    await panel.page.keyboard.press('Tab');
    if (await panel.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return i;
  }
  throw new Error(`${selector} is not reachable with Tab`);
}

const activeLabel = (panel: PanelPage, list: string) =>
  panel.page.evaluate((l) => {
    const box = document.querySelector(l)!;
    return document.getElementById(box.getAttribute('aria-activedescendant') ?? '')?.getAttribute('aria-label') ?? null;
  }, list);

describe('keyboard and screen readers (Chromium)', function () {
  let browser: Browser;
  let panel: PanelPage;
  let list: ListStops;

  before(async () => {
    list = recordList();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await panel?.page.context().close();
  });

  it('every interactive element is focusable or in a focusable list, and has a name', async () => {
    const { inChild } = recordFork();
    for (const [kind, snapshot] of [['memory-map', list.inPush], ['paging', list.inPush], ['memory-map', inChild], ['paging', inChild]] as const) {
      panel = await openPanel(browser, kind);
      await panel.sendAndWait({ kind: 'snapshot', snapshot, history: [] }, snapshot.step);
      const unnamed = await panel.page.evaluate(() => {
        const name = (e: Element) => (e.getAttribute('aria-label') ?? (e.getAttribute('aria-labelledby') ? document.getElementById(e.getAttribute('aria-labelledby')!)?.textContent : null)
          ?? (e.id ? document.querySelector(`label[for="${e.id}"]`)?.textContent : null) ?? e.textContent ?? '').trim();
        return Array.from(document.querySelectorAll('button, input, [role="listbox"], [role="tab"], [role="option"]'))
          .filter((e) => !(e as HTMLElement).closest('[hidden]'))
          .filter((e) => name(e) === '')
          .map((e) => e.outerHTML.slice(0, 80));
      });
      assert.deepEqual(unnamed, [], `${kind}: elements without an accessible name`);
      const unreachable = await panel.page.evaluate(() => Array.from(document.querySelectorAll('button, input, [role="listbox"]'))
        .filter((e) => !(e as HTMLElement).closest('[hidden]'))
        // Buttons inside list rows are reached through the list (Shift+Enter), the rest by Tab.
        .filter((e) => (e as HTMLElement).tabIndex < 0 && !e.closest('[role="listbox"]') && e.getAttribute('role') !== 'tab')
        .map((e) => e.outerHTML.slice(0, 80)));
      assert.deepEqual(unreachable, [], `${kind}: elements out of the tab order`);
      await panel.page.context().close();
    }
  });

  it('moves through the stack with the arrow keys, selects with Enter and opens the source with Shift+Enter', async () => {
    const { inPush } = list;
    const head = slotOf(inPush, 'main', 'head');
    panel = await openPanel(browser, 'memory-map');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: inPush, history: [] }, inPush.step);
    await tabTo(panel, '.stack-list');
    await panel.page.keyboard.press('Home');
    assert.match((await activeLabel(panel, '.stack-list'))!, /^Stack — grows down/);
    for (let i = 0; i < 40 && !/^main: local head/.test((await activeLabel(panel, '.stack-list')) ?? ''); i++) await panel.page.keyboard.press('ArrowDown');
    assert.match((await activeLabel(panel, '.stack-list'))!, new RegExp(`^main: local head, 8 bytes at ${hex(head.address)}, value ${head.value!.text}`));
    await panel.clearPosted();
    await panel.page.keyboard.press('Enter');
    assert.deepEqual((await panel.posted())[0], { kind: 'select-address', pid: 1, address: head.address, origin: 'variable' });
    for (let i = 0; i < 40 && !/^push: return address/.test((await activeLabel(panel, '.stack-list')) ?? ''); i++) await panel.page.keyboard.press('ArrowDown');
    await panel.clearPosted();
    await panel.page.keyboard.press('Shift+Enter');
    const returnsTo = slotOf(inPush, 'push', 'return-address').returnsTo!;
    assert.deepEqual(await panel.posted(), [{ kind: 'reveal', file: list.file, line: list.lines.thirdPush, column: returnsTo.site.column }]);
    // The list ends at the lowest address: the program's first string literal, in .rodata.
    await panel.page.keyboard.press('End');
    assert.match((await activeLabel(panel, '.stack-list'))!, /^string literal "first" in \.rodata at 0x[0-9a-f]+, 6 bytes/);
  });

  it('switches processes with the arrow keys on the process tabs', async () => {
    const { inChild } = recordFork();
    panel = await openPanel(browser, 'memory-map');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: inChild, history: [] }, inChild.step);
    await tabTo(panel, '.process-tab[aria-selected="true"]');
    assert.equal(await panel.page.evaluate(() => (document.activeElement as HTMLElement).dataset.pid), '2');
    const value = panel.page.locator('.stack-list .vrow[aria-label^="global value"]');
    assert.match((await value.getAttribute('aria-label'))!, /value 200$/, 'the child wrote 200');
    const parentValue = inChild.processes.find((p) => p.pid === 1)!.globals.find((g) => g.name === 'value')!.value.text;
    assert.notEqual(parentValue, '200', "the parent's copy is its own");
    await panel.page.keyboard.press('ArrowRight');
    assert.equal(await panel.page.evaluate(() => (document.activeElement as HTMLElement).dataset.pid), '1');
    assert.equal(await panel.page.locator('.process-tab[aria-selected="true"]').getAttribute('data-pid'), '1');
    await panel.page.waitForFunction((v) => document.querySelector('.stack-list .vrow[aria-label^="global value"]')?.getAttribute('aria-label')?.endsWith(`value ${v}`) ?? false, parentValue);
    assert.match((await value.getAttribute('aria-label'))!, new RegExp(`at (0x[0-9a-f]+), .*value ${parentValue}$`), 'same address, another frame, another value');
  });
});

describe('a stop with 10,000 blocks and 1,000 frames (Chromium)', function () {
  let browser: Browser;
  let panel: PanelPage;
  let stops: Snapshot[];
  before(async () => {
    // stress.c at its deepest call, then statement by statement: a malloc, writes, a free and the return.
    const run = Recording.of('test/webview/programs/stress.c');
    stops = [run.runTo(run.line('@deepest'))];
    for (let i = 0; i < 6; i++) stops.push(run.step());
    browser = await launch();
  });
  after(async () => {
    await panel?.page.context().close();
    await browser?.close();
  });

  it('keeps only the rows in view in the DOM, reaches the last block, and applies deltas', async () => {
    const [base, ...steps] = stops;
    const p = processOf(base!);
    assert.equal(p.chunks.length, 10_000, 'make_list allocated 10,000 nodes; thin() freed some and leaked others without merging any');
    assert.ok(p.stack.filter((f) => f.function === 'recurse').length === 1000);
    panel = await openPanel(browser, 'memory-map');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: base!, history: [] }, base!.step);
    const counts = await panel.page.evaluate(() => ({
      stack: document.querySelectorAll('.stack-list .vrow').length,
      heap: document.querySelectorAll('.heap-list .vrow').length,
      heapSize: document.querySelector('.heap-list .vrow')!.getAttribute('aria-setsize'),
      arrows: Number(document.querySelector('svg.arrows')!.getAttribute('data-arrows')),
    }));
    assert.ok(counts.stack < 120 && counts.heap < 120, `rows in the DOM: ${JSON.stringify(counts)}`);
    assert.equal(counts.heapSize, String(10_000 + 2), 'a screen reader hears the whole list size (blocks, heap start, brk)');
    assert.ok(counts.arrows > 0 && counts.arrows <= 400, `arrows drawn: ${counts.arrows}`);
    await panel.page.focus('.heap-list');
    await panel.page.keyboard.press('End');
    await panel.page.keyboard.press('ArrowUp');
    const last = p.chunks[p.chunks.length - 1]!;
    assert.match((await activeLabel(panel, '.heap-list'))!, new RegExp(`block #${last.blockId} at ${hex(last.start)},`));
    // The block recurse() allocates at the first step fills the first hole thin() left (first fit):
    // Home goes back up to it, highlighted as changed.
    await panel.sendAndWait({ kind: 'delta', delta: diffSnapshots(base!, steps[0]!) }, steps[0]!.step);
    const extra = processOf(steps[0]!).chunks.find((c) => c.blockId === 10_001);
    assert.ok(extra, 'the first step allocated block #10001');
    assert.equal(extra.start, p.chunks.find((c) => c.state === 'free')!.start);
    await panel.page.keyboard.press('Home');
    for (let i = 0; i < 200 && !(await activeLabel(panel, '.heap-list'))!.includes('block #10001 '); i++) await panel.page.keyboard.press('ArrowDown');
    const extraRow = panel.page.locator(`.heap-list .vrow[aria-label*=" at ${hex(extra.start)},"]`);
    assert.match((await extraRow.getAttribute('class'))!, /\bchanged\b/);
    assert.equal(await extraRow.locator('.chunk-state').textContent(), 'allocated');
    let previous = steps[0]!;
    for (const next of steps.slice(1)) {
      await panel.sendAndWait({ kind: 'delta', delta: diffSnapshots(previous, next) }, next.step);
      previous = next;
    }
    // Freed, and the deepest frame returned.
    assert.equal(await extraRow.locator('.chunk-state').textContent(), 'free');
    assert.equal(await panel.page.locator('.stack-list .row-frame.current-frame .function').textContent(), 'recurse()');
    const frames = await panel.page.locator('.stack-list .row-frame:not(.tombstone)').count();
    assert.ok(frames > 0);
  });
});
