// Lint rules that guard the architecture (../shared/DESIGN.md, "Layers"): dependencies point one way.
// The engine never imports VS Code, the debug adapter libraries or any layer above it, so the CLI, the
// tests and a web build use it as it is; the debugger and the extension never lean on the CLI (what they
// share with it — the valgrind-style report, the settings — lives in the engine); the webview talks to
// the host only through the protocol module and reads the snapshot's plain types.
import tseslint from 'typescript-eslint';

const VSCODE = { group: ['vscode', '@vscode/*'], message: 'src/engine must not depend on VS Code: it runs in the CLI and tests as is.' };
const CLI = { group: ['**/cli/**', '**/cli'], message: 'the CLI is a front end like the debugger: share code through src/engine, not by importing src/cli.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', '.cache/**'] },
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.base],
    rules: {},
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          VSCODE,
          { group: ['**/debug/**', '**/extension/**', '**/webview/**', '**/cli/**'], message: 'src/engine is the bottom layer: nothing above it may be imported.' },
        ],
      }],
    },
  },
  {
    files: ['src/debug/**/*.ts', 'src/extension/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [CLI] }],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', '@vscode/*'], message: 'the webview runs in a browser: it talks to the host through postMessage (src/protocol).' },
          { regex: '(^|/)engine(/(?!snapshot/types$)|$)', message: 'the webview reads snapshots, not the engine: import src/protocol or the snapshot types only.' },
          { group: ['**/cli/**', '**/debug/**', '**/extension/**'], message: 'the webview depends on src/protocol only (and the snapshot types).' },
        ],
      }],
    },
  },
);
