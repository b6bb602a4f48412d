// `npm start`: builds memscope and opens it in a real VS Code on examples/.
//
// - With VS Code's `code` command on PATH: starts an Extension Development Host
//   (`code --extensionDevelopmentPath=. examples`), which loads the extension from dist/ as built.
// - Otherwise: packs memscope.vsix, installs code-server into .cache/ if needed (scripts/code-server.mjs),
//   starts it on 127.0.0.1 with the .vsix installed, and prints the address to open in a browser.
//   It runs until Ctrl+C, then stops the server and removes its temporary folders.
//
// Options: --port N (default 8080, or a free port when 8080 is taken), --code-server (use code-server
// even when `code` is on PATH), and a folder to open instead of examples/.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { startCodeServer } from './code-server.mjs';
import { packageExtension } from './package.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const options = { port: undefined, forceCodeServer: false, folder: join(root, 'examples') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') options.port = Number(argv[++i]);
    else if (argv[i] === '--code-server') options.forceCodeServer = true;
    else options.folder = resolve(argv[i]);
  }
  return options;
}

function hasCode() {
  return spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
}

function portIsFree(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (hasCode() && !options.forceCodeServer) {
    const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
    console.log(`starting an Extension Development Host on ${options.folder}`);
    const code = spawn('code', [`--extensionDevelopmentPath=${root}`, options.folder], { stdio: 'inherit' });
    code.on('exit', (status) => process.exit(status ?? 0));
    return;
  }
  const vsix = packageExtension();
  const port = options.port ?? ((await portIsFree(8080)) ? 8080 : undefined);
  console.log('starting code-server (the first start installs it into .cache/code-server, about a minute)');
  const server = await startCodeServer({ vsix, folder: options.folder, port });
  console.log(`\nmemscope is running in VS Code (code-server ${server.url}).\nOpen: ${server.folderUrl}\nStop with Ctrl+C.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (status) => {
    if (!stopping) {
      console.error(`code-server exited (${status}):\n${server.output.join('').slice(-2000)}`);
      process.exit(1);
    }
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
