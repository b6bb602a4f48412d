// `npm run package`: builds the bundles in production mode (minified, no source maps) and packs the
// extension into memscope.vsix with vsce, without node_modules (`--no-dependencies`: the bundles carry
// everything they need). What goes in is decided by .vscodeignore; this script then prints the size
// and every file of the .vsix, read straight from the zip's central directory, so a stray file shows.
//
// `listVsix(path)` is exported for the tests that check the package's contents.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const VSIX = join(root, 'memscope.vsix');

/** The entries of a zip file: [{ name, size (uncompressed), compressed }]. */
export function listVsix(path = VSIX) {
  const zip = readFileSync(path);
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment (< 64 KiB).
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${path} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`${path}: broken central directory`);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({ name, size, compressed });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function run(command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

export function packageExtension({ out = VSIX } = {}) {
  run(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production']);
  run(process.execPath, [
    join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
    'package',
    '--no-dependencies',
    // No public repository URL is known to the package; README links stay as written.
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--out', out,
  ]);
  const entries = listVsix(out);
  console.log(`\n${out}: ${kib(statSync(out).size)}, ${entries.length} files`);
  for (const e of entries) console.log(`  ${e.name.padEnd(48)} ${kib(e.size).padStart(10)}`);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    packageExtension();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
