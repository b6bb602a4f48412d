// A freed block stays known as freed for the whole run, wherever it lived: a large block in its own mmap
// region is unmapped by free, yet a later access through a stale pointer is a use after free (reported,
// survived), not a segmentation fault — through the program's loads and stores and library calls alike.
import { strict as assert } from 'node:assert';
import { Machine } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { compileSource, lineOf } from '../snapshot/take-harness';
import { MODES } from '../machine/harness';

const SOURCE = `#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) {
  char *big = malloc(300000);
  strcpy(big, "hello");
  free(big); // @free
  char c = big[1]; // @read
  big[2] = 'x'; // @write
  printf("[%s]\\n", big); // @print
  char *again = malloc(300000);
  again[0] = 'a';
  int same = again == big;
  printf("%d %d\\n", c, big[0]); // @reused
  free(again);
  return same - same;
}
`;

for (const mode of MODES) {
  describe(`${mode.name}: freed mmapped blocks`, () => {
    let machine: Machine;
    let output = '';
    before(() => {
      output = '';
      machine = new Machine(compileSource(SOURCE), { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024, ...mode.options }, { write: (_fd, b) => (output += Buffer.from(b).toString()), readStdin: () => -1 });
      let stop = machine.run(1e7);
      while (stop.kind === 'budget' || stop.kind === 'error') stop = machine.run(1e7);
      assert.deepEqual(stop, { kind: 'exited', status: 0 });
    });

    const at = (marker: string) => machine.errors.filter((e) => e.stack.some((f) => f.line === lineOf(SOURCE, marker)));

    it('a read of an unmapped freed block is a use after free, and the program goes on with 0', () => {
      const [e] = at('@read');
      assert.equal(e?.kind, 'use-after-free');
      assert.equal(e?.message, 'Invalid read of size 1');
      assert.match(e!.details[0]!, /^Address 0x[0-9a-f]+ is 1 bytes inside a block of size 300,000 free'd$/);
      assert.equal(e?.freeStack?.[1]?.line, lineOf(SOURCE, '@free'));
      assert.equal(e?.fatal, false);
    });

    it('a write there is reported and not made', () => {
      const [e] = at('@write');
      assert.equal(e?.kind, 'use-after-free');
      assert.equal(e?.message, 'Invalid write of size 1');
    });

    it('a library function reading it reports it as made by that function, and reads an empty string', () => {
      const [e] = at('@print');
      assert.equal(e?.kind, 'use-after-free');
      assert.equal(e?.stack[0]?.function, 'printf');
      assert.match(output, /^\[\]\n/);
    });

    it('the stale pointer stays stale even when a new block takes the same addresses', () => {
      const [e] = at('@reused');
      assert.equal(e?.kind, 'use-after-free');
      assert.equal(machine.errors.filter((x) => x.fatal).length, 0);
    });
  });
}

describe('a double free is exact even when the bytes were reused', () => {
  const SRC = `#include <stdlib.h>
int main(void) {
  char *p = malloc(16);
  free(p);
  char *q = malloc(16);
  int same = p == q;
  free(p); // @again
  q[0] = 'q';
  free(q);
  return !same;
}
`;
  for (const mode of MODES) {
    it(`${mode.name}: free() of the stale pointer is a double free and leaves the new block alone`, () => {
      const machine = new Machine(compileSource(SRC), { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024, ...mode.options }, { write: () => undefined, readStdin: () => -1 });
      let stop = machine.run(1e7);
      while (stop.kind === 'budget' || stop.kind === 'error') stop = machine.run(1e7);
      // The new block really took the old one's address (exit status 0), yet only the stale free is wrong.
      assert.deepEqual(stop, { kind: 'exited', status: 0 });
      assert.deepEqual(machine.errors.map((e) => [e.kind, e.stack[1]?.line]), [['double-free', lineOf(SRC, '@again')]]);
      assert.match(machine.errors[0]!.explanation, /^This 16-byte block \(allocated at line 3\) was already freed at line 4/);
      assert.equal(machine.heapSummary().frees, 2);
      assert.equal(machine.heapSummary().inUseBlocks, 0);
    });
  }
});

