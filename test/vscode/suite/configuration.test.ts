import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { closeAllEditors, eventually, openFile, workspaceFile } from './workspace';

/**
 * A stand-in debug adapter that answers the requests VS Code sends at the start and end of a session.
 * It is used only while memscope's own adapter is not registered: registering a second adapter
 * factory for a type throws, and then the real adapter runs the program instead.
 */
class AnsweringAdapter implements vscode.DebugAdapter {
  private readonly sent = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.sent.event;
  private seq = 1;

  handleMessage(message: vscode.DebugProtocolMessage): void {
    const request = message as { seq: number; type: string; command: string };
    if (request.type !== 'request') return;
    const body = request.command === 'threads' ? { threads: [] } : request.command === 'initialize' ? {} : undefined;
    this.sent.fire({ seq: this.seq++, type: 'response', request_seq: request.seq, success: true, command: request.command, body } as vscode.DebugProtocolMessage);
    if (request.command === 'initialize') this.sent.fire({ seq: this.seq++, type: 'event', event: 'initialized' } as vscode.DebugProtocolMessage);
    if (request.command === 'configurationDone') this.sent.fire({ seq: this.seq++, type: 'event', event: 'terminated' } as vscode.DebugProtocolMessage);
  }

  dispose(): void {
    this.sent.dispose();
  }
}

/** Records the arguments of every `launch` request sent to a memscope adapter. */
function recordLaunches(): { launches: Record<string, unknown>[]; dispose(): void } {
  const launches: Record<string, unknown>[] = [];
  const registration = vscode.debug.registerDebugAdapterTrackerFactory('memscope', {
    createDebugAdapterTracker: () => ({
      onWillReceiveMessage: (message: { type?: string; command?: string; arguments?: Record<string, unknown> }) => {
        if (message.type === 'request' && message.command === 'launch') launches.push(message.arguments ?? {});
      },
    }),
  });
  return { launches, dispose: () => registration.dispose() };
}

describe('the memscope debug configuration provider', () => {
  let standIn: vscode.Disposable | undefined;

  before(() => {
    try {
      standIn = vscode.debug.registerDebugAdapterDescriptorFactory('memscope', {
        createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new AnsweringAdapter()),
      });
    } catch {
      standIn = undefined;
    }
  });

  after(async () => {
    standIn?.dispose();
    await closeAllEditors();
  });

  async function stopSessions(): Promise<void> {
    await vscode.debug.stopDebugging();
    await eventually(() => vscode.debug.activeDebugSession === undefined, 10000);
  }

  it('completes a configuration without program from the active .mc file (F5 with no launch.json)', async () => {
    const recorder = recordLaunches();
    try {
      const editor = await openFile('hello.mc');
      const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], { type: 'memscope', request: 'launch', name: 'F5' });
      assert.equal(started, true, 'the session starts');
      assert.ok(await eventually(() => recorder.launches.length > 0), 'the adapter receives launch');
      assert.equal(recorder.launches[0]!.program, editor.document.uri.fsPath);
      assert.equal(recorder.launches[0]!.type, 'memscope');
    } finally {
      recorder.dispose();
      await stopSessions();
    }
  });

  it('passes ${file} resolved to the active C file and keeps the other attributes', async () => {
    const recorder = recordLaunches();
    try {
      const editor = await openFile('plain.c');
      const started = await vscode.debug.startDebugging(undefined, { type: 'memscope', request: 'launch', name: 'file', program: '${file}', physMem: '64K', pagePolicy: 'lru' });
      assert.equal(started, true);
      assert.ok(await eventually(() => recorder.launches.length > 0));
      assert.equal(recorder.launches[0]!.program, editor.document.uri.fsPath);
      assert.equal(recorder.launches[0]!.physMem, '64K');
      assert.equal(recorder.launches[0]!.pagePolicy, 'lru');
    } finally {
      recorder.dispose();
      await stopSessions();
    }
  });

  it('refuses to start without a C file, with a bad attribute, or with a missing program', async () => {
    const recorder = recordLaunches();
    try {
      await openFile('notes.txt');
      assert.equal(await vscode.debug.startDebugging(undefined, { type: 'memscope', request: 'launch', name: 'no C file' }), false);
      assert.equal(await vscode.debug.startDebugging(undefined, { type: 'memscope', request: 'launch', name: 'bad policy', program: workspaceFile('hello.mc').fsPath, pagePolicy: 'lifo' }), false);
      assert.equal(await vscode.debug.startDebugging(undefined, { type: 'memscope', request: 'launch', name: 'missing', program: workspaceFile('nowhere.mc').fsPath }), false);
      assert.deepEqual(recorder.launches, [], 'no adapter was asked to launch');
    } finally {
      recorder.dispose();
      await stopSessions();
    }
  });

  it('starts the active file from the "Debug Current File" command', async () => {
    const recorder = recordLaunches();
    try {
      const editor = await openFile('hello.mc');
      assert.equal(await vscode.commands.executeCommand('memscope.debugFile'), true);
      assert.ok(await eventually(() => recorder.launches.length > 0));
      assert.equal(recorder.launches[0]!.program, editor.document.uri.fsPath);
      assert.equal(recorder.launches[0]!.noDebug, undefined);
    } finally {
      recorder.dispose();
      await stopSessions();
    }
  });

  it('runs without debugging from the "Run Current File with Memcheck" command', async () => {
    const recorder = recordLaunches();
    try {
      await openFile('hello.mc');
      assert.equal(await vscode.commands.executeCommand('memscope.runFile'), true);
      assert.ok(await eventually(() => recorder.launches.length > 0));
      assert.equal(recorder.launches[0]!.noDebug, true);
    } finally {
      recorder.dispose();
      await stopSessions();
    }
  });
});
