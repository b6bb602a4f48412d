// Inline values while stepping: at the end of the line where each variable of the stopped frame last
// appears above the stop, `name = value @ address` — the value as the Variables view shows it and the
// address where the variable lives (a pointer's value already is an address). Switched by the setting
// `memscope.inlineValues`. The values come from the adapter's own scopes of the stopped frame, so the
// editor, the Variables view and hovers always agree.

import * as vscode from 'vscode';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DEBUG_TYPE } from '../protocol/messages';
import { lastAppearances } from './source-expressions';

export function registerInlineValues(context: vscode.ExtensionContext, selector: vscode.DocumentSelector): void {
  context.subscriptions.push(
    vscode.languages.registerInlineValuesProvider(selector, {
      async provideInlineValues(document, viewPort, inline) {
        const session = vscode.debug.activeDebugSession;
        if (session?.type !== DEBUG_TYPE || !vscode.workspace.getConfiguration('memscope').get<boolean>('inlineValues', true)) return undefined;
        const variables = await frameVariables(session, inline.frameId);
        const names = new Set(variables.keys());
        const lines = Array.from({ length: document.lineCount }, (_, i) => document.lineAt(i).text);
        const stop = inline.stoppedLocation.end.line;
        const from = Math.max(viewPort.start.line, functionStart(lines, stop));
        const values: vscode.InlineValue[] = [];
        for (const [name, line] of lastAppearances(lines, from, stop, names)) {
          const v = variables.get(name)!;
          const end = lines[line]!.length;
          const address = v.memoryReference && !/^0x0*$/.test(v.memoryReference) && !v.type?.includes('*') ? ` @ ${v.memoryReference}` : '';
          values.push(new vscode.InlineValueText(new vscode.Range(line, end, line, end), `${name} = ${v.value}${address}`));
        }
        return values;
      },
    }),
  );
}

/** Locals and arguments of a stopped frame by name, from the adapter. */
async function frameVariables(session: vscode.DebugSession, frameId: number): Promise<Map<string, DebugProtocol.Variable>> {
  const out = new Map<string, DebugProtocol.Variable>();
  const scopes = (await session.customRequest('scopes', { frameId })) as DebugProtocol.ScopesResponse['body'];
  for (const scope of scopes.scopes.filter((s) => s.presentationHint === 'locals' || s.presentationHint === 'arguments')) {
    const body = (await session.customRequest('variables', { variablesReference: scope.variablesReference })) as DebugProtocol.VariablesResponse['body'];
    for (const v of body.variables) out.set(v.name, v);
  }
  return out;
}

/** The line where the function around `line` starts: the last line above it that opens at column 0. */
function functionStart(lines: readonly string[], line: number): number {
  for (let n = line; n >= 0; n--) if (/^[A-Za-z_].*\(.*\)\s*\{?\s*$/.test(lines[n]!) && !/;\s*$/.test(lines[n]!)) return n;
  return 0;
}
