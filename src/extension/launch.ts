// memscope's launch configuration: the attributes a `launch.json` entry of type `memscope` may carry,
// the configuration F5 makes up for the active file when there is no launch.json, and the checks run
// before a session starts. Plain TypeScript without `vscode`, so it is unit-tested in Node; the
// configuration provider (configuration.ts) feeds it what VS Code knows and shows what it answers.
//
// The simulation settings are validated with the engine's own `setSetting`, the one table of what a
// size, a policy or a TLB size may be, so the debugger, the CLI and pragmas accept the same values.

import type { Diagnostic } from '../engine/diagnostics';
import { DEFAULT_SETTINGS, setSetting, type LeakCheck, type HeapPolicyName, type PagePolicy, type SettingName, type Settings } from '../engine/settings';

/** The languages memscope debugs and checks: Mini C files (.mc) and C files (.c). */
export const C_LANGUAGES: readonly string[] = ['minic', 'c'];

export interface LaunchAttributes {
  type: 'memscope';
  request: 'launch';
  name: string;
  program?: string;
  args?: string[];
  stdin?: string;
  stdinFile?: string;
  cwd?: string;
  stopOnEntry?: boolean;
  stackSize?: string | number;
  physMem?: string | number;
  swap?: string | number;
  pagePolicy?: PagePolicy;
  heapPolicy?: HeapPolicyName;
  coalesce?: boolean;
  heapLimit?: string | number;
  tlbEntries?: number;
  maxSteps?: number;
  leakCheck?: LeakCheck;
  /** Set by VS Code for "Run Without Debugging". */
  noDebug?: boolean;
}

/** What VS Code says about the active editor, when there is one. */
export interface ActiveFile {
  readonly languageId: string;
  /** File system path; undefined for a document that is not a file on disk. */
  readonly path: string | undefined;
  readonly isUntitled: boolean;
}

export type LaunchDecision =
  | { kind: 'launch'; config: LaunchAttributes }
  | { kind: 'refuse'; message: string };

/** A launch configuration for one file, as F5 and the "Debug Current File" command use. */
export function launchForFile(path: string, options: { noDebug?: boolean } = {}): LaunchAttributes {
  const name = path.split(/[\\/]/).pop() ?? path;
  const config: LaunchAttributes = { type: 'memscope', request: 'launch', name: `memscope: ${name}`, program: path };
  if (options.noDebug) config.noDebug = true;
  return config;
}

/**
 * Completes the configuration VS Code hands over before variables are substituted. An empty one (F5
 * with no launch.json) or one without `program` gets the active C file; without one there is nothing
 * to run and the user is told what to do instead of seeing an adapter error.
 */
export function completeLaunch(config: Partial<LaunchAttributes>, active: ActiveFile | undefined): LaunchDecision {
  if (config.program !== undefined && config.program !== '') {
    return { kind: 'launch', config: { ...config, type: 'memscope', request: 'launch', name: config.name ?? 'memscope' } };
  }
  const refusal = activeFileProblem(active);
  if (refusal) return { kind: 'refuse', message: refusal };
  const base = launchForFile(active!.path!);
  return { kind: 'launch', config: { ...base, ...config, type: 'memscope', request: 'launch', name: config.name || base.name, program: active!.path! } };
}

/** Why the active editor cannot be debugged, or undefined when it can. */
export function activeFileProblem(active: ActiveFile | undefined): string | undefined {
  if (!active) {
    return 'memscope: open a Mini C (.mc) or C (.c) file to debug it, or add a "memscope" configuration with "program" to launch.json.';
  }
  if (!C_LANGUAGES.includes(active.languageId)) {
    return `memscope debugs Mini C (.mc) and C (.c) files; the active editor is ${active.languageId}. Open a C file, or set "program" in launch.json.`;
  }
  if (active.isUntitled || active.path === undefined) {
    return 'memscope: save this file first; the debugger runs a program from a file on disk.';
  }
  return undefined;
}

const SETTING_ATTRIBUTES: readonly SettingName[] = ['stackSize', 'physMem', 'swap', 'pagePolicy', 'heapPolicy', 'coalesce', 'heapLimit', 'tlbEntries', 'maxSteps', 'leakCheck'];

/**
 * The simulation settings a configuration asks for, on top of `base` (the defaults, or the program's
 * pragmas), with one message per attribute that is not valid.
 */
export function launchSettings(config: Partial<LaunchAttributes>, base: Readonly<Settings> = DEFAULT_SETTINGS): { settings: Settings; problems: string[] } {
  const settings: Settings = { ...base };
  const problems: string[] = [];
  for (const name of SETTING_ATTRIBUTES) {
    const value: unknown = config[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      problems.push(`"${name}" must be a string, a number or a boolean, not ${JSON.stringify(value)}`);
      continue;
    }
    const error = setSetting(settings, name, String(value));
    if (error) problems.push(`"${name}": ${error}`);
  }
  return { settings, problems };
}

/** Problems with a configuration after variable substitution; empty when it can be launched. */
export function checkLaunch(config: Partial<LaunchAttributes>): string[] {
  const problems: string[] = [];
  if (typeof config.program !== 'string' || config.program === '') problems.push('"program" must name the .mc or .c file to run');
  else if (!/\.(mc|c)$/i.test(config.program)) problems.push(`"program" must be a .mc or .c file, not ${config.program}`);
  if (config.args !== undefined && (!Array.isArray(config.args) || config.args.some((a) => typeof a !== 'string'))) {
    problems.push('"args" must be a list of strings');
  }
  if (config.stdin !== undefined && typeof config.stdin !== 'string') problems.push('"stdin" must be text');
  if (config.stdin !== undefined && config.stdinFile !== undefined) problems.push('give either "stdin" or "stdinFile", not both');
  if (config.stopOnEntry !== undefined && typeof config.stopOnEntry !== 'boolean') problems.push('"stopOnEntry" must be true or false');
  problems.push(...launchSettings(config).problems);
  return problems;
}

/**
 * What F5 says instead of starting when the program does not compile: how many errors, the first with
 * its line, and where the rest are. Undefined when nothing stops it (warnings do not).
 */
export function compileRefusal(program: string, diagnostics: readonly Diagnostic[]): string | undefined {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (!first) return undefined;
  const name = program.split(/[\\/]/).pop() ?? program;
  const where = first.location.file === program ? `line ${first.location.line}` : `${first.location.file.split(/[\\/]/).pop()}:${first.location.line}`;
  return `memscope: ${name} has ${errors.length} compile error${errors.length === 1 ? '' : 's'} — ${where}: ${first.message}. The Problems panel lists ${errors.length === 1 ? 'it' : 'them all'}.`;
}
