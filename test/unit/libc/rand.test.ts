// rand and srand against glibc: the same seeds must give the same sequences, bit for bit.

import { strict as assert } from 'node:assert';
import { LIBC } from '../../../src/engine/libc';
import { randSequence } from '../../../src/engine/libc/rand';
import { FakeMachine, int, uint } from './fake-call';
import { glibcOutput } from './gcc';

const SEEDS = [0, 1, 2, 42, 12345, 2147483647, 4294967295];
const COUNT = 50;

describe('libc rand', () => {
  it('follows glibc sequences for srand seeds, including 0 (as 1) and the largest unsigned', () => {
    const program = `#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  unsigned seeds[] = {${SEEDS.join('u, ')}u};\n  for (int s = 0; s < ${SEEDS.length}; s++) { srand(seeds[s]); for (int i = 0; i < ${COUNT}; i++) printf("%d ", rand()); printf("\\n"); }\n  return 0;\n}\n`;
    const expected = glibcOutput('rand', program).toString().split('\n').slice(0, -1);
    assert.deepEqual(
      SEEDS.map((seed) => randSequence(seed, COUNT).join(' ') + ' '),
      expected,
    );
  });

  it('starts as if seeded with 1 when srand is never called, and srand restarts the sequence', () => {
    const m = new FakeMachine();
    const first = [0, 1, 2].map(() => m.run('rand', LIBC.rand, []));
    assert.deepEqual(first, randSequence(1, 3));
    m.run('srand', LIBC.srand, [uint(42)]);
    const seeded = [0, 1].map(() => m.run('rand', LIBC.rand, []));
    m.run('srand', LIBC.srand, [int(42)]);
    assert.deepEqual([m.run('rand', LIBC.rand, []), m.run('rand', LIBC.rand, [])], seeded);
    assert.deepEqual(seeded, randSequence(42, 2));
  });

  it('keeps every value within 0..RAND_MAX', () => {
    assert.ok(randSequence(7, 2000).every((v) => Number.isInteger(v) && v >= 0 && v <= 2147483647));
  });
});
