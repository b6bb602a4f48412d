#!/usr/bin/env node
// The `memscope` command. It runs the bundled CLI; in a fresh checkout where the bundle has not been
// built yet (or the sources are newer), it builds it first with the project's own esbuild.
'use strict';
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

const root = join(__dirname, '..');
const bundle = join(root, 'dist', 'cli.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    if (time > newest) newest = time;
  }
  return newest;
}

const sources = join(root, 'src');
if (existsSync(sources) && (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource(sources))) {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
}
require(bundle);
