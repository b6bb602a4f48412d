// Problems as you type: compiles each open Mini C or C document with the engine's compiler and lists
// its errors and warnings in the Problems panel, under the source "memscope".
//
// A document is checked at once when it opens or is saved, and `memscope.diagnostics.delay` ms after
// the last change while typing (check-schedule.ts). The compiler reads the unsaved text of the document
// itself and of any open `#include "x.h"`, and other included files from disk. Diagnostics located in an
// included file of the user's are shown in that file; the ones in memscope's built-in headers on the
// checked file's first line (problems-map.ts). The settings `memscope.diagnostics.onType` and
// `memscope.diagnostics.languages` turn checking off, or off for C files that are not Mini C.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { Diagnostic } from '../engine/diagnostics';
import { CheckSchedule } from './check-schedule';
import { problemsByFile, type Problem } from './problems-map';

/** Compiles `mainFile` (reading every file through `readFile`) and returns its diagnostics. */
export type ProgramCheck = (mainFile: string, readFile: (path: string) => string | undefined) => readonly Diagnostic[];

interface DiagnosticsSettings {
  onType: boolean;
  delay: number;
  languages: readonly string[];
}

function readSettings(): DiagnosticsSettings {
  const config = vscode.workspace.getConfiguration('memscope.diagnostics');
  return {
    onType: config.get<boolean>('onType', true),
    delay: config.get<number>('delay', 300),
    languages: config.get<string[]>('languages', ['minic', 'c']),
  };
}

function toVscode(problem: Problem): vscode.Diagnostic {
  const range = new vscode.Range(problem.line, problem.startColumn, problem.line, problem.endColumn);
  const severity = {
    error: vscode.DiagnosticSeverity.Error,
    warning: vscode.DiagnosticSeverity.Warning,
    information: vscode.DiagnosticSeverity.Information,
  }[problem.severity];
  const diagnostic = new vscode.Diagnostic(range, problem.message, severity);
  diagnostic.code = problem.code;
  diagnostic.source = 'memscope';
  return diagnostic;
}

/** The name the compiler knows a document by: its path on disk, or its URI when it has none. */
function fileName(document: vscode.TextDocument): string {
  return document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.toString();
}

export class ProblemsProvider implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('memscope');
  private readonly schedule: CheckSchedule;
  private settings = readSettings();
  /** For each checked document, the other files it last put problems into (to clear them next time). */
  private readonly shownIn = new Map<string, vscode.Uri[]>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly check: ProgramCheck) {
    this.schedule = new CheckSchedule((key) => this.checkNow(key), this.settings.delay);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.wants(d) && this.schedule.now(d.uri.toString())),
      vscode.workspace.onDidSaveTextDocument((d) => this.wants(d) && this.schedule.now(d.uri.toString())),
      vscode.workspace.onDidChangeTextDocument((e) => this.wants(e.document) && e.contentChanges.length > 0 && this.schedule.changed(e.document.uri.toString())),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('memscope.diagnostics') && this.reconfigure()),
    );
    this.checkOpenDocuments();
  }

  private wants(document: vscode.TextDocument): boolean {
    return this.settings.onType && this.settings.languages.includes(document.languageId) && (document.uri.scheme === 'file' || document.uri.scheme === 'untitled');
  }

  private checkOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) if (this.wants(document)) this.schedule.now(document.uri.toString());
  }

  private reconfigure(): void {
    this.settings = readSettings();
    this.schedule.setDelay(this.settings.delay);
    this.schedule.dispose();
    this.collection.clear();
    this.shownIn.clear();
    this.checkOpenDocuments();
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.schedule.cancel(key);
    this.collection.delete(uri);
    for (const other of this.shownIn.get(key) ?? []) this.collection.delete(other);
    this.shownIn.delete(key);
  }

  private readFile(mainFile: string, path: string): string | undefined {
    const full = isAbsolute(path) || path.includes(':') ? path : join(dirname(mainFile), path);
    const open = vscode.workspace.textDocuments.find((d) => fileName(d) === full);
    if (open) return open.getText();
    try {
      return readFileSync(full, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Checks one open document now and replaces its problems. */
  checkNow(key: string): void {
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
    if (!document || !this.wants(document)) return;
    const mainFile = fileName(document);
    let diagnostics: readonly Diagnostic[];
    try {
      diagnostics = this.check(mainFile, (path) => this.readFile(mainFile, path));
    } catch (error) {
      // The engine reports problems as values; an exception here is a memscope bug, not the user's.
      console.error(`memscope: checking ${mainFile} failed`, error);
      return;
    }
    for (const other of this.shownIn.get(key) ?? []) this.collection.delete(other);
    const others: vscode.Uri[] = [];
    for (const [file, problems] of problemsByFile(diagnostics, mainFile)) {
      const uri = file === mainFile ? document.uri : vscode.Uri.file(file);
      if (file !== mainFile) others.push(uri);
      this.collection.set(uri, problems.map(toVscode));
    }
    this.shownIn.set(key, others);
  }

  dispose(): void {
    this.schedule.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
  }
}

export function registerProblems(context: vscode.ExtensionContext, check: ProgramCheck): ProblemsProvider {
  const provider = new ProblemsProvider(check);
  context.subscriptions.push(provider);
  return provider;
}
