// valgrind as the reference judge of the memcheck corpus: each program built with gcc -O0 -g and run
// under `valgrind --leak-check=full --show-leak-kinds=all --xml=yes`, its XML read into memscope's
// vocabulary (error kinds and lines in the program's own file, leak bytes and blocks, exit status).
//
// How it works. Builds and valgrind's XML are cached under .cache/memcheck-corpus/, keyed by a hash of
// the source and the tools' versions, so only a changed program is rebuilt and rerun (valgrind takes
// about half a second a program). valgrind's kinds map to memscope's: an invalid access inside a freed
// block is a use after free, one in the first page a null dereference, an invalid free of a freed block
// a double free, the uninitialised-value kinds `uninitialized`, Overlap `overlap`; a fatal SIGFPE is a
// division by zero. Each (kind, line) is kept once: valgrind splits one bad printf into several
// contexts inside the library, memscope reports it once at the call.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface LeakNumbers {
  definite: [number, number];
  indirect: [number, number];
  possible: [number, number];
  reachable: [number, number];
}

export interface Judgement {
  /** Distinct error kinds with the line of the program's innermost frame, as "kind@line", sorted. */
  readonly errors: string[];
  readonly leaks: LeakNumbers;
  readonly exit: number;
}

const root = join(__dirname, '..', '..');
const cacheDir = join(root, '.cache', 'memcheck-corpus');

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

function version(command: string): string {
  return spawnSync(command, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '';
}

/** Whether this machine can judge: gcc and valgrind are both installed. */
export const VALGRIND_AVAILABLE = has('gcc') && has('valgrind');

/** The versions of gcc and valgrind, part of every cache key. */
let tools: string | undefined;

const SIGNALS: Record<string, number> = { SIGSEGV: 11, SIGFPE: 8, SIGABRT: 6, SIGKILL: 9, SIGILL: 4 };

/** valgrind's judgement of the C program at `path` (built and run once, then read from the cache). */
export function judge(path: string): Judgement {
  const source = readFileSync(path);
  tools ??= version('gcc') + version('valgrind');
  const key = createHash('sha1').update(source).update(tools).digest('hex').slice(0, 16);
  const dir = join(cacheDir, `${basename(path, '.c')}-${key}`);
  const xml = join(dir, 'valgrind.xml');
  const statusFile = join(dir, 'status.json');
  if (!existsSync(statusFile)) {
    mkdirSync(dir, { recursive: true });
    const exe = join(dir, 'program');
    const cc = spawnSync('gcc', ['-std=c11', '-O0', '-g', '-o', exe, path, '-lm'], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`gcc failed on ${path}:\n${cc.stderr}`);
    const run = spawnSync('valgrind', ['-q', '--leak-check=full', '--show-leak-kinds=all', '--xml=yes', `--xml-file=${xml}`, exe], { encoding: 'utf8', timeout: 60000 });
    const exit = run.status ?? (run.signal ? 128 + (SIGNALS[run.signal] ?? 0) : -1);
    writeFileSync(statusFile, JSON.stringify({ exit }));
  }
  const exit = (JSON.parse(readFileSync(statusFile, 'utf8')) as { exit: number }).exit;
  return { ...parse(readFileSync(xml, 'utf8'), basename(path)), exit };
}

function tag(block: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(block);
  return m ? m[1]!.trim() : undefined;
}

/** Line of the innermost frame in `file` of the first <stack> in `block` (0 if none). */
function lineIn(block: string, file: string): number {
  const stack = tag(block, 'stack') ?? '';
  for (const frame of stack.split('</frame>')) {
    if (tag(frame, 'file') === file) return Number(tag(frame, 'line') ?? 0);
  }
  return 0;
}

export function parse(xml: string, file: string): Omit<Judgement, 'exit'> {
  const errors = new Set<string>();
  const leaks: LeakNumbers = { definite: [0, 0], indirect: [0, 0], possible: [0, 0], reachable: [0, 0] };
  const LEAK_KINDS: Record<string, keyof LeakNumbers> = {
    Leak_DefinitelyLost: 'definite',
    Leak_IndirectlyLost: 'indirect',
    Leak_PossiblyLost: 'possible',
    Leak_StillReachable: 'reachable',
  };
  for (const m of xml.matchAll(/<error>([\s\S]*?)<\/error>/g)) {
    const block = m[1]!;
    const kind = tag(block, 'kind') ?? '';
    const leak = LEAK_KINDS[kind];
    if (leak) {
      // A definite record's bytes include what it drags along: "32 (16 direct, 16 indirect) bytes".
      const direct = /\(([\d,]+) direct/.exec(tag(block, 'text') ?? '');
      leaks[leak][0] += direct ? Number(direct[1]!.replace(/,/g, '')) : Number(tag(block, 'leakedbytes') ?? 0);
      leaks[leak][1] += Number(tag(block, 'leakedblocks') ?? 0);
      continue;
    }
    const aux = [...block.matchAll(/<auxwhat>([\s\S]*?)<\/auxwhat>/g)].map((a) => a[1]!).join(' ');
    const freed = /block of size [\d,]+ free'd/.test(aux);
    const address = Number(/Address (0x[0-9a-f]+)/.exec(aux)?.[1] ?? NaN);
    let ours: string;
    switch (kind) {
      case 'InvalidRead':
      case 'InvalidWrite':
        ours = freed ? 'use-after-free' : address < 0x1000 ? 'null-deref' : kind === 'InvalidRead' ? 'invalid-read' : 'invalid-write';
        break;
      case 'InvalidFree':
        ours = freed ? 'double-free' : 'invalid-free';
        break;
      case 'UninitCondition':
      case 'UninitValue':
      case 'SyscallParam':
        ours = 'uninitialized';
        break;
      case 'Overlap':
        ours = 'overlap';
        break;
      case 'InvalidJump':
        ours = 'segfault';
        break;
      default:
        ours = `valgrind:${kind}`;
    }
    errors.add(`${ours}@${lineIn(block, file)}`);
  }
  const fatal = tag(xml, 'fatal_signal');
  if (fatal) {
    const line = lineIn(fatal, file);
    const signal = tag(fatal, 'signame');
    if (signal === 'SIGFPE') errors.add(`division-by-zero@${line}`);
    else if (signal === 'SIGSEGV' && ![...errors].some((e) => e.endsWith(`@${line}`))) errors.add(`segfault@${line}`);
  }
  return { errors: [...errors].sort(), leaks };
}
