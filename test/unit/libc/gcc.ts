// gcc as the reference: compiles a small C program with the system's gcc and glibc, runs it, and returns
// its output, so tests compare memscope's libc with the real one. Binaries are cached by the hash of
// their source in the system's temporary folder, so a second test run does not compile again.
// Returns null when gcc is not installed; callers then fall back to recorded expectations.

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let available: boolean | undefined;

export function hasGcc(): boolean {
  if (available === undefined) {
    available = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;
  }
  return available;
}

/** Compiles `source` (C11, glibc) and runs it with `stdin`; null without gcc. Throws if it does not compile. */
export function runWithGcc(source: string, options: { stdin?: string | Uint8Array; args?: string[]; extraFlags?: string[] } = {}): { stdout: Buffer; stderr: Buffer; status: number | null; signal: string | null } | null {
  if (!hasGcc()) return null;
  const flags = ['-std=c11', '-O0', '-w', ...(options.extraFlags ?? [])];
  const hash = createHash('sha256').update(flags.join(' ')).update('\0').update(source).digest('hex').slice(0, 20);
  const dir = join(tmpdir(), 'memscope-libc-gcc');
  mkdirSync(dir, { recursive: true });
  const exe = join(dir, `p-${hash}`);
  if (!existsSync(exe)) {
    const file = join(dir, `p-${hash}.c`);
    writeFileSync(file, source);
    execFileSync('gcc', [...flags, '-o', exe, file, '-lm'], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  const result = spawnSync(exe, options.args ?? [], { input: options.stdin ?? '', maxBuffer: 64 * 1024 * 1024 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status, signal: result.signal };
}

/** A C expression with exactly the double `x` (through its bit pattern, so no decimal rounding). */
export function cDouble(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return `bits2d(0x${view.getBigUint64(0).toString(16)}ULL)`;
}

/** Definitions `cDouble` needs, to paste at the top of a generated program. */
export const C_DOUBLE_PRELUDE = `#include <string.h>
static double bits2d(unsigned long long b) { double d; memcpy(&d, &b, 8); return d; }
`;

const RECORDED = join(__dirname, 'expected');

/**
 * The standard output of `source` under gcc and glibc. Each run with gcc records it in
 * test/unit/libc/expected/<name>.out; without gcc the recording is the expectation.
 */
export function glibcOutput(name: string, source: string): Buffer {
  const file = join(RECORDED, `${name}.out`);
  const run = runWithGcc(source);
  if (!run) return readFileSync(file);
  if (run.status !== 0) throw new Error(`${name}: the reference program exited with ${run.status ?? run.signal}`);
  if (!existsSync(file) || !readFileSync(file).equals(run.stdout)) {
    mkdirSync(RECORDED, { recursive: true });
    writeFileSync(file, run.stdout);
  }
  return run.stdout;
}
