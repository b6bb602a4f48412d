// A real VS Code on this machine: code-server (VS Code 1.100 served to a browser), installed on demand
// into `.cache/code-server/<version>/` and started with everything it writes kept in a temporary folder.
//
// It is not a dependency of the project (about 300 MB); the e2e tests, the extension-host tests and
// `npm start` call `ensureCodeServer()` which installs it once. The install needs a few facts to work
// offline and as root:
// - its native modules build with node-gyp: Debian's build-essential, pkg-config, python3 and
//   libkrb5-dev (for `kerberos`) must be there; they are installed with apt-get when missing and we are root;
// - as root, npm runs install scripts as `nobody` unless `npm_config_unsafe_perm=true`, and code-server's
//   postinstall refuses to run then;
// - node-pty's install runs `npx node-gyp`, which waits for a "yes" without a terminal unless
//   `npm_config_yes=true`;
// - @vscode/ripgrep downloads ripgrep from GitHub, which is unreachable here; it first looks in its
//   download cache in $TMPDIR, so we put a tarball of Debian's `rg` there under the name it expects.
// The install goes to a temporary sibling folder that is renamed into place when complete, so an
// interrupted install is never mistaken for a finished one.
//
// `startCodeServer()` picks a free port, gives the server fresh user-data, extensions and XDG folders
// (and a HOME) inside one temporary folder, waits for /healthz, and returns a handle whose `stop()` kills
// the server's whole process group and removes the folder. Installed as a command:
//   node scripts/code-server.mjs install
//   node scripts/code-server.mjs start [--vsix memscope.vsix] [--port N] [folder]
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = join(root, '.cache', 'code-server');

// What code-server 4.100.3's VS Code pins: @vscode/ripgrep 1.15.11 fetching ripgrep v13.0.0-10.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const DEBIAN_PACKAGES = ['build-essential', 'pkg-config', 'python3', 'libkrb5-dev', 'chromium', 'ripgrep'];

/** The installed `code-server` launcher, or undefined when it is not installed yet. */
export function installedCodeServer(version = CODE_SERVER_VERSION) {
  const bin = join(cacheRoot, version, 'node_modules', '.bin', 'code-server');
  return existsSync(join(cacheRoot, version, 'installed.json')) && existsSync(bin) ? bin : undefined;
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function runOrFail(command, args, options, what) {
  const r = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (r.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')}: exit ${r.status ?? r.signal})`);
}

function ensureDebianPackages(log) {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`code-server needs the Debian packages ${missing.join(' ')}; install them (apt-get install ${missing.join(' ')}) and retry`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  runOrFail('apt-get', ['update', '-qq'], { env }, 'apt-get update');
  runOrFail('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env }, 'apt-get install');
}

/** Puts Debian's rg where @vscode/ripgrep's postinstall looks before it tries to download. */
function seedRipgrepCache(tmp) {
  const dir = join(tmp, RIPGREP_CACHE);
  const tarball = join(dir, RIPGREP_ASSET);
  if (existsSync(tarball)) return;
  const rg = ['/usr/bin/rg', '/usr/local/bin/rg'].find((p) => existsSync(p));
  if (!rg) throw new Error('ripgrep (Debian package ripgrep) is needed to install code-server offline');
  const staging = mkdtempSync(join(tmp, 'rg-'));
  copyFileSync(rg, join(staging, 'rg'));
  mkdirSync(dir, { recursive: true });
  runOrFail('tar', ['-czf', tarball, '-C', staging, 'rg'], {}, 'packing the ripgrep cache');
  rmSync(staging, { recursive: true, force: true });
}

/**
 * Installs code-server into the cache unless it is there already; returns the path of its launcher.
 * Takes about a minute and ~300 MB the first time.
 */
export function ensureCodeServer({ version = CODE_SERVER_VERSION, log = (line) => console.error(line) } = {}) {
  const ready = installedCodeServer(version);
  if (ready) return ready;
  const started = Date.now();
  ensureDebianPackages(log);
  const tmp = process.env.TMPDIR || tmpdir();
  seedRipgrepCache(tmp);
  mkdirSync(cacheRoot, { recursive: true });
  const target = join(cacheRoot, version);
  const staging = mkdtempSync(join(cacheRoot, `.${version}-`));
  log(`installing code-server@${version} into ${target}`);
  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // Without a HOME npm has nowhere for its cache; keep it beside the install then.
    ...(process.env.HOME ? {} : { npm_config_cache: join(cacheRoot, '.npm') }),
  };
  try {
    // A local install into its own folder, not `--global --prefix`: npm passes its `global` and `prefix`
    // settings on to install scripts, and code-server's postinstall runs `npm install` in lib/vscode,
    // which would then install that folder globally over code-server itself.
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'memscope-code-server', private: true }) + '\n');
    runOrFail('npm', ['install', '--no-save', '--no-package-lock', '--loglevel', 'error', `code-server@${version}`], { env, cwd: staging }, `installing code-server@${version}`);
    writeFileSync(join(staging, 'installed.json'), JSON.stringify({ version, seconds: (Date.now() - started) / 1000 }) + '\n');
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  log(`code-server@${version} installed in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  return join(target, 'node_modules', '.bin', 'code-server');
}

/** A TCP port nothing listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Fresh folders for one run; nothing of VS Code's state leaks into the user's HOME or between runs. */
function makeSandbox() {
  const base = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'memscope-vscode-'));
  const dirs = {
    base,
    home: join(base, 'home'),
    userData: join(base, 'user-data'),
    extensions: join(base, 'extensions'),
    config: join(base, 'xdg-config'),
    data: join(base, 'xdg-data'),
    cache: join(base, 'xdg-cache'),
    state: join(base, 'xdg-state'),
    runtime: join(base, 'xdg-runtime'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Open folders in the same window without the welcome page, and keep VS Code from reaching out.
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'window.commandCenter': false,
  };
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return dirs;
}

function sandboxEnv(dirs, extra) {
  return {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_STATE_HOME: dirs.state,
    XDG_RUNTIME_DIR: dirs.runtime,
    ...extra,
  };
}

/** Kills a process group started with `detached: true`: TERM first, KILL if it lingers. */
export async function killGroup(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  const signal = (name) => {
    try {
      process.kill(-child.pid, name);
    } catch {
      // The group is gone already.
    }
  };
  signal('SIGTERM');
  const timer = new Promise((r) => setTimeout(() => r('timeout'), graceMs));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 1000))]);
  }
}

async function waitForHealth(url, child, output, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms:\n${output.join('')}`);
}

