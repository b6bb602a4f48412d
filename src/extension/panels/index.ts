// The panels' wiring into VS Code: the two commands, the panel serializers that bring panels back after
// a reload, and the debug adapter tracker that follows memscope sessions. Everything else lives in the
// hub (sessions ↔ panels), feed (snapshots), panel (one webview) and html (its page).

import * as vscode from 'vscode';
import { DEBUG_TYPE, PANEL_VIEW_TYPES } from '../../protocol/messages';
import { PanelHub } from './hub';
import { MEMORY_MAP } from './memory-map';
import { PAGING } from './paging';

export function registerPanels(context: vscode.ExtensionContext): void {
  const hub = new PanelHub(context.extensionUri);
  context.subscriptions.push(
    hub,
    vscode.commands.registerCommand('memscope.showMemoryMap', () => hub.open(MEMORY_MAP, false)),
    vscode.commands.registerCommand('memscope.showPaging', () => hub.open(PAGING, false)),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPES['memory-map'], hub.serializer(MEMORY_MAP)),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPES.paging, hub.serializer(PAGING)),
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, { createDebugAdapterTracker: (session) => hub.tracker(session) }),
    vscode.debug.onDidTerminateDebugSession((session) => hub.ended(session)),
    vscode.debug.onDidChangeActiveDebugSession((session) => hub.activeChanged(session)),
  );
}
