import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { launch, openPanel, type PanelPage } from './harness/browser';
import { forked } from './fixtures/fork';
import { ADDRESSES, FILES, after as inPush, hex } from './fixtures/linked-list';
import { stressSnapshot, stressSteps } from './fixtures/stress';
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

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await panel?.page.context().close();
  });

  it('every interactive element is focusable or in a focusable list, and has a name', async () => {
    for (const kind of ['memory-map', 'paging'] as const) {
      panel = await openPanel(browser, kind);
      await panel.sendAndWait({ kind: 'snapshot', snapshot: forked, history: [] }, forked.step);
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
    panel = await openPanel(browser, 'memory-map');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: inPush, history: [] }, inPush.step);
    await tabTo(panel, '.stack-list');
    await panel.page.keyboard.press('Home');
    assert.match((await activeLabel(panel, '.stack-list'))!, /^Stack — grows down/);
    for (let i = 0; i < 40 && !/^main: local head/.test((await activeLabel(panel, '.stack-list')) ?? ''); i++) await panel.page.keyboard.press('ArrowDown');
    assert.match((await activeLabel(panel, '.stack-list'))!, /^main: local head, 8 bytes at 0x7fffffffef98, value 0x4050a0/);
    await panel.clearPosted();
    await panel.page.keyboard.press('Enter');
    assert.deepEqual((await panel.posted())[0], { kind: 'select-address', pid: 1, address: ADDRESSES.FP_MAIN - 24, origin: 'variable' });
    for (let i = 0; i < 40 && !/^push: return address/.test((await activeLabel(panel, '.stack-list')) ?? ''); i++) await panel.page.keyboard.press('ArrowDown');
    await panel.clearPosted();
    await panel.page.keyboard.press('Shift+Enter');
    assert.deepEqual(await panel.posted(), [{ kind: 'reveal', file: FILES[0], line: 32, column: 10 }]);
    await panel.page.keyboard.press('End');
    assert.match((await activeLabel(panel, '.stack-list'))!, /^string literal "list" in \.rodata/);
  });

  it('switches processes with the arrow keys on the process tabs', async () => {
    panel = await openPanel(browser, 'memory-map');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: forked, history: [] }, forked.step);
    await tabTo(panel, '.process-tab[aria-selected="true"]');
    assert.equal(await panel.page.evaluate(() => (document.activeElement as HTMLElement).dataset.pid), '2');
    await panel.page.keyboard.press('ArrowRight');
    assert.equal(await panel.page.evaluate(() => (document.activeElement as HTMLElement).dataset.pid), '1');
    assert.equal(await panel.page.locator('.process-tab[aria-selected="true"]').getAttribute('data-pid'), '1');
    assert.match((await panel.page.locator('.stack-list .vrow[aria-label^="main: local pid"]').getAttribute('aria-label'))!, /value 2$/, "the parent's pid variable holds the child's pid");
  });
});

describe('a stop with 10,000 blocks and 1,000 frames (Chromium)', function () {
  let browser: Browser;
  let panel: PanelPage;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await panel?.page.context().close();
    await browser?.close();
  });

  it('keeps only the rows in view in the DOM, reaches the last block, and applies deltas', async () => {
    const base = stressSnapshot(1000, 10_000);
    panel = await openPanel(browser, 'memory-map');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: base, history: [] }, base.step);
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
    assert.match((await activeLabel(panel, '.heap-list'))!, new RegExp(`block #10000 at ${hex(0x405000 + 9999 * 32)},`));
    let previous = base;
    for (const next of stressSteps(base, 3)) {
      await panel.sendAndWait({ kind: 'delta', delta: diffSnapshots(previous, next) }, next.step);
      previous = next;
    }
    assert.equal(await panel.page.locator('.heap-list .vrow.changed[aria-label*="block #10003 "]').count(), 1, 'the newest block is in view and highlighted');
    const frames = await panel.page.locator('.stack-list .row-frame:not(.tombstone)').count();
    assert.ok(frames > 0);
  });
});
