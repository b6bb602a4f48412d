// memscope's entry point in VS Code. VS Code loads dist/extension.js (this file bundled, with `vscode`
// left external) on the first activation event of package.json — a memscope launch being resolved, the
// Run and Debug view asking for dynamic configurations, a Mini C file opening, or one of our commands —
// and calls `activate`, which only registers providers: nothing runs until asked, except the check of
// the open Mini C and C documents for the Problems panel.
//
// Each concern registers itself from its own file, and `activate` is the one list of them.

import type * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerConfigurationProvider } from './configuration';
import { checkWithEngine } from './engine-check';
import { registerProblems } from './problems';
import { registerPanels } from './panels/index';
import { registerDebugAdapter } from '../debug/factory';

export function activate(context: vscode.ExtensionContext): void {
  registerConfigurationProvider(context);
  registerCommands(context);
  registerProblems(context, checkWithEngine);
  registerPanels(context);
  registerDebugAdapter(context);
}

export function deactivate(): void {
  // Everything registered is in context.subscriptions, which VS Code disposes.
}
