import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, openFile } from './workspace';
import { debugTo, endSessions, topFrame } from './session';

// dangling.mc (test/vscode/run.mjs): score is freed on line 5 and still held on line 6.
describe('debugging in VS Code: hovers and inline values', () => {
  afterEach(async () => {
    await endSessions();
    await closeAllEditors();
  });

  it('the hover of a freed pointer says it is dangling and where the block was freed', async () => {
    await openFile('dangling.mc');
    const stop = await debugTo('dangling.mc', [6]);
    const frameId = await topFrame(stop);
    const hover = (await stop.session.customRequest('evaluate', { expression: 'score', context: 'hover', frameId })) as { result: string };
    assert.match(hover.result, /^0x[0-9a-f]+ \(dangling: points into a 4-byte block freed at line 5\)$/);
    const valid = (await stop.session.customRequest('evaluate', { expression: 'kept', context: 'hover', frameId })) as { result: string };
    assert.match(valid.result, /^0x[0-9a-f]+ — points to .*4-byte block/, 'a valid pointer says what it points to');
  });

  it('shows inline values at the ends of lines, with addresses, through VS Code’s inline value provider', async () => {
    const editor = await openFile('dangling.mc');
    const stop = await debugTo('dangling.mc', [6]);
    const frameId = await topFrame(stop);
    const range = new vscode.Range(0, 0, editor.document.lineCount - 1, 0);
    const context = { frameId, stoppedLocation: new vscode.Range(5, 2, 5, 2) };
    const values = (await vscode.commands.executeCommand('vscode.executeInlineValueProvider', editor.document.uri, range, context)) as vscode.InlineValueText[];
    const texts = values.map((v) => `${v.range.start.line + 1}: ${v.text}`);
    // Each variable at the last line that mentions it, up to the stop: score at its free(), kept at the stop.
    assert.ok(texts.some((t) => /^5: score = 0x[0-9a-f]+ \(dangling: points into a 4-byte block freed at line 5\)$/.test(t)), texts.join(' | '));
    assert.ok(texts.some((t) => /^6: kept = 0x[0-9a-f]+$/.test(t)), texts.join(' | '));
  });
});
