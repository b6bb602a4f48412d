// Types of scripts/code-server.mjs for the TypeScript tests that drive code-server.
import type { ChildProcess } from 'node:child_process';

export const CODE_SERVER_VERSION: string;
export function installedCodeServer(version?: string): string | undefined;
export function ensureCodeServer(options?: { version?: string; log?: (line: string) => void }): string;
export function freePort(): Promise<number>;
export function killGroup(child: ChildProcess, graceMs?: number): Promise<void>;

export interface WorkbenchLocation {
  folder?: string;
  extensionDevelopmentPath?: string;
  extensionTestsPath?: string;
}
export function workbenchUrl(url: string, location?: WorkbenchLocation): string;

export interface CodeServerOptions extends WorkbenchLocation {
  vsix?: string;
  port?: number;
  env?: Record<string, string>;
  timeoutMs?: number;
  log?: (line: string) => void;
  killOnSignals?: boolean;
}

export interface SandboxDirs {
  base: string;
  home: string;
  userData: string;
  extensions: string;
  config: string;
  data: string;
  cache: string;
  state: string;
  runtime: string;
}

export interface CodeServer {
  url: string;
  folderUrl: string;
  port: number;
  child: ChildProcess;
  dirs: SandboxDirs;
  output: string[];
  stop(): Promise<void>;
}
export function startCodeServer(options?: CodeServerOptions): Promise<CodeServer>;
