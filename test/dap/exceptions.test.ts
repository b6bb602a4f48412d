// Exception breakpoints for memory errors: the stop names the kind and explains it, exceptionInfo gives
// valgrind's details (access, block, allocation and free sites); filters can be switched off (the error
// is still printed) or given a condition; a crash stops where it happened, then the session ends with
// the signal's exit code; the leak filter stops at the moment the last pointer is lost.
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, lineOf, useAdapter } from './harness';

const UAF = `#include <stdlib.h>
#include <stdio.h>
int main(void) {
  int *p = malloc(6 * sizeof(int)); // @alloc
  for (int i = 0; i < 6; i++) p[i] = i;
  free(p); // @free
  int x = p[2]; // @use
  printf("%d\\n", x);
  return 0;
}
`;

async function launchWithFilters(f: ReturnType<typeof useAdapter>, program: string, filters: string[] | undefined, options: DebugProtocol.ExceptionFilterOptions[] = []): Promise<void> {
  await Promise.all([
    f.dc.waitForEvent('initialized').then(async () => {
      if (filters) await f.dc.setExceptionBreakpointsRequest({ filters, filterOptions: options });
      await f.dc.configurationDoneRequest();
    }),
    f.dc.launch({ program }),
  ]);
}

async function stoppedAt(f: ReturnType<typeof useAdapter>): Promise<{ event: DebugProtocol.StoppedEvent; frames: DebugProtocol.StackFrame[] }> {
  const event = (await f.dc.waitForEvent('stopped')) as DebugProtocol.StoppedEvent;
  return { event, frames: (await f.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames };
}

describe('DAP: exception breakpoints for memory errors', () => {
  const f = useAdapter();

  it('stops on a use after free with the explanation; exceptionInfo gives valgrind\'s details', async () => {
    const program = f.write('uaf.c', UAF);
    const stop = stoppedAt(f);
    await launchWithFilters(f, program, undefined);
    const { event, frames } = await stop;
    assert.equal(event.body.reason, 'exception');
    assert.match(event.body.text ?? '', /after it was freed at line 6/);
    assert.match(event.body.description ?? '', /use-after-free/);
    assert.equal(frames[0]!.line, lineOf(UAF, '@use'));
    const info = await f.dc.exceptionInfoRequest({ threadId: 1 });
    assert.equal(info.body.exceptionId, 'use-after-free');
    assert.equal(info.body.breakMode, 'always');
    const details = info.body.details!.stackTrace!;
    assert.match(details, /^Invalid read of size 4\n/);
    assert.match(details, /Address 0x[0-9a-f]+ is 8 bytes inside a block of size 24 free'd/);
    assert.match(details, new RegExp(`Block was freed at:\\n.*\\n.*main \\(.*uaf\\.c:${lineOf(UAF, '@free')}\\)`));
    assert.match(details, new RegExp(`Block was alloc'd at:\\n.*\\n.*main \\(.*uaf\\.c:${lineOf(UAF, '@alloc')}\\)`));
  });

  it('with the filter off, only prints the error and runs on', async () => {
    const out = collectOutput(f.dc);
    const program = f.write('uaf.c', UAF);
    const exited = f.dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await launchWithFilters(f, program, ['segfault']);
    assert.equal((await exited).body.exitCode, 0);
    assert.match(out.text('stderr'), /==1== Invalid read of size 4[\s\S]*memscope: The program read 4 bytes/);
  });

  it('a filter condition is a C expression in the stopped frame', async () => {
    const program = f.write('oob.c', `#include <stdio.h>
int main(void) {
  int a[3] = {0, 0, 0};
  int k = 0;
  a[3] = 1; // @first
  k = 5;
  a[4] = 2; // @second
  printf("%d %d\\n", a[0], k);
  return 0;
}
`);
    const stop = stoppedAt(f);
    await launchWithFilters(f, program, [], [{ filterId: 'out-of-bounds', condition: 'k == 5' }]);
    const { event, frames } = await stop;
    assert.equal(event.body.reason, 'exception');
    assert.equal(frames[0]!.line, 7, 'the write at line 5, with k == 0, did not stop');
    assert.equal((await f.dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, 'invalid-write');
  });

  it('a filter with a condition is asked at every occurrence of an error at one site; the console prints it once', async () => {
    const source = `int main(void) {
  int a[3];
  for (int i = 0; i < 10; i++)
    a[i] = i; // @loop
  return a[0];
}
`;
    const program = f.write('loop.c', source);
    const out = collectOutput(f.dc);
    const stop = stoppedAt(f);
    await launchWithFilters(f, program, [], [{ filterId: 'out-of-bounds', condition: 'i == 6' }]);
    const { event, frames } = await stop;
    assert.equal(event.body.reason, 'exception');
    assert.equal(frames[0]!.line, lineOf(source, '@loop'));
    const i = await f.dc.evaluateRequest({ expression: 'i', frameId: frames[0]!.id, context: 'watch' });
    assert.equal(i.body.result, '6');
    const stops: string[] = [];
    f.dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(e.body.reason));
    const exited = f.dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await f.dc.continueRequest({ threadId: 1 });
    await exited;
    assert.deepEqual(stops, [], 'i == 6 holds at one occurrence only');
    assert.equal(out.text('stderr').match(/Invalid write of size 4/g)?.length, 1);
  });

  it('stops where a null pointer is dereferenced; continuing ends with SIGSEGV\'s exit code', async () => {
    const program = f.write('null.c', `int main(void) {
  int *p = 0;
  return *p; // @crash
}
`);
    const stop = stoppedAt(f);
    await launchWithFilters(f, program, undefined);
    const { frames } = await stop;
    assert.equal(frames[0]!.line, 3);
    assert.equal((await f.dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, 'null-deref');
    const exited = f.dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await f.dc.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 139);
  });

  it('stops on a stack overflow in the recursion that caused it', async () => {
    const program = f.write('deep.c', `int down(int n) {
  int pad[64];
  pad[0] = n;
  return down(n + 1) + pad[0]; // @recurse
}
int main(void) {
  return down(0);
}
`);
    await Promise.all([
      f.dc.waitForEvent('initialized').then(() => f.dc.configurationDoneRequest()),
      f.dc.launch({ program, stackSize: '64K' }),
    ]);
    const { event, frames } = await stoppedAt(f);
    assert.equal(event.body.reason, 'exception');
    assert.match(event.body.text ?? '', /stack's limit of 65536 bytes/);
    assert.equal(frames[0]!.name, 'down');
    assert.ok(frames.length > 50, `deep recursion: ${frames.length} frames`);
  });

  it('stops on a double free', async () => {
    const program = f.write('double.c', `#include <stdlib.h>
int main(void) {
  char *p = malloc(8);
  free(p);
  free(p); // @again
  return 0;
}
`);
    const stop = stoppedAt(f);
    await launchWithFilters(f, program, undefined);
    const { frames } = await stop;
    assert.equal((await f.dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, 'double-free');
    assert.equal(frames.find((x) => x.name === 'main')!.line, 5);
  });

  it('the leak filter stops at the statement that dropped the last pointer, once, and the run goes on to the end', async () => {
    const source = `#include <stdlib.h>
int main(void) {
  char *a = malloc(16); // @alloc
  char *b = a;
  a = NULL;
  b = malloc(32); // @drop
  b[0] = 1; // @after
  free(b);
  return 0;
}
`;
    const program = f.write('drop.c', source);
    const stop = stoppedAt(f);
    await launchWithFilters(f, program, ['leak']);
    const { event, frames } = await stop;
    assert.equal(event.body.reason, 'exception');
    assert.match(event.body.text ?? '', /overwrote variable 'b', which held the last pointer to this 16-byte block allocated at line 3/);
    assert.equal(frames[0]!.line, lineOf(source, '@drop'));
    const info = (await f.dc.exceptionInfoRequest({ threadId: 1 })).body;
    assert.equal(info.exceptionId, 'leak');
    assert.match(info.details?.stackTrace ?? '', /the last pointer to it, in variable 'b', was overwritten/);
    // The block stays lost, but it was reported once: continuing runs to the end without another stop.
    const stops: string[] = [];
    f.dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(e.body.reason));
    const exited = f.dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await f.dc.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 0);
    assert.deepEqual(stops, []);
  });

  it('the leak filter stops right after the return that took the last pointer out of scope, naming the function', async () => {
    const source = `#include <stdlib.h>
#include <string.h>
static int length(const char *s) {
  char *copy = malloc(strlen(s) + 1);
  strcpy(copy, s);
  return (int)strlen(copy); // @ret
}
int main(void) {
  return length("hello") - 5; // @call
}
`;
    const program = f.write('scope.c', source);
    const stop = stoppedAt(f);
    await launchWithFilters(f, program, ['leak']);
    const { event, frames } = await stop;
    assert.match(event.body.text ?? '', /When length\(\) returned, its variable 'copy'/);
    // The frame is gone: the stop is in the caller, right after the return; the error's stack names the line.
    assert.equal(frames[0]!.name, 'main');
    assert.equal(frames[0]!.line, lineOf(source, '@call'));
    const details = (await f.dc.exceptionInfoRequest({ threadId: 1 })).body.details?.stackTrace ?? '';
    assert.match(details, new RegExp(`at 0x[0-9a-f]+: length \\(scope\\.c:${lineOf(source, '@ret')}\\)`));
  });

  it('without the leak filter a leak does not stop, and the console still reports it', async () => {
    const program = f.write('nostop.c', `#include <stdlib.h>
int main(void) {
  char *p = malloc(10);
  p = malloc(20);
  free(p);
  return 0;
}
`);
    const output = collectOutput(f.dc);
    const exited = f.dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    const stops: string[] = [];
    f.dc.on('stopped', (e: DebugProtocol.StoppedEvent) => stops.push(e.body.reason));
    await launchWithFilters(f, program, []);
    assert.equal((await exited).body.exitCode, 0);
    assert.deepEqual(stops, []);
    assert.match(output.text(), /the last pointer to it, in variable 'p', was overwritten/);
  });
});
