// Editor decorations of a stopped memscope session: lines that allocated leaked blocks, lines that freed
// blocks a pointer still holds, and returns that left pointers into a dead frame, each with its reason at
// the end of the line. Switched by `memscope.decorations.enabled`. At each stop the adapter is asked for
// the marks (`memscope/marks`, computed from its snapshot by memory-marks.ts: a few lines, where the
// whole snapshot could be megabytes); they are cleared when the session ends.

import * as vscode from 'vscode';
import * as path from 'node:path';
import { DEBUG_TYPE, MARKS_REQUEST, type MarksResponseBody, type MemoryMark } from '../protocol/messages';

export function registerDecorations(context: vscode.ExtensionContext): void {
  const leak = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorWarning.foreground') },
    overviewRulerColor: new vscode.ThemeColor('editorWarning.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  const dangling = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorError.foreground') },
    overviewRulerColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
  });
  let marks: MemoryMark[] = [];
  const enabled = () => vscode.workspace.getConfiguration('memscope').get<boolean>('decorations.enabled', true);

  const paint = (): void => {
    for (const editor of vscode.window.visibleTextEditors) {
      const mine = enabled() ? marks.filter((m) => sameFile(m.file, editor.document.uri)) : [];
      const options = (kind: MemoryMark['kind']): vscode.DecorationOptions[] =>
        mine
          .filter((m) => m.kind === kind && m.line <= editor.document.lineCount)
          .map((m) => {
            const end = editor.document.lineAt(m.line - 1).range.end;
            return { range: new vscode.Range(end, end), hoverMessage: m.message, renderOptions: { after: { contentText: `⚠ ${m.message}` } } };
          });
      editor.setDecorations(leak, options('leak'));
      editor.setDecorations(dangling, options('dangling'));
    }
  };

  const refresh = async (session: vscode.DebugSession): Promise<void> => {
    if (!enabled()) return;
    try {
      const body = (await session.customRequest(MARKS_REQUEST, {})) as MarksResponseBody | undefined;
      marks = Array.isArray(body?.marks) ? body.marks : [];
    } catch {
      marks = [];
    }
    paint();
  };

  context.subscriptions.push(
    leak,
    dangling,
    vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: (session) => ({
        onDidSendMessage: (message: { type?: string; event?: string }) => {
          if (message.type === 'event' && message.event === 'stopped') void refresh(session);
        },
      }),
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type !== DEBUG_TYPE) return;
      marks = [];
      paint();
    }),
    vscode.window.onDidChangeVisibleTextEditors(paint),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('memscope.decorations.enabled')) paint();
    }),
  );
}

function sameFile(file: string, uri: vscode.Uri): boolean {
  return uri.scheme === 'file' && path.resolve(file) === path.resolve(uri.fsPath);
}
