// Processes as threads: after fork, VS Code's Call Stack lists every live process by pid with its
// scheduling state, the stop names the process that stopped, and each process has its own stack —
// the one off the CPU walked through its own page tables, and its variables and memory read from its own
// pages (after fork, the parent and the child hold different values at the same addresses).
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { launchTo, lineOf, scopeVariables, useAdapter } from './harness';
import { ISOLATION } from '../fixtures/fork-isolation';

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
    // A frame of the waiting process has its own scopes, read from its own memory.
    const parentWait = parent.find((x) => x.name === 'parent_wait')!;
    assert.equal((await scopeVariables(f.dc, parentWait.id, 'Locals')).get('status')?.value, '0');
  });

  it('thread events follow the processes: started at fork, before the child stops, and exited as each ends', async () => {
    const program = f.write('events.c', FORKED);
    const events: string[] = [];
    f.dc.on('thread', (e: DebugProtocol.ThreadEvent) => events.push(`${e.body.reason} ${e.body.threadId}`));
    f.dc.on('stopped', (e: DebugProtocol.StoppedEvent) => events.push(`stopped ${e.body.threadId ?? 0}`));
    await launchTo(f.dc, program, [lineOf(FORKED, '@child')]);
    assert.deepEqual(events, ['started 2', 'stopped 2']);
    await Promise.all([f.dc.continueRequest({ threadId: 2 }), f.dc.waitForEvent('terminated')]);
    // The child ends first (the parent waits for it), then the parent.
    assert.deepEqual(events, ['started 2', 'stopped 2', 'exited 2', 'exited 1']);
  });

  it('a frame of a process off the CPU shows that process\'s memory: the same variable at the same address has different values', async () => {
    const program = f.write('isolation.c', ISOLATION);
    const { stopped, frames } = await launchTo(f.dc, program, [lineOf(ISOLATION, '@child')]);
    assert.equal(stopped.body.threadId, 2, 'the child stopped');
    const parent = (await f.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    const parentMain = parent.find((x) => x.name === 'main')!;
    const childMain = frames.find((x) => x.name === 'main')!;
    assert.ok(parentMain.id !== childMain.id);
    const evaluate = async (expression: string, frameId: number, context = 'watch') => (await f.dc.evaluateRequest({ expression, frameId, context })).body;

    // Globals and locals: equal addresses, different values.
    assert.equal((await evaluate('&value', parentMain.id)).result, (await evaluate('&value', childMain.id)).result);
    assert.equal((await evaluate('value', childMain.id)).result, '200');
    assert.equal((await evaluate('value', parentMain.id)).result, '100');
    const address = async (expression: string, frameId: number) => (await evaluate(expression, frameId)).result.split(' ')[0];
    assert.equal(await address('&mine', parentMain.id), await address('&mine', childMain.id));
    const parentLocals = await scopeVariables(f.dc, parentMain.id, 'Locals');
    const childLocals = await scopeVariables(f.dc, childMain.id, 'Locals');
    assert.deepEqual([parentLocals.get('mine')?.value, parentLocals.get('pid')?.value], ['30', '2']);
    assert.deepEqual([childLocals.get('mine')?.value, childLocals.get('pid')?.value], ['20', '0']);
    assert.equal((await scopeVariables(f.dc, parentMain.id, 'Globals')).get('value')?.value, '100');
    assert.equal((await scopeVariables(f.dc, childMain.id, 'Globals')).get('value')?.value, '200');
    assert.equal((await evaluate('value', parentMain.id, 'hover')).result, '100');

    // The memory views opened from the parent's variable read the parent's page.
    const parentRef = (await evaluate('&value', parentMain.id)).memoryReference!;
    const childRef = (await evaluate('&value', childMain.id)).memoryReference!;
    assert.notEqual(parentRef, childRef, 'the reference names its process');
    const read = async (memoryReference: string) => {
      const r = (await f.dc.customRequest('readMemory', { memoryReference, count: 4 })) as DebugProtocol.ReadMemoryResponse;
      return Buffer.from(r.body!.data!, 'base64').readInt32LE(0);
    };
    assert.equal(await read(parentRef), 100);
    assert.equal(await read(childRef), 200);

    // The console's commands answer for the selected frame's process: after the child's write, value's
    // page is a different frame in each, and :stats names the process.
    const command = async (expression: string, frameId: number) => (await f.dc.evaluateRequest({ expression, frameId, context: 'repl' })).body.result;
    const physical = (text: string) => /physical (0x[0-9a-f]+)/.exec(text)?.[1];
    const parentWalk = await command(':walk &value', parentMain.id);
    const childWalk = await command(':walk &value', childMain.id);
    assert.match(parentWalk, /in process 1/);
    assert.match(childWalk, /in process 2/);
    assert.ok(physical(parentWalk) && physical(childWalk), `${parentWalk}\n${childWalk}`);
    assert.notEqual(physical(parentWalk), physical(childWalk));
    assert.match(await command(':stats', parentMain.id), /^process 1 /);
    assert.match(await command(':stats', childMain.id), /^process 2 /);

    // Reading is all: a process off the CPU is not written.
    await assert.rejects(f.dc.evaluateRequest({ expression: 'value = 5', frameId: parentMain.id, context: 'repl' }), /not on the CPU/);
    assert.equal((await evaluate('value', parentMain.id)).result, '100');
  });
});

