// Lint rules that guard the architecture: the engine never imports VS Code or the debug adapter
// libraries, so the CLI, the tests and a web build use it as it is.
import tseslint from 'typescript-eslint';

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
          { group: ['vscode', '@vscode/*'], message: 'src/engine must not depend on VS Code: it runs in the CLI and tests as is.' },
          { group: ['**/debug/**', '**/extension/**', '**/webview/**', '**/cli/**'], message: 'src/engine is the bottom layer: nothing above it may be imported.' },
        ],
      }],
    },
  },
);
