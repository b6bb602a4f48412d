// Stacks of processes that are not on the CPU: after fork both processes have frames at the same
// addresses; backtrace(max, proc) walks each through its own page tables, and the snapshot draws a stack
// for every live process, not only the running one.
import { strict as assert } from 'node:assert';
import { Machine } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { takeSnapshot } from '../../../src/engine/snapshot/take';
import { compileSource, lineOf } from '../snapshot/take-harness';
import { MODES } from './harness';

const FORKED = `#include <unistd.h>
#include <sys/wait.h>
long sink;
int child_work(int n) {
  int local = n * 2;
  for (;;) sink += local; // @spin
  return 0;
}
int parent_wait(void) {
  int status = 0;
  wait(&status); // @wait
  return status;
}
int main(void) {
  pid_t pid = fork();
  if (pid == 0) return child_work(21);
  return parent_wait();
}
`;

for (const mode of MODES) {
  describe(`${mode.name}: stacks of every process`, () => {
    it('backtrace(max, proc) walks the process off the CPU with its own frames, and the snapshot shows both stacks', () => {
      const m = new Machine(compileSource(FORKED), { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024, ...mode.options }, { write: () => undefined, readStdin: () => -1 });
      assert.equal(m.run(300_000).kind, 'budget');
      const [parent, child] = m.processes;
      assert.ok(parent && child, 'forked');
      assert.equal(m.current, child, 'the parent waits, the child spins');
      const childFrames = m.backtrace(Infinity, child).filter((f) => f.origin === 'user');
      const parentFrames = m.backtrace(Infinity, parent).filter((f) => f.origin === 'user');
      assert.deepEqual(childFrames.map((f) => [f.function, f.site.line]), [['child_work', lineOf(FORKED, '@spin')], ['main', lineOf(FORKED, 'child_work(21)')]]);
      assert.deepEqual(parentFrames.map((f) => [f.function, f.site.line]), [['parent_wait', lineOf(FORKED, '@wait')], ['main', lineOf(FORKED, 'parent_wait()')]]);
      // The default is the running process.
      assert.deepEqual(m.backtrace().map((f) => f.function), m.backtrace(Infinity, child).map((f) => f.function));
      const snap = takeSnapshot(m);
      const functions = (pid: number) => snap.processes.find((p) => p.pid === pid)!.stack.filter((f) => !f.dead).map((f) => f.function);
      assert.ok(functions(parent.pid).includes('parent_wait'), functions(parent.pid).join(' '));
      assert.ok(functions(child.pid).includes('child_work'), functions(child.pid).join(' '));
    });
  });
}
