import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { openWorkbench, type Workbench } from './harness';
import { VSIX, listVsix } from '../../scripts/package.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const LIST_MC = `#include <stdio.h>
#include <stdlib.h>
#pragma memscope heap_policy(best)

struct node {
  int value;
  struct node *next;
};

int main(void) {
  struct node *head = malloc(sizeof *head);
  head->value = 42;
  printf("%d\\n", head->value);
  free(head);
  return 0;
}
`;

describe('memscope in VS Code (code-server): the packaged extension', function () {
  let workbench: Workbench;

  before(async function () {
    workbench = await openWorkbench({ vsix: VSIX, files: { 'list.mc': LIST_MC } });
    console.log(`    server ready ${workbench.timings.serverReadyMs} ms, workbench ready ${workbench.timings.workbenchReadyMs} ms`);
  });

  afterEach(async function () {
    await workbench?.screenshotIfFailed(this.currentTest);
  });

  after(async function () {
    await workbench?.close();
  });

  it('is packaged with only what runs: bundles, language files, media and documents', function () {
    const names = listVsix(VSIX).map((e) => e.name);
    const allowed = [
      /^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/,
      /^extension\/(package\.json|language-configuration\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
      /^extension\/dist\/(extension|debugAdapter|webview[\w-]*)\.js$/, /^extension\/dist\/[\w-]+\.css$/,
      /^extension\/media\//, /^extension\/syntaxes\/[\w.-]+\.tmLanguage\.json$/, /^extension\/snippets\/[\w.-]+\.json$/,
    ];
    const stray = names.filter((n) => !allowed.some((pattern) => pattern.test(n)));
    assert.deepEqual(stray, [], 'no sources, tests, maps or node_modules in the package');
    for (const needed of ['extension/package.json', 'extension/dist/extension.js', 'extension/syntaxes/minic.tmLanguage.json', 'extension/snippets/minic.json', 'extension/language-configuration.json', 'extension/LICENSE.txt', `extension/${manifest.icon}`]) {
      assert.ok(names.includes(needed), `${needed} is packaged`);
    }
  });

  it('is installed from memscope.vsix into the extensions folder', function () {
    const extensions = spawnSync('ls', [workbench.server.dirs.extensions], { encoding: 'utf8' }).stdout;
    assert.match(extensions, new RegExp(`^${manifest.publisher}\\.${manifest.name}-${manifest.version}`, 'm'));
  });

  it('opens a .mc file in the Mini C language mode with grammar colours', async function () {
    await workbench.openFile('list.mc');
    assert.equal(await workbench.languageMode(), 'Mini C');
    // The theme colours keywords, strings and numbers differently from plain identifiers. Tokens are
    // coloured once the grammar has run over the lines, so ask until they are.
    let colours: Record<string, string> = {};
    for (let attempt = 0; attempt < 40; attempt++) {
      colours = {
        keyword: await workbench.tokenColor(10, 'int'),
        identifier: await workbench.tokenColor(11, 'head'),
        string: await workbench.tokenColor(13, '"'),
        number: await workbench.tokenColor(12, '42'),
      };
      if (Object.values(colours).every(Boolean) && colours.keyword !== colours.identifier) break;
      await workbench.page.waitForTimeout(250);
    }
    assert.ok(colours.keyword && colours.identifier && colours.string && colours.number, `each is a token of its own: ${JSON.stringify(colours)}`);
    assert.notEqual(colours.keyword, colours.identifier, 'a type keyword is coloured unlike an identifier');
    assert.notEqual(colours.string, colours.identifier, 'a string is coloured unlike an identifier');
    assert.notEqual(colours.number, colours.identifier, 'a number is coloured unlike an identifier');
    await workbench.screenshot('mini-c-file');
  });

  it('activates when a Mini C file opens', async function () {
    await workbench.openFile('list.mc');
    const running = await workbench.runningExtensions();
    assert.ok(running.includes(manifest.displayName), `running extensions: ${running.join(', ')}`);
    await workbench.screenshot('running-extensions');
  });
});
