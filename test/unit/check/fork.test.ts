// Memcheck in a forked child: its heap objects are its own. The child's object table points at the
// child's allocator records, so a block the parent frees stays allocated in the child — the child's
// free of it is valid and counts off the pointers inside it (a leak moment), a use after the child's
// free is reported — each with the child's pid, while the parent's run and reports stay untouched.
import { strict as assert } from 'node:assert';
import { Machine } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { compileSource, lineOf } from '../snapshot/take-harness';
import { MODES } from '../machine/harness';

const SOURCE = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

struct node {
  int value;
  struct node *next;
};

int main(void) {
  struct node *list = malloc(sizeof *list);
  list->value = 7;
  list->next = malloc(sizeof *list); // @second
  list->next->value = 8;
  list->next->next = NULL;
  pid_t pid = fork();
  if (pid == 0) {
    free(list); // @child-free
    int v = list->value; // @child-use
    exit(v == 12345 ? 1 : 3);
  }
  free(list->next);
  free(list);
  int status;
  wait(&status);
  printf("child exited %d\\n", WEXITSTATUS(status));
  return 0;
}
`;

const userLine = (stack: readonly { line: number; file: string }[]) => stack.find((f) => f.line > 0 && !f.file.startsWith('<'))?.line ?? 0;

for (const mode of MODES) {
  describe(`${mode.name}: memcheck in a forked child`, () => {
    it("the child's free of a block its parent already freed is valid there, loses the pointer inside it (a leak, pid 2), and a use after it is reported with pid 2; the parent has no error and no leak", () => {
      let out = '';
      const m = new Machine(compileSource(SOURCE), { natives: LIBC, allocator: createAllocator, ...mode.options }, { write: (_fd, b) => (out += new TextDecoder().decode(b)), readStdin: () => -1 });
      let stop = m.run(1e7);
      while (stop.kind === 'budget' || stop.kind === 'error') stop = m.run(1e7);
      assert.deepEqual(stop, { kind: 'exited', status: 0 });
      assert.equal(out, 'child exited 3\n');
      const seen = m.errors.map((e) => [e.kind, e.pid, userLine(e.stack)]);
      assert.deepEqual(seen, [
        ['leak', 2, lineOf(SOURCE, '@child-free')],
        ['use-after-free', 2, lineOf(SOURCE, '@child-use')],
      ]);
      const leak = m.errors[0]!;
      assert.equal(leak.message, '16 bytes in 1 blocks are definitely lost');
      assert.equal(userLine(leak.allocStack!), lineOf(SOURCE, '@second'));
      const uaf = m.errors[1]!;
      assert.equal(userLine(uaf.freeStack!), lineOf(SOURCE, '@child-free'), "freed by the child's own free");
      const parent = m.processes[0]!;
      assert.equal(parent.pid, 1);
      const leaks = m.leakCheck(parent);
      assert.deepEqual([leaks.definite, leaks.reachable], [{ bytes: 0, blocks: 0 }, { bytes: 0, blocks: 0 }]);
      assert.equal(m.heapSummary(parent).frees, 2);
    });
  });
}
