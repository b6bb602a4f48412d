// Starting and following a memscope debug session from inside the extension host: a tracker records
// the adapter's `stopped` events so a test can wait for the next stop, and every session is stopped
// after the test.

import * as vscode from 'vscode';
import { eventually, workspaceFile } from './workspace';

export interface Stop {
  readonly session: vscode.DebugSession;
  readonly reason: string;
  readonly threadId: number;
}

const stops: Stop[] = [];
let tracking: vscode.Disposable | undefined;

/** Starts recording stops (once). */
export function trackStops(): void {
  tracking ??= vscode.debug.registerDebugAdapterTrackerFactory('memscope', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (m: { type?: string; event?: string; body?: { reason?: string; threadId?: number } }) => {
        if (m.type === 'event' && m.event === 'stopped') stops.push({ session, reason: m.body?.reason ?? '', threadId: m.body?.threadId ?? 1 });
      },
    }),
  });
}

/** Launches a workspace program with breakpoints on `lines` (1-based) and waits for its first stop. */
export async function debugTo(name: string, lines: readonly number[], extra: Record<string, unknown> = {}): Promise<Stop> {
  trackStops();
  const uri = workspaceFile(name);
  vscode.debug.addBreakpoints(lines.map((l) => new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(l - 1, 0)))));
  const seen = stops.length;
  const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], { type: 'memscope', request: 'launch', name: `test ${name}`, program: uri.fsPath, ...extra });
  if (!started) throw new Error(`the memscope session for ${name} did not start`);
  if (!(await eventually(() => stops.length > seen, 20000))) throw new Error(`${name} never stopped`);
  return stops[stops.length - 1]!;
}

/** The id of the innermost frame of a stop. */
export async function topFrame(stop: Stop): Promise<number> {
  const trace = (await stop.session.customRequest('stackTrace', { threadId: stop.threadId })) as { stackFrames: { id: number }[] };
  return trace.stackFrames[0]!.id;
}

/** Ends every debug session and removes every breakpoint. */
export async function endSessions(): Promise<void> {
  vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
  while (vscode.debug.activeDebugSession) {
    const session = vscode.debug.activeDebugSession;
    await vscode.debug.stopDebugging(session);
    await eventually(() => vscode.debug.activeDebugSession !== session, 5000);
  }
}
