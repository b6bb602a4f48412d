// The heap glue's privileged reads: readWords (the free-list walk's one call per block) reads exactly
// what readWord reads, word by word, on a page the TLB holds and across a page boundary, and a scribbled
// free-list link is still caught by the allocator running on the machine's memory.
import { strict as assert } from 'node:assert';
import { machineFor } from '../snapshot/take-harness';

const SOURCE = `#include <stdlib.h>
int main(void) {
  char *p[40];
  for (int i = 0; i < 40; i++) p[i] = malloc(24 + 40 * i);
  for (int i = 0; i < 40; i += 2) free(p[i]);
  for (;;) p[1][0] = 1;
}
`;

function heapOfRunningProgram() {
  const machine = machineFor(SOURCE);
  const stop = machine.run(2_000_000);
  assert.equal(stop.kind, 'budget');
  return machine.current.heap;
}

describe('heap glue: privileged word reads', () => {
  it('readWords gives each free block its header, next and prev words, as readWord reads them', () => {
    const glue = heapOfRunningProgram();
    const free = glue.allocator.freeList();
    assert.ok(free.length >= 20, `expected the freed blocks in the free list, got ${free.length}`);
    const sizes = new Map(glue.allocator.chunks().map((c) => [c.start, c.size]));
    const out = new Float64Array(3);
    free.forEach((start, i) => {
      glue.readWords(start, out, 3);
      assert.deepEqual([...out], [glue.readWord(start), glue.readWord(start + 8), glue.readWord(start + 16)]);
      assert.equal(out[0], sizes.get(start), 'a free block header holds its size, flags clear');
      assert.equal(out[1], free[i + 1] ?? 0, 'next link');
      assert.equal(out[2], free[i - 1] ?? 0, 'prev link');
    });
  });

  it('readWords across a page boundary reads word by word', () => {
    const glue = heapOfRunningProgram();
    const last = glue.allocator.chunks().at(-1)!;
    const pageEnd = Math.floor((last.start + last.size) / 4096) * 4096;
    const at = pageEnd - 8;
    assert.ok(at > glue.allocator.chunks()[0]!.start, 'the heap spans more than one page');
    const out = new Float64Array(3);
    glue.readWords(at, out, 3);
    assert.deepEqual([...out], [glue.readWord(at), glue.readWord(at + 8), glue.readWord(at + 16)]);
  });

  it('a scribbled next link in simulated memory stops malloc with the message glibc gives', () => {
    const glue = heapOfRunningProgram();
    const free = glue.allocator.freeList();
    glue.writeWord(free[3]! + 8, free[0]!);
    const result = glue.allocator.malloc(4000);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.reason, 'heap-corrupted');
      assert.equal(result.corruption?.message, 'malloc(): corrupted double-linked list');
      assert.equal(result.corruption?.address, free[3]! + 8);
      assert.equal(result.corruption?.found, free[0]);
    }
  });
});
