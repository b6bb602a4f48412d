// Processes as threads: after fork, VS Code's Call Stack lists every live process by pid with its
// scheduling state, the stop names the process that stopped, and each process has its own stack —
// the one off the CPU walked through its own page tables.
import { strict as assert } from 'node:assert';
import { launchTo, lineOf, useAdapter } from './harness';

const FORKED = `#include <unistd.h>
#include <sys/wait.h>
long sink;
int child_work(int n) {
  for (int i = 0; i < 20000; i++) sink += i;
  int local = n * 2;
  return local - 42; // @child
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

describe('DAP: processes as threads', () => {
  const f = useAdapter();

  it('before fork there is one thread, the program, as pid 1', async () => {
    const program = f.write('one.c', FORKED);
    const { stopped } = await launchTo(f.dc, program, [lineOf(FORKED, 'pid_t pid')]);
    assert.equal(stopped.body.threadId, 1);
    const threads = (await f.dc.threadsRequest()).body.threads;
    assert.deepEqual(threads.map((t) => t.id), [1]);
    assert.match(threads[0]!.name, /\(pid 1\)/);
  });

  it('after fork each process is a thread with its own stack: the child at its breakpoint, the parent waiting', async () => {
    const program = f.write('forked.c', FORKED);
    const { stopped, frames } = await launchTo(f.dc, program, [lineOf(FORKED, '@child')]);
    assert.equal(stopped.body.threadId, 2, 'the child stopped');
    assert.deepEqual(frames.slice(0, 2).map((x) => [x.name, x.line]), [['child_work', lineOf(FORKED, '@child')], ['main', lineOf(FORKED, 'child_work(21)')]]);
    const threads = (await f.dc.threadsRequest()).body.threads;
    assert.deepEqual(threads.map((t) => t.id), [1, 2]);
    assert.match(threads[0]!.name, /pid 1, waiting/);
    assert.match(threads[1]!.name, /pid 2, running/);
    const parent = (await f.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    const names = parent.map((x) => x.name);
    assert.ok(names.includes('parent_wait') && names.includes('main'), names.join(' '));
    assert.ok(!names.includes('child_work'));
    assert.equal(parent.find((x) => x.name === 'parent_wait')!.line, lineOf(FORKED, '@wait'));
    assert.equal(new Set([...parent, ...frames].map((x) => x.id)).size, parent.length + frames.length, 'frame ids are distinct across processes');
    // The variable views read the running process: a frame of the waiting one has no scopes to show.
    assert.deepEqual((await f.dc.scopesRequest({ frameId: parent[0]!.id })).body.scopes, []);
  });
});
