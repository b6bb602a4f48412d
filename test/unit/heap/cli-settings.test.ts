// The heap's settings reach the allocator end to end: `memscope run --heap-policy`, `--no-coalesce`,
// `--heap-limit` and the program's pragmas (`#pragma memscope heap_policy(best)`, `coalesce(off)`,
// `heap_limit(2K)`), the command line winning over a pragma — each checked by where the program's blocks land.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

// Three free blocks in address order: 128, 64 and 224 bytes, each between blocks in use. A request for
// 40 bytes (a 64-byte block) lands in the first (first fit), the exact one (best) or the largest (worst).
const POLICY = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *p1 = malloc(100), *g1 = malloc(10);
  char *p2 = malloc(40), *g2 = malloc(10);
  char *p3 = malloc(200), *g3 = malloc(10);
  free(p1); free(p2); free(p3);
  char *q = malloc(40);
  printf("%s\\n", q == p1 ? "first" : q == p2 ? "best" : q == p3 ? "worst" : "elsewhere");
  free(q); free(g1); free(g2); free(g3);
  return 0;
}
`;

// Two neighbours freed: merged, they hold a 100-byte request in place; apart, the heap must grow.
const COALESCE = `#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *a = malloc(48), *b = malloc(48), *guard = malloc(8);
  free(a); free(b);
  char *c = malloc(100);
  printf("%s\\n", c == a ? "merged" : "apart");
  free(c); free(guard);
  return 0;
}
`;

function memscope(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'memscope.js'), 'run', '-q', ...args], { encoding: 'utf8', timeout: 60000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('heap settings from the command line and from pragmas', function () {
  this.timeout(120000);
  const dir = mkdtempSync(join(tmpdir(), 'memscope-heap-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const policy = file('policy.c', POLICY);
  const pragmaBest = file('pragma_best.c', `#pragma memscope heap_policy(best)\n${POLICY}`);
  const coalesce = file('coalesce.c', COALESCE);
  const pragmaApart = file('pragma_apart.c', `#pragma memscope coalesce(off)\n${COALESCE}`);

  it('first fit by default; --heap-policy best and worst choose the exact and the largest block', () => {
    assert.equal(memscope([policy]).stdout, 'first\n');
    assert.equal(memscope(['--heap-policy', 'best', policy]).stdout, 'best\n');
    assert.equal(memscope(['--heap-policy=worst', policy]).stdout, 'worst\n');
  });

  it('a heap_policy pragma chooses the policy, and the command line overrides it', () => {
    assert.equal(memscope([pragmaBest]).stdout, 'best\n');
    assert.equal(memscope(['--heap-policy', 'worst', pragmaBest]).stdout, 'worst\n');
  });

  it('freed neighbours merge by default; --no-coalesce and a coalesce(off) pragma keep them apart', () => {
    assert.equal(memscope([coalesce]).stdout, 'merged\n');
    assert.equal(memscope(['--no-coalesce', coalesce]).stdout, 'apart\n');
    assert.equal(memscope([pragmaApart]).stdout, 'apart\n');
  });

  it('--heap-limit stops the heap growing: the apart blocks cannot hold the request, reported as fragmentation', () => {
    const r = memscope(['--no-coalesce', '--heap-limit', '200', coalesce]);
    assert.equal(r.stdout, 'apart\n');
    assert.match(r.stderr, /malloc\(100\) failed and returned NULL/);
    assert.match(r.stderr, /128 bytes are free in 2 blocks, but the largest is 64 bytes and the request needs a 128-byte block/);
    assert.match(r.stderr, /the heap is fragmented/);
  });

  it('a heap_limit pragma limits the heap as --heap-limit does, and the command line overrides it (0: no limit)', () => {
    const limited = file('pragma_limit.c', `#pragma memscope heap_limit(200)\n#pragma memscope coalesce(off)\n${COALESCE}`);
    const r = memscope([limited]);
    assert.equal(r.stdout, 'apart\n');
    assert.match(r.stderr, /malloc\(100\) failed and returned NULL/);
    assert.match(r.stderr, /the heap is fragmented/);
    const lifted = memscope(['--heap-limit', '0', limited]);
    assert.equal(lifted.stdout, 'apart\n');
    assert.doesNotMatch(lifted.stderr, /failed/);
  });

  it('examples/fragmentation.c fails its malloc(200) by its pragma alone, and succeeds with --heap-limit 0', () => {
    const example = join(root, 'examples', 'fragmentation.c');
    const r = memscope([example]);
    assert.equal(r.stdout, 'malloc(200) failed: the heap is fragmented\n');
    assert.match(r.stderr, /960 bytes are free in 15 blocks, but the largest is 64 bytes/);
    assert.equal(memscope(['--heap-limit', '0', example]).stdout, 'malloc(200) succeeded\n');
  });

  it('a heap_limit pragma that is not a size is a warning naming its line', () => {
    const bad = file('pragma_bad_limit.c', `#pragma memscope heap_limit(lots)\n${COALESCE}`);
    const r = memscope([bad]);
    assert.match(r.stderr, /pragma_bad_limit\.c:1: warning: 'lots' is not a size/);
    assert.equal(r.stdout, 'merged\n');
  });

  it('--heap-limit takes a size and rejects anything else', () => {
    const r = memscope(['--heap-limit', 'lots', coalesce]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--heap-limit: 'lots' is not a size/);
  });
});
