// The `memscope` debug configuration provider: what makes F5 work on an open .mc or .c file with no
// launch.json, what "create a launch.json file" writes, and what the Run and Debug view offers under
// "memscope…" (dynamic configurations, one per C file open in an editor).
//
// VS Code calls resolveDebugConfiguration before substituting ${file} and friends, so an empty
// configuration is completed there from the active editor (launch.ts decides); it calls
// resolveDebugConfigurationWithSubstitutedVariables after, with real paths, so the checks that look at
// the file system and at the attribute values run there — and the compiler: a program with errors is
// refused with a notification naming the first error and pointing at the Problems panel, instead of
// the adapter's launch error (which VS Code shows as a modal dialog offering to open launch.json).
// Returning undefined stops the launch quietly, so every refusal shows its message first.

import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { checkWithEngine } from './engine-check';
import { C_LANGUAGES, checkLaunch, compileRefusal, completeLaunch, launchForFile, type ActiveFile, type LaunchAttributes } from './launch';

function activeFile(): ActiveFile | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return undefined;
  return {
    languageId: document.languageId,
    path: document.uri.scheme === 'file' ? document.uri.fsPath : undefined,
    isUntitled: document.isUntitled,
  };
}

/** Offered under "memscope…" in the Run and Debug view: one entry per C file open in an editor. */
class OpenFilesConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    const seen = new Set<string>();
    const configs: vscode.DebugConfiguration[] = [];
    const documents = [vscode.window.activeTextEditor?.document, ...vscode.window.visibleTextEditors.map((e) => e.document), ...vscode.workspace.textDocuments];
    for (const document of documents) {
      if (!document || document.uri.scheme !== 'file' || !C_LANGUAGES.includes(document.languageId)) continue;
      if (seen.has(document.uri.fsPath)) continue;
      seen.add(document.uri.fsPath);
      configs.push(launchForFile(document.uri.fsPath) as vscode.DebugConfiguration);
    }
    return configs;
  }
}

/** The initial launch.json entry, and the completion and checks of every memscope launch. */
class MemscopeConfigurationProvider implements vscode.DebugConfigurationProvider {
  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: 'memscope', request: 'launch', name: 'memscope: debug current file', program: '${file}', cwd: '${fileDirname}', stopOnEntry: false, leakCheck: 'full' }];
  }

  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    const decision = completeLaunch(config as Partial<LaunchAttributes>, activeFile());
    switch (decision.kind) {
      case 'launch':
        return decision.config as vscode.DebugConfiguration;
      case 'refuse':
        void vscode.window.showErrorMessage(decision.message);
        return undefined;
      default: {
        const never: never = decision;
        return never;
      }
    }
  }

  async resolveDebugConfigurationWithSubstitutedVariables(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    const problems = checkLaunch(config as Partial<LaunchAttributes>);
    if (problems.length === 0) {
      const program = programUri(folder, config as LaunchAttributes);
      try {
        const stat = await vscode.workspace.fs.stat(program);
        if (stat.type & vscode.FileType.Directory) problems.push(`"program" is a folder: ${program.fsPath}`);
      } catch {
        problems.push(`"program" does not exist: ${program.fsPath}`);
      }
    }
    if (problems.length > 0) {
      void vscode.window.showErrorMessage(`memscope cannot start "${config.name}": ${problems.join('; ')}.`);
      return undefined;
    }
    const program = programUri(folder, config as LaunchAttributes).fsPath;
    const refusal = compileRefusal(program, checkWithEngine(program, readOrUndefined));
    if (refusal) {
      void vscode.window.showErrorMessage(refusal, 'Show Problems').then((choice) => {
        if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
      return undefined;
    }
    return config;
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The program as a file URI; relative paths start at cwd, else at the workspace folder. */
function programUri(folder: vscode.WorkspaceFolder | undefined, config: LaunchAttributes): vscode.Uri {
  const program = config.program!;
  if (/^([a-zA-Z]:)?[\\/]/.test(program)) return vscode.Uri.file(program);
  if (config.cwd) return vscode.Uri.joinPath(vscode.Uri.file(config.cwd), program);
  if (folder) return vscode.Uri.joinPath(folder.uri, program);
  return vscode.Uri.file(program);
}

export function registerConfigurationProvider(context: vscode.ExtensionContext): void {
  const { Initial, Dynamic } = vscode.DebugConfigurationProviderTriggerKind;
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider('memscope', new MemscopeConfigurationProvider(), Initial),
    vscode.debug.registerDebugConfigurationProvider('memscope', new OpenFilesConfigurationProvider(), Dynamic),
  );
}
