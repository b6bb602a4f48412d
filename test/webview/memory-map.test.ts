// The Memory Map panel in Chromium, fed the snapshots the engine takes of test/webview/programs/list.c
// (recorded as the test runs: fixtures/list.ts), as the debug adapter would serve them: first main at
// the third push, then a delta to the stop inside that push. What the panel must show is stated from
// the program (which block leaks, which line freed what, what points where) and from the snapshot it
// was given; the bytes it draws are decoded here to check they say the same as the values beside them.

import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { diffSnapshots } from '../../src/engine/snapshot/delta';
import { launch, openPanel, type PanelPage } from './harness/browser';
import { box, pathEnds, touches } from './harness/geometry';
import { Recording, hex } from './fixtures/engine';
import { blockOf, frameOf, littleEndian, processOf, recordList, slotOf, type ListStops } from './fixtures/list';

/** Blocks of list.c by allocation order: lost, spare, node 1, name, node 2, node 3. */
const LOST = 1, SPARE = 2, NODE1 = 3, NAME = 4, NODE2 = 5, NODE3 = 6;

/** The chunk the allocator makes for a request (docs/heap.md: header and footer words, 16-byte multiples, at least 32). */
const chunkSize = (requested: number) => Math.max(32, Math.ceil((requested + 16) / 16) * 16);