/**
 * The address that opens the workbench on `folder`. code-server's command line rejects VS Code's
 * `--extensionDevelopmentPath`/`--extensionTestsPath`; the browser workbench reads the same settings
 * from the `payload` query parameter (a JSON list of [name, value] pairs, values as URIs of the
 * server's files, `vscode-remote://host:port/path`), and the workbench passes them to the server's
 * extension host, which then loads the extension from source and runs the test module.
 */
export function workbenchUrl(url, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const authority = new URL(url).host;
  const remote = (path) => `vscode-remote://${authority}${resolve(path)}`;
  const query = new URLSearchParams();
  if (folder) query.set('folder', resolve(folder));
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  if (payload.length) query.set('payload', JSON.stringify(payload));
  const text = query.toString();
  return text ? `${url}/?${text}` : `${url}/`;
}

/**
 * Starts code-server. Options:
 *   folder: the folder the workbench opens (`folderUrl` opens it);
 *   vsix: a packaged extension to install first (`--install-extension`);
 *   extensionDevelopmentPath / extensionTestsPath: go into `folderUrl`'s payload (see workbenchUrl);
 *   port (default: a free one), env (added to the server's environment), log;
 *   killOnSignals: also kill the server when this process gets SIGINT or SIGTERM (for test runners;
 *     a program with its own graceful shutdown, like `npm start`, leaves it off).
 * Resolves to { url, folderUrl, port, child, dirs, output, stop() }.
 */
export async function startCodeServer(options = {}) {
  const log = options.log ?? ((line) => console.error(line));
  const bin = ensureCodeServer({ log });
  const dirs = makeSandbox();
  const env = sandboxEnv(dirs, options.env ?? {});
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  if (options.vsix) {
    const r = spawnSync(bin, [...common, '--install-extension', resolve(options.vsix), '--force'], { env, encoding: 'utf8' });
    if (r.status !== 0) {
      rmSync(dirs.base, { recursive: true, force: true });
      throw new Error(`installing ${options.vsix} failed:\n${r.stdout}${r.stderr}`);
    }
  }
  const port = options.port ?? (await freePort());
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...common,
  ];
  if (options.folder) args.push(resolve(options.folder));
  const child = spawn(bin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  const keep = (chunk) => {
    output.push(chunk.toString());
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // A test runner that exits, or is interrupted, must not leave a server behind.
  const killOnExit = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  };
  const killOnSignal = (signal) => {
    killOnExit();
    process.removeListener('SIGINT', killOnSignal);
    process.removeListener('SIGTERM', killOnSignal);
    process.kill(process.pid, signal);
  };
  process.once('exit', killOnExit);
  if (options.killOnSignals) {
    process.on('SIGINT', killOnSignal);
    process.on('SIGTERM', killOnSignal);
  }
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    process.removeListener('SIGINT', killOnSignal);
    process.removeListener('SIGTERM', killOnSignal);
    await killGroup(child);
    rmSync(dirs.base, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, output, options.timeoutMs ?? 60000);
  } catch (error) {
    await stop();
    throw error;
  }
  const folderUrl = workbenchUrl(url, options);
  return { url, folderUrl, port, child, dirs, output, stop };
}

async function main(argv) {
  const [command, ...rest] = argv;
  if (command === 'install') {
    console.log(ensureCodeServer());
    return;
  }
  if (command === 'start') {
    const options = {};
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '--vsix') options.vsix = rest[++i];
      else if (rest[i] === '--port') options.port = Number(rest[++i]);
      else options.folder = rest[i];
    }
    const server = await startCodeServer(options);
    console.log(`code-server is ready: open ${server.folderUrl}`);
    const shutdown = () => server.stop().then(() => process.exit(0));
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
    server.child.on('exit', (code) => process.exit(code ?? 1));
    return;
  }
  console.error('usage: node scripts/code-server.mjs install | start [--vsix FILE] [--port N] [folder]');
  process.exitCode = 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
