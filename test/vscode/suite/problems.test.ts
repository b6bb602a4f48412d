import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, eventually, openFile } from './workspace';

function memscopeDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'memscope');
}

describe('problems as you type', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeAllEditors();
  });

  it('lists a syntax error of an opened file at its line and column, with its code', async () => {
    const editor = await openFile('broken.mc');
    assert.ok(await eventually(() => memscopeDiagnostics(editor.document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error)), 'an error appears');
    const error = memscopeDiagnostics(editor.document.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Error)!;
    assert.match(error.message, /expected .*';'/);
    assert.equal(error.code, 'syntax');
    // `int x = 1` on line 2 lacks its semicolon: the error sits on that line (0-based 1).
    assert.equal(error.range.start.line, 1);
    assert.ok(error.range.end.character > error.range.start.character, 'the squiggle covers the offending text');
  });

  it('clears the error once the text is fixed, without saving', async () => {
    const editor = await openFile('broken.mc');
    assert.ok(await eventually(() => memscopeDiagnostics(editor.document.uri).length > 0));
    const line = editor.document.lineAt(1);
    await editor.edit((edit) => edit.insert(line.range.end, ';'));
    assert.ok(editor.document.isDirty);
    assert.ok(await eventually(() => !memscopeDiagnostics(editor.document.uri).some((d) => d.severity === vscode.DiagnosticSeverity.Error)), 'the error goes away');
  });

  it('reports a call to an undeclared function with the hint in the message', async () => {
    const editor = await openFile('hello.mc');
    const line = editor.document.getText().split('\n').findIndex((l) => l.includes('printf("%d'));
    await editor.edit((edit) => edit.replace(new vscode.Range(line, 0, line, editor.document.lineAt(line).text.length), '  prinf("%d\\n", answer);'));
    assert.ok(await eventually(() => memscopeDiagnostics(editor.document.uri).some((d) => d.code === 'implicit-declaration')), 'the undeclared function is reported');
    const problem = memscopeDiagnostics(editor.document.uri).find((d) => d.code === 'implicit-declaration')!;
    assert.equal(problem.range.start.line, line);
    assert.match(problem.message, /prinf/);
    assert.match(problem.message, /\nhint: /);
  });

  it('checks nothing when memscope.diagnostics.onType is off', async () => {
    const config = vscode.workspace.getConfiguration('memscope.diagnostics');
    await config.update('onType', false, vscode.ConfigurationTarget.Global);
    try {
      const editor = await openFile('broken.mc');
      assert.ok(await eventually(() => memscopeDiagnostics(editor.document.uri).length === 0), 'no memscope problems');
      await new Promise((r) => setTimeout(r, 800));
      assert.deepEqual(memscopeDiagnostics(editor.document.uri), []);
    } finally {
      await config.update('onType', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
