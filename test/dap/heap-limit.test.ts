// The heap limit in a debug session: examples/fragmentation.c's `#pragma memscope heap_limit(2K)` alone
// makes its malloc(200) fail (the "Out of memory" exception stops there, saying the heap is fragmented);
// the launch attribute `heapLimit` sets a limit or lifts the pragma's (0), and a bad value refuses the
// launch by name.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, failure, lineOf, useAdapter } from './harness';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'fragmentation.c');

// Two neighbours freed, then a request only their merged space would hold: with no coalescing and a
// 200-byte heap, it fails although 128 bytes are free.
const APART = `#pragma memscope coalesce(off)
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  char *a = malloc(48), *b = malloc(48), *guard = malloc(8);
  free(a); free(b);
  char *c = malloc(100); // @request
  printf("%s\\n", c ? "fits" : "failed");
  free(c); free(guard);
  return 0;
}
`;

async function launch(f: ReturnType<typeof useAdapter>, program: string, attributes: Record<string, unknown> = {}): Promise<void> {
  await Promise.all([f.dc.configurationSequence(), f.dc.launch({ program, ...attributes })]);
}

describe('DAP: the heap limit from a pragma and from the launch attributes', () => {
  const f = useAdapter();

  it("fragmentation.c's pragma alone: malloc(200) fails, the out-of-memory exception stops on its line, and the program prints the failure", async () => {
    const out = collectOutput(f.dc);
    const stopped = f.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await launch(f, EXAMPLE);
    const event = await stopped;
    assert.equal(event.body.reason, 'exception');
    const info = await f.dc.exceptionInfoRequest({ threadId: 1 });
    assert.equal(info.body.exceptionId, 'out-of-memory');
    assert.match(info.body.details?.stackTrace ?? '', /960 bytes are free in 15 blocks, but the largest is 64 bytes/);
    const frames = (await f.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.equal(frames.find((x) => x.name === 'main')?.line, lineOf(readFileSync(EXAMPLE, 'utf8'), 'char *big = malloc(200)'));
    const exited = f.dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await f.dc.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 0);
    assert.equal(out.text('stdout'), 'malloc(200) failed: the heap is fragmented\n');
  });

  it('heapLimit 0 lifts the pragma: the heap grows and malloc(200) succeeds without a stop', async () => {
    const out = collectOutput(f.dc);
    const exited = f.dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    let stops = 0;
    f.dc.on('stopped', () => stops++);
    await launch(f, EXAMPLE, { heapLimit: 0 });
    assert.equal((await exited).body.exitCode, 0);
    assert.equal(stops, 0);
    assert.equal(out.text('stdout'), 'malloc(200) succeeded\n');
  });

  it('the heapLimit attribute limits a program without the pragma', async () => {
    const program = f.write('apart.c', APART);
    const stopped = f.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await launch(f, program, { heapLimit: '200' });
    assert.equal((await stopped).body.reason, 'exception');
    assert.equal((await f.dc.exceptionInfoRequest({ threadId: 1 })).body.exceptionId, 'out-of-memory');
    const frames = (await f.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.equal(frames.find((x) => x.name === 'main')?.line, lineOf(APART, '@request'));
  });

  it('a heapLimit that is not a size refuses the launch, naming the attribute', async () => {
    const program = f.write('apart.c', APART);
    await f.dc.initializeRequest();
    const message = await failure(f.dc.launchRequest({ program, heapLimit: 'lots' } as DebugProtocol.LaunchRequestArguments));
    assert.match(message, /"heapLimit": 'lots' is not a size/);
  });
});
