import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { diffSnapshots } from '../../src/engine/snapshot/delta';
import { launch, openPanel, type PanelPage } from './harness/browser';
import { box, pathEnds, touches } from './harness/geometry';
import { ADDRESSES, FILES, TABLES, after as inPush, before as inMain, hex } from './fixtures/linked-list';

const { FP_MAIN, FP_PUSH, FP_MAKE, LEAKED, NODE1, NODE2, NODE3, SPARE, LAST_SEEN } = ADDRESSES;

/** Opens the Memory Map at the stop in push, reached by a delta from the stop in main. */
async function atPush(browser: Browser): Promise<PanelPage> {
  const panel = await openPanel(browser, 'memory-map');
  await panel.sendAndWait({ kind: 'snapshot', snapshot: inMain, history: [] }, inMain.step);
  await panel.sendAndWait({ kind: 'delta', delta: diffSnapshots(inMain, inPush) }, inPush.step);
  return panel;
}

describe('Memory Map panel (Chromium)', function () {
  let browser: Browser;
  let panel: PanelPage;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    panel = await atPush(browser);
  });
  afterEach(async () => {
    await panel.page.context().close();
  });

  const stackRow = (label: string) => panel.page.locator(`.stack-list .vrow[aria-label^="${label}"]`);
  const heapRow = (address: number) => panel.page.locator(`.heap-list .vrow.row-chunk[aria-label*=" at ${hex(address)},"]`);

  it('draws each frame byte by byte: names, values and the bytes of every slot', async () => {
    const head = stackRow('main: local head');
    await head.waitFor();
    assert.equal(await head.locator('.name').textContent(), 'head');
    assert.equal(await head.locator('.value').textContent(), hex(NODE2 + 16));
    assert.equal(await head.locator('.addr').textContent(), hex(FP_MAIN - 24));
    // 0x4050a0 little-endian, lowest address first.
    assert.deepEqual(await head.locator('.byte').allTextContents(), ['a0', '50', '40', '00', '00', '00', '00', '00']);
    const value = stackRow('push: argument value');
    assert.equal(await value.locator('.value').textContent(), '3');
    assert.equal(await stackRow('push: padding').locator('.name').textContent(), 'padding');
  });

  it("names the caller's line in each return address and links it to the source", async () => {
    const ret = stackRow('push: return address');
    assert.equal(await ret.locator('.value').textContent(), '↩ main() list.c:32');
    assert.match((await ret.getAttribute('aria-label'))!, /returns to main at list\.c:32/);
    await panel.clearPosted();
    await ret.locator('.site-link').click();
    assert.deepEqual(await panel.posted(), [{ kind: 'reveal', file: FILES[0], line: 32, column: 10 }]);
  });

  it('highlights the current frame and marks sp and fp', async () => {
    const header = panel.page.locator('.stack-list .row-frame.current-frame');
    assert.equal(await header.count(), 1);
    assert.equal(await header.locator('.function').textContent(), 'push()');
    assert.equal(await header.locator('.badge-current').textContent(), 'current');
    assert.equal(await stackRow('push: saved fp').locator('.reg-marker').textContent(), 'fp→');
    const sp = panel.page.locator('.stack-list .row-marker');
    assert.equal(await sp.locator('.addr').textContent(), hex(FP_PUSH - 16));
    assert.equal(await panel.page.locator('.as-stack .as-marker').textContent(), 'sp fp');
    assert.equal(await panel.page.locator('.as-heap .as-marker').textContent(), 'brk');
  });

  it('shows a returned frame that is still pointed to as a tombstone below sp', async () => {
    const tomb = panel.page.locator('.stack-list .row-frame.tombstone');
    assert.equal(await tomb.locator('.function').textContent(), 'make_node()');
    assert.equal(await tomb.locator('.badge-tombstone').textContent(), 'returned — still pointed to');
    const spIndex = Number(await panel.page.locator('.stack-list .row-marker').getAttribute('data-index'));
    assert.ok(Number(await tomb.getAttribute('data-index')) > spIndex, 'the tombstone is drawn below sp');
    assert.match((await stackRow('make_node (returned): local copy').getAttribute('class'))!, /tombstone/);
  });

  it('labels every heap block with its state in words and an icon, with sizes and sites', async () => {
    const expectations: [number, string, RegExp][] = [
      [LEAKED, 'leaked', /leaked block #1 at 0x405000, 64 bytes: header 16, payload 40.*allocated in main at list\.c:23/],
      [SPARE, 'free', /free block #2 .*freed in main at list\.c:26, next free block 0x4050d0/],
      [NODE1, 'freed, pointed to', /freed, pointed to block #3 .*allocated in make_node at list\.c:9, freed in main at list\.c:31/],
      [NODE2, 'allocated', /allocated block #4 at 0x405090, 32 bytes/],
      [NODE3, 'allocated', /allocated block #5 at 0x4050b0/],
    ];
    for (const [address, word, label] of expectations) {
      const row = heapRow(address);
      assert.equal(await row.locator('.chunk-state').textContent(), word);
      assert.equal(await row.locator('.chunk-state svg.icon').count(), 1, `${word} has an icon`);
      assert.match((await row.getAttribute('aria-label'))!, label);
    }
    assert.equal(await heapRow(LEAKED).locator('.chunk-size').textContent(), '64 B');
    assert.deepEqual(await heapRow(NODE1).locator('.site-link').allTextContents(), ['list.c:9', 'freed list.c:31']);
  });

  it('shows fragmentation figures and the free list as a chain and as links', async () => {
    const figure = (name: string) => panel.page.locator(`[data-figure="${name}"] dd`).textContent();
    assert.equal(await figure('largest-free'), '3.8 KiB');
    assert.equal(await figure('total-free'), '3.9 KiB');
    assert.equal(await figure('leaked'), '1 blocks, 40 B');
    assert.equal(await panel.page.locator('[data-figure="free-list"]').textContent(), 'free list: 0x405070 → 0x405040 → 0x4050d0 → end');
    assert.equal(await panel.page.locator(`path.arrow-free-link[data-from="${hex(NODE1)}"][data-to="${hex(SPARE)}"]`).count(), 1);
  });

  it('draws pointer arrows from the slot to the block, dangling ones distinctly', async () => {
    const selector = `path.arrow[data-from="${hex(FP_MAIN - 24)}"]`;
    const ends = await pathEnds(panel.page, selector);
    assert.ok(touches(ends.start, await box(stackRow('main: local head')), 'right'), `starts at the slot: ${JSON.stringify(ends.start)}`);
    assert.ok(touches(ends.end, await box(heapRow(NODE2)), 'left'), `ends at block #4: ${JSON.stringify(ends.end)}`);
    assert.match((await panel.page.getAttribute(selector, 'class'))!, /arrow-valid/);
    const stale = `path.arrow[data-from="${hex(FP_MAIN - 32)}"]`;
    assert.match((await panel.page.getAttribute(stale, 'class'))!, /arrow-dangling/);
    assert.ok(touches((await pathEnds(panel.page, stale)).end, await box(heapRow(NODE1)), 'left'));
    // The global last_seen points into the tombstone: an arrow within the left list, dangling.
    const global = `path.arrow[data-from="${hex(LAST_SEEN)}"]`;
    await panel.page.locator('.stack-list').evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await panel.settle();
    assert.match((await panel.page.getAttribute(global, 'class'))!, /arrow-dangling/);
    const g = await pathEnds(panel.page, global);
    assert.ok(touches(g.start, await box(stackRow('global last_seen')), 'right'));
    assert.ok(touches(g.end, await box(stackRow('make_node (returned): local copy')), 'right'));
  });

  it('highlights what changed since the last stop, down to single bytes', async () => {
    assert.match((await heapRow(NODE3).getAttribute('class'))!, /\bchanged\b/);
    assert.doesNotMatch((await heapRow(LEAKED).getAttribute('class'))!, /\bchanged\b/);
    assert.match((await stackRow('push: local n').getAttribute('class'))!, /\bchanged\b/, 'the new frame is highlighted');
    const copy = stackRow('make_node (returned): local copy');
    assert.deepEqual(await copy.locator('.byte.changed-byte').allTextContents(), ['03']);
    assert.doesNotMatch((await stackRow('main: local head').getAttribute('class'))!, /\bchanged\b/);
  });

  it('selecting a pointer highlights its target and asks for the walk of its address', async () => {
    await panel.clearPosted();
    await stackRow('main: local head').click();
    await panel.page.waitForFunction(() => document.querySelector('.heap-list .vrow.related') !== null);
    assert.match((await heapRow(NODE2).getAttribute('class'))!, /\brelated\b/);
    assert.match((await panel.page.getAttribute(`path.arrow[data-from="${hex(FP_MAIN - 24)}"]`, 'class'))!, /arrow-emphasised/);
    assert.deepEqual(await panel.posted(), [
      { kind: 'select-address', pid: 1, address: FP_MAIN - 24, origin: 'variable' },
      { kind: 'highlight', pid: 1, address: FP_MAIN - 24, size: 8 },
    ]);
    const walk = TABLES.walk(FP_MAIN - 24, true);
    await panel.send({ kind: 'walk', pid: 1, address: FP_MAIN - 24, origin: 'variable', result: { kind: 'ok', walk } });
    await panel.page.waitForFunction(() => /physical/.test(document.querySelector('.selection-line')!.textContent!));
    assert.match((await panel.page.locator('.selection-line').textContent())!, new RegExp(`→ points to ${hex(NODE2 + 16)} \\(valid\\).*virtual ${hex(FP_MAIN - 24)} → physical ${hex(13 * 4096 + ((FP_MAIN - 24) % 4096))}`));
  });

  it('selecting a block highlights every pointer into it (the reverse direction)', async () => {
    await panel.clearPosted();
    await heapRow(NODE1).click();
    await panel.page.waitForFunction(() => document.querySelector('.stack-list .vrow.related') !== null);
    const related = await panel.page.locator('.stack-list .vrow.related').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    assert.deepEqual(related.map((l) => l!.split(',')[0]), ['main: local stale']);
    assert.match((await panel.page.locator('.selection-line').textContent())!, /Block #3 at 0x405070 \(freed, pointed to, 32 B\) ← pointed to by main: stale/);
    assert.deepEqual((await panel.posted())[0], { kind: 'select-address', pid: 1, address: NODE1 + 16, origin: 'block' });
  });

  it('reveals allocation and free sites in the editor', async () => {
    await panel.clearPosted();
    await heapRow(LEAKED).locator('.site-link').click();
    await heapRow(NODE1).locator('.free-site').click();
    assert.deepEqual(await panel.posted(), [
      { kind: 'reveal', file: FILES[0], line: 23, column: 16 },
      { kind: 'reveal', file: FILES[0], line: 31, column: 3 },
    ]);
  });

  it('asks for the whole snapshot when a delta does not apply', async () => {
    await panel.clearPosted();
    await panel.send({ kind: 'delta', delta: diffSnapshots(inMain, inPush) });
    await panel.page.waitForFunction(() => (window as unknown as { __posted: { kind: string }[] }).__posted.length > 0);
    assert.deepEqual(await panel.posted(), [{ kind: 'resync', panel: 'memory-map' }]);
  });

  it('announces the stop in a polite live region', async () => {
    const region = panel.page.locator('[role="status"][aria-live="polite"]');
    assert.equal(await region.textContent(),
      'Step 535: stopped in push at list.c:18. 3 frames, 3 heap blocks allocated, 1 leaked, 2 free, 3 blocks and 4 stack items changed.');
  });

  it('keeps its selection across a reload through setState', async () => {
    await stackRow('main: local stale').click();
    const state = await panel.savedState();
    assert.deepEqual(state, { panel: 'memory-map', view: { pid: null, selected: FP_MAIN - 32 } });
    const reloaded = await openPanel(browser, 'memory-map', { state });
    try {
      assert.deepEqual(await reloaded.posted(), [{ kind: 'ready', panel: 'memory-map', step: null }]);
      await reloaded.sendAndWait({ kind: 'snapshot', snapshot: inPush, history: [] }, inPush.step);
      const selected = reloaded.page.locator('.stack-list .vrow.selected');
      assert.match((await selected.getAttribute('aria-label'))!, /^main: local stale/);
      assert.match((await reloaded.page.locator(`.heap-list .vrow.related`).getAttribute('aria-label'))!, /block #3 at 0x405070/);
    } finally {
      await reloaded.page.context().close();
    }
  });

  it('draws without violating the content security policy', async () => {
    await stackRow('main: local head').click();
    assert.deepEqual(await panel.cspViolations(), []);
  });

  it('follows the address of a slot at a word boundary: a 4-byte slot shows 4 bytes', async () => {
    // make_node's `value` argument is 8 bytes; the heap marker rows carry no bytes.
    assert.equal(await stackRow('make_node (returned): argument value').locator('.byte:not(.outside)').count(), 8);
    assert.equal(await stackRow(`main: local lost`).locator('.verdict-null').textContent(), 'null');
    assert.equal(await stackRow('main: local spare').locator('.verdict').textContent(), 'dangling: freed block');
    assert.equal(await panel.page.locator(`.heap-list .row-marker`).nth(1).locator('.addr').textContent(), hex(ADDRESSES.BRK));
    void FP_MAKE;
  });
});
