// The commands the extension shell contributes: debug or run the current file with memscope. Both
// take the file from the editor-title button (which passes the editor's URI) or from the active editor
// (command palette), save it, and start a session with the same configuration F5 would make up, so the
// configuration provider completes and checks it on the way.
// The panel commands (memscope.showMemoryMap, memscope.showPaging) belong to the panels' host side.

import * as vscode from 'vscode';
import { activeFileProblem, launchForFile } from './launch';

export const SHELL_COMMANDS = ['memscope.debugFile', 'memscope.runFile'] as const;

async function startFile(resource: unknown, noDebug: boolean): Promise<boolean> {
  const document = resource instanceof vscode.Uri
    ? await vscode.workspace.openTextDocument(resource)
    : vscode.window.activeTextEditor?.document;
  const problem = activeFileProblem(document && {
    languageId: document.languageId,
    path: document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
    isUntitled: document.isUntitled,
  });
  if (problem || !document) {
    void vscode.window.showErrorMessage(problem ?? 'memscope: no file to debug');
    return false;
  }
  if (document.isDirty) await document.save();
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return vscode.debug.startDebugging(folder, launchForFile(document.uri.fsPath, { noDebug }) as vscode.DebugConfiguration);
}

export function registerCommands(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('memscope.debugFile', (resource?: unknown) => startFile(resource, false)),
    vscode.commands.registerCommand('memscope.runFile', (resource?: unknown) => startFile(resource, true)),
  );
}
