// The snapshots of one debug session, as the panels need them. At each stop the feed asks the adapter
// for `memscope/snapshot` since the step it holds; the answer is a delta (applied with the engine's own
// `applyDelta`) or a whole snapshot (turned into a delta with `diffSnapshots`, so panels still get only
// what changed). It keeps the latest snapshot — a panel opened or reloaded later gets it whole — and the
// counters of every stop for the charts. `messagesFor` picks, per panel, a delta when the panel holds
// the step it starts from and the whole snapshot otherwise. No `vscode` import: the session is an
// interface, so this is tested in plain Node.

import { applyDelta, diffSnapshots } from '../../engine/snapshot/delta';
import type { HistoryPoint, HostMessage, PageWalk, Snapshot, SnapshotDelta, SnapshotResponseBody, WalkRequestArguments, SnapshotRequestArguments } from '../../protocol/messages';
import { SNAPSHOT_REQUEST, SNAPSHOT_VERSION, WALK_REQUEST } from '../../protocol/messages';

/** What the feed needs of a debug session (vscode.DebugSession has it). */
export interface SessionLink {
  readonly id: string;
  readonly name: string;
  customRequest(command: string, args?: unknown): PromiseLike<unknown>;
}

/** One stop's change: the delta from the previous snapshot (null at the first stop) and the snapshot now. */
export interface Stop {
  readonly snapshot: Snapshot;
  readonly delta: SnapshotDelta | null;
}

/** How many stops the charts keep per session. */
const HISTORY_LIMIT = 20_000;

function isSnapshotBody(body: unknown): body is SnapshotResponseBody {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as { version?: unknown; kind?: unknown; step?: unknown };
  return b.version === SNAPSHOT_VERSION && (b.kind === 'full' || b.kind === 'delta') && typeof b.step === 'number';
}

export class SnapshotFeed {
  private latest: Snapshot | null = null;
  private points: HistoryPoint[] = [];

  constructor(readonly session: SessionLink) {}

  get snapshot(): Snapshot | null {
    return this.latest;
  }

  get history(): readonly HistoryPoint[] {
    return this.points;
  }

  /** Fetches the state at the current stop. Throws with the adapter's message when it cannot answer. */
  async refresh(): Promise<Stop> {
    const before = this.latest;
    const args: SnapshotRequestArguments = before ? { since: before.step } : {};
    let body = await this.session.customRequest(SNAPSHOT_REQUEST, args);
    if (!isSnapshotBody(body)) throw new Error(`the debugger answered ${SNAPSHOT_REQUEST} with something that is not a version ${SNAPSHOT_VERSION} snapshot`);
    if (body.kind === 'delta' && (!before || body.fromStep !== before.step)) {
      // The adapter's idea of what we hold differs from ours: start again from a whole snapshot.
      body = await this.session.customRequest(SNAPSHOT_REQUEST, {} satisfies SnapshotRequestArguments);
      if (!isSnapshotBody(body) || body.kind !== 'full') throw new Error(`the debugger did not send a whole snapshot when asked for one`);
    }
    let stop: Stop;
    if (body.kind === 'delta') {
      stop = { snapshot: applyDelta(before!, body), delta: body };
    } else {
      stop = { snapshot: body, delta: before && before.step !== body.step ? diffSnapshots(before, body) : null };
    }
    this.latest = stop.snapshot;
    this.record(stop.snapshot);
    return stop;
  }

  async walk(pid: number, address: number): Promise<PageWalk> {
    const body = await this.session.customRequest(WALK_REQUEST, { pid, address } satisfies WalkRequestArguments);
    if (typeof body !== 'object' || body === null || !Array.isArray((body as PageWalk).levels)) {
      throw new Error(`the debugger answered ${WALK_REQUEST} with something that is not a page walk`);
    }
    return body as PageWalk;
  }

  private record(snapshot: Snapshot): void {
    this.points = this.points.filter((p) => p.step < snapshot.step);
    for (const p of snapshot.processes) this.points.push({ step: snapshot.step, pid: p.pid, counters: p.counters });
    if (this.points.length > HISTORY_LIMIT) this.points = this.points.slice(this.points.length - HISTORY_LIMIT);
  }
}

/**
 * The message that brings a panel holding step `held` to `stop`: the delta when it starts from that
 * step, else the whole snapshot with the history before it (the panel adds the current stop itself).
 */
export function messageFor(held: number | null, stop: Stop, history: readonly HistoryPoint[]): HostMessage {
  if (stop.delta && held === stop.delta.fromStep) return { kind: 'delta', delta: stop.delta };
  return { kind: 'snapshot', snapshot: stop.snapshot, history: history.filter((h) => h.step < stop.snapshot.step) };
}
