// The HTML page of a memscope panel: an empty root, the stylesheets and the bundle, under a strict
// content security policy — nothing loads by default; scripts run only with this page's nonce; styles,
// images and fonts come only from the webview's own resource origin. The page carries no program data:
// that arrives later as messages and reaches the DOM as text. No `vscode` import here, so the browser
// tests build the very same page.

import { randomBytes } from 'node:crypto';
import type { PanelKind } from '../../protocol/messages';

export interface PanelPage {
  readonly panel: PanelKind;
  readonly title: string;
  /** `webview.cspSource`: the origin the webview serves local resources from. */
  readonly cspSource: string;
  readonly nonce: string;
  /** Already converted with `asWebviewUri`. */
  readonly scriptUri: string;
  readonly styleUris: readonly string[];
}

/** A fresh nonce per page load, from the OS's random source. */
export function newNonce(): string {
  return randomBytes(18).toString('base64');
}

function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function panelHtml(page: PanelPage): string {
  const styles = page.styleUris.map((uri) => `    <link rel="stylesheet" href="${attribute(uri)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(page.cspSource, page.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
    <title>${attribute(page.title)}</title>
  </head>
  <body data-panel="${attribute(page.panel)}">
    <div id="root"></div>
    <script nonce="${attribute(page.nonce)}" src="${attribute(page.scriptUri)}"></script>
  </body>
</html>
`;
}
