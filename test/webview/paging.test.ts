import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { launch, openPanel, type PanelPage } from './harness/browser';
import { CHILD_TABLES, PARENT_TABLES, forked } from './fixtures/fork';
import { ADDRESSES, TABLES, after as inPush, before as inMain, hex } from './fixtures/linked-list';

describe('Paging panel (Chromium)', function () {
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

  async function showList(): Promise<void> {
    panel = await openPanel(browser, 'paging');
    const history = [{ step: inMain.step, pid: 1, counters: inMain.processes[0]!.counters }];
    await panel.sendAndWait({ kind: 'snapshot', snapshot: inPush, history }, inPush.step);
  }

  it('walks a typed address through the four levels to its physical address', async () => {
    await showList();
    const address = ADDRESSES.NODE2 + 16;
    await panel.clearPosted();
    await panel.page.fill('#walk-address', hex(address));
    await panel.page.press('#walk-address', 'Enter');
    assert.deepEqual(await panel.posted(), [{ kind: 'select-address', pid: 1, address, origin: 'typed' }]);
    await panel.send({ kind: 'walk', pid: 1, address, origin: 'typed', result: { kind: 'ok', walk: TABLES.walk(address, false) } });
    await panel.page.locator('.walk-table').waitFor();
    const rows = await panel.page.locator('.walk-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent)));
    // 0x4050a0: PML4 0, PDPT 0, PD 2, PT 5; tables in frames 1, 2, 3, 4; the page in frame 12.
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[2], r[5]]), [
      ['PML4', '0x1', '0 (0x0)', 'table in frame 0x2'],
      ['PDPT', '0x2', '0 (0x0)', 'table in frame 0x3'],
      ['PD', '0x3', '2 (0x2)', 'table in frame 0x4'],
      ['PT', '0x4', '5 (0x5)', 'page in frame 0xc'],
    ]);
    assert.equal(rows[3]![3], '0x800000000000c067', 'the PT entry: NX, frame 0xc, dirty, accessed, user, writable, present');
    assert.equal(await panel.page.locator('.walk-mapped').getAttribute('data-physical'), hex(12 * 4096 + 0xa0));
    assert.deepEqual(await panel.page.locator('.split-value').allTextContents(), ['47–39 = 0', '38–30 = 0', '29–21 = 2', '20–12 = 5', '11–0 = 0xa0']);
    assert.match((await panel.page.locator('.walk-table caption').textContent())!, /TLB miss/);
    // The walked page is selected in the page table and its frame in the grid.
    assert.match((await panel.page.locator('.page-list .vrow.selected').getAttribute('aria-label'))!, /^page 0x405 /);
    assert.match((await panel.page.locator('.cell-selected').getAttribute('title'))!, /^frame 0xc: pid 1 page 0x405000/);
  });

  it('shows the fault and its reason for an unmapped address', async () => {
    await showList();
    const address = 0x10000000;
    await panel.send({ kind: 'walk', pid: 1, address, origin: 'typed', result: { kind: 'ok', walk: TABLES.walk(address, false) } });
    await panel.page.locator('.walk-fault').waitFor();
    // PML4 and PDPT entries 0 exist (the program's low pages share them); PD entry 128 does not.
    assert.equal(await panel.page.locator('.walk-fault').textContent(), '0x10000000 does not translate: PD entry 128 not present: 0x10000000 is not mapped');
    assert.match((await panel.page.locator('.walk-table tr[data-level="PD"]').getAttribute('class'))!, /level-missing/);
    assert.equal(await panel.page.locator('.walk-table tr[data-level="PT"]').count(), 0, 'the walk stops at the missing entry');
  });

  it('refuses text that is not an address, says why, and sends nothing', async () => {
    await showList();
    await panel.clearPosted();
    await panel.page.fill('#walk-address', 'head->next');
    await panel.page.click('.walk-form button');
    assert.equal(await panel.page.getAttribute('#walk-address', 'aria-invalid'), 'true');
    assert.match((await panel.page.locator('#walk-error').textContent())!, /hexadecimal address/);
    assert.deepEqual(await panel.posted(), []);
  });

  it('lists the page table grouped by mapping with its bits as letters', async () => {
    await showList();
    const groups = await panel.page.locator('.page-list .row-group .section-title').allTextContents();
    assert.deepEqual(groups, ['text', 'rodata', 'data', 'bss', 'heap', 'stack']);
    const text = panel.page.locator('.page-list .row-page').first();
    assert.deepEqual(await text.locator('.bit').allTextContents(), ['P', '-', 'U', 'A', '-', '--', '-', '-'], 'text: present, read-only, executable');
    const heap = panel.page.locator('.page-list .vrow[aria-label^="page 0x405 "]');
    assert.equal(await heap.locator('.page-where').textContent(), 'frame 0xc');
    assert.match((await heap.getAttribute('aria-label'))!, /bits: present, writable, user, accessed, dirty, no-execute$/);
  });

  it('shows per-process counters with their change since the previous stop', async () => {
    await showList();
    const cell = (name: string) => panel.page.locator(`tr[data-counter="${name}"] td[data-pid="1"]`);
    assert.equal(await cell('rss').locator('.counter-value').textContent(), '24 KiB');
    assert.equal(await cell('instructions').textContent(), '535 +55');
    assert.equal(await cell('tlbHitRate').textContent(), '99%');
    assert.equal(await cell('simulatedTimeNs').textContent(), '48.2 µs +5.3 µs');
    assert.equal(await panel.page.locator('[data-figure="tlb-hit-rate"]').textContent(), '4 of 16 entries in use · hit rate 99% (1,520 hits, 12 misses)');
  });

  it('charts RSS, faults and time over the stops with uPlot, in the theme colours', async () => {
    await showList();
    assert.equal(await panel.page.locator('.chart-canvas canvas').count(), 3);
    assert.match((await panel.page.locator('.chart .visually-hidden').first().textContent())!, /Over 2 stops from step 480 to 535: RSS 24 KiB to 24 KiB/);
    const stroke = await panel.page.evaluate(() => {
      const rss = Array.from(document.querySelectorAll('.u-legend .u-series')).find((s) => s.querySelector('.u-label')?.textContent === 'RSS');
      return getComputedStyle(rss!.querySelector('.u-marker')!).borderColor;
    });
    assert.equal(stroke, 'rgb(55, 148, 255)', 'RSS is drawn in --vscode-charts-blue of the dark theme');
  });

  it('draws frames with their owners: shared frames marked with their sharers after fork', async () => {
    panel = await openPanel(browser, 'paging');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: forked, history: [] }, forked.step);
    const text = panel.page.locator('.grid-list .cell[data-action="cell:8"]');
    assert.equal(await text.textContent(), 'S');
    assert.equal(await text.getAttribute('title'), 'frame 0x8: shared by 2 processes: pid 1 page 0x401000, pid 2 page 0x401000');
    assert.match((await text.getAttribute('class'))!, /cell-shared/);
    // .data: the same virtual page, two frames.
    assert.equal(await panel.page.locator('.cell[data-action="cell:10"]').getAttribute('title'), 'frame 0xa: pid 1 page 0x403000');
    assert.equal(await panel.page.locator('.cell[data-action="cell:20"]').getAttribute('title'), 'frame 0x14: pid 2 page 0x403000, dirty');
    assert.equal(await panel.page.locator('.cell.cell-page-table').count(), PARENT_TABLES.tableFrames.length + CHILD_TABLES.tableFrames.length);
    assert.equal(await panel.page.locator('.grid-list').nth(1).locator('.cell[data-action="cell:2"]').getAttribute('title'), 'swap slot 2: pid 1 page 0x406000');
    // The child is on the CPU: its tab is selected; the parent's shows its swapped page.
    assert.equal(await panel.page.locator('.process-tab[aria-selected="true"]').textContent(), 'pid 2 fork (on CPU) — running');
    await panel.page.locator('.process-tab[data-pid="1"]').click();
    await panel.page.locator('.page-list .vrow[aria-label^="page 0x406 "]').waitFor();
    assert.match((await panel.page.locator('.page-list .vrow[aria-label^="page 0x406 "]').getAttribute('aria-label'))!, /swap slot 2/);
    // Clicking a frame tells the Memory Map which page it holds.
    await panel.clearPosted();
    await panel.page.locator('.cell[data-action="cell:12"]').click();
    assert.deepEqual(await panel.posted(), [{ kind: 'highlight', pid: 1, address: 0x405000, size: 4096 }]);
    assert.equal(await panel.page.locator('.frame-detail').textContent(), 'frame 0xc: pid 1 page 0x405000, dirty');
  });

  it('walks the same virtual address to different frames in parent and child', async () => {
    panel = await openPanel(browser, 'paging');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: forked, history: [] }, forked.step);
    const physical = async (walk: ReturnType<typeof PARENT_TABLES.walk>) => {
      await panel.send({ kind: 'walk', pid: walk.pid, address: walk.address, origin: 'variable', result: { kind: 'ok', walk } });
      await panel.page.waitForFunction((a) => document.querySelector('.walk-table caption')?.textContent?.includes(`in pid ${a}`), walk.pid);
      return panel.page.locator('.walk-mapped').getAttribute('data-physical');
    };
    assert.equal(await physical(PARENT_TABLES.walk(0x403010, false)), hex(10 * 4096 + 0x10));
    assert.equal(await physical(CHILD_TABLES.walk(0x403010, true)), hex(20 * 4096 + 0x10));
  });
});
