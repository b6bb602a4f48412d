import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { diffSnapshots } from '../../src/engine/snapshot/delta';
import { ROOT, launch, openPanel, type PanelPage } from './harness/browser';
import { THEMES, type ThemeName } from './harness/themes';
import { blockOf, processOf, recordList, type ListStops } from './fixtures/list';

const SHOTS = join(ROOT, 'test-results', 'webview');
const CSS = readFileSync(join(ROOT, 'media', 'memscope.css'), 'utf8');

/** Font lists compare without their optional quotes (Chromium drops them where it may). */
const unquoted = (fonts: string) => fonts.replace(/"/g, '');

/** "#3794ff" → "rgb(55, 148, 255)", as getComputedStyle reports an opaque colour. */
function rgb(hexColour: string): string {
  const h = hexColour.replace('#', '');
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

describe('themes', function () {
  it('the stylesheet uses no colour of its own, only theme variables', () => {
    const code = CSS.replace(/\/\*[\s\S]*?\*\//g, '');
    assert.deepEqual(code.match(/#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(/g) ?? [], []);
    const withoutVariables = code.replace(/var\(--vscode-[\w-]+/g, 'var(');
    const named = withoutVariables.match(/:\s*[^;{]*\b(white|black|red|green|blue|yellow|orange|gray|grey)\b/g) ?? [];
    assert.deepEqual(named, []);
  });

  it('every variable the stylesheet uses without a fallback is set by all three default themes', () => {
    const code = CSS.replace(/\/\*[\s\S]*?\*\//g, '');
    // Rules under .vscode-high-contrast only ever apply in high contrast.
    const bare = { all: new Set<string>(), highContrast: new Set<string>() };
    for (const rule of code.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
      const set = rule[1]!.includes('.vscode-high-contrast') ? bare.highContrast : bare.all;
      for (const m of rule[2]!.matchAll(/var\((--vscode-[\w-]+)\s*([,)])/g)) if (m[2] === ')') set.add(m[1]!);
    }
    assert.ok(bare.all.size > 10 && bare.highContrast.size > 0, 'the rules were read');
    for (const name of Object.keys(THEMES) as ThemeName[]) {
      const used = name === 'high-contrast' ? [...bare.all, ...bare.highContrast] : [...bare.all];
      const missing = used.filter((v) => !(v in THEMES[name].variables));
      assert.deepEqual(missing, [], `${name} theme leaves these unset; give them a fallback`);
    }
  });

  describe('in Chromium', () => {
    let browser: Browser;
    let list: ListStops;
    before(async () => {
      list = recordList();
      browser = await launch();
      mkdirSync(SHOTS, { recursive: true });
    });
    after(async () => {
      await browser?.close();
    });

    for (const name of Object.keys(THEMES) as ThemeName[]) {
      it(`${name}: both panels take every colour and font from the theme (screenshots in test-results/webview)`, async () => {
        const v = THEMES[name].variables;
        const map: PanelPage = await openPanel(browser, 'memory-map', { theme: name });
        const paging: PanelPage = await openPanel(browser, 'paging', { theme: name });
        const { inMain, inPush } = list;
        try {
          await map.sendAndWait({ kind: 'snapshot', snapshot: inMain, history: [] }, inMain.step);
          await map.sendAndWait({ kind: 'delta', delta: diffSnapshots(inMain, inPush) }, inPush.step);
          await map.page.locator(`.stack-list .vrow[aria-label^="main: local head"]`).click();
          await map.settle();
          const style = (selector: string, property: string) => map.page.$eval(selector, (e, p) => getComputedStyle(e).getPropertyValue(p), property);
          assert.equal(await style('body', 'background-color'), rgb(v['--vscode-editor-background']!));
          assert.equal(unquoted(await style('body', 'font-family')), unquoted(v['--vscode-font-family']!));
          assert.equal(unquoted(await style('.stack-list .addr', 'font-family')), unquoted(v['--vscode-editor-font-family']!));
          assert.equal(await style('.heap-list .state-leaked .chunk-state', 'color'), rgb(v['--vscode-charts-orange']!));
          assert.equal(await style('.heap-list .state-allocated .chunk-state', 'color'), rgb(v['--vscode-charts-green']!));
          assert.equal(await style('.heap-list .state-dangling-target .chunk-state', 'color'), rgb(v['--vscode-charts-red']!));
          assert.equal(await style('path.arrow-valid', 'stroke'), rgb(v['--vscode-charts-blue']!));
          assert.equal(await style('path.arrow-dangling', 'stroke'), rgb(v['--vscode-charts-red']!));
          assert.equal(await style('.site-link', 'color'), rgb(v['--vscode-textLink-foreground']!));
          if (name === 'high-contrast') {
            // High contrast sets no selection or change backgrounds: outlines and borders carry them.
            assert.equal(await style('.stack-list .vrow.selected', 'outline-color'), rgb(v['--vscode-contrastActiveBorder']!));
            assert.equal(await style('.heap-list .vrow.changed', 'border-left-color'), rgb(v['--vscode-contrastActiveBorder']!));
          } else {
            assert.notEqual(await style('.heap-list .vrow.changed', 'background-color'), 'rgba(0, 0, 0, 0)', 'changes are highlighted');
          }
          await map.page.screenshot({ path: join(SHOTS, `memory-map-${name}.png`) });

          await paging.sendAndWait({ kind: 'snapshot', snapshot: inPush, history: [{ step: inMain.step, pid: 1, counters: processOf(inMain).counters }] }, inPush.step);
          const address = blockOf(inPush, 5).payload;
          await paging.send({ kind: 'walk', pid: 1, address, origin: 'variable', result: { kind: 'ok', walk: list.run.walk(1, address) } });
          await paging.page.locator('.walk-table').waitFor();
          await paging.settle();
          const pstyle = (selector: string, property: string) => paging.page.$eval(selector, (e, p) => getComputedStyle(e).getPropertyValue(p), property);
          assert.equal(await pstyle('body', 'color'), rgb(v['--vscode-foreground']!.slice(0, 7)));
          assert.equal(await pstyle('.walk-mapped strong', 'color'), rgb(v['--vscode-charts-green']!));
          assert.equal(await pstyle('.cell-page-table', 'background-color'), rgb(v['--vscode-charts-purple']!));
          await paging.page.screenshot({ path: join(SHOTS, `paging-${name}.png`), fullPage: true });
        } finally {
          await map.page.context().close();
          await paging.page.context().close();
        }
      });
    }
  });
});
