// The heap and memcheck examples do what their comments promise: each one's errors, at the lines its
// "what to watch" names, and the numbers it announces (leak bytes, free bytes, reused addresses).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFile } from '../../../src/engine/index';
import { Machine, type MachineOptions } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import type { CountedError } from '../../../src/engine/check/error-log';
import { applyPragmas, DEFAULT_SETTINGS, type Settings } from '../../../src/engine/settings';

const examples = join(__dirname, '..', '..', '..', 'examples');

interface Run {
  readonly machine: Machine;
  readonly output: string;
  readonly source: string;
  /** The 1-based line of the first line containing `text`. */
  line(text: string): number;
  /** [kind, line] of each error, in order. */
  errors(): [string, number][];
}

function run(name: string, options: Partial<MachineOptions> = {}): Run {
  const path = join(examples, name);
  const source = readFileSync(path, 'utf8');
  const compiled = compileFile(path);
  assert.ok(compiled.program, compiled.diagnostics.map((d) => d.message).join('\n'));
  let output = '';
  const machine = new Machine(compiled.program, { natives: LIBC, allocator: createAllocator, stopOnErrors: true, ...options }, { write: (_fd, b) => (output += Buffer.from(b).toString()), readStdin: () => -1 });
  let stop = machine.run(1e7);
  while (stop.kind === 'budget' || stop.kind === 'error') stop = machine.run(1e7);
  assert.deepEqual(stop, { kind: 'exited', status: 0 });
  const lines = source.split('\n');
  const userLine = (e: CountedError) => e.stack.find((f) => f.line > 0 && !f.file.startsWith('<'))?.line ?? 0;
  return {
    machine,
    output,
    source,
    line(text) {
      const i = lines.findIndex((l) => l.includes(text) && !l.startsWith('//'));
      assert.ok(i >= 0, `${name} has a line with ${text}`);
      return i + 1;
    },
    errors: () => machine.errors.map((e) => [e.kind, userLine(e)]),
  };
}

/** The heap limit an example's pragmas set (settings.ts: defaults, then pragmas). */
function pragmaHeapLimit(name: string): number {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  assert.deepEqual(applyPragmas(settings, compileFile(join(examples, name)).program!.pragmas), []);
  return settings.heapLimit;
}

/** The comment at the top of an example names `line` (its promise is checked by the caller). */
function promises(r: Run, line: number): void {
  const header = r.source.split('\n').filter((l) => l.startsWith('//')).join('\n');
  assert.match(header, new RegExp(`\\bline ${line}\\b|\\blines ${line}\\b`), `the comment names line ${line}`);
}

describe('heap and memcheck examples keep their promises', () => {
  it('free_list.c: the freed middle block is reused by the next fitting malloc, and nothing is reported', () => {
    const r = run('free_list.c');
    assert.match(r.output, /reuses b: yes/);
    assert.deepEqual(r.errors(), []);
    const [a, b, c] = r.machine.current.heap.allocator.records();
    assert.deepEqual([a!.blockSize, b!.blockSize, c!.blockSize], [32, 64, 48]);
  });

  it('fragmentation.c: with the 2 KiB heap of its pragma, malloc(200) fails with 960 bytes free in 15 blocks of 64', () => {
    const r = run('fragmentation.c', { heapLimit: pragmaHeapLimit('fragmentation.c') });
    assert.match(r.output, /malloc\(200\) failed: the heap is fragmented/);
    const line = r.line('malloc(200)');
    assert.deepEqual(r.errors(), [['out-of-memory', line]]);
    const e = r.machine.errors[0]!;
    assert.equal(e.message, 'malloc(200) failed and returned NULL');
    assert.equal(e.details[0], '960 bytes are free in 15 blocks, but the largest is 64 bytes and the request needs a 224-byte block');
    assert.match(e.explanation, /the heap is fragmented\.$/);
    assert.match(r.source, /960\s*\n?\/\/\s*bytes are free in 15 blocks, but the largest is 64 bytes/);
  });

  it('fragmentation.c: its pragma asks for a 2 KiB heap', () => {
    assert.equal(pragmaHeapLimit('fragmentation.c'), 2048);
  });

  it('fragmentation.c: without a heap limit the heap grows and the request succeeds', () => {
    const r = run('fragmentation.c');
    assert.match(r.output, /malloc\(200\) succeeded/);
    assert.deepEqual(r.errors(), []);
  });

  it('dangling_pointer.c: reading through the pointer into the returned frame is reported there', () => {
    const r = run('dangling_pointer.c');
    assert.deepEqual(r.errors(), [['dangling-stack', r.line('greeting[0]')]]);
    assert.match(r.machine.errors[0]!.details[0]!, /local variable 'text' of size 32 in the frame of make_greeting\(\), which has returned/);
    assert.match(r.output, / !\n$/);
  });

  it('use_after_free.c: both reads through the stale pointer are uses after free, before and after reuse', () => {
    const r = run('use_after_free.c');
    const freed = r.line('free(first)');
    assert.deepEqual(r.errors(), [['use-after-free', freed + 1], ['use-after-free', r.line('fresh->value, cursor->value')]]);
    promises(r, freed);
    for (const e of r.machine.errors) assert.match(e.explanation, new RegExp(`freed at line ${freed}`));
  });

  it('double_free.c: the second free is reported with the line of the first, and the heap still works', () => {
    const r = run('double_free.c');
    const [first, second] = r.source.split('\n').flatMap((l, i) => (l.trim() === 'free(buffer);' ? [i + 1] : []));
    assert.deepEqual(r.errors(), [['double-free', second!]]);
    promises(r, second!);
    assert.match(r.machine.errors[0]!.explanation, new RegExp(`already freed at line ${first}`));
    assert.match(r.output, /still works/);
  });

  it('leak_moment.c: each leak is reported at the statement that lost the last pointer, 51 bytes in 3 blocks', () => {
    const r = run('leak_moment.c');
    const moments = [r.line('buffer = malloc(64)'), r.line('return words'), r.line('free(list)')];
    assert.deepEqual(r.errors(), moments.map((line) => ['leak', line]));
    for (const line of moments) promises(r, line);
    assert.deepEqual(r.machine.leakCheck().definite, { bytes: 51, blocks: 3 });
    assert.match(r.source, /16 \+ 19 \+ 16 = 51 bytes definitely lost in 3 blocks/);
  });

  it('stack_buffer_overflow.c: strcpy past the local array is reported at its line, naming the variable', () => {
    const r = run('stack_buffer_overflow.c');
    const copy = r.line('strcpy(name, who)');
    assert.deepEqual(r.errors(), [['invalid-write', copy], ['invalid-read', copy + 1]]);
    promises(r, copy);
    promises(r, copy + 1);
    assert.match(r.machine.errors[0]!.details[0]!, /0 bytes after local variable 'name' of size 8 in the frame of greet\(\)$/);
    assert.doesNotMatch(r.output, /visits=1\n/);
  });

  it('uninitialized.c: reported where the value decides a branch and where printf uses it, not where it is copied', () => {
    const r = run('uninitialized.c');
    const branch = r.line('if (copy > 50)');
    const print = r.line('printf("total');
    assert.deepEqual(r.errors(), [['uninitialized', branch], ['uninitialized', print]]);
    promises(r, branch);
    promises(r, print);
  });
});
