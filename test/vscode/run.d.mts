// Types of test/vscode/run.mjs for the end-to-end test that runs the extension-host suite.
export const SUITE_BUNDLE: string;
export interface ExtensionHostTest {
  title: string;
  state: 'passed' | 'failed';
  durationMs: number;
  error?: string;
}
export interface ExtensionHostReport {
  passed: number;
  failed: number;
  tests: ExtensionHostTest[];
  vscodeVersion: string;
  seconds: number;
}
export function makeWorkspace(): string;
export function bundleSuite(): Promise<string>;
export function runInCodeServer(options?: { timeoutMs?: number; log?: (line: string) => void }): Promise<ExtensionHostReport>;
export function runInDesktop(): Promise<number>;
