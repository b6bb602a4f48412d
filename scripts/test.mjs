// `npm test`: everything a fresh machine needs, then every level of tests the repository has.
//
// Setup (idempotent, so a second run is quick): installs npm packages from the lockfile when
// node_modules is missing or older than the lockfile; installs the Debian packages the browser and
// VS Code tests need when they are missing (as root, `apt-get update` first); builds the bundles.
// Then it runs the levels in order, each as its own process, and stops at the first that fails:
// lint, types, engine unit tests and the C programs (mocha), grammar, debug adapter, webview (Chromium),
// and end to end in a real VS Code (code-server). Pass level names to run only those:
// `npm test -- unit webview`.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

function run(label, command, args, options = {}) {
  const start = Date.now();
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✖ ${label} failed after ${seconds}s (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  console.log(`✔ ${label} (${seconds}s)`);
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// --- setup ---------------------------------------------------------------------------------------
const lock = join(root, 'package-lock.json');
const marker = join(root, 'node_modules', '.package-lock.json');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(lock).mtimeMs) {
  run('install npm packages', 'npm', ['ci', '--no-audit', '--no-fund']);
}

const debianPackages = { chromium: '/usr/bin/chromium', gcc: '/usr/bin/gcc', valgrind: '/usr/bin/valgrind', rg: '/usr/bin/rg' };
const aptNames = { chromium: 'chromium', gcc: 'build-essential', valgrind: 'valgrind', rg: 'ripgrep' };
const missing = Object.keys(debianPackages).filter((k) => !existsSync(debianPackages[k]));
if (missing.length > 0) {
  if (process.getuid?.() === 0 && has('apt-get')) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get update', 'apt-get', ['update', '-qq'], { env });
    run('install Debian packages', 'apt-get', ['install', '-y', '-qq', ...missing.map((k) => aptNames[k]), 'pkg-config', 'python3', 'libkrb5-dev'], { env });
  } else {
    console.warn(`missing ${missing.join(', ')} and cannot install them (not root or no apt-get): the tests that need them will fail`);
  }
}

run('build', process.execPath, ['scripts/build.mjs']);

// --- levels --------------------------------------------------------------------------------------
const bin = (name) => join(root, 'node_modules', '.bin', name);
const levels = [
  { name: 'lint', when: true, run: () => run('lint', bin('eslint'), ['src', 'test']) },
  { name: 'types', when: true, run: () => run('types', bin('tsc'), ['--noEmit', '-p', '.']) },
  { name: 'unit', when: true, run: () => run('unit tests and C programs', bin('mocha'), []) },
  { name: 'grammar', when: existsSync(join(root, 'test', 'grammar')), run: () => run('grammar', 'npm', ['run', '-s', 'test:grammar']) },
  { name: 'dap', when: existsSync(join(root, 'test', 'dap')), run: () => run('debug adapter', 'npm', ['run', '-s', 'test:dap']) },
  { name: 'webview', when: existsSync(join(root, 'test', 'webview')), run: () => run('webview in Chromium', 'npm', ['run', '-s', 'test:webview']) },
  { name: 'e2e', when: existsSync(join(root, 'test', 'e2e')), run: () => run('end to end in VS Code', 'npm', ['run', '-s', 'test:e2e']) },
];

const unknown = only.filter((n) => !levels.some((l) => l.name === n));
if (unknown.length) {
  console.error(`unknown test level ${unknown.join(', ')}; levels: ${levels.map((l) => l.name).join(', ')}`);
  process.exit(2);
}
const started = Date.now();
for (const level of levels) {
  if (only.length ? only.includes(level.name) : level.when) level.run();
}
console.log(`\nall tests passed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
