import { strict as assert } from 'node:assert';
import { parseCommandLine } from '../../../src/cli/args';
import { parseSize, applyPragmas, DEFAULT_SETTINGS } from '../../../src/engine/settings';

describe('memscope command line', () => {
  it('parses a run with program arguments after --', () => {
    const c = parseCommandLine(['run', 'prog.c', '--', 'a', '--b']);
    assert.equal(c.kind, 'run');
    if (c.kind !== 'run') return;
    assert.equal(c.file, 'prog.c');
    assert.deepEqual(c.args, ['a', '--b']);
  });

  it('accepts valgrind-style --name=value and --name value forms', () => {
    const c = parseCommandLine(['run', '--leak-check=full', '--stack-size', '64K', '--error-exitcode=3', 'p.c']);
    assert.equal(c.kind, 'run');
    if (c.kind !== 'run') return;
    assert.equal(c.overrides.leakCheck, 'full');
    assert.equal(c.overrides.stackSize, 64 * 1024);
    assert.equal(c.errorExitCode, 3);
  });

  it('rejects unknown options and bad values with a message naming them', () => {
    const unknown = parseCommandLine(['run', '--frobnicate', 'p.c']);
    assert.equal(unknown.kind, 'error');
    assert.match(unknown.kind === 'error' ? unknown.message : '', /--frobnicate/);
    const bad = parseCommandLine(['run', '--page-policy', 'lifo', 'p.c']);
    assert.equal(bad.kind, 'error');
    assert.match(bad.kind === 'error' ? bad.message : '', /fifo, lru, clock, random, opt/);
  });

  it('suggests run when given a C file as the command', () => {
    const c = parseCommandLine(['prog.c']);
    assert.equal(c.kind, 'error');
    assert.match(c.kind === 'error' ? c.message : '', /memscope run prog\.c/);
  });

  it('sets coalescing off with --no-coalesce', () => {
    const c = parseCommandLine(['run', '--no-coalesce', 'p.c']);
    assert.equal(c.kind === 'run' && c.overrides.coalesce, false);
  });
});

describe('settings', () => {
  it('parses sizes in binary multiples', () => {
    assert.equal(parseSize('4096'), 4096);
    assert.equal(parseSize('64K'), 65536);
    assert.equal(parseSize('8M'), 8 * 1024 * 1024);
    assert.equal(parseSize('1GiB'), 1024 ** 3);
    assert.equal(typeof parseSize('lots'), 'object');
  });

  it('applies memscope pragmas and reports the ones it cannot apply', () => {
    const s = { ...DEFAULT_SETTINGS };
    const problems = applyPragmas(s, [
      { name: 'phys_mem', value: '256K', file: 0, line: 1 },
      { name: 'page_policy', value: 'fifo', file: 0, line: 2 },
      { name: 'warp_drive', value: 'on', file: 0, line: 3 },
    ]);
    assert.equal(s.physMem, 256 * 1024);
    assert.equal(s.pagePolicy, 'fifo');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /unknown memscope pragma 'warp_drive'/);
  });
});
