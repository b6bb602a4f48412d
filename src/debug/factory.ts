// How VS Code gets a memscope debug adapter, and the editor features of a memscope debug session.
//
// `registerDebugAdapter(context)` is the one call extension.ts makes: the adapter runs inline, in the
// extension host (a DebugAdapterInlineImplementation around MemscopeSession), so there is no process to
// start and nothing to locate on disk; the same session class runs standalone in dist/debugAdapter.js
// for the protocol tests and for `debugServer` (adapter-main.ts). Beside it register the hover's C
// expressions, the inline values and the decorations of leaked and dangling memory.

import * as vscode from 'vscode';
import { DEBUG_TYPE } from '../protocol/messages';
import { MemscopeSession } from './session';
import { registerEvaluatableExpressions } from './evaluatable';
import { registerInlineValues } from './inline-values';
import { registerDecorations } from './decorations';

/** The languages whose files memscope debugs. */
export const DEBUGGED_LANGUAGES: vscode.DocumentSelector = [{ language: 'minic' }, { language: 'c' }];

export function registerDebugAdapter(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, {
      createDebugAdapterDescriptor: () => new vscode.DebugAdapterInlineImplementation(new MemscopeSession()),
    }),
  );
  registerEvaluatableExpressions(context, DEBUGGED_LANGUAGES);
  registerInlineValues(context, DEBUGGED_LANGUAGES);
  registerDecorations(context);
}
