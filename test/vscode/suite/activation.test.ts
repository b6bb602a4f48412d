import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, closeAllEditors, eventually, openFile } from './workspace';

describe('activation and contributions', () => {
  after(closeAllEditors);

  it('activates when a Mini C file opens, in the minic language', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    const editor = await openFile('hello.mc');
    assert.equal(editor.document.languageId, 'minic');
    assert.ok(await eventually(() => extension.isActive), 'the extension is active');
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['memscope.debugFile', 'memscope.runFile']) assert.ok(commands.includes(id), `${id} is registered`);
  });

  it('contributes its settings with their defaults', () => {
    const properties: Record<string, { default: unknown }> = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.configuration.properties;
    assert.ok(Object.keys(properties).length >= 4);
    for (const [name, property] of Object.entries(properties)) {
      const section = name.slice(0, name.lastIndexOf('.'));
      const key = name.slice(name.lastIndexOf('.') + 1);
      assert.deepEqual(vscode.workspace.getConfiguration(section).inspect(key)?.defaultValue, property.default, name);
    }
    assert.equal(vscode.workspace.getConfiguration('memscope').get('memoryMap.openOnStop'), true);
  });

  it('contributes the memscope debugger for Mini C and C', () => {
    const debuggers: { type: string; languages: string[] }[] = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.debuggers;
    assert.deepEqual(debuggers.map((d) => [d.type, d.languages]), [['memscope', ['minic', 'c']]]);
  });
});
