// Types of scripts/package.mjs for the tests that check the packaged extension.
export const VSIX: string;
export interface VsixEntry {
  name: string;
  size: number;
  compressed: number;
}
export function listVsix(path?: string): VsixEntry[];
export function packageExtension(options?: { out?: string }): string;
