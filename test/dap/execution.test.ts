// Execution control: continue, next, step in, step out, stepping granularity (statement, line,
// instruction), pause inside an endless loop, restart, terminate and disconnect.
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, launchTo, lineOf, useAdapter } from './harness';

const SOURCE = `#include <stdio.h>
int depth(int n) {
  int here = n; // @depth
  if (n == 0) return 0;
  return depth(n - 1) + here; // @recurse
}

int main(void) {
  int a = 1; int b = 2; // @two
  int c = depth(2); // @call
  printf("%d\\n", a + b + c); // @after
  return 0;
}
`;
const at = (marker: string) => lineOf(SOURCE, marker);

const SPIN = `int main(void) {
  while (1); // @spin
  return 0;
}
`;

type Stop = { frames: DebugProtocol.StackFrame[]; reason: string };

async function step(f: ReturnType<typeof useAdapter>, request: (threadId: number) => Promise<unknown>): Promise<Stop> {
  const stopped = f.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await request(1);
  const reason = (await stopped).body.reason;
  return { frames: (await f.dc.stackTraceRequest({ threadId: 1 })).body.stackFrames, reason };
}

describe('DAP: execution control', () => {
  const f = useAdapter();
  let program: string;
  beforeEach(() => {
    program = f.write('steps.c', SOURCE);
  });

  it('next steps over a call, staying in main', async () => {
    await launchTo(f.dc, program, [at('@call')]);
    const s = await step(f, (threadId) => f.dc.nextRequest({ threadId }));
    assert.equal(s.reason, 'step');
    assert.equal(s.frames[0]!.name, 'main');
    assert.equal(s.frames[0]!.line, at('@after'));
  });

  it('step in enters the callee, step out returns to the caller', async () => {
    await launchTo(f.dc, program, [at('@call')]);
    let s = await step(f, (threadId) => f.dc.stepInRequest({ threadId }));
    assert.deepEqual(s.frames.map((x) => x.name), ['depth', 'main', '_start']);
    assert.equal(s.frames[0]!.line, at('@depth'));
    s = await step(f, (threadId) => f.dc.nextRequest({ threadId }));
    s = await step(f, (threadId) => f.dc.nextRequest({ threadId }));
    assert.equal(s.frames[0]!.line, at('@recurse'));
    s = await step(f, (threadId) => f.dc.stepInRequest({ threadId }));
    assert.deepEqual(s.frames.map((x) => x.name), ['depth', 'depth', 'main', '_start'], 'the recursion adds a frame');
    s = await step(f, (threadId) => f.dc.stepOutRequest({ threadId }));
    assert.deepEqual(s.frames.map((x) => x.name), ['depth', 'main', '_start']);
    assert.equal(s.frames[0]!.line, at('@recurse'));
    s = await step(f, (threadId) => f.dc.stepOutRequest({ threadId }));
    assert.deepEqual(s.frames.map((x) => x.name), ['main', '_start']);
    assert.equal(s.frames[0]!.line, at('@call'));
  });

  it('statement granularity stops at each statement of a line; line granularity moves to the next line', async () => {
    await launchTo(f.dc, program, [at('@two')]);
    let s = await step(f, (threadId) => f.dc.nextRequest({ threadId, granularity: 'statement' }));
    assert.equal(s.frames[0]!.line, at('@two'));
    assert.equal(s.frames[0]!.column, SOURCE.split('\n')[at('@two') - 1]!.indexOf('int b') + 5);
    s = await step(f, (threadId) => f.dc.nextRequest({ threadId, granularity: 'line' }));
    assert.equal(s.frames[0]!.line, at('@call'));
  });

  it('instruction granularity executes one instruction: the pc moves to the next instruction of the disassembly', async () => {
    const { frames } = await launchTo(f.dc, program, [at('@call')]);
    const before = frames[0]!.instructionPointerReference!;
    const listing = (await f.dc.disassembleRequest({ memoryReference: before, instructionCount: 2 })).body!.instructions;
    assert.equal(listing[0]!.address, before);
    const s = await step(f, (threadId) => f.dc.nextRequest({ threadId, granularity: 'instruction' }));
    assert.equal(s.frames[0]!.instructionPointerReference, listing[1]!.address);
    assert.equal(s.frames[0]!.line, at('@call'));
  });

  it('pauses a program spinning in while (1); and shows where it is', async () => {
    const spin = f.write('spin.c', SPIN);
    await Promise.all([f.dc.configurationSequence(), f.dc.launch({ program: spin })]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const s = await step(f, (threadId) => f.dc.pauseRequest({ threadId }));
    assert.equal(s.reason, 'pause');
    assert.equal(s.frames[0]!.name, 'main');
    assert.equal(s.frames[0]!.line, lineOf(SPIN, '@spin'));
    // It keeps answering while it runs again, and pauses again.
    await f.dc.continueRequest({ threadId: 1 });
    const threads = await f.dc.threadsRequest();
    assert.equal(threads.body.threads.length, 1);
    const again = await step(f, (threadId) => f.dc.pauseRequest({ threadId }));
    assert.equal(again.reason, 'pause');
  });

  it('restart runs the program again from the start, with its breakpoints', async () => {
    const out = collectOutput(f.dc);
    await launchTo(f.dc, program, [at('@after')]);
    await step(f, (threadId) => f.dc.nextRequest({ threadId }));
    assert.equal(out.text('stdout'), '6\n');
    const stopped = f.dc.waitForEvent('stopped');
    await f.dc.restartRequest({});
    await stopped;
    const trace = await f.dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0]!.line, at('@after'));
    const c = await f.dc.evaluateRequest({ expression: 'c', frameId: trace.body.stackFrames[0]!.id, context: 'watch' });
    assert.equal(c.body.result, '3');
    assert.equal(out.text('stdout'), '6\n', 'the restarted program has not printed yet');
  });

  it('terminate ends a running program', async () => {
    const spin = f.write('spin.c', SPIN);
    await Promise.all([f.dc.configurationSequence(), f.dc.launch({ program: spin })]);
    const terminated = f.dc.waitForEvent('terminated');
    await f.dc.terminateRequest();
    await terminated;
  });

  it('continue runs to the end when no breakpoint is left; disconnect is answered', async () => {
    await launchTo(f.dc, program, [at('@call')]);
    await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    const exited = f.dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
    await f.dc.continueRequest({ threadId: 1 });
    assert.equal((await exited).body.exitCode, 0);
    await f.dc.disconnectRequest({});
  });
});
