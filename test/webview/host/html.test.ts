import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, newNonce, panelHtml } from '../../../src/extension/panels/html';

describe('panel page', () => {
  const page = panelHtml({
    panel: 'memory-map', title: 'Memory map', cspSource: 'https://res.example', nonce: 'abc123',
    scriptUri: 'https://res.example/dist/webview.js', styleUris: ['https://res.example/media/memscope.css'],
  });

  it('allows nothing by default, scripts only with the nonce, styles and fonts only from the webview origin', () => {
    assert.equal(contentSecurityPolicy('https://res.example', 'N'),
      "default-src 'none'; script-src 'nonce-N'; style-src https://res.example; img-src https://res.example data:; font-src https://res.example");
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-abc123';/);
  });

  it('loads the bundle with the nonce and names the panel for the script', () => {
    assert.match(page, /<script nonce="abc123" src="https:\/\/res.example\/dist\/webview.js"><\/script>/);
    assert.match(page, /<body data-panel="memory-map">/);
    assert.doesNotMatch(page, /<style|style="/, 'no inline styles: the CSP would block them');
  });

  it('escapes what it puts in attributes', () => {
    const hostile = panelHtml({ panel: 'paging', title: '<x>', cspSource: 'a', nonce: 'n', scriptUri: '"><script>', styleUris: [] });
    assert.doesNotMatch(hostile, /"><script>/);
    assert.match(hostile, /&quot;&gt;&lt;script&gt;/);
  });

  it('makes a different, unguessable nonce per page', () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.ok(n.length >= 24 && /^[A-Za-z0-9+/=]+$/.test(n));
  });
});
