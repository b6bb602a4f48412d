// Connects memscope debug sessions to the open panels. A debug adapter tracker sees every `stopped`
// event of a memscope session; the session's feed then fetches the snapshot and the hub sends each
// panel the delta or the whole snapshot it needs. At a session's first stop the Memory Map opens beside
// the editor unless memscope.memoryMap.openOnStop is false. Panel messages come back here: reveal a
// source line, walk an address through the adapter (the walk goes to every panel), forward a highlight
// to the other panels. Stops are handled one at a time per session, in order.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { type HostMessage, type PanelMessage, type SessionStatus } from '../../protocol/messages';
import { SnapshotFeed, messageFor, type Stop } from './feed';
import { MEMORY_MAP } from './memory-map';
import { MemscopePanel, type PanelSpec } from './panel';

interface SessionState {
  readonly session: vscode.DebugSession;
  readonly feed: SnapshotFeed;
  status: SessionStatus;
  stops: number;
  last: Stop | null;
  /** Refreshes run one after another. */
  queue: Promise<void>;
}

function problemText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class PanelHub implements vscode.Disposable {
  private readonly panels = new Set<MemscopePanel>();
  private readonly sessions = new Map<string, SessionState>();
  private activeId: string | null = null;

  constructor(private readonly extensionUri: vscode.Uri) {}

  dispose(): void {
    for (const p of [...this.panels]) p.webviewPanel.dispose();
  }

  // ---- panels ----

  open(spec: PanelSpec, preserveFocus: boolean): void {
    const existing = [...this.panels].find((p) => p.spec.kind === spec.kind);
    if (existing) {
      existing.webviewPanel.reveal(undefined, preserveFocus);
      return;
    }
    // Beside the other memscope panel when one is open (the Paging panel next to the Memory Map, not on
    // top of it: a click in one shows its walk in the other), else beside the editor.
    const other = [...this.panels].find((p) => p.webviewPanel.visible && p.webviewPanel.viewColumn !== undefined)?.webviewPanel.viewColumn;
    const column = other !== undefined ? ((other + 1) as vscode.ViewColumn) : vscode.ViewColumn.Beside;
    this.adopt(spec, MemscopePanel.create(spec, this.extensionUri, column, preserveFocus));
  }

  /** Takes charge of a webview panel: a new one or one VS Code restored after a reload. */
  adopt(spec: PanelSpec, webviewPanel: vscode.WebviewPanel): void {
    const panel = new MemscopePanel(spec, webviewPanel, this.extensionUri, (p, m) => this.onMessage(p, m), (p) => this.panels.delete(p));
    this.panels.add(panel);
  }

  serializer(spec: PanelSpec): vscode.WebviewPanelSerializer {
    return {
      deserializeWebviewPanel: async (webviewPanel: vscode.WebviewPanel) => {
        this.adopt(spec, webviewPanel);
      },
    };
  }

  private broadcast(message: HostMessage, except?: MemscopePanel): void {
    for (const p of this.panels) if (p !== except) p.post(message);
  }

  private get active(): SessionState | undefined {
    return this.activeId === null ? undefined : this.sessions.get(this.activeId);
  }

  /** Brings one panel up to date with the active session: status, then the snapshot. */
  private sync(panel: MemscopePanel, whole: boolean): void {
    const state = this.active;
    panel.post({ kind: 'session', status: state?.status ?? { kind: 'none' } });
    if (!state?.last) return;
    panel.post(messageFor(whole ? null : panel.held, state.last, state.feed.history));
  }

  private onMessage(panel: MemscopePanel, message: PanelMessage): void {
    switch (message.kind) {
      case 'ready':
      case 'resync':
        this.sync(panel, true);
        break;
      case 'reveal':
        void this.revealSource(message.file, message.line, message.column);
        break;
      case 'select-address': {
        const state = this.active;
        if (!state) return;
        const { pid, address, origin } = message;
        state.feed.walk(pid, address).then(
          (walk) => this.broadcast({ kind: 'walk', pid, address, origin, result: { kind: 'ok', walk } }),
          (error: unknown) => this.broadcast({ kind: 'walk', pid, address, origin, result: { kind: 'error', message: problemText(error) } }),
        );
        break;
      }
      case 'highlight':
        this.broadcast({ kind: 'highlight', pid: message.pid, address: message.address, size: message.size }, panel);
        break;
      default: {
        const never: never = message;
        return never;
      }
    }
  }

  private async revealSource(file: string, line: number, column: number): Promise<void> {
    const session = this.active?.session;
    const cwd = typeof session?.configuration.cwd === 'string' ? session.configuration.cwd : undefined;
    const base = cwd ?? session?.workspaceFolder?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const uri = vscode.Uri.file(path.isAbsolute(file) || !base ? file : path.join(base, file));
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
      const at = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
      await vscode.window.showTextDocument(document, { viewColumn: shown?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(at, at) });
    } catch (error) {
      void vscode.window.showWarningMessage(`memscope: cannot open ${file}: ${problemText(error)}`);
    }
  }

  // ---- sessions ----

  tracker(session: vscode.DebugSession): vscode.DebugAdapterTracker {
    return {
      onDidSendMessage: (message: { type?: string; event?: string; body?: { reason?: string; description?: string } }) => {
        if (message.type !== 'event') return;
        if (message.event === 'stopped') this.stopped(session, message.body?.reason ?? 'stopped', message.body?.description);
        else if (message.event === 'continued') this.setStatus(session, { kind: 'running', name: session.name });
      },
    };
  }

  private state(session: vscode.DebugSession): SessionState {
    let state = this.sessions.get(session.id);
    if (!state) {
      state = { session, feed: new SnapshotFeed(session), status: { kind: 'running', name: session.name }, stops: 0, last: null, queue: Promise.resolve() };
      this.sessions.set(session.id, state);
    }
    return state;
  }

  private setStatus(session: vscode.DebugSession, status: SessionStatus): void {
    const state = this.state(session);
    state.status = status;
    if (this.activeId === session.id) this.broadcast({ kind: 'session', status });
  }

  private stopped(session: vscode.DebugSession, reason: string, description: string | undefined): void {
    const state = this.state(session);
    state.queue = state.queue.then(async () => {
      this.activeId = session.id;
      state.status = { kind: 'stopped', name: session.name, reason, ...(description ? { description } : {}) };
      let stop: Stop;
      try {
        stop = await state.feed.refresh();
      } catch (error) {
        this.setStatus(session, { kind: 'problem', name: session.name, message: `no memory snapshot: ${problemText(error)}` });
        return;
      }
      state.last = stop;
      state.stops++;
      const openOnStop = vscode.workspace.getConfiguration('memscope').get<boolean>('memoryMap.openOnStop', true);
      if (state.stops === 1 && openOnStop && ![...this.panels].some((p) => p.spec.kind === 'memory-map')) {
        // The new panel asks for its snapshot with `ready`.
        this.open(MEMORY_MAP, true);
      }
      for (const panel of this.panels) this.sync(panel, false);
    });
  }

  ended(session: vscode.DebugSession): void {
    const state = this.sessions.get(session.id);
    if (!state) return;
    state.status = { kind: 'ended', name: session.name };
    if (this.activeId === session.id) this.broadcast({ kind: 'session', status: state.status });
    // Keep the last picture on screen; forget the session once another one takes over.
  }

  activeChanged(session: vscode.DebugSession | undefined): void {
    if (!session || !this.sessions.has(session.id) || session.id === this.activeId) return;
    for (const [id, state] of this.sessions) if (state.status.kind === 'ended' && id !== session.id) this.sessions.delete(id);
    this.activeId = session.id;
    for (const panel of this.panels) this.sync(panel, true);
  }
}
