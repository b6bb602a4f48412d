// Program text reaches the panels only as text: the snapshot of a program whose strings, file name and
// process name hold markup and script (fixtures/xss.ts) is drawn, and nothing is created or run.

import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import type { Snapshot } from '../../src/protocol/messages';
import { launch, openPanel } from './harness/browser';
import { MARKUP, hostileSnapshot } from './fixtures/xss';

describe('panels treat program text as text (Chromium)', function () {
  let browser: Browser;
  let hostile: Snapshot;
  let evil: string;

  before(async () => {
    ({ snapshot: hostile, text: evil } = hostileSnapshot());
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('the engine carries the markup into the snapshot verbatim', () => {
    const p = hostile.processes[0]!;
    assert.equal(p.name, MARKUP[0], 'the process is named after the file');
    assert.ok(p.globals.some((g) => g.kind === 'string-literal' && g.value.text === JSON.stringify(evil)), 'the literal, quoted as C would');
    assert.ok(hostile.errors.some((e) => e.kind === 'use-after-free' && e.stack[0]!.file.includes(MARKUP[0]!)), 'the error names the file');
  });

  for (const kind of ['memory-map', 'paging'] as const) {
    it(`${kind}: markup and script in names, strings and errors render as text and run nothing`, async () => {
      const panel = await openPanel(browser, kind);
      try {
        await panel.sendAndWait({ kind: 'snapshot', snapshot: hostile, history: [] }, hostile.step);
        await panel.settle();
        const found = await panel.page.evaluate(() => ({
          pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
          images: document.querySelectorAll('img').length,
          scripts: document.querySelectorAll('script').length,
          handlers: Array.from(document.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
          text: document.body.textContent ?? '',
        }));
        assert.equal(found.pwned, null, 'no injected handler or script ran');
        assert.equal(found.images, 0, 'no <img> was created');
        assert.equal(found.scripts, 1, 'only the panel bundle is a script');
        assert.equal(found.handlers, 0, 'no element carries an event-handler attribute');
        assert.ok(found.text.includes(`${MARKUP[0]}.c:`), 'the file name is shown as text (the error\'s source link)');
        assert.ok(found.text.includes(`pid 1 ${MARKUP[0]}`), 'the process name is shown as text');
        if (kind === 'memory-map') {
          assert.ok(found.text.includes(JSON.stringify(evil)), 'the string literal is shown as text');
          assert.ok(found.text.includes(MARKUP[1]!), 'the variable name is shown as text');
          const labels = await panel.page.locator('.vrow[aria-label]').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label')).join('\n'));
          assert.ok(labels.includes(MARKUP[1]!), 'labels carry the text verbatim');
        }
        assert.deepEqual(await panel.cspViolations(), [], 'nothing even tried to load or run');
      } finally {
        await panel.page.context().close();
      }
    });
  }

  it('the page policy blocks inline script even if some were injected', async () => {
    const panel = await openPanel(browser, 'memory-map');
    try {
      await panel.page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__pwned = 4';
        document.body.appendChild(s);
      });
      await panel.settle();
      assert.equal(await panel.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null), null);
      assert.ok((await panel.cspViolations()).some((v) => v.startsWith('script-src')));
    } finally {
      await panel.page.context().close();
    }
  });
});
