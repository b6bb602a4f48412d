// Builds every bundle memscope ships with esbuild: the CLI, and (when their sources exist) the VS Code
// extension, the standalone debug adapter and the webview script. One entry per bundle; bundles that
// run in Node are CommonJS (VS Code loads extensions with require), the webview bundle is an IIFE for the
// browser. `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const bundles = [
  { entry: 'src/cli/main.ts', out: 'dist/cli.js', platform: 'node' },
  { entry: 'src/extension/extension.ts', out: 'dist/extension.js', platform: 'node', external: ['vscode'] },
  { entry: 'src/debug/adapter-main.ts', out: 'dist/debugAdapter.js', platform: 'node' },
  { entry: 'src/webview/main.ts', out: 'dist/webview.js', platform: 'browser' },
].filter((b) => existsSync(join(root, b.entry)));

const contexts = await Promise.all(
  bundles.map((b) =>
    esbuild.context({
      absWorkingDir: root,
      entryPoints: [b.entry],
      outfile: b.out,
      bundle: true,
      platform: b.platform,
      format: b.platform === 'node' ? 'cjs' : 'iife',
      target: b.platform === 'node' ? 'node20' : 'chrome120',
      external: b.external ?? [],
      sourcemap: production ? false : 'linked',
      minify: production,
      logLevel: 'warning',
    }),
  ),
);

if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${bundles.length} bundles`);
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  console.log(`built ${bundles.map((b) => b.out).join(', ')}`);
}
