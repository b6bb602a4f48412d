// One memscope webview panel on the host side: builds its page (html.ts) with a fresh nonce, limits it
// to media/ and dist/, and relays messages. Incoming messages are checked (`isPanelMessage`) before the
// hub sees them. It remembers which step the webview holds, so the hub can send it a delta or the
// whole snapshot. No retainContextWhenHidden: a hidden panel is rebuilt from its setState and a
// snapshot when shown again, which keeps memory low.

import * as vscode from 'vscode';
import { isPanelMessage, PANEL_VIEW_TYPES, type HostMessage, type PanelKind, type PanelMessage } from '../../protocol/messages';
import { newNonce, panelHtml } from './html';

export interface PanelSpec {
  readonly kind: PanelKind;
  readonly title: string;
}

export class MemscopePanel {
  /** The step of the snapshot the webview holds; null until it has one (and after it reloads). */
  held: number | null = null;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly spec: PanelSpec,
    readonly webviewPanel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    onMessage: (panel: MemscopePanel, message: PanelMessage) => void,
    onDispose: (panel: MemscopePanel) => void,
  ) {
    const webview = webviewPanel.webview;
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
    };
    webview.html = panelHtml({
      panel: spec.kind,
      title: spec.title,
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUris: [
        webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css')).toString(),
        webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'memscope.css')).toString(),
      ],
    });
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if (!isPanelMessage(message)) return;
        if (message.kind === 'ready') this.held = message.step;
        onMessage(this, message);
      }),
      webviewPanel.onDidDispose(() => {
        for (const d of this.disposables) d.dispose();
        onDispose(this);
      }),
    );
  }

  post(message: HostMessage): void {
    if (message.kind === 'snapshot') this.held = message.snapshot.step;
    else if (message.kind === 'delta') this.held = message.delta.step;
    void this.webviewPanel.webview.postMessage(message);
  }

  reveal(): void {
    this.webviewPanel.reveal(undefined, true);
  }

  static create(spec: PanelSpec, extensionUri: vscode.Uri, column: vscode.ViewColumn, preserveFocus: boolean): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(PANEL_VIEW_TYPES[spec.kind], spec.title, { viewColumn: column, preserveFocus }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
    });
  }
}
