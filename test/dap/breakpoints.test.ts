// Breakpoints: line breakpoints verified on the nearest statement line, conditions, hit counts,
// logpoints, function breakpoints (library functions too), breakpoint locations and instruction
// breakpoints — each checked by where the program really stops and what it holds there.
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, launchTo, lineOf, scopeVariables, useAdapter } from './harness';

const SOURCE = `#include <stdio.h>
#include <stdlib.h>

int square(int x) {
  return x * x; // @square
}

int main(void) {
  int total = 0;
  // @blank
  for (int i = 1; i <= 5; i++) { // @for
    total += square(i); // @loop
  }
  char *lost = malloc(16); // @leak
  lost = NULL; // @drop
  printf("%d\\n", total); // @print
  return 0;
}
`;
const at = (marker: string) => lineOf(SOURCE, marker);

async function evaluateIn(f: ReturnType<typeof useAdapter>, expression: string): Promise<string> {
  const trace = await f.dc.stackTraceRequest({ threadId: 1 });
  return (await f.dc.evaluateRequest({ expression, frameId: trace.body.stackFrames[0]!.id, context: 'watch' })).body.result;
}

async function nextStop(f: ReturnType<typeof useAdapter>, request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = f.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await request;
  return stopped;
}

describe('DAP: breakpoints', () => {
  const f = useAdapter();
  let program: string;
  beforeEach(() => {
    program = f.write('loop.c', SOURCE);
  });

  it('moves a breakpoint on a line without code to the next statement line and verifies it there', async () => {
    await f.dc.initializeRequest();
    const launched = f.dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
    await f.dc.waitForEvent('initialized');
    const r = await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: at('@blank') }, { line: 40 }] });
    assert.equal(r.body.breakpoints[0]!.verified, true);
    assert.equal(r.body.breakpoints[0]!.line, at('@for'));
    assert.equal(r.body.breakpoints[1]!.verified, false, 'no code after the last line');
    assert.match(r.body.breakpoints[1]!.message ?? '', /no code/);
    await f.dc.configurationDoneRequest();
    await launched;
  });

  it('stops on the line that allocates a leaked block before malloc runs; the leak shows once the pointer is dropped', async () => {
    const { stopped, frames } = await launchTo(f.dc, program, [at('@leak')]);
    assert.equal(stopped.body.reason, 'breakpoint');
    assert.equal(frames[0]!.line, at('@leak'));
    assert.equal((await scopeVariables(f.dc, frames[0]!.id, 'Heap')).size, 0);
    await nextStop(f, f.dc.nextRequest({ threadId: 1 }));
    await nextStop(f, f.dc.nextRequest({ threadId: 1 }));
    const trace = await f.dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0]!.line, at('@print'));
    const heap = [...(await scopeVariables(f.dc, trace.body.stackFrames[0]!.id, 'Heap')).values()];
    assert.equal(heap.length, 1);
    assert.match(heap[0]!.value, new RegExp(`^16 bytes, allocated at line ${at('@leak')} — leaked`));
  });

  it('stops at a conditional breakpoint only when its C condition holds', async () => {
    await Promise.all([
      f.dc.waitForEvent('initialized').then(async () => {
        await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: at('@loop'), condition: 'i == 4 && total > 0' }] });
        await f.dc.configurationDoneRequest();
      }),
      f.dc.launch({ program }),
      f.dc.assertStoppedLocation('breakpoint', { line: at('@loop') }),
    ]);
    assert.equal(await evaluateIn(f, 'i'), '4');
    assert.equal(await evaluateIn(f, 'total'), '14');
  });

  it('stops at the hit count given', async () => {
    await Promise.all([
      f.dc.waitForEvent('initialized').then(async () => {
        await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: at('@square'), hitCondition: '3' }] });
        await f.dc.configurationDoneRequest();
      }),
      f.dc.launch({ program }),
      f.dc.assertStoppedLocation('breakpoint', { line: at('@square') }),
    ]);
    assert.equal(await evaluateIn(f, 'x'), '3');
  });

  it('prints logpoint messages with their {expressions} and does not stop', async () => {
    const out = collectOutput(f.dc);
    const exited = f.dc.waitForEvent('exited');
    await Promise.all([
      f.dc.waitForEvent('initialized').then(async () => {
        await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: at('@loop'), logMessage: 'i={i} total={total}' }] });
        await f.dc.configurationDoneRequest();
      }),
      f.dc.launch({ program }),
    ]);
    await exited;
    assert.match(out.text('console'), /(^|\n)i=1 total=0\ni=2 total=1\ni=3 total=5\ni=4 total=14\ni=5 total=30\n/);
  });

  it('stops at function breakpoints: a function of the program at its first statement, and malloc at its entry', async () => {
    let resolved: DebugProtocol.SetFunctionBreakpointsResponse | undefined;
    await Promise.all([
      f.dc.waitForEvent('initialized').then(async () => {
        resolved = await f.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'square' }, { name: 'malloc' }, { name: 'no_such_function' }] });
        await f.dc.configurationDoneRequest();
      }),
      f.dc.launch({ program }),
      f.dc.assertStoppedLocation('function breakpoint', { line: at('@square') }),
    ]);
    assert.deepEqual(resolved!.body.breakpoints.map((b) => b.verified), [true, true, false]);
    assert.equal(resolved!.body.breakpoints[0]!.line, at('@square'));
    await f.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'malloc' }] });
    await nextStop(f, f.dc.continueRequest({ threadId: 1 }));
    const trace = await f.dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0]!.name, 'malloc');
    assert.equal(trace.body.stackFrames[1]!.name, 'main');
    assert.equal(trace.body.stackFrames[1]!.line, at('@leak'));
  });

  it('lists the breakpoint locations of a line: the three parts of a for statement', async () => {
    await f.dc.initializeRequest();
    const launched = f.dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments);
    await f.dc.waitForEvent('initialized');
    const r = (await f.dc.customRequest('breakpointLocations', { source: { path: program }, line: at('@for') })) as DebugProtocol.BreakpointLocationsResponse;
    const line = SOURCE.split('\n')[at('@for') - 1]!;
    const columns = r.body.breakpoints.map((b) => b.column!);
    assert.equal(columns.length, 3, 'initialisation, condition and step');
    assert.ok(columns[0]! > line.indexOf('(') && columns[0]! <= line.indexOf(';') + 1);
    assert.ok(columns[1]! > line.indexOf(';') + 1 && columns[1]! <= line.lastIndexOf(';') + 1);
    assert.ok(columns[2]! > line.lastIndexOf(';') + 1 && columns[2]! <= line.indexOf(')') + 1);
    const range = (await f.dc.customRequest('breakpointLocations', { source: { path: program }, line: at('@blank'), endLine: at('@loop') })) as DebugProtocol.BreakpointLocationsResponse;
    assert.deepEqual([...new Set(range.body.breakpoints.map((b) => b.line))], [at('@for'), at('@loop')]);
    await f.dc.configurationDoneRequest();
    await launched;
  });

  it('stops at an instruction breakpoint on the address of a statement', async () => {
    const { frames } = await launchTo(f.dc, program, [at('@loop')]);
    const address = frames[0]!.instructionPointerReference!;
    await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    const set = (await f.dc.customRequest('setInstructionBreakpoints', { breakpoints: [{ instructionReference: address }, { instructionReference: address, offset: 1 }] })) as DebugProtocol.SetInstructionBreakpointsResponse;
    assert.deepEqual(set.body.breakpoints.map((b) => b.verified), [true, false], 'the middle of an instruction is not an instruction');
    const stopped = await nextStop(f, f.dc.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'instruction breakpoint');
    const trace = await f.dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0]!.instructionPointerReference, address);
    assert.equal(await evaluateIn(f, 'i'), '2');
  });

  it('a condition that cannot be evaluated stops and says why', async () => {
    const out = collectOutput(f.dc);
    await Promise.all([
      f.dc.waitForEvent('initialized').then(async () => {
        await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: at('@loop'), condition: 'nonsense > 1' }] });
        await f.dc.configurationDoneRequest();
      }),
      f.dc.launch({ program }),
      f.dc.assertStoppedLocation('breakpoint', { line: at('@loop') }),
    ]);
    assert.match(out.text('important'), /could not be evaluated: 'nonsense' undeclared/);
  });
});
