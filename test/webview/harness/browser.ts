// The browser side of the webview tests: Debian's Chromium driven by playwright-core, loading the page
// the extension host would give a panel (same HTML, same content security policy, built by
// src/extension/panels/html.ts) from a stand-in webview origin served by request interception. A
// stand-in for `acquireVsCodeApi` records what the panel posts and keeps its state; the theme is applied
// the way VS Code applies it (a body class and CSS variables on <html>). Host messages are delivered with
// `window.postMessage`, as the webview host does.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { contentSecurityPolicy, newNonce, panelHtml } from '../../../src/extension/panels/html';
import type { HostMessage, PanelKind, PanelMessage } from '../../../src/protocol/messages';
import { THEMES, type ThemeName } from './themes';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM = process.env.MEMSCOPE_CHROMIUM ?? '/usr/bin/chromium';
const ORIGIN = 'https://memscope-webview.test';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Launches headless Chromium, or fails saying exactly what is missing. */
export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. The webview tests need Debian's chromium package: run "apt-get install -y chromium" (or set MEMSCOPE_CHROMIUM to a Chromium binary).`);
  }
  const bundle = join(ROOT, 'dist', 'webview.js');
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run "npm run build" first (npm run test:webview does).`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json', '.svg': 'image/svg+xml' };

export interface OpenOptions {
  readonly theme?: ThemeName;
  /** State a previous instance saved with setState (a reload). */
  readonly state?: unknown;
  readonly width?: number;
  readonly height?: number;
}

export class PanelPage {
  constructor(readonly page: Page, readonly panel: PanelKind) {}

  /** Delivers a host message as the webview host does. */
  async send(message: HostMessage): Promise<void> {
    await this.page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
  }

  /** Sends and waits until the panel drew the step. */
  async sendAndWait(message: HostMessage, step: number): Promise<void> {
    await this.send(message);
    await this.page.waitForFunction((s) => document.body.dataset.step === String(s), step);
  }

  /** Waits until two animation frames have passed: scroll-driven redraws are done. */
  async settle(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }

  async posted(): Promise<PanelMessage[]> {
    return this.page.evaluate(() => (window as unknown as { __posted: PanelMessage[] }).__posted.slice());
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (window as unknown as { __posted: unknown[] }).__posted.length = 0;
    });
  }

  async savedState(): Promise<unknown> {
    return this.page.evaluate(() => (window as unknown as { __state: unknown }).__state);
  }

  async cspViolations(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.slice());
  }

  async setTheme(name: ThemeName): Promise<void> {
    const theme = THEMES[name];
    await this.page.evaluate((t) => {
      const root = document.documentElement;
      for (const name of Array.from(root.style)) if (name.startsWith('--vscode-')) root.style.removeProperty(name);
      for (const [name, value] of Object.entries(t.variables)) root.style.setProperty(name, value);
      document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
      document.body.classList.add(t.bodyClass);
      document.body.dataset.vscodeThemeKind = t.kind;
      document.body.dataset.vscodeThemeName = t.name;
    }, theme);
  }
}

/** The stand-in for VS Code's webview API, and recorders for posted messages and CSP violations. */
function standInScript(initialState: unknown): string {
  return `
    window.__name = (f) => f;
    window.__posted = [];
    window.__state = ${JSON.stringify(initialState)};
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ': ' + e.blockedURI));
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => window.__state,
        setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
      };
    };`;
}

/** Opens a panel page like VS Code would: CSP, nonce, bundle, theme; waits for its `ready` message. */
export async function openPanel(browser: Browser, panel: PanelKind, options: OpenOptions = {}): Promise<PanelPage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1200, height: options.height ?? 820 } });
  const page = await context.newPage();
  const nonce = newNonce();
  const html = panelHtml({
    panel,
    title: panel,
    cspSource: ORIGIN,
    nonce,
    scriptUri: `${ORIGIN}/dist/webview.js`,
    styleUris: [`${ORIGIN}/dist/webview.css`, `${ORIGIN}/media/memscope.css`],
  });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/panel.html') {
      await route.fulfill({ body: html, contentType: 'text/html', headers: { 'content-security-policy': contentSecurityPolicy(ORIGIN, nonce) } });
      return;
    }
    const file = join(ROOT, path);
    if (!(path.startsWith('/dist/') || path.startsWith('/media/')) || !existsSync(file)) {
      await route.fulfill({ status: 404, body: 'not found' });
      return;
    }
    const ext = path.slice(path.lastIndexOf('.'));
    await route.fulfill({ body: readFileSync(file), contentType: TYPES[ext] ?? 'application/octet-stream' });
  });
  // Written as source text: functions handed to the page must not carry the test runner's transforms.
  await page.addInitScript({ content: standInScript(options.state ?? null) });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${ORIGIN}/panel.html`);
  const panelPage = new PanelPage(page, panel);
  await panelPage.setTheme(options.theme ?? 'dark');
  await page.waitForFunction(() => (window as unknown as { __posted: { kind: string }[] }).__posted.some((m) => m.kind === 'ready'), undefined, { timeout: 10_000 })
    .catch(() => {
      throw new Error(`panel never posted "ready"; page errors: ${errors.join('; ') || 'none'}`);
    });
  return panelPage;
}