describe('Memory Map panel on the engine’s snapshots of list.c (Chromium)', function () {
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
  beforeEach(async () => {
    panel = await openPanel(browser, 'memory-map');
    await panel.sendAndWait({ kind: 'snapshot', snapshot: list.inMain, history: [] }, list.inMain.step);
    await panel.sendAndWait({ kind: 'delta', delta: diffSnapshots(list.inMain, list.inPush) }, list.inPush.step);
  });
  afterEach(async () => {
    await panel.page.context().close();
  });

  const stackRow = (label: string) => panel.page.locator(`.stack-list .vrow[aria-label^="${label}"]`);
  const heapRow = (address: number) => panel.page.locator(`.heap-list .vrow.row-chunk[aria-label*=" at ${hex(address)},"]`);
  const blockRow = (id: number) => heapRow(blockOf(list.inPush, id).start);

  it('draws each frame byte by byte: names, values and the bytes of every slot', async () => {
    const slot = slotOf(list.inPush, 'main', 'head');
    const head = stackRow('main: local head');
    await head.waitFor();
    assert.equal(await head.locator('.name').textContent(), 'head');
    assert.equal(await head.locator('.addr').textContent(), hex(slot.address));
    // head holds the second node's payload: the value shown and the bytes drawn both say so.
    const node2 = blockOf(list.inPush, NODE2).payload;
    assert.equal(await head.locator('.value').textContent(), hex(node2));
    const bytes = await head.locator('.byte').allTextContents();
    assert.equal(bytes.length, 8);
    assert.equal(littleEndian(bytes.join('')), node2, 'the bytes, lowest address first, are the value little-endian');
    assert.equal(await stackRow('push: argument value').locator('.value').textContent(), '3');
    assert.equal(await stackRow('push: padding').locator('.name').textContent(), 'padding');
    // The frame's slots sit where docs/abi.md puts them: return address at fp+8, saved fp at fp.
    const push = frameOf(list.inPush, 'push');
    assert.equal(await stackRow('push: return address').locator('.addr').textContent(), hex(push.fp + 8));
    assert.equal(await stackRow('push: saved fp').locator('.addr').textContent(), hex(push.fp));
  });

  it("names the caller's line in each return address and links it to the source", async () => {
    const ret = stackRow('push: return address');
    assert.equal(await ret.locator('.value').textContent(), `↩ main() list.c:${list.lines.thirdPush}`);
    assert.match((await ret.getAttribute('aria-label'))!, new RegExp(`returns to main at list\\.c:${list.lines.thirdPush}`));
    await panel.clearPosted();
    await ret.locator('.site-link').click();
    const column = slotOf(list.inPush, 'push', 'return-address').returnsTo!.site.column;
    assert.deepEqual(await panel.posted(), [{ kind: 'reveal', file: list.file, line: list.lines.thirdPush, column }]);
    // The returned make_node still names the line of its call in push, though push has moved on since.
    assert.equal(await stackRow('make_node (returned): return address').locator('.value').textContent(), `↩ push() list.c:${list.lines.makeNodeCall}`);
  });

  it('highlights the current frame and marks sp and fp', async () => {
    const header = panel.page.locator('.stack-list .row-frame.current-frame');
    assert.equal(await header.count(), 1);
    assert.equal(await header.locator('.function').textContent(), 'push()');
    assert.equal(await header.locator('.badge-current').textContent(), 'current');
    assert.equal(await stackRow('push: saved fp').locator('.reg-marker').textContent(), 'fp→');
    const sp = panel.page.locator('.stack-list .row-marker');
    assert.equal(await sp.locator('.addr').textContent(), hex(processOf(list.inPush).registers.sp));
    assert.equal(await panel.page.locator('.as-stack .as-marker').textContent(), 'sp fp');
    assert.equal(await panel.page.locator('.as-heap .as-marker').textContent(), 'brk');
  });

  it('shows the returned make_node, which last_seen still points into, as a tombstone below sp', async () => {
    const tomb = panel.page.locator('.stack-list .row-frame.tombstone');
    assert.equal(await tomb.locator('.function').textContent(), 'make_node()');
    assert.equal(await tomb.locator('.badge-tombstone').textContent(), 'returned — still pointed to');
    const spIndex = Number(await panel.page.locator('.stack-list .row-marker').getAttribute('data-index'));
    assert.ok(Number(await tomb.getAttribute('data-index')) > spIndex, 'the tombstone is drawn below sp');
    const copy = stackRow('make_node (returned): local copy');
    assert.match((await copy.getAttribute('class'))!, /tombstone/);
    assert.equal(await copy.locator('.value').textContent(), '3', 'the dead frame still holds the value of the third call');
  });

  it('labels every heap block with its state in words and an icon, with sizes and sites', async () => {
    const l = list.lines;
    const expectations: [number, string, RegExp][] = [
      [LOST, 'leaked', new RegExp(`^leaked block #1 at ${hex(blockOf(list.inPush, LOST).start)}, ${chunkSize(40)} bytes: header 8, payload 40.*allocated in main at list\\.c:${l.lost}`)],
      [SPARE, 'free', new RegExp(`^free block #2 .*freed in main at list\\.c:${l.freeSpare}, next free block ${hex(blockOf(list.inPush, NAME).start)}`)],
      [NAME, 'freed, pointed to', new RegExp(`^freed, pointed to block #4 .*allocated in main at list\\.c:${l.name}, freed in main at list\\.c:${l.freeName}`)],
      [NODE1, 'allocated', new RegExp(`^allocated block #3 at .*, ${chunkSize(24)} bytes.*allocated in make_node at list\\.c:${l.nodeMalloc}`)],
      [NODE2, 'allocated', /^allocated block #5 /],
      [NODE3, 'allocated', /^allocated block #6 /],
    ];
    for (const [id, word, label] of expectations) {
      const row = blockRow(id);
      assert.equal(await row.locator('.chunk-state').textContent(), word, `block #${id}`);
      assert.equal(await row.locator('.chunk-state svg.icon').count(), 1, `${word} has an icon`);
      assert.match((await row.getAttribute('aria-label'))!, label);
    }
    assert.equal(await blockRow(LOST).locator('.chunk-size').textContent(), `${chunkSize(40)} B`);
    assert.deepEqual(await blockRow(NAME).locator('.site-link').allTextContents(), [`list.c:${l.name}`, `freed list.c:${l.freeName}`]);
  });

  it('shows fragmentation figures and the free list as a chain and as links', async () => {
    const figure = (name: string) => panel.page.locator(`[data-figure="${name}"] dd`).textContent();
    const [spare, name] = [blockOf(list.inPush, SPARE), blockOf(list.inPush, NAME)];
    assert.equal(await figure('total-free'), `${spare.size + name.size} B`);
    assert.equal(await figure('largest-free'), `${Math.max(spare.size, name.size)} B`);
    assert.equal(await figure('leaked'), '1 block, 40 B');
    assert.equal(await figure('allocated'), `4 blocks, ${40 + 3 * 24} B`, 'lost and the three nodes');
    assert.equal(await panel.page.locator('[data-figure="free-list"]').textContent(), `free list: ${hex(spare.start)} → ${hex(name.start)} → end`);
    assert.equal(await panel.page.locator(`path.arrow-free-link[data-from="${hex(spare.start)}"][data-to="${hex(name.start)}"]`).count(), 1);
  });

  it('draws pointer arrows from the slot to the block, dangling ones distinctly', async () => {
    const head = slotOf(list.inPush, 'main', 'head').address;
    const selector = `path.arrow[data-from="${hex(head)}"]`;
    const ends = await pathEnds(panel.page, selector);
    assert.ok(touches(ends.start, await box(stackRow('main: local head')), 'right'), `starts at the slot: ${JSON.stringify(ends.start)}`);
    assert.ok(touches(ends.end, await box(blockRow(NODE2)), 'left'), `ends at block #5: ${JSON.stringify(ends.end)}`);
    assert.match((await panel.page.getAttribute(selector, 'class'))!, /arrow-valid/);
    const name = `path.arrow[data-from="${hex(slotOf(list.inPush, 'main', 'name').address)}"]`;
    assert.match((await panel.page.getAttribute(name, 'class'))!, /arrow-dangling/);
    assert.ok(touches((await pathEnds(panel.page, name)).end, await box(blockRow(NAME)), 'left'));
    // A heap word pointing to another block: node 2's next field, an arrow within the heap list.
    const next = `path.arrow[data-from="${hex(blockOf(list.inPush, NODE2).payload + 8)}"]`;
    assert.match((await panel.page.getAttribute(next, 'class'))!, /arrow-valid/);
    // The global last_seen points into the tombstone: an arrow within the left list, dangling.
    const lastSeen = processOf(list.inPush).globals.find((g) => g.name === 'last_seen')!;
    const global = `path.arrow[data-from="${hex(lastSeen.address)}"]`;
    await panel.page.locator('.stack-list').evaluate((e) => e.scrollTo(0, e.scrollHeight));
    await panel.settle();
    assert.match((await panel.page.getAttribute(global, 'class'))!, /arrow-dangling/);
    const g = await pathEnds(panel.page, global);
    assert.ok(touches(g.start, await box(stackRow('global last_seen')), 'right'));
    assert.ok(touches(g.end, await box(stackRow('make_node (returned): local copy')), 'right'));
  });

  it('highlights what changed since the last stop, down to single bytes', async () => {
    assert.match((await blockRow(NODE3).getAttribute('class'))!, /\bchanged\b/, 'the new node');
    assert.doesNotMatch((await blockRow(LOST).getAttribute('class'))!, /\bchanged\b/);
    assert.match((await stackRow('push: local n').getAttribute('class'))!, /\bchanged\b/, 'the new frame is highlighted');
    // make_node's dead copy went from 2 (the second call) to 3: only its lowest byte differs.
    assert.deepEqual(await stackRow('make_node (returned): local copy').locator('.byte.changed-byte').allTextContents(), ['03']);
    assert.doesNotMatch((await stackRow('main: local head').getAttribute('class'))!, /\bchanged\b/);
  });

  it('selecting a pointer highlights its target and asks for the walk of its address; the walk comes back', async () => {
    const head = slotOf(list.inPush, 'main', 'head').address;
    await panel.clearPosted();
    await stackRow('main: local head').click();
    await panel.page.waitForFunction(() => document.querySelector('.heap-list .vrow.related') !== null);
    assert.match((await blockRow(NODE2).getAttribute('class'))!, /\brelated\b/);
    assert.match((await panel.page.getAttribute(`path.arrow[data-from="${hex(head)}"]`, 'class'))!, /arrow-emphasised/);
    assert.deepEqual(await panel.posted(), [
      { kind: 'select-address', pid: 1, address: head, origin: 'variable' },
      { kind: 'highlight', pid: 1, address: head, size: 8 },
    ]);
    // Answered as the adapter would: the engine's walk of that address at this stop.
    const walk = list.run.walk(1, head);
    assert.equal(walk.result.kind, 'mapped');
    await panel.send({ kind: 'walk', pid: 1, address: head, origin: 'variable', result: { kind: 'ok', walk } });
    await panel.page.waitForFunction(() => /physical/.test(document.querySelector('.selection-line')!.textContent!));
    const physical = walk.result.kind === 'mapped' ? walk.result.physical : -1;
    assert.equal(physical % 4096, head % 4096, 'the page offset survives translation');
    assert.match((await panel.page.locator('.selection-line').textContent())!,
      new RegExp(`→ points to ${hex(blockOf(list.inPush, NODE2).payload)} \\(valid\\).*virtual ${hex(head)} → physical ${hex(physical)}`));
  });

  it('selecting a block highlights every pointer into it (the reverse direction)', async () => {
    const name = blockOf(list.inPush, NAME);
    await panel.clearPosted();
    await blockRow(NAME).click();
    await panel.page.waitForFunction(() => document.querySelector('.stack-list .vrow.related') !== null);
    const related = await panel.page.locator('.stack-list .vrow.related').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')));
    assert.deepEqual(related.map((l) => l!.split(',')[0]), ['main: local name']);
    assert.match((await panel.page.locator('.selection-line').textContent())!, new RegExp(`Block #4 at ${hex(name.start)} \\(freed, pointed to, ${name.size} B\\) ← pointed to by main: name`));
    assert.deepEqual((await panel.posted())[0], { kind: 'select-address', pid: 1, address: name.payload, origin: 'block' });
  });

  it('reveals allocation and free sites in the editor', async () => {
    await panel.clearPosted();
    await blockRow(LOST).locator('.site-link').click();
    await blockRow(NAME).locator('.free-site').click();
    const posted = await panel.posted();
    assert.deepEqual(posted.map((m) => (m.kind === 'reveal' ? [m.file, m.line] : m.kind)), [[list.file, list.lines.lost], [list.file, list.lines.freeName]]);
  });

  it('asks for the whole snapshot when a delta does not apply', async () => {
    await panel.clearPosted();
    await panel.send({ kind: 'delta', delta: diffSnapshots(list.inMain, list.inPush) });
    await panel.page.waitForFunction(() => (window as unknown as { __posted: { kind: string }[] }).__posted.length > 0);
    assert.deepEqual(await panel.posted(), [{ kind: 'resync', panel: 'memory-map' }]);
  });

  it('announces the stop in a polite live region', async () => {
    const region = panel.page.locator('[role="status"][aria-live="polite"]');
    assert.match((await region.textContent())!,
      new RegExp(`^Step ${list.inPush.step}: stopped in push at list\\.c:${list.lines.inPush}\\. 3 frames, 4 heap blocks allocated, 1 leaked, 1 free, 1 freed but still pointed to, 1 block and \\d+ stack items changed\\.$`));
  });

  it('keeps its selection across a reload through setState', async () => {
    const name = slotOf(list.inPush, 'main', 'name').address;
    await stackRow('main: local name').click();
    const state = await panel.savedState();
    assert.deepEqual(state, { panel: 'memory-map', view: { pid: null, selected: name } });
    const reloaded = await openPanel(browser, 'memory-map', { state });
    try {
      assert.deepEqual(await reloaded.posted(), [{ kind: 'ready', panel: 'memory-map', step: null }]);
      await reloaded.sendAndWait({ kind: 'snapshot', snapshot: list.inPush, history: [] }, list.inPush.step);
      const selected = reloaded.page.locator('.stack-list .vrow.selected');
      assert.match((await selected.getAttribute('aria-label'))!, /^main: local name/);
      assert.match((await reloaded.page.locator(`.heap-list .vrow.related`).getAttribute('aria-label'))!, /block #4 at/);
    } finally {
      await reloaded.page.context().close();
    }
  });

  it('draws without violating the content security policy', async () => {
    await stackRow('main: local head').click();
    assert.deepEqual(await panel.cspViolations(), []);
  });

  it('shows each slot at its size with its verdict: a 4-byte int, null and dangling pointers', async () => {
    assert.equal(await stackRow('main: local ok').locator('.byte:not(.outside)').count(), 4);
    assert.equal(await stackRow('make_node (returned): argument value').locator('.byte:not(.outside)').count(), 8);
    assert.equal(await stackRow('main: local lost').locator('.verdict-null').textContent(), 'null');
    assert.equal(await stackRow('main: local name').locator('.verdict').textContent(), 'dangling: freed block');
    assert.equal(await panel.page.locator('.heap-list .row-marker').nth(1).locator('.addr').textContent(), hex(processOf(list.inPush).heap.brk));
  });
});

describe('Memory Map panel beside an editor (Chromium)', function () {
  it('at 780 px the stack rows keep their values (dropping their bytes) and the heap is not cut off', async () => {
    const list = recordList();
    const browser = await launch();
    try {
      const visible = async (panel: PanelPage, selector: string) => panel.page.locator(selector).first().evaluate((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.right <= document.documentElement.clientWidth;
      });
      for (const [width, bytes] of [[780, false], [1200, true]] as const) {
        const panel = await openPanel(browser, 'memory-map', { width });
        await panel.sendAndWait({ kind: 'snapshot', snapshot: list.inPush, history: [] }, list.inPush.step);
        const head = '.stack-list .vrow[aria-label^="main: local head"]';
        assert.equal(await visible(panel, `${head} .value`), true, `${width} px: the value is shown`);
        assert.equal(await visible(panel, `${head} .bytes`), bytes, `${width} px: bytes ${bytes ? 'shown' : 'left out'}`);
        assert.equal(await visible(panel, '.heap-list .row-chunk .chunk-size'), true, `${width} px: the heap's sizes are inside the window`);
        assert.equal(await panel.page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true, `${width} px: nothing sticks out sideways`);
        await panel.page.context().close();
      }
    } finally {
      await browser.close();
    }
  });
});

describe('Memory Map panel on a runaway recursion (Chromium)', function () {
  it('draws the innermost and outermost frames, and one row for the thousands left out between them', async () => {
    const run = Recording.of('examples/stack_overflow.c');
    const crashed = run.runToEnd();
    const p = processOf(crashed);
    const elided = p.elided!;
    assert.ok(elided, 'the engine left frames out');
    const browser = await launch();
    try {
      const panel = await openPanel(browser, 'memory-map');
      await panel.sendAndWait({ kind: 'snapshot', snapshot: crashed, history: [] }, crashed.step);
      const total = p.stack.filter((f) => !f.dead).length + elided.frames;
      await panel.page.locator('.stack-list').evaluate((e) => e.scrollTo(0, 0));
      await panel.settle();
      assert.match((await panel.page.locator('.stack-list .vrow[data-index="0"]').getAttribute('aria-label'))!, new RegExp(`^Stack — grows down, ${total.toLocaleString('en-US')} frames`));
      const top = await panel.page.locator('.stack-list .vrow').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
      assert.ok(top.some((l) => /^frame main at stack_overflow\.c/.test(l)), `the outermost frames are drawn at the top: ${top.slice(0, 12).join(' | ')}`);
      // Scroll down a screen at a time until the gap's row is drawn.
      const gap = panel.page.locator('.stack-list .vrow', { hasText: 'more frames, not drawn' });
      for (let i = 0; i < 200 && (await gap.count()) === 0; i++) {
        await panel.page.locator('.stack-list').evaluate((e) => e.scrollBy(0, e.clientHeight - 40));
        await panel.settle();
      }
      assert.equal(await gap.locator('.section-title').textContent(), `⋯ ${elided.frames.toLocaleString('en-US')} more frames, not drawn`);
      // Just above the gap, the last slot of an outer dive(); just below it, the outermost inner dive().
      const labels = await panel.page.locator('.stack-list .vrow').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
      const at = labels.findIndex((l) => l.includes('more frames, not drawn'));
      assert.match(labels[at - 1] ?? '', /^dive: /);
      assert.match(labels[at + 1] ?? '', /^frame dive at stack_overflow\.c/);
      assert.match((await panel.page.locator('[role="status"]').textContent())!, new RegExp(`${total} frames`));
    } finally {
      await browser.close();
    }
  });
});
