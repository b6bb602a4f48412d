// The panels' picture of the machine, fed the engine's own snapshots of list.c: deltas rebuild exactly
// what the engine rebuilds, unchanged parts keep their objects, and the change sets say what moved.

import { strict as assert } from 'node:assert';
import { applyDelta, diffSnapshots } from '../../src/engine/snapshot/delta';
import type { Snapshot } from '../../src/protocol/messages';
import { applyUpdate, type Picture } from '../../src/webview/picture';
import { Recording } from './fixtures/engine';
import { PROGRAM, blockOf, frameOf, processOf, recordList, slotOf, type ListStops } from './fixtures/list';

function picture(snapshot: Snapshot): Picture {
  const result = applyUpdate(null, { kind: 'snapshot', snapshot, history: [] });
  assert.equal(result.kind, 'ok');
  return (result as Extract<typeof result, { kind: 'ok' }>).picture;
}

function step(from: Picture, to: Snapshot): Picture {
  const result = applyUpdate(from, { kind: 'delta', delta: diffSnapshots(from.snapshot, to) });
  assert.equal(result.kind, 'ok');
  return (result as Extract<typeof result, { kind: 'ok' }>).picture;
}

describe('webview picture: applying the engine’s snapshots and deltas', () => {
  let list: ListStops;
  before(() => {
    list = recordList();
  });

  it('rebuilds from a delta exactly the snapshot the engine rebuilds', () => {
    const next = step(picture(list.inMain), list.inPush);
    assert.deepEqual(next.snapshot, applyDelta(list.inMain, diffSnapshots(list.inMain, list.inPush)));
    assert.deepEqual(next.snapshot, list.inPush);
  });

  it('rebuilds exactly the engine snapshot at every statement of a whole run (calls, returns, malloc, free)', () => {
    const run = Recording.of(PROGRAM);
    let p = picture(run.runTo(run.line('char *lost = malloc(40);')));
    let steps = 0;
    while (steps < 200) {
      let next: Snapshot;
      try {
        next = run.step('statement-in');
      } catch {
        break; // the program ended
      }
      p = step(p, next);
      assert.deepEqual(p.snapshot, next, `step ${steps + 1}, at ${JSON.stringify(next.position)}`);
      steps++;
    }
    assert.ok(steps > 40, `stepped through the program: ${steps} statements`);
  });

  it('keeps untouched collections and unchanged items as the same objects', () => {
    const first = picture(list.inMain);
    const next = step(first, list.inPush);
    // Between the two stops no page was mapped and no frame taken: the engine sends nothing for them.
    const delta = diffSnapshots(list.inMain, list.inPush);
    assert.deepEqual([delta.physical.frames, delta.processes[0]!.pages], [{ upsert: [], remove: [] }, { upsert: [], remove: [] }]);
    assert.equal(next.snapshot.physical.frames, first.snapshot.physical.frames, 'physical frames did not change');
    assert.equal(next.snapshot.processes[0]!.pages, first.snapshot.processes[0]!.pages, 'pages did not change');
    const leaked = (p: Picture) => p.snapshot.processes[0]!.chunks.find((c) => c.blockId === 1);
    assert.ok(leaked(first));
    assert.equal(leaked(next), leaked(first), 'the leaked block did not change');
  });

  it('marks the changed chunks, the pushed frame and the single byte that changed in a slot', () => {
    const next = step(picture(list.inMain), list.inPush);
    const changes = next.changes.processes.get(1)!;
    assert.ok(changes.chunks.has(blockOf(list.inPush, 6).key), 'the new node is marked');
    assert.ok(!changes.chunks.has(blockOf(list.inPush, 1).key), 'the leaked block is not');
    assert.deepEqual([...changes.newFrames], [frameOf(list.inPush, 'push').key], 'push is a new frame');
    // make_node's tombstone: copy went from 2 to 3 — only its lowest byte differs.
    assert.deepEqual([...changes.slotBytes.get(slotOf(list.inPush, 'make_node', 'copy', true).address)!], [0]);
    assert.equal(changes.slotBytes.has(slotOf(list.inPush, 'make_node', 'return-address', true).address), false, 'the return address did not change');
  });

  it('asks for the whole snapshot when a delta starts from a step it does not hold', () => {
    const delta = diffSnapshots(list.inMain, list.inPush);
    assert.deepEqual(applyUpdate(null, { kind: 'delta', delta }), { kind: 'out-of-sync', have: null, from: list.inMain.step });
    const held = picture(list.inPush);
    assert.equal(applyUpdate(held, { kind: 'delta', delta }).kind, 'out-of-sync');
  });

  it('refuses a snapshot of another version', () => {
    const future = { ...list.inMain, version: 2 } as unknown as Snapshot;
    assert.deepEqual(applyUpdate(null, { kind: 'snapshot', snapshot: future, history: [] }), { kind: 'bad-version', version: 2 });
  });

  it('adds one history point per process per stop, after the history the host sent', () => {
    const first = applyUpdate(null, { kind: 'snapshot', snapshot: list.inMain, history: [{ step: 100, pid: 1, counters: processOf(list.inMain).counters }] });
    assert.equal(first.kind, 'ok');
    const p = (first as Extract<typeof first, { kind: 'ok' }>).picture;
    assert.deepEqual(p.history.map((h) => h.step), [100, list.inMain.step]);
    assert.deepEqual(step(p, list.inPush).history.map((h) => h.step), [100, list.inMain.step, list.inPush.step]);
  });
});
