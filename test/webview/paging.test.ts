// The Paging panel in Chromium. Page tables, walks, counters and charts come from the engine running
// test/webview/programs/list.c (fixtures/list.ts); what a walk must show is derived here from the
// address itself (x86-64's four 9-bit indices and 12-bit offset) and from each level's entry (the next
// table's frame in bits 12–51). Processes after fork() and pages in swap come from the examples
// fork_isolation.c and swapping.c (fixtures/vm.ts).

import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import type { PageWalk } from '../../src/protocol/messages';
import { bytes, count, nanoseconds, tickLabels } from '../../src/webview/format';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launch, openPanel, type PanelPage } from './harness/browser';
import { recordFork, recordSwap } from './fixtures/vm';
import { hex } from './fixtures/engine';
import { blockOf, processOf, recordList, type ListStops } from './fixtures/list';

const SHOTS = join(ROOT, 'test-results', 'webview');

/** The PML4, PDPT, PD and PT indices and the page offset of a 48-bit virtual address. */
function split(address: number): number[] {
  const vpn = Math.floor(address / 4096);
  return [Math.floor(vpn / 2 ** 27) % 512, Math.floor(vpn / 2 ** 18) % 512, Math.floor(vpn / 2 ** 9) % 512, vpn % 512, address % 4096];
}

/** Saves the top of the panel (counters, walk, charts, page table) as test-results/webview/<name>.png. */
async function screenshot(panel: PanelPage, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await panel.settle();
  await panel.page.screenshot({ path: join(SHOTS, `${name}.png`), clip: { x: 0, y: 0, width: 1200, height: 820 } });
}

/** The frame number an entry (16 hex digits) points to: bits 12–51. */
const entryFrame = (entry: string) => Number((BigInt('0x' + entry) >> 12n) & ((1n << 40n) - 1n));

