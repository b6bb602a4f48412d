// Command-line parsing for `memscope`. The contract of `memscope run` is documented in the README and
// docs/report.md; graders depend on it, so options are parsed strictly: an unknown option or a bad value
// is an error with a hint, never silently ignored. Option names follow valgrind's where valgrind has one
// (`--leak-check=full`, `--error-exitcode=N`).

import { DEFAULT_SETTINGS, setSetting, type SettingName, type Settings } from '../engine/settings';

export interface RunCommand {
  readonly kind: 'run';
  readonly file: string;
  /** Arguments for the program (after `--`). */
  readonly args: string[];
  readonly report?: string;
  readonly errorExitCode?: number;
  readonly stats: boolean;
  readonly quiet: boolean;
  /** Settings given on the command line (they override the program's pragmas). */
  readonly overrides: Partial<Settings>;
}

export type Command =
  | RunCommand
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'error'; readonly message: string };

/** Options that set a simulation setting, and the setting each one sets. */
const SETTING_OPTIONS: Readonly<Record<string, SettingName>> = {
  '--stack-size': 'stackSize',
  '--phys-mem': 'physMem',
  '--swap': 'swap',
  '--page-policy': 'pagePolicy',
  '--tlb-entries': 'tlbEntries',
  '--heap-policy': 'heapPolicy',
  '--heap-limit': 'heapLimit',
  '--max-steps': 'maxSteps',
  '--leak-check': 'leakCheck',
};

export const USAGE = `usage: memscope run [options] FILE [-- ARGS...]

Runs a Mini C program on memscope's simulated machine, with memcheck.
The program's stdin, stdout and stderr are memscope's own; memscope's reports go to stderr.

options:
  --report FILE.json        write a machine-readable report (docs/report.md)
  --leak-check=no|summary|full
                            leak report detail (default: summary)
  --error-exitcode=N        exit with N if any memory error was found
  --stack-size SIZE         stack limit, e.g. 8M (default 8M)
  --max-steps N             stop the program after N instructions
  --phys-mem SIZE           simulated physical memory (default 256M)
  --swap SIZE               swap space (default 256M; 0 for none)
  --page-policy fifo|lru|clock|random|opt
                            page replacement policy (default clock)
  --tlb-entries N           TLB size, a power of two (default 64)
  --heap-policy first|next|best|worst
                            malloc's placement policy (default first)
  --no-coalesce             do not merge neighbouring free heap blocks
  --heap-limit SIZE         how far malloc's heap may grow (default 0: no limit)
  --stats                   print memory counters per process at exit
  -q, --quiet               only print errors, not the summaries
  -h, --help                this text
  --version                 memscope's version

SIZE is bytes or a number with K, M or G (binary multiples): 4096, 64K, 8M, 1G.`;

/** Parses `argv` (without node and the script path). */
export function parseCommandLine(argv: readonly string[]): Command {
  if (argv.length === 0) return { kind: 'error', message: 'no command given' };
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') return { kind: 'help' };
  if (command === '--version' || command === '-v') return { kind: 'version' };
  if (command !== 'run') {
    const hint = command!.endsWith('.c') || command!.endsWith('.mc') ? ` (did you mean 'memscope run ${command}'?)` : '';
    return { kind: 'error', message: `unknown command '${command}'${hint}` };
  }

  let file: string | undefined;
  let args: string[] = [];
  let report: string | undefined;
  let errorExitCode: number | undefined;
  let stats = false;
  let quiet = false;
  const overrides: Partial<Settings> = {};

  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--') {
      args = rest.slice(i + 1);
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (file !== undefined) {
        return { kind: 'error', message: `unexpected argument '${arg}': program arguments go after '--' (memscope run ${file} -- ${arg})` };
      }
      file = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = rest[i + 1];
      if (next === undefined || next === '--') return undefined;
      i++;
      return next;
    };

    if (name === '-h' || name === '--help') return { kind: 'help' };
    if (name === '-q' || name === '--quiet') {
      quiet = true;
    } else if (name === '--stats') {
      stats = true;
    } else if (name === '--no-coalesce') {
      overrides.coalesce = false;
    } else if (name === '--report') {
      report = takeValue();
      if (!report) return { kind: 'error', message: '--report needs a file name (--report report.json)' };
    } else if (name === '--error-exitcode') {
      const value = takeValue();
      const n = value === undefined ? NaN : Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 255) return { kind: 'error', message: `--error-exitcode takes a number from 0 to 255, not '${value ?? ''}'` };
      errorExitCode = n;
    } else if (name in SETTING_OPTIONS) {
      const value = takeValue();
      if (value === undefined) return { kind: 'error', message: `${name} needs a value` };
      const settings: Settings = { ...DEFAULT_SETTINGS };
      const setting = SETTING_OPTIONS[name]!;
      const problem = setSetting(settings, setting, value);
      if (problem) return { kind: 'error', message: `${name}: ${problem}` };
      (overrides as Record<string, unknown>)[setting] = settings[setting];
    } else {
      return { kind: 'error', message: `unknown option '${arg}'` };
    }
  }

  if (file === undefined) return { kind: 'error', message: 'no program given (memscope run FILE.c)' };
  return { kind: 'run', file, args, report, errorExitCode, stats, quiet, overrides };
}
