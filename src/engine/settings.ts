// The settings of a simulated run, and where they come from. A lesson program can carry its own
// settings as pragmas (`#pragma memscope phys_mem(256K)`, which gcc ignores); the CLI's options and the
// debugger's launch attributes override them. Sizes are written like `8M`, `256K`, `64KiB`, `1G`, or plain
// bytes, always in binary multiples (K = 1024), as memory sizes in an OS course are.

import type { Pragma } from './program';

export type PagePolicy = 'fifo' | 'lru' | 'clock' | 'random' | 'opt';
export type HeapPolicyName = 'first' | 'next' | 'best' | 'worst';
export type LeakCheck = 'no' | 'summary' | 'full';

export interface Settings {
  /** Maximum stack size in bytes (the stack limit; a guard page sits below it). */
  stackSize: number;
  /** Simulated physical memory in bytes. */
  physMem: number;
  /** Swap space in bytes (0: no swap). */
  swap: number;
  pagePolicy: PagePolicy;
  tlbEntries: number;
  heapPolicy: HeapPolicyName;
  coalesce: boolean;
  /** Bytes malloc's heap may grow to above its start (0: no limit); beyond it malloc fails, like `ulimit -d`. */
  heapLimit: number;
  /** Stop the program after this many instructions (0: no limit). */
  maxSteps: number;
  leakCheck: LeakCheck;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  stackSize: 8 * 1024 * 1024,
  physMem: 256 * 1024 * 1024,
  swap: 256 * 1024 * 1024,
  pagePolicy: 'clock',
  tlbEntries: 64,
  heapPolicy: 'first',
  coalesce: true,
  heapLimit: 0,
  maxSteps: 0,
  leakCheck: 'summary',
};

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** Parses a size such as `8M`, `256K`, `4096`; returns an error message instead when it is not one. */
export function parseSize(text: string): number | { error: string } {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return { error: `'${text}' is not a size (examples: 4096, 64K, 8M, 1G)` };
  const value = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(value)) return { error: `'${text}' is too large` };
  return value;
}

/** Parses a non-negative integer option value. */
export function parseCount(text: string): number | { error: string } {
  if (!/^\s*\d+\s*$/.test(text)) return { error: `'${text}' is not a whole number` };
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : { error: `'${text}' is too large` };
}

const PAGE_POLICIES: readonly PagePolicy[] = ['fifo', 'lru', 'clock', 'random', 'opt'];
const HEAP_POLICIES: readonly HeapPolicyName[] = ['first', 'next', 'best', 'worst'];
const LEAK_CHECKS: readonly LeakCheck[] = ['no', 'summary', 'full'];

export type SettingName = keyof Settings;

/**
 * Sets one setting from text (a pragma's or an option's value). Returns an error message if the value
 * is not valid for that setting.
 */
export function setSetting(settings: Settings, name: SettingName, text: string): string | undefined {
  const fail = (r: { error: string }) => r.error;
  switch (name) {
    case 'stackSize':
    case 'physMem':
    case 'swap': {
      const v = parseSize(text);
      if (typeof v !== 'number') return fail(v);
      const min = name === 'swap' ? 0 : 4096 * 4;
      if (v < min) return `${text} is too small (at least ${min} bytes)`;
      settings[name] = v;
      return undefined;
    }
    case 'heapLimit': {
      // Any size, 0 for none: a lesson on fragmentation wants a heap of a few hundred bytes.
      const v = parseSize(text);
      if (typeof v !== 'number') return fail(v);
      settings.heapLimit = v;
      return undefined;
    }
    case 'tlbEntries':
    case 'maxSteps': {
      const v = parseCount(text);
      if (typeof v !== 'number') return fail(v);
      if (name === 'tlbEntries' && (v < 1 || v > 65536 || (v & (v - 1)) !== 0)) return `the TLB size must be a power of two from 1 to 65536, not ${text}`;
      settings[name] = v;
      return undefined;
    }
    case 'pagePolicy':
      if (!PAGE_POLICIES.includes(text as PagePolicy)) return `page policy must be one of ${PAGE_POLICIES.join(', ')}`;
      settings.pagePolicy = text as PagePolicy;
      return undefined;
    case 'heapPolicy':
      if (!HEAP_POLICIES.includes(text as HeapPolicyName)) return `heap policy must be one of ${HEAP_POLICIES.join(', ')}`;
      settings.heapPolicy = text as HeapPolicyName;
      return undefined;
    case 'leakCheck':
      if (!LEAK_CHECKS.includes(text as LeakCheck)) return `leak check must be one of ${LEAK_CHECKS.join(', ')}`;
      settings.leakCheck = text as LeakCheck;
      return undefined;
    case 'coalesce':
      if (text !== 'on' && text !== 'off' && text !== 'true' && text !== 'false' && text !== '') return `coalesce takes on or off`;
      settings.coalesce = text === 'on' || text === 'true' || text === '';
      return undefined;
    default: {
      const never: never = name;
      return `unknown setting ${String(never)}`;
    }
  }
}

/** Pragma names (`#pragma memscope NAME(value)`) and the settings they set. */
export const PRAGMA_SETTINGS: Readonly<Record<string, SettingName>> = {
  stack_size: 'stackSize',
  phys_mem: 'physMem',
  swap: 'swap',
  page_policy: 'pagePolicy',
  tlb_entries: 'tlbEntries',
  heap_policy: 'heapPolicy',
  coalesce: 'coalesce',
  heap_limit: 'heapLimit',
  max_steps: 'maxSteps',
  leak_check: 'leakCheck',
};

export interface PragmaProblem {
  readonly pragma: Pragma;
  readonly message: string;
}

/** Applies a program's pragmas to `settings`; returns the pragmas that could not be applied, with why. */
export function applyPragmas(settings: Settings, pragmas: readonly Pragma[]): PragmaProblem[] {
  const problems: PragmaProblem[] = [];
  for (const pragma of pragmas) {
    const name = PRAGMA_SETTINGS[pragma.name];
    if (!name) {
      problems.push({ pragma, message: `unknown memscope pragma '${pragma.name}' (known: ${Object.keys(PRAGMA_SETTINGS).join(', ')})` });
      continue;
    }
    const error = setSetting(settings, name, pragma.value.trim());
    if (error) problems.push({ pragma, message: error });
  }
  return problems;
}