describe('Paging panel (Chromium)', function () {
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

  async function showList(): Promise<void> {
    panel = await openPanel(browser, 'paging');
    const history = [{ step: list.inMain.step, pid: 1, counters: processOf(list.inMain).counters }];
    await panel.sendAndWait({ kind: 'snapshot', snapshot: list.inPush, history }, list.inPush.step);
  }

  async function showWalk(walk: PageWalk): Promise<string[][]> {
    await panel.send({ kind: 'walk', pid: walk.pid, address: walk.address, origin: 'typed', result: { kind: 'ok', walk } });
    await panel.page.waitForFunction((a) => document.querySelector('.walk-table caption')?.textContent?.includes(a) ?? false, hex(walk.address));
    return panel.page.locator('.walk-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((c) => c.textContent ?? '')));
  }

  it('walks a typed address through the four levels to its physical address', async () => {
    await showList();
    const address = blockOf(list.inPush, 5).payload;
    await panel.clearPosted();
    await panel.page.fill('#walk-address', hex(address));
    await panel.page.press('#walk-address', 'Enter');
    assert.deepEqual(await panel.posted(), [{ kind: 'select-address', pid: 1, address, origin: 'typed' }]);
    const walk = list.run.walk(1, address);
    assert.equal(walk.result.kind, 'mapped');
    const rows = await showWalk(walk);
    const [a, b, c, d, offset] = split(address);
    assert.deepEqual(rows.map((r) => r[0]), ['PML4', 'PDPT', 'PD', 'PT']);
    assert.deepEqual(rows.map((r) => r[2]), [a, b, c, d].map((i) => `${i} (${hex(i!)})`), 'each level is indexed by its 9 bits of the address');
    // Each level's entry names the frame of the next table, and the last the page's frame.
    const frames = walk.levels.map((l) => entryFrame(l.entry));
    assert.deepEqual(rows.map((r) => r[1]), walk.levels.map((l) => hex(l.tableFrame)));
    assert.deepEqual(frames.slice(0, 3), walk.levels.slice(1).map((l) => l.tableFrame), 'entries chain the tables');
    assert.deepEqual(rows.map((r) => r[5]), [...frames.slice(0, 3).map((f) => `table in frame ${hex(f)}`), `page in frame ${hex(frames[3]!)}`]);
    assert.equal(await panel.page.locator('.walk-mapped').getAttribute('data-physical'), hex(frames[3]! * 4096 + offset!));
    assert.deepEqual(await panel.page.locator('.split-value').allTextContents(), [`47–39 = ${a}`, `38–30 = ${b}`, `29–21 = ${c}`, `20–12 = ${d}`, `11–0 = ${hex(offset!)}`]);
    assert.match((await panel.page.locator('.walk-table caption').textContent())!, walk.tlbHit ? /TLB hit/ : /TLB miss/);
    // The walked page is selected in the page table and its frame in the grid.
    const vpn = Math.floor(address / 4096);
    assert.match((await panel.page.locator('.page-list .vrow.selected').getAttribute('aria-label'))!, new RegExp(`^page ${hex(vpn)} `));
    assert.match((await panel.page.locator('.cell-selected').getAttribute('title'))!, new RegExp(`^frame ${hex(frames[3]!)}: pid 1 page ${hex(vpn * 4096)}`));
    await screenshot(panel, 'paging-walk');
  });

  it('shows the fault and its reason for an unmapped address, and stops the walk at the missing entry', async () => {
    await showList();
    const address = 0x10000000;
    const walk = list.run.walk(1, address);
    assert.equal(walk.result.kind, 'fault');
    const rows = await showWalk(walk);
    const missing = walk.levels[walk.levels.length - 1]!;
    assert.equal(missing.present, false, 'the engine stopped at an entry that is not present');
    assert.equal(rows.length, walk.levels.length, 'no row past the missing entry');
    assert.equal(await panel.page.locator('.walk-fault').textContent(), `${hex(address)} does not translate: ${walk.result.kind === 'fault' ? walk.result.reason : ''}`);
    assert.match((await panel.page.locator(`.walk-table tr[data-level="${missing.name}"]`).getAttribute('class'))!, /level-missing/);
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
    const p = processOf(list.inPush);
    const groups = await panel.page.locator('.page-list .row-group .section-title').allTextContents();
    assert.deepEqual(groups, [...new Set(p.pages.map((x) => x.region))], 'one group per mapping, low to high');
    assert.deepEqual(groups.slice(0, 4), ['text', 'rodata', 'data', 'bss']);
    assert.equal(await panel.page.locator('.page-list .row-group .section-detail').first().textContent(), '1 page mapped, 1 in memory, 0 swapped');
    // Code: present, read-only, user, executable. Heap: writable and not executable.
    const bits = async (vpn: number) => panel.page.locator(`.page-list .vrow[aria-label^="page ${hex(vpn)} "] .bit`).allTextContents();
    const text = await bits(0x401);
    assert.deepEqual([text[0], text[1], text[2], text[5]], ['P', '-', 'U', '--']);
    const heapVpn = Math.floor(blockOf(list.inPush, 1).start / 4096);
    const heap = await bits(heapVpn);
    assert.deepEqual([heap[0], heap[1], heap[2], heap[5]], ['P', 'W', 'U', 'NX']);
    const page = p.pages.find((x) => x.vpn === heapVpn)!;
    const row = panel.page.locator(`.page-list .vrow[aria-label^="page ${hex(heapVpn)} "]`);
    assert.equal(await row.locator('.page-where').textContent(), `frame ${hex(page.frame!)}`);
    assert.match((await row.getAttribute('aria-label'))!, /bits: present, writable, user, accessed, dirty, no-execute$/);
  });

  it('shows per-process counters with their change since the previous stop', async () => {
    await showList();
    const [before, now] = [processOf(list.inMain).counters, processOf(list.inPush).counters];
    const cell = (name: string) => panel.page.locator(`tr[data-counter="${name}"] td[data-pid="1"]`);
    assert.equal(await cell('rss').locator('.counter-value').textContent(), bytes(now.rss));
    assert.ok(now.instructions > before.instructions);
    assert.equal(await cell('instructions').textContent(), `${count(now.instructions)} +${count(now.instructions - before.instructions)}`);
    const rate = now.tlbHits / (now.tlbHits + now.tlbMisses);
    assert.equal(await cell('tlbHitRate').textContent(), `${Math.round(rate * 100)}%`);
    assert.equal(await cell('simulatedTimeNs').textContent(), `${nanoseconds(now.simulatedTimeNs)} +${nanoseconds(now.simulatedTimeNs - before.simulatedTimeNs)}`);
    const tlb = list.inPush.tlb;
    assert.equal(await panel.page.locator('[data-figure="tlb-hit-rate"]').textContent(),
      `${tlb.entries.length} of ${tlb.size} entries in use · hit rate ${Math.round((100 * tlb.hits) / (tlb.hits + tlb.misses))}% (${count(tlb.hits)} hits, ${count(tlb.misses)} misses)`);
  });

  it('charts RSS, faults and time over the stops with uPlot, in the theme colours', async () => {
    await showList();
    assert.equal(await panel.page.locator('.chart-canvas canvas').count(), 3);
    const [first, last] = [processOf(list.inMain).counters, processOf(list.inPush).counters];
    assert.match((await panel.page.locator('.chart .visually-hidden').first().textContent())!,
      new RegExp(`^Over 2 stops from step ${list.inMain.step} to ${list.inPush.step}: RSS ${bytes(first.rss)} to ${bytes(last.rss)}`));
    const stroke = await panel.page.evaluate(() => {
      const rss = Array.from(document.querySelectorAll('.u-legend .u-series')).find((s) => s.querySelector('.u-label')?.textContent === 'RSS');
      return getComputedStyle(rss!.querySelector('.u-marker')!).borderColor;
    });
    assert.equal(stroke, 'rgb(55, 148, 255)', 'RSS is drawn in --vscode-charts-blue of the dark theme');
  });

  it('labels axis ticks exactly when rounding would make two alike', () => {
    // Ticks 30 ns apart at 2.2 µs: one decimal of µs cannot tell them apart.
    assert.deepEqual(tickLabels([2210, 2240], nanoseconds, (n) => `${count(n)} ns`), ['2,210 ns', '2,240 ns']);
    assert.deepEqual(tickLabels([0, 1000, 2000], nanoseconds, (n) => `${count(n)} ns`), ['0 ns', '1.0 µs', '2.0 µs']);
  });

  it('draws frames with their owners: after fork, shared frames are marked with both sharers', async () => {
    const { inChild, counter } = recordFork();
    panel = await openPanel(browser, 'paging');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: inChild, history: [] }, inChild.step);
    const [parent, child] = [inChild.processes.find((p) => p.pid === 1)!, inChild.processes.find((p) => p.pid === 2)!];
    const frameOfPage = (p: typeof parent, vpn: number) => p.pages.find((x) => x.vpn === vpn)!.frame!;
    // Code is never written: one frame, both processes.
    const text = frameOfPage(child, 0x401);
    assert.equal(frameOfPage(parent, 0x401), text);
    const frames = panel.page.locator('.grid-list').first();
    const cell = frames.locator(`.cell[data-action="cell:${text}"]`);
    assert.equal(await cell.textContent(), 'S');
    assert.match((await cell.getAttribute('title'))!, new RegExp(`^frame ${hex(text)}: shared by 2 processes: pid 1 page 0x401000, pid 2 page 0x401000`));
    assert.match((await cell.getAttribute('class'))!, /cell-shared/);
    // .data: both wrote `value`, so the same virtual page now sits in two frames.
    const page = Math.floor(counter / 4096);
    const [mine, theirs] = [frameOfPage(child, page), frameOfPage(parent, page)];
    assert.notEqual(mine, theirs);
    assert.match((await frames.locator(`.cell[data-action="cell:${mine}"]`).getAttribute('title'))!, new RegExp(`^frame ${hex(mine)}: pid 2 page ${hex(page * 4096)}`));
    assert.match((await frames.locator(`.cell[data-action="cell:${theirs}"]`).getAttribute('title'))!, new RegExp(`^frame ${hex(theirs)}: pid 1 page ${hex(page * 4096)}`));
    assert.equal(await panel.page.locator('.cell.cell-page-table').count(), inChild.physical.frames.filter((f) => f.use === 'page-table').length);
    // The child is on the CPU: its tab is selected; the parent's page table marks the still-shared pages copy-on-write.
    assert.match((await panel.page.locator('.process-tab[aria-selected="true"]').textContent())!, /^pid 2 fork_isolation \(on CPU\) — running$/);
    await panel.page.locator('.process-tab[data-pid="1"]').click();
    const parentText = panel.page.locator('.page-list .vrow[aria-label^="page 0x401 "]');
    await parentText.waitFor();
    assert.match((await parentText.getAttribute('aria-label'))!, /copy-on-write/);
    // Clicking a frame tells the Memory Map which page it holds.
    await panel.clearPosted();
    await frames.locator(`.cell[data-action="cell:${theirs}"]`).click();
    assert.deepEqual(await panel.posted(), [{ kind: 'highlight', pid: 1, address: page * 4096, size: 4096 }]);
  });

  it('walks the same virtual address to different frames in parent and child', async () => {
    const { run, inChild, counter } = recordFork();
    panel = await openPanel(browser, 'paging');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: inChild, history: [] }, inChild.step);
    const physical = async (walk: PageWalk) => {
      await panel.send({ kind: 'walk', pid: walk.pid, address: walk.address, origin: 'variable', result: { kind: 'ok', walk } });
      await panel.page.waitForFunction((a) => document.querySelector('.walk-table caption')?.textContent?.includes(`in pid ${a}`), walk.pid);
      return panel.page.locator('.walk-mapped').getAttribute('data-physical');
    };
    const [inParent, inTheChild] = [run.walk(1, counter), run.walk(2, counter)];
    assert.ok(inParent.result.kind === 'mapped' && inTheChild.result.kind === 'mapped');
    assert.notEqual(inParent.result.frame, inTheChild.result.frame);
    assert.equal(await physical(inParent), hex(inParent.result.frame * 4096 + (counter % 4096)));
    assert.equal(await physical(inTheChild), hex(inTheChild.result.frame * 4096 + (counter % 4096)));
  });

  it('shows pages in swap: their slots in the page table and in the swap grid, and the fault a walk meets', async () => {
    const { run, filled } = recordSwap();
    panel = await openPanel(browser, 'paging');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: filled, history: [] }, filled.step);
    const p = filled.processes[0]!;
    const out = p.pages.find((x) => x.swapped && x.region === '[heap]')!;
    assert.ok(out, 'a heap page is in swap');
    const row = panel.page.locator(`.page-list .vrow[aria-label^="page ${hex(out.vpn)} "]`);
    await row.scrollIntoViewIfNeeded();
    assert.match((await row.getAttribute('aria-label'))!, new RegExp(`swap slot ${out.swapSlot}`));
    const slot = panel.page.locator('.grid-list').nth(1).locator(`.cell[data-action="cell:${out.swapSlot}"]`);
    assert.equal(await slot.getAttribute('title'), `swap slot ${out.swapSlot}: pid 1 page ${hex(out.vpn * 4096)}`);
    const cell = (name: string) => panel.page.locator(`tr[data-counter="${name}"] td[data-pid="1"]`);
    assert.equal(await cell('swapped').locator('.counter-value').textContent(), bytes(p.counters.swapped));
    assert.ok(p.counters.majorFaults > 0);
    assert.equal(await cell('majorFaults').locator('.counter-value').textContent(), count(p.counters.majorFaults));
    const walk = run.walk(1, out.vpn * 4096 + 8);
    await panel.send({ kind: 'walk', pid: 1, address: walk.address, origin: 'page', result: { kind: 'ok', walk } });
    await panel.page.locator('.walk-fault').waitFor();
    assert.match((await panel.page.locator('.walk-fault').textContent())!, new RegExp(`in swap slot ${out.swapSlot}; touching it is a major fault`));
    await screenshot(panel, 'paging-swap');
  });
});
