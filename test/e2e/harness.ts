// Drives a real VS Code (code-server, scripts/code-server.mjs) in Debian's Chromium through
// playwright-core, the way a student uses memscope: open a folder, open files with Quick Open, run
// commands from the palette, click the gutter, press keys, hover, read the Problems panel, look into
// the memory panels' webviews.
//
// `openWorkbench()` copies examples/ (plus any fixture files) into a temporary folder, starts
// code-server on a free port with the packaged memscope.vsix installed, launches a headless Chromium
// with a fresh profile, and waits until the workbench shows the folder. `close()` closes the browser,
// kills code-server's process group and deletes the folders, also when a test failed half-way.
// Screenshots go to test-results/e2e/. Selectors are VS Code 1.100's workbench DOM.

import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type BrowserContext, type Frame, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { startCodeServer, type CodeServer, type CodeServerOptions } from '../../scripts/code-server.mjs';

export const ROOT = join(__dirname, '..', '..');
export const SCREENSHOTS = join(ROOT, 'test-results', 'e2e');
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface WorkbenchOptions extends Pick<CodeServerOptions, 'vsix' | 'extensionDevelopmentPath' | 'extensionTestsPath' | 'env'> {
  /** Extra files for the workspace, by relative path. */
  files?: Record<string, string>;
  /** Copy examples/ into the workspace (default true). */
  examples?: boolean;
  /** Run before the page loads (e.g. to expose functions the workbench calls). */
  beforeLoad?: (page: Page) => Promise<void>;
  /** Wait for the explorer to show the folder (default true). */
  waitForExplorer?: boolean;
  /** The browser window's size (default 1400 × 900). */
  viewport?: { width: number; height: number };
}

