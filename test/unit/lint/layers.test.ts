// The lint rules that keep the layers apart (eslint.config.mjs): the debugger and the extension may not
// import the CLI, the webview may import only the protocol and the snapshot types, and the engine nothing
// above it. Each rule is checked on a file placed in the layer, with the import it must refuse and one it
// must allow, through ESLint's own API and the repository's configuration.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');

/** The import paths ESLint refuses in a file at `path` (relative to the repository). */
async function refused(path: string, imports: readonly string[]): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const code = imports.map((from, i) => `import * as m${i} from '${from}';\nexport const v${i} = m${i};\n`).join('');
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => imports[Math.floor((m.line - 1) / 2)]!);
}

describe('lint: the layers import one way', function () {
  this.timeout(60_000);

  it('the debugger and the extension may not import the CLI, but may import the engine', async () => {
    assert.deepEqual(await refused('src/debug/probe.ts', ['../cli/main', '../engine/check/report-text']), ['../cli/main']);
    assert.deepEqual(await refused('src/extension/panels/probe.ts', ['../../cli/args', '../../engine/settings']), ['../../cli/args']);
  });

  it('the webview may import the protocol and the snapshot types, and nothing else of the extension', async () => {
    const imports = ['../../protocol/messages', '../../engine/snapshot/types', '../../engine/machine/machine', '../../engine', '../../debug/session', '../../cli/main', 'vscode'];
    assert.deepEqual(await refused('src/webview/memory-map/probe.ts', imports), imports.slice(2));
  });

  it('the engine may not import any layer above it', async () => {
    assert.deepEqual(await refused('src/engine/check/probe.ts', ['../../cli/main', '../../debug/session', 'vscode', '../machine/machine']), ['../../cli/main', '../../debug/session', 'vscode']);
  });
});
