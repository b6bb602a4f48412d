// A stack too deep to draw: the snapshot of a runaway recursion keeps the innermost frames and the
// outermost few, and says how many it left out and where they lie, instead of carrying thousands of
// identical frames (tens of megabytes) to the panel at every stop.
import { strict as assert } from 'node:assert';
import { applyDelta, diffSnapshots } from '../../../src/engine/snapshot/delta';
import type { ProcessView, Snapshot, StackFrame } from '../../../src/engine/snapshot/types';
import { Recording } from '../../webview/fixtures/engine';

describe('takeSnapshot of a stack too deep to draw', () => {
  let run: Recording;
  let crashed: Snapshot;
  let p: ProcessView;
  let live: StackFrame[];
  before(() => {
    run = Recording.of('examples/stack_overflow.c');
    crashed = run.runToEnd();
    p = crashed.processes[0]!;
    live = p.stack.filter((f) => !f.dead);
  });

  it('keeps the innermost frames and the outermost ones, and counts the rest', () => {
    assert.equal(run.last.kind, 'signaled');
    assert.ok(p.elided, 'frames were left out');
    const chain = run.machine.backtrace();
    assert.ok(chain.length > 8000, `the fp chain is ${chain.length} frames deep`);
    assert.equal(live.length + p.elided.frames, chain.length);
    assert.equal(live[0]!.function, 'dive');
    assert.deepEqual(live.slice(-2).map((f) => f.function), ['main', '_start']);
    assert.ok(JSON.stringify(crashed).length < 4_000_000, `${JSON.stringify(crashed).length} bytes`);
  });

  it('the left-out frames lie between the frames shown, and no arrow starts there', () => {
    const { low, high } = p.elided!;
    const inner = live.filter((f) => f.high <= low);
    const outer = live.filter((f) => f.low >= high);
    assert.equal(inner.length + outer.length, live.length, 'every frame shown is on one side of the gap');
    assert.equal(inner[inner.length - 1]!.high, low, 'the gap starts where the inner frames end');
    assert.ok(outer.length > 0 && outer.length < inner.length);
    assert.equal(p.pointers.filter((e) => e.from >= low && e.from < high).length, 0);
  });

  it('travels in deltas: the panel rebuilds it exactly', () => {
    const before = { ...crashed, step: crashed.step - 1, processes: [{ ...p, elided: undefined }] };
    const delta = diffSnapshots(before, crashed);
    assert.deepEqual(delta.processes[0]!.elided, p.elided);
    assert.deepEqual(applyDelta(before, delta), crashed);
  });
});
