import { strict as assert } from 'node:assert';
import { diffSnapshots } from '../../../src/engine/snapshot/delta';
import { SnapshotFeed, messageFor, type SessionLink } from '../../../src/extension/panels/feed';
import type { Snapshot } from '../../../src/protocol/messages';
import { blockOf, recordList } from '../fixtures/list';

// The engine's snapshots of list.c at two stops, answered by a scripted adapter.
const list = recordList();
const { inMain, inPush } = list;

/** A session whose adapter answers from a script of snapshots, recording the requests. */
function session(answers: ((args: { since?: number }) => unknown)[]): SessionLink & { requests: { command: string; args: unknown }[] } {
  const requests: { command: string; args: unknown }[] = [];
  let i = 0;
  return {
    id: 's1', name: 'list', requests,
    customRequest(command: string, args?: unknown) {
      requests.push({ command, args });
      if (command === 'memscope/walk') return Promise.resolve(list.run.walk(1, (args as { address: number }).address));
      const answer = answers[i++];
      if (!answer) return Promise.reject(new Error('no more stops'));
      return Promise.resolve(answer(args as { since?: number }));
    },
  };
}

describe('snapshot feed (extension host)', () => {
  it('asks for a delta since the step it holds and rebuilds the snapshot from it', async () => {
    const s = session([() => inMain, (args) => (args.since === inMain.step ? diffSnapshots(inMain, inPush) : inPush)]);
    const feed = new SnapshotFeed(s);
    const first = await feed.refresh();
    assert.equal(first.delta, null);
    const second = await feed.refresh();
    assert.deepEqual(s.requests.map((r) => r.args), [{}, { since: inMain.step }]);
    assert.deepEqual(second.snapshot, inPush);
    assert.equal(second.delta?.fromStep, inMain.step);
    assert.deepEqual(feed.history.map((h) => h.step), [inMain.step, inPush.step]);
  });

  it('turns a whole snapshot into a delta for panels when the adapter sends no delta', async () => {
    const feed = new SnapshotFeed(session([() => inMain, () => inPush]));
    await feed.refresh();
    const stop = await feed.refresh();
    assert.deepEqual(stop.delta, diffSnapshots(inMain, inPush));
  });

  it('starts again from a whole snapshot when a delta starts from a step it does not hold', async () => {
    const other: Snapshot = { ...inMain, step: 1 };
    const s = session([() => other, () => diffSnapshots(inMain, inPush), () => inPush]);
    const feed = new SnapshotFeed(s);
    await feed.refresh();
    const stop = await feed.refresh();
    assert.deepEqual(s.requests.map((r) => r.args), [{}, { since: 1 }, {}]);
    assert.deepEqual(stop.snapshot, inPush);
  });

  it('refuses an answer that is not a snapshot, saying which request', async () => {
    const feed = new SnapshotFeed(session([() => ({ hello: 1 })]));
    await assert.rejects(feed.refresh(), /memscope\/snapshot .* not a version 1 snapshot/);
  });

  it('sends each panel a delta only when it holds the step the delta starts from', async () => {
    const feed = new SnapshotFeed(session([() => inMain, () => inPush]));
    await feed.refresh();
    const stop = await feed.refresh();
    assert.equal(messageFor(inMain.step, stop, feed.history).kind, 'delta');
    const whole = messageFor(null, stop, feed.history);
    assert.equal(whole.kind, 'snapshot');
    assert.deepEqual(whole.kind === 'snapshot' && whole.history.map((h) => h.step), [inMain.step], 'history before this stop');
  });

  it('walks an address through the adapter', async () => {
    const feed = new SnapshotFeed(session([]));
    const address = blockOf(inPush, 5).payload;
    const walk = await feed.walk(1, address);
    assert.equal(walk.address, address);
    assert.equal(walk.result.kind, 'mapped');
  });
});
