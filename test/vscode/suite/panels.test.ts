import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, eventually, openFile } from './workspace';
import { debugTo, endSessions } from './session';

/** The open memscope panels: their view type and the column they are in. */
function panels(): { viewType: string; column: number }[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.filter((t) => t.input instanceof vscode.TabInputWebview && /memscope\./.test(t.input.viewType)).map((t) => ({ viewType: (t.input as vscode.TabInputWebview).viewType, column: g.viewColumn })));
}

const has = (viewType: string) => () => panels().some((p) => p.viewType.endsWith(viewType));

describe('the memory panels’ host side', () => {
  afterEach(async () => {
    await endSessions();
    await vscode.workspace.getConfiguration('memscope').update('memoryMap.openOnStop', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  it('memscope.showMemoryMap opens the Memory Map once; asking again reveals it', async () => {
    await vscode.commands.executeCommand('memscope.showMemoryMap');
    assert.ok(await eventually(has('memscope.memoryMap')), JSON.stringify(panels()));
    await vscode.commands.executeCommand('memscope.showMemoryMap');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(panels().filter((p) => p.viewType.endsWith('memscope.memoryMap')).length, 1);
  });

  it('a session’s first stop opens the Memory Map beside the editor, and the Paging panel opens beside it', async () => {
    const editor = await openFile('dangling.mc');
    await debugTo('dangling.mc', [6]);
    assert.ok(await eventually(has('memscope.memoryMap'), 15000), `panels: ${JSON.stringify(panels())}`);
    const map = panels().find((p) => p.viewType.endsWith('memscope.memoryMap'))!;
    assert.ok(map.column > (editor.viewColumn ?? 1), `the map (column ${map.column}) is beside the source (column ${editor.viewColumn})`);
    await vscode.commands.executeCommand('memscope.showPaging');
    assert.ok(await eventually(has('memscope.paging')));
    const paging = panels().find((p) => p.viewType.endsWith('memscope.paging'))!;
    assert.equal(paging.column, map.column + 1, 'next to the map, not over it');
  });

  it('does not open the Memory Map at a stop when memscope.memoryMap.openOnStop is off', async () => {
    await vscode.workspace.getConfiguration('memscope').update('memoryMap.openOnStop', false, vscode.ConfigurationTarget.Global);
    await openFile('dangling.mc');
    await debugTo('dangling.mc', [6]);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(panels(), []);
  });

  it('answers the memory requests the panels make through the session: a snapshot, then a delta, and a walk', async () => {
    await openFile('dangling.mc');
    const stop = await debugTo('dangling.mc', [5, 6]);
    const first = (await stop.session.customRequest('memscope/snapshot', {})) as { kind: string; step: number; processes: { pid: number; chunks: { state: string }[] }[] };
    assert.equal(first.kind, 'full');
    assert.deepEqual(first.processes[0]!.chunks.map((c) => c.state).sort(), ['allocated', 'allocated']);
    const next = new Promise<void>((resolve) => {
      const d = vscode.debug.onDidChangeActiveStackItem(() => {
        d.dispose();
        resolve();
      });
    });
    await vscode.commands.executeCommand('workbench.action.debug.continue');
    await next;
    const delta = (await stop.session.customRequest('memscope/snapshot', { since: first.step })) as { kind: string; fromStep: number; processes: { chunks: { upsert: { state: string }[] } }[] };
    assert.equal(delta.kind, 'delta');
    assert.equal(delta.fromStep, first.step);
    assert.deepEqual(delta.processes[0]!.chunks.upsert.map((c) => c.state), ['dangling-target'], 'only the freed block changed');
    const walk = (await stop.session.customRequest('memscope/walk', { pid: 1, address: 0x401000 })) as { levels: unknown[]; result: { kind: string } };
    assert.equal(walk.levels.length, 4);
    assert.equal(walk.result.kind, 'mapped');
  });
});
