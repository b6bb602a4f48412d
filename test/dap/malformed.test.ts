// Malformed and out-of-place requests are answered with errors, and the adapter goes on working.
import { strict as assert } from 'node:assert';
import { failure, launchTo, useAdapter } from './harness';

const PROGRAM = `#include <stdio.h>
int main(void) {
  int x = 42;
  printf("%d\\n", x); // @stop
  return 0;
}
`;

describe('DAP: malformed requests', () => {
  const f = useAdapter();

  it('answers requests that need a program, before launch, with errors', async () => {
    await f.dc.initializeRequest();
    assert.match(await failure(f.dc.stackTraceRequest({ threadId: 1 })), /no program/);
    assert.match(await failure(f.dc.evaluateRequest({ expression: 'x' })), /needs a loaded program/);
    assert.match(await failure(f.dc.customRequest('memscope/snapshot', {})), /no program is being debugged/);
    assert.match(await failure(f.dc.continueRequest({ threadId: 1 })), /not running/);
    assert.equal((await f.dc.threadsRequest()).body.threads.length, 1, 'still answering');
  });

  it('answers bad arguments with errors and keeps the session usable', async () => {
    const program = f.write('ok.c', PROGRAM);
    const { frames } = await launchTo(f.dc, program, [4]);
    const frameId = frames[0]!.id;
    const dc = f.dc;
    assert.match(await failure(dc.send('evaluate', 'not an object')), /must be an object/);
    assert.match(await failure(dc.scopesRequest({ frameId: 99 })), /no stack frame with id 99/);
    assert.match(await failure(dc.variablesRequest({ variablesReference: 123456 })), /no variables with reference 123456/);
    assert.match(await failure(dc.customRequest('readMemory', { memoryReference: 'banana', count: 4 })), /cannot read/);
    assert.match(await failure(dc.customRequest('readMemory', { memoryReference: '0x1000', count: -1 })), /cannot read/);
    assert.match(await failure(dc.customRequest('writeMemory', { memoryReference: '0x600000000', data: 'AAAA' })), /no memory is mapped/);
    assert.match(await failure(dc.disassembleRequest({ memoryReference: 'nowhere', instructionCount: 3 })), /cannot disassemble/);
    assert.match(await failure(dc.setBreakpointsRequest({ source: {}, breakpoints: [{ line: 3 }] })), /needs a source with a path/);
    assert.match(await failure(dc.evaluateRequest({ expression: 'x +', frameId })), /expected expression/);
    assert.match(await failure(dc.evaluateRequest({ expression: '*(int *)0', frameId })), /null pointer/);
    assert.match(await failure(dc.setVariableRequest({ variablesReference: 99999, name: 'x', value: '1' })), /cannot be set/);
    assert.match(await failure(dc.exceptionInfoRequest({ threadId: 1 })), /did not stop on an exception/);
    assert.match(await failure(dc.customRequest('memscope/walk', { pid: 'one', address: 4096 })), /needs a pid and an address/);
    assert.match(await failure(dc.customRequest('memscope/frobnicate', {})), /does not know the request 'memscope\/frobnicate'/);
    assert.match(await failure(dc.sourceRequest({ sourceReference: 777 })), /no source/);
    const bad = await dc.setExceptionBreakpointsRequest({ filters: ['no-such-filter'] });
    assert.equal(bad.body!.breakpoints![0]!.verified, false);
    const info = await dc.dataBreakpointInfoRequest({ name: '1 + 2', frameId });
    assert.equal(info.body.dataId, null, 'a value with no address cannot be watched');
    // Still working: the variable is there and the program runs to its end.
    assert.equal((await dc.evaluateRequest({ expression: 'x', frameId, context: 'watch' })).body.result, '42');
    const exited = dc.waitForEvent('exited');
    await dc.continueRequest({ threadId: 1 });
    await exited;
  });

  it('refuses to step while the program runs', async () => {
    const program = f.write('spin.c', 'int main(void) {\n  while (1);\n  return 0;\n}\n');
    await Promise.all([f.dc.configurationSequence(), f.dc.launch({ program })]);
    assert.match(await failure(f.dc.nextRequest({ threadId: 1 })), /already running/);
    const stopped = f.dc.waitForEvent('stopped');
    await f.dc.pauseRequest({ threadId: 1 });
    await stopped;
  });
});
