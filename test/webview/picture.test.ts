import { strict as assert } from 'node:assert';
import { applyDelta, diffSnapshots } from '../../src/engine/snapshot/delta';
import type { Snapshot } from '../../src/protocol/messages';
import { applyUpdate, type Picture } from '../../src/webview/picture';
import { ADDRESSES, after, before } from './fixtures/linked-list';
import { stressSnapshot, stressSteps } from './fixtures/stress';

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

describe('webview picture: applying snapshots and deltas', () => {
  it('rebuilds from a delta exactly the snapshot the engine rebuilds (linked list)', () => {
    const next = step(picture(before), after);
    assert.deepEqual(next.snapshot, applyDelta(before, diffSnapshots(before, after)));
    assert.deepEqual(next.snapshot, after);
  });

  it('rebuilds exactly the engine snapshot over a run of stress steps (calls, returns, malloc, free)', () => {
    const base = stressSnapshot(60, 400);
    let p = picture(base);
    for (const s of stressSteps(base, 8)) {
      p = step(p, s);
      assert.deepEqual(p.snapshot, s);
    }
  });

  it('keeps untouched collections and unchanged items as the same objects', () => {
    const first = picture(before);
    const next = step(first, after);
    assert.equal(next.snapshot.physical.frames, first.snapshot.physical.frames, 'physical frames did not change');
    assert.equal(next.snapshot.processes[0]!.pages, first.snapshot.processes[0]!.pages, 'pages did not change');
    const leaked = (p: Picture) => p.snapshot.processes[0]!.chunks.find((c) => c.start === ADDRESSES.LEAKED);
    assert.equal(leaked(next), leaked(first), 'the leaked block did not change');
  });

  it('marks the changed chunks, the pushed frame and the single byte that changed in a slot', () => {
    const next = step(picture(before), after);
    const changes = next.changes.processes.get(1)!;
    assert.ok(changes.chunks.has(ADDRESSES.NODE3), 'the new node is marked');
    assert.ok(!changes.chunks.has(ADDRESSES.LEAKED), 'the leaked block is not');
    assert.deepEqual([...changes.newFrames], [2], 'push (depth 2) is a new frame');
    // make_node's tombstone: copy went from 2 to 3 — only its lowest byte differs.
    assert.deepEqual([...changes.slotBytes.get(ADDRESSES.FP_MAKE - 16)!], [0]);
    assert.equal(changes.slotBytes.has(ADDRESSES.FP_MAKE + 8), false, 'the return address did not change');
  });

  it('asks for the whole snapshot when a delta starts from a step it does not hold', () => {
    const delta = diffSnapshots(before, after);
    assert.deepEqual(applyUpdate(null, { kind: 'delta', delta }), { kind: 'out-of-sync', have: null, from: before.step });
    const held = picture(after);
    assert.equal(applyUpdate(held, { kind: 'delta', delta }).kind, 'out-of-sync');
  });

  it('refuses a snapshot of another version', () => {
    const future = { ...before, version: 2 } as unknown as Snapshot;
    assert.deepEqual(applyUpdate(null, { kind: 'snapshot', snapshot: future, history: [] }), { kind: 'bad-version', version: 2 });
  });

  it('adds one history point per process per stop, after the history the host sent', () => {
    const first = applyUpdate(null, { kind: 'snapshot', snapshot: before, history: [{ step: 100, pid: 1, counters: before.processes[0]!.counters }] });
    assert.equal(first.kind, 'ok');
    const p = (first as Extract<typeof first, { kind: 'ok' }>).picture;
    assert.deepEqual(p.history.map((h) => h.step), [100, 480]);
    assert.deepEqual(step(p, after).history.map((h) => h.step), [100, 480, 535]);
  });
});
