// Memory and code: readMemory returns the program's bytes, writeMemory changes them (with a memory
// event), the Disassembly view gets the real text bytes, data breakpoints stop on writes and reads,
// and the memory views' custom requests answer whole snapshots, deltas and page walks.
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { PageWalk, Snapshot, SnapshotDelta } from '../../src/protocol/messages';
import { applyDelta } from '../../src/engine/snapshot/delta';
import { failure, launchTo, lineOf, scopeVariables, useAdapter } from './harness';

const SOURCE = `#include <stdio.h>
int table[4] = {1, 2, 3, 4};

int sum(int *a, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += a[i]; // @read
  return s;
}

int main(void) {
  short values[5] = {258, -2, 3, 4, 5}; // @start
  int total = 0;
  values[1] = 77; // @write
  total = sum(table, 4); // @sum
  table[2] = total; // @table
  printf("%d %d\\n", values[1], total); // @end
  return 0;
}
`;
const at = (marker: string) => lineOf(SOURCE, marker);

async function stopAgain(f: ReturnType<typeof useAdapter>, request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = f.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await request;
  return stopped;
}

describe('DAP: memory, code and the memory views', () => {
  const f = useAdapter();
  let program: string;
  beforeEach(() => {
    program = f.write('mem.c', SOURCE);
  });

  it('readMemory returns exactly the bytes of the program\'s array', async () => {
    const { frames } = await launchTo(f.dc, program, [at('@write')]);
    const values = (await scopeVariables(f.dc, frames[0]!.id, 'Locals')).get('values')!;
    const r = (await f.dc.customRequest('readMemory', { memoryReference: values.memoryReference, count: 10 })) as DebugProtocol.ReadMemoryResponse;
    const bytes = Buffer.from(r.body!.data!, 'base64');
    const expected = Buffer.alloc(10);
    [258, -2, 3, 4, 5].forEach((v, i) => expected.writeInt16LE(v, 2 * i));
    assert.deepEqual([...bytes], [...expected]);
    assert.equal(r.body!.address, values.memoryReference);
    const unmapped = (await f.dc.customRequest('readMemory', { memoryReference: '0x600000000', count: 16 })) as DebugProtocol.ReadMemoryResponse;
    assert.equal(unmapped.body!.unreadableBytes, 16);
  });

  it('writeMemory changes the program\'s memory and announces it', async () => {
    const { frames } = await launchTo(f.dc, program, [at('@write')]);
    const values = (await scopeVariables(f.dc, frames[0]!.id, 'Locals')).get('values')!;
    const memoryEvent = f.dc.waitForEvent('memory') as Promise<DebugProtocol.MemoryEvent>;
    const w = (await f.dc.customRequest('writeMemory', { memoryReference: values.memoryReference, offset: 4, data: Buffer.from([0x2c, 0x01]).toString('base64') })) as DebugProtocol.WriteMemoryResponse;
    assert.equal(w.body!.bytesWritten, 2);
    const event = await memoryEvent;
    assert.equal(event.body.offset, 4);
    assert.equal(event.body.count, 2);
    const watch = await f.dc.evaluateRequest({ expression: 'values[2]', frameId: frames[0]!.id, context: 'watch' });
    assert.equal(watch.body.result, '300');
  });

  it('disassembles the real bytes of the text segment, with symbols and source lines', async () => {
    const { frames } = await launchTo(f.dc, program, [at('@write')]);
    const pc = frames[0]!.instructionPointerReference!;
    const r = await f.dc.disassembleRequest({ memoryReference: pc, instructionOffset: -2, instructionCount: 6 });
    const list = r.body!.instructions;
    assert.equal(list.length, 6);
    assert.equal(list[2]!.address, pc);
    assert.equal(list[2]!.line, at('@write'));
    for (const ins of list) {
      const bytes = ins.instructionBytes!.split(' ').map((b) => parseInt(b, 16));
      const mem = (await f.dc.customRequest('readMemory', { memoryReference: ins.address, count: bytes.length })) as DebugProtocol.ReadMemoryResponse;
      assert.deepEqual([...Buffer.from(mem.body!.data!, 'base64')], bytes, `bytes of ${ins.address}`);
      assert.match(ins.instruction, /^[A-Z][A-Z0-9]+/);
    }
    const sum = await f.dc.evaluateRequest({ expression: '&sum', frameId: frames[0]!.id, context: 'watch' });
    const entry = await f.dc.disassembleRequest({ memoryReference: sum.body.memoryReference!, instructionCount: 1 });
    assert.equal(entry.body!.instructions[0]!.symbol, 'sum');
    assert.match(entry.body!.instructions[0]!.instruction, /^ENTER /);
    const edge = await f.dc.disassembleRequest({ memoryReference: '0x401000', instructionOffset: -3, instructionCount: 4 });
    assert.deepEqual(edge.body!.instructions.map((i) => i.presentationHint ?? 'normal'), ['invalid', 'invalid', 'invalid', 'normal']);
  });

  it('a data breakpoint on a variable stops at the write, with the new value in place', async () => {
    const { frames } = await launchTo(f.dc, program, [at('@start')]);
    await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    const locals = await f.dc.scopesRequest({ frameId: frames[0]!.id });
    const info = await f.dc.dataBreakpointInfoRequest({ variablesReference: locals.body.scopes[0]!.variablesReference, name: 'total' });
    assert.ok(info.body.dataId);
    assert.match(info.body.description, /total \(int, 4 bytes\)/);
    const set = await f.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId, accessType: 'write' }] });
    assert.equal(set.body.breakpoints[0]!.verified, true);
    let stopped = await stopAgain(f, f.dc.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'data breakpoint');
    // total = 0 at its declaration, then total = sum(...); as gdb does, the stop is just after the
    // writing instruction, here the first one of the next statement.
    stopped = await stopAgain(f, f.dc.continueRequest({ threadId: 1 }));
    assert.match(stopped.body.text ?? '', /^total \(int, 4 bytes\) was written/);
    const trace = await f.dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0]!.line, at('@table'));
    const total = await f.dc.evaluateRequest({ expression: 'total', frameId: trace.body.stackFrames[0]!.id, context: 'watch' });
    assert.equal(total.body.result, '10');
  });

  it('a read data breakpoint on an address range stops where the program reads it', async () => {
    const { frames } = await launchTo(f.dc, program, [at('@write')]);
    await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [] });
    const address = (await f.dc.evaluateRequest({ expression: '&table[3]', frameId: frames[0]!.id, context: 'watch' })).body.memoryReference!;
    const info = await f.dc.dataBreakpointInfoRequest({ name: address, asAddress: true, bytes: 4 });
    await f.dc.setDataBreakpointsRequest({ breakpoints: [{ dataId: info.body.dataId!, accessType: 'read' }] });
    const stopped = await stopAgain(f, f.dc.continueRequest({ threadId: 1 }));
    assert.equal(stopped.body.reason, 'data breakpoint');
    const trace = await f.dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0]!.name, 'sum');
    assert.equal(trace.body.stackFrames[0]!.line, at('@read'));
    const i = await f.dc.evaluateRequest({ expression: 'i', frameId: trace.body.stackFrames[0]!.id, context: 'watch' });
    assert.equal(i.body.result, '3');
  });

  it('serves memscope/snapshot whole, then as a delta from the step the client holds, and memscope/walk', async () => {
    await launchTo(f.dc, program, [at('@write'), at('@end')]);
    const first = (await f.dc.customRequest('memscope/snapshot', {})).body as Snapshot;
    assert.equal(first.kind, 'full');
    assert.equal(first.position?.function, 'main');
    await stopAgain(f, f.dc.continueRequest({ threadId: 1 }));
    const delta = (await f.dc.customRequest('memscope/snapshot', { since: first.step })).body as SnapshotDelta;
    assert.equal(delta.kind, 'delta');
    assert.equal(delta.fromStep, first.step);
    const whole = (await f.dc.customRequest('memscope/snapshot', {})).body as Snapshot;
    assert.deepEqual(applyDelta(first, delta), whole);
    const main = whole.processes[0]!.stack[0]!;
    const values = main.slots.find((s) => s.name === 'values')!;
    assert.equal(values.value?.text, '{258, 77, 3, 4, 5}');
    const walk = (await f.dc.customRequest('memscope/walk', { pid: whole.current, address: values.address })).body as PageWalk;
    assert.equal(walk.levels.length, 4);
    assert.equal(walk.result.kind, 'mapped');
    assert.match(await failure(f.dc.customRequest('memscope/walk', { pid: 42, address: 0 })), /no process with pid 42/);
  });
});
