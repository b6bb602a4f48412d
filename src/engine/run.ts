// runProgram: a whole run of a linked program, from start to exit, for the tests; newMachine: the one
// place where settings become a Machine, for runProgram, `memscope run` and the debugger alike.
//
// How it works. It builds a Machine with memscope's C library and heap allocator, feeds it stdin,
// collects stdout and stderr, and runs it in slices of 1M instructions until the process ends or the
// step limit is reached. Then it gathers what a report needs: the exit code as a shell sees it (the
// status truncated to 8 bits; 128 + n for a signal: SIGSEGV 139, SIGABRT 134, SIGFPE 136, SIGKILL 137),
// the memcheck errors (each once, with its count), the leak check and HEAP SUMMARY, and the memory
// counters. A run that hits the step limit reports `limitReached` and exit code 1.
//
// Settings the program carries as pragmas (`#pragma memscope phys_mem(256K)`) apply unless the options
// say otherwise, as on the command line; the defaults are settings.ts's (256 MiB of RAM and of swap).
// The options are the settings themselves (a partial Settings), so a new setting is declared once.

import type { Program } from './program';
import type { SignalName } from './errors';
import { SIGNALS } from './errors';
import { applyPragmas, DEFAULT_SETTINGS, type Settings } from './settings';
import { createAllocator } from './heap/allocator';
import { LIBC } from './libc';
import type { CountedError } from './check/error-log';
import { Machine, type HeapSummary, type LeakSummary, type MachineIO, type MemoryCounters } from './machine/machine';

/** How a front end runs a machine besides its settings. */
export interface MachineRun {
  readonly argv: readonly string[];
  /** Stop at each new non-fatal error (the debugger and the CLI, which report them as they come). */
  readonly stopOnErrors?: boolean;
  /** Compile hot functions to JavaScript (default true). */
  readonly jit?: boolean;
}

/**
 * The Machine for a program with these settings: memscope's C library and heap allocator; a heapLimit
 * or maxSteps of 0 means none. Throws RangeError for sizes the machine cannot have.
 */
export function newMachine(program: Program, settings: Readonly<Settings>, io: MachineIO, run: MachineRun): Machine {
  return new Machine(
    program,
    {
      argv: run.argv,
      stackSize: settings.stackSize,
      physMem: settings.physMem,
      swap: settings.swap,
      pagePolicy: settings.pagePolicy,
      tlbEntries: settings.tlbEntries,
      heapPolicy: settings.heapPolicy,
      coalesce: settings.coalesce,
      heapLimit: settings.heapLimit || undefined,
      maxSteps: settings.maxSteps || undefined,
      stopOnErrors: run.stopOnErrors,
      jit: run.jit,
      natives: LIBC,
      allocator: createAllocator,
    },
    io,
  );
}

/** A run's settings over the program's pragmas (maxSteps 0 here: the pragma's, if any), and its I/O. */
export interface RunOptions extends Partial<Readonly<Omit<Settings, 'leakCheck'>>> {
  readonly argv?: readonly string[];
  readonly stdin?: Uint8Array | string;
  /** Compile hot functions to JavaScript (default true). */
  readonly jit?: boolean;
  /** Run the leak check at exit (default true). */
  readonly leakCheck?: boolean;
  /** Called with the program's output as it is written (besides collecting it). */
  readonly onStdout?: (bytes: Uint8Array) => void;
  readonly onStderr?: (bytes: Uint8Array) => void;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  /** As a shell sees it: status & 0xff, or 128 + signal number; 1 when the step limit stopped it. */
  readonly exitCode: number;
  readonly signal: SignalName | null;
  /** Why a killed process died, in words. */
  readonly reason: string | null;
  /** True if the run was stopped by maxSteps. */
  readonly limitReached: boolean;
  readonly errors: readonly CountedError[];
  /** Null when the leak check was not asked for. */
  readonly leaks: LeakSummary | null;
  readonly heap: HeapSummary;
  readonly memory: MemoryCounters;
  readonly steps: number;
  /** The machine, for further inspection (regions, frames, memory). */
  readonly machine: Machine;
}

const SLICE = 1_000_000;

export function runProgram(program: Program, options: RunOptions = {}): RunResult {
  const input = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : (options.stdin ?? new Uint8Array(0));
  let at = 0;
  const settings = runSettings(program, options);
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const machine = newMachine(
    program,
    settings,
    {
      write(fd, bytes) {
        const copy = bytes.slice();
        if (fd === 1) {
          out.push(copy);
          options.onStdout?.(copy);
        } else {
          err.push(copy);
          options.onStderr?.(copy);
        }
      },
      readStdin: () => (at < input.length ? input[at++]! : -1),
    },
    { argv: options.argv ?? ['a.out'], jit: options.jit },
  );
  let stop = machine.run(SLICE);
  while (stop.kind === 'budget' || stop.kind === 'error' || stop.kind === 'paused') stop = machine.run(SLICE);

  let exitCode = 1;
  let signal: SignalName | null = null;
  let reason: string | null = null;
  if (stop.kind === 'exited') exitCode = stop.status;
  else if (stop.kind === 'signaled') {
    signal = stop.signal;
    reason = stop.reason;
    exitCode = 128 + SIGNALS[stop.signal];
  }
  return {
    stdout: decode(out),
    stderr: decode(err),
    exitCode,
    signal,
    reason,
    limitReached: stop.kind === 'max-steps',
    errors: machine.errors,
    leaks: options.leakCheck === false ? null : machine.leakCheck(),
    heap: machine.heapSummary(),
    memory: machine.counters(),
    steps: machine.steps,
    machine,
  };
}

/** Defaults, then the program's pragmas, then the options given (a maxSteps of 0 leaves the pragma's). */
function runSettings(program: Program, options: RunOptions): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  applyPragmas(settings, program.pragmas);
  for (const key of Object.keys(settings) as (keyof Settings)[]) {
    // leakCheck is not a setting here: the option says whether to run the check at all.
    if (key === 'leakCheck' || (key === 'maxSteps' && !options.maxSteps)) continue;
    const value = options[key];
    if (value !== undefined) Object.assign(settings, { [key]: value });
  }
  return settings;
}

function decode(chunks: Uint8Array[]): string {
  const total = chunks.reduce((n, c) => n + c.length, 0);
  const all = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  return new TextDecoder().decode(all);
}
