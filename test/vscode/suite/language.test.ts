import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, eventually, openFile } from './workspace';

describe('the Mini C language in the editor', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  });

  it('toggles line comments with // (language-configuration.json)', async () => {
    const editor = await openFile('hello.mc');
    const line = editor.document.lineAt(3);
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    await vscode.commands.executeCommand('editor.action.commentLine');
    assert.equal(editor.document.lineAt(3).text, line.text.replace(/^(\s*)/, '$1// '));
  });

  it('closes brackets and quotes as you type', async () => {
    const editor = await openFile('hello.mc');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    await vscode.commands.executeCommand('type', { text: 'f(' });
    await vscode.commands.executeCommand('type', { text: '"' });
    assert.equal(editor.document.lineAt(editor.document.lineCount - 1).text, 'f("")');
  });

  it('offers the contributed snippets: malloc with its NULL check and free', async () => {
    const editor = await openFile('hello.mc');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    editor.selection = new vscode.Selection(end, end);
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'minic', name: 'malloc and free' });
    const text = editor.document.getText();
    assert.match(text, /int \*p = malloc\(n \* sizeof \*p\);/);
    assert.match(text, /if \(p == NULL\) \{/);
    assert.match(text, /free\(p\);/);
  });

  it('folds a #if … #endif region (folding markers)', async () => {
    const editor = await openFile('hello.mc');
    const lines = editor.document.getText().split('\n');
    const start = lines.findIndex((l) => l.startsWith('#ifdef'));
    const end = lines.findIndex((l) => l.startsWith('#endif'));
    assert.ok(start >= 0 && end > start + 1, 'the fixture has an #ifdef region with lines inside');
    await vscode.commands.executeCommand('editor.unfoldAll');
    await vscode.commands.executeCommand('editor.fold', { selectionLines: [start], levels: 1 });
    const hidden = (line: number) => !editor.visibleRanges.some((r) => r.start.line <= line && line <= r.end.line);
    assert.ok(await eventually(() => hidden(start + 1)), `line ${start + 2} is folded away`);
    assert.equal(hidden(start), false, 'the #ifdef line stays visible');
    await vscode.commands.executeCommand('editor.unfoldAll');
  });
});