export interface Timings {
  serverReadyMs: number;
  workbenchReadyMs: number;
}

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    readonly server: CodeServer,
    readonly folder: string,
    /** The temporary folder holding the workspace and the browser profile. */
    private readonly base: string,
    readonly timings: Timings,
  ) {}

  /** The path of a workspace file. */
  path(relative: string): string {
    return join(this.folder, relative);
  }

  /** Opens a file through Quick Open (Ctrl+P) and waits until its editor is active. */
  async openFile(relative: string): Promise<void> {
    const name = relative.split('/').pop()!;
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relative);
    // Enter opens the highlighted row; wait until filtering has put the file there (before it, the
    // list still shows recently opened files).
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
    await this.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
  }

  /** Runs a command by its palette label (e.g. "memscope: Debug Current File"). */
  async runCommand(label: string): Promise<void> {
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor();
    await row.click();
  }

  /** The text of the notifications currently shown (toasts). */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  /** Waits for a notification containing `text`. */
  async waitForNotification(text: string | RegExp, timeout = 15000): Promise<string> {
    const item = this.page.locator('.notifications-toasts .notification-list-item-message', { hasText: text }).first();
    await item.waitFor({ timeout });
    return item.innerText();
  }

  /** Opens the Problems panel and returns its rows as VS Code labels them for screen readers. */
  async problems(): Promise<string[]> {
    await this.runCommand('View: Focus Problems');
    const panel = this.page.locator('.markers-panel');
    await panel.waitFor();
    return panel.locator('.monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
  }

  /** The language shown in the status bar for the active editor ("Mini C", "C"…). */
  async languageMode(): Promise<string> {
    const item = this.page.locator('[id="status.editor.mode"]');
    await item.waitFor();
    return (await item.innerText()).trim();
  }

  /** Bounding box of the line-number cell of a 1-based line in the active editor. */
  async lineNumberBox(line: number) {
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    const cell = editor.locator('.margin-view-overlays .line-numbers', { hasText: new RegExp(`^\\s*${line}\\s*$`) }).first();
    // A line below the fold is scrolled into view first (Go to Line), as a user would scroll to it.
    if (!(await cell.waitFor({ timeout: 3000 }).then(() => true, () => false))) {
      await editor.locator('.view-lines').first().click();
      await this.page.keyboard.press('Control+G');
      await this.page.keyboard.type(String(line));
      await this.page.keyboard.press('Enter');
    }
    // The editor re-renders its lines while it settles (tokenization, folding), so ask again briefly.
    for (let attempt = 0; attempt < 20; attempt++) {
      await cell.waitFor();
      const box = await cell.boundingBox().catch(() => null);
      if (box) return box;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`line ${line} is not visible`);
  }

  /** Toggles a breakpoint by clicking the gutter (glyph margin) left of a line's number. */
  async toggleBreakpoint(line: number): Promise<void> {
    const box = await this.lineNumberBox(line);
    const margin = await this.page.locator('.editor-instance .monaco-editor .glyph-margin').first().boundingBox();
    const x = margin ? margin.x + margin.width / 2 : box.x - 10;
    const before = await this.breakpointLines();
    await this.page.mouse.click(x, box.y + box.height / 2);
    // The glyph appears (or goes) once VS Code has updated its breakpoint model.
    for (let attempt = 0; attempt < 40 && (await this.breakpointLines()).includes(line) === before.includes(line); attempt++) {
      await this.page.waitForTimeout(100);
    }
  }

  /** The lines of the active editor that show a breakpoint glyph. */
  async breakpointLines(): Promise<number[]> {
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    const glyphs = await editor.locator('.codicon-debug-breakpoint, .codicon-debug-breakpoint-unverified').evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().top + (e as HTMLElement).getBoundingClientRect().height / 2));
    const numbers = await editor.locator('.margin-view-overlays .line-numbers').evaluateAll((els) => els.map((e) => ({ line: Number(e.textContent), top: e.getBoundingClientRect().top, bottom: e.getBoundingClientRect().bottom })));
    return glyphs.map((y) => numbers.find((n) => y >= n.top && y <= n.bottom)?.line ?? -1).sort((a, b) => a - b);
  }

  /** Places the mouse over the start of `text` on a 1-based line of the active editor; returns the hover's text. */
  async hover(line: number, text: string): Promise<string> {
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    const { y } = await this.lineNumberBox(line);
    const lines = editor.locator('.view-lines .view-line');
    const count = await lines.count();
    for (let i = 0; i < count; i++) {
      const candidate = lines.nth(i);
      const box = await candidate.boundingBox();
      if (!box || Math.abs(box.y - y) > 2) continue;
      const token = candidate.locator('span > span', { hasText: text }).first();
      // Over the token's first character: a squiggle may cover only the start of a token.
      const tokenBox = await token.boundingBox();
      await token.hover({ position: { x: 2, y: (tokenBox?.height ?? 16) / 2 } });
      const hover = this.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .rendered-markdown').first();
      await hover.waitFor({ timeout: 10000 });
      return hover.innerText();
    }
    throw new Error(`line ${line} is not visible`);
  }

  /** The computed colour of the first token on a line whose text is exactly `text`. */
  async tokenColor(line: number, text: string): Promise<string> {
    const { y } = await this.lineNumberBox(line);
    return this.page.locator('.editor-instance .monaco-editor .view-lines .view-line').evaluateAll((els, args) => {
      const row = els.find((e) => Math.abs(e.getBoundingClientRect().top - args.y) <= 2);
      const span = row && Array.from(row.querySelectorAll('span > span')).find((s) => s.textContent === args.text);
      return span ? getComputedStyle(span).color : '';
    }, { y, text });
  }

  /** The extensions VS Code reports as activated ("Developer: Show Running Extensions"), by name. */
  async runningExtensions(): Promise<string[]> {
    await this.runCommand('Developer: Show Running Extensions');
    const rows = this.page.locator('.runtime-extensions-editor .monaco-list-row');
    await rows.first().waitFor();
    return rows.locator('.name').allInnerTexts();
  }

  /** The document of the active memscope webview panel. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  /**
   * The document of a memscope panel (the webview whose body says `data-panel="memory-map"` or
   * `"paging"`), however many webviews are open; waits until it is shown.
   */
  async panel(kind: 'memory-map' | 'paging', timeout = 30000): Promise<Frame> {
    const deadline = Date.now() + timeout;
    for (;;) {
      for (const frame of this.page.frames()) {
        const shown = await frame.evaluate(() => document.body?.dataset.panel ?? null).catch(() => null);
        if (shown === kind) return frame;
      }
      if (Date.now() > deadline) throw new Error(`the ${kind} panel is not shown`);
      await this.page.waitForTimeout(250);
    }
  }

  /**
   * Waits until a debug session is stopped (the current-statement arrow shows) and returns its 1-based
   * line; with `expected`, waits until the arrow is on that line (after a step it moves a moment later).
   */
  async stoppedLine(expected?: number, timeout = 30000): Promise<number> {
    const deadline = Date.now() + timeout;
    let line = await this.arrowLine(timeout);
    while (expected !== undefined && line !== expected && Date.now() < deadline) {
      await this.page.waitForTimeout(100);
      line = await this.arrowLine(Math.max(1, deadline - Date.now()));
    }
    return line;
  }

  private async arrowLine(timeout: number): Promise<number> {
    const arrow = this.page.locator('.editor-instance .monaco-editor .codicon-debug-stackframe').first();
    await arrow.waitFor({ timeout });
    return arrow.evaluate((el) => {
      const y = el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2;
      const numbers = Array.from(el.closest('.monaco-editor')!.querySelectorAll('.margin-view-overlays .line-numbers'));
      const hit = numbers.find((n) => y >= n.getBoundingClientRect().top && y <= n.getBoundingClientRect().bottom);
      return hit ? Number(hit.textContent) : -1;
    });
  }

  /** Waits for the debug toolbar: a session started. False if none did within `timeout`. */
  async sessionStarted(timeout = 30000): Promise<boolean> {
    return this.page.locator('.debug-toolbar').waitFor({ timeout }).then(() => true, () => false);
  }

  /** Waits until no debug session runs (the toolbar is gone). */
  async sessionEnded(timeout = 30000): Promise<void> {
    await this.page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout });
  }

  /** Ends the debug session if one runs (Shift+F5). */
  async stopDebugging(): Promise<void> {
    if (!(await this.page.locator('.debug-toolbar').isVisible())) return;
    await this.page.keyboard.press('Shift+F5');
    await this.sessionEnded(15000).catch(() => undefined);
  }

  /** The rows of the Variables view (name and value), once `expected` shows among them. */
  async variables(expected: RegExp, timeout = 15000): Promise<string[]> {
    const rows = this.page.locator('.debug-pane .monaco-list-row, .debug-view-content .monaco-list-row');
    await rows.filter({ hasText: expected }).first().waitFor({ timeout }).catch(() => undefined);
    return rows.allInnerTexts();
  }

  /** The text of the Debug Console, once it matches `expected` (or when `timeout` passes). */
  async debugConsole(expected: RegExp, timeout = 20000): Promise<string> {
    const repl = this.page.locator('.repl');
    if (!(await repl.isVisible())) await this.runCommand('Debug Console: Focus on Debug Console View');
    await repl.waitFor();
    const deadline = Date.now() + timeout;
    let text = '';
    while (Date.now() < deadline) {
      text = (await repl.locator('.monaco-list-rows').innerText().catch(() => '')).replace(/\u00a0/g, ' ');
      if (expected.test(text)) break;
      await this.page.waitForTimeout(250);
    }
    return text;
  }

  /** Hovers `text` on a 1-based line while debugging; returns what the debug hover shows. */
  async debugHover(line: number, text: string): Promise<string> {
    const { y } = await this.lineNumberBox(line);
    const lines = this.page.locator('.editor-instance .monaco-editor').first().locator('.view-lines .view-line');
    for (let i = 0, count = await lines.count(); i < count; i++) {
      const candidate = lines.nth(i);
      const box = await candidate.boundingBox();
      if (!box || Math.abs(box.y - y) > 2) continue;
      const token = candidate.locator('span > span', { hasText: text }).first();
      const hover = this.page.locator('.debug-hover-widget');
      // VS Code shows the debug hover once the mouse rests on the word for its hover delay: come in from
      // the left as a hand would, and try again a little further along if it did not show.
      for (let attempt = 0; attempt < 4; attempt++) {
        const at = (await token.boundingBox())!;
        await this.page.mouse.move(at.x - 30, at.y + at.height / 2);
        await this.page.mouse.move(at.x + 2 + attempt * 3, at.y + at.height / 2, { steps: 5 });
        if (await hover.waitFor({ state: 'visible', timeout: 4000 }).then(() => true, () => false)) return hover.innerText();
        await this.page.mouse.move(0, 0);
      }
      throw new Error(`no debug hover over ${text} on line ${line}`);
    }
    throw new Error(`line ${line} is not visible`);
  }

  /** The exception widget's text (the peek VS Code shows at an exception stop). */
  async exceptionWidget(timeout = 30000): Promise<string> {
    const widget = this.page.locator('.exception-widget');
    await widget.waitFor({ timeout });
    return widget.innerText();
  }

  /** The decorations memscope added after the ends of lines in the active editor, by line. */
  async lineDecorations(): Promise<{ line: number; text: string }[]> {
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    return editor.evaluate((root) => {
      const numbers = Array.from(root.querySelectorAll('.margin-view-overlays .line-numbers'));
      const out: { line: number; text: string }[] = [];
      for (const line of Array.from(root.querySelectorAll('.view-lines .view-line'))) {
        const text = Array.from(line.querySelectorAll('span')).map((s) => getComputedStyle(s, '::after').content).filter((c) => c && c !== 'none' && c !== 'normal').join(' ');
        if (!text) continue;
        const top = line.getBoundingClientRect().top + 2;
        const n = numbers.find((x) => top >= x.getBoundingClientRect().top && top <= x.getBoundingClientRect().bottom);
        out.push({ line: n ? Number(n.textContent) : -1, text: text.replace(/^"|"$/g, '') });
      }
      return out.sort((a, b) => a.line - b.line);
    });
  }

  async press(...keys: string[]): Promise<void> {
    for (const key of keys) await this.page.keyboard.press(key);
  }

  /**
   * Saves a screenshot as test-results/e2e/<name>.png and returns its path: the whole window, or only
   * the smallest rectangle holding the given parts of it (an editor group, the panel, a widget).
   */
  async screenshot(name: string, ...parts: Locator[]): Promise<string> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const path = join(SCREENSHOTS, `${name}.png`);
    const boxes = (await Promise.all(parts.map((p) => p.boundingBox()))).filter((b) => b !== null);
    if (boxes.length === 0) {
      await this.page.screenshot({ path });
      return path;
    }
    const x = Math.min(...boxes.map((b) => b.x));
    const y = Math.min(...boxes.map((b) => b.y));
    const clip = { x, y, width: Math.max(...boxes.map((b) => b.x + b.width)) - x, height: Math.max(...boxes.map((b) => b.y + b.height)) - y };
    await this.page.screenshot({ path, clip });
    return path;
  }

  /** Hides the side bar and the bottom panel while `body` runs (for pictures of the editors alone). */
  async withEditorsOnly(body: () => Promise<void>): Promise<void> {
    const sideBar = this.page.locator('.part.sidebar');
    const panel = this.page.locator('.part.panel');
    const hid = { sideBar: await sideBar.isVisible(), panel: await panel.isVisible() };
    if (hid.sideBar) await this.runCommand('View: Toggle Primary Side Bar Visibility');
    if (hid.panel) await this.runCommand('View: Toggle Panel Visibility');
    await this.page.waitForTimeout(500);
    try {
      await body();
    } finally {
      if (hid.sideBar) await this.runCommand('View: Toggle Primary Side Bar Visibility');
      if (hid.panel) await this.runCommand('View: Toggle Panel Visibility');
    }
  }

  /** Messages VS Code shows the user right now: notification toasts and modal dialogs. */
  async messages(): Promise<string[]> {
    const toasts = await this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    const dialogs = await this.page.locator('.monaco-dialog-box .dialog-message-text, .monaco-dialog-box .dialog-message-detail').allInnerTexts();
    return [...toasts, ...dialogs];
  }

  /** For an afterEach hook: a screenshot named after a test that failed, to see what VS Code showed. */
  async screenshotIfFailed(test: Mocha.Test | undefined): Promise<void> {
    if (test?.state !== 'failed') return;
    const name = `failed-${test.fullTitle().replace(/[^a-z0-9]+/gi, '-').slice(0, 100)}`;
    await this.screenshot(name).catch(() => undefined);
  }

  /** Gives the keyboard to the workbench (and closes a quick input or hover left open). */
  private async focusWorkbench(): Promise<void> {
    if (await this.page.locator('.quick-input-widget').isVisible()) await this.page.keyboard.press('Escape');
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await this.server.stop();
    rmSync(this.base, { recursive: true, force: true });
  }
}

/** Starts code-server and a browser on a fresh workspace, and waits for the workbench. */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (npm test installs it)`);
  const base = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'memscope-e2e-'));
  const folder = join(base, 'workspace');
  const profile = join(base, 'chromium-profile');
  mkdirSync(folder, { recursive: true });
  if (options.examples !== false && existsSync(join(ROOT, 'examples'))) cpSync(join(ROOT, 'examples'), folder, { recursive: true });
  for (const [relative, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(folder, relative)), { recursive: true });
    writeFileSync(join(folder, relative), text);
  }
  const started = Date.now();
  let server: CodeServer | undefined;
  let context: BrowserContext | undefined;
  try {
    server = await startCodeServer({ ...options, folder, log: () => undefined, killOnSignals: true });
    const serverReadyMs = Date.now() - started;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await options.beforeLoad?.(page);
    await page.goto(server.folderUrl);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
    if (options.waitForExplorer !== false) {
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60000 });
    }
    const workbench = new Workbench(page, context, server, folder, base, { serverReadyMs, workbenchReadyMs: Date.now() - started });
    return workbench;
  } catch (error) {
    await context?.close().catch(() => undefined);
    await server?.stop();
    rmSync(base, { recursive: true, force: true });
    throw error;
  }
}
