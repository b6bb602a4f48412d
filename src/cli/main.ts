// `memscope run`: a Mini C program on the simulated machine in a terminal, for students and graders.
//
// How it works. The file is compiled (errors and warnings go to stderr in gcc's format; any error ends
// the run with status 1 and no program output). The machine then runs in slices; the program's stdout
// and stderr are written through as they come and its stdin is read from memscope's own, on demand.
// Each memory error is printed to stderr when it happens (valgrind's layout), and at exit the heap and
// leak summaries and the error summary follow; a leak's moment (the statement that lost the last
// pointer) is told in its loss record. The exit status is the program's, as a shell would see it
// (docs/report.md), unless --error-exitcode applies.

import { readSync, writeFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { compileFile, formatDiagnostics } from '../engine';
import { SIGNALS } from '../engine/errors';
import type { Program } from '../engine/program';
import type { Machine, StopEvent } from '../engine/machine/machine';
import { newMachine } from '../engine/run';
import { applyPragmas, DEFAULT_SETTINGS, type Settings } from '../engine/settings';
import { parseCommandLine, USAGE, type RunCommand } from './args';
import { buildReport, type RunOutcome } from './json-report';
import { errorSummaryCounts, formatError, formatErrorSummary, formatLeakReport, formatTermination } from '../engine/check/report-text';
import { formatStats } from './stats';

const VERSION = '0.1.0';
/** Exit status when --max-steps stops a program (as `timeout` does). */
const STEP_LIMIT_STATUS = 124;
const SLICE = 1_000_000;

function writeOut(fd: number, text: string | Uint8Array): void {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
    }
  }
}

/** Reads stdin on demand, in chunks, blocking like a real read(2) would (works on pipes, files and terminals). */
function stdinReader(): () => number {
  const buffer = Buffer.alloc(65536);
  let length = 0;
  let at = 0;
  let ended = false;
  return () => {
    if (at < length) return buffer[at++]!;
    if (ended) return -1;
    for (;;) {
      try {
        length = readSync(0, buffer, 0, buffer.length, null);
        at = 0;
        if (length === 0) {
          ended = true;
          return -1;
        }
        return buffer[at++]!;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') continue;
        if (code === 'EOF') {
          ended = true;
          return -1;
        }
        throw e;
      }
    }
  };
}

/** The machine for a compiled program with its settings (throws RangeError for sizes it cannot have). */
function machineFor(program: Program, command: RunCommand, settings: Settings): Machine {
  const argv = [basename(command.file).replace(/\.(c|mc)$/, ''), ...command.args];
  return newMachine(program, settings, { write: (fd, bytes) => writeOut(fd, bytes), readStdin: stdinReader() }, { argv, stopOnErrors: true });
}

function run(command: RunCommand): number {
  const compiled = compileFile(command.file);
  const report = (outcome: RunOutcome) => {
    if (command.report) writeFileSync(command.report, JSON.stringify(buildReport(outcome), null, 2) + '\n');
  };
  if (compiled.diagnostics.length > 0) writeOut(2, formatDiagnostics(compiled.diagnostics) + '\n');
  const program = compiled.program;
  if (!program) {
    const count = compiled.diagnostics.filter((d) => d.severity === 'error').length;
    writeOut(2, `memscope: ${command.file}: ${count} error${count === 1 ? '' : 's'}; the program was not run\n`);
    report({ program: command.file, exitCode: 1, signal: null, compileErrors: compiled.diagnostics, errors: [], leaks: null, heap: null, processes: [], steps: 0 });
    return 1;
  }

  const settings: Settings = { ...DEFAULT_SETTINGS };
  for (const problem of applyPragmas(settings, program.pragmas)) {
    writeOut(2, `${program.files[problem.pragma.file]}:${problem.pragma.line}: warning: ${problem.message}\n`);
  }
  Object.assign(settings, command.overrides);

  let machine: Machine;
  try {
    machine = machineFor(program, command, settings);
  } catch (e) {
    // A size the machine cannot have (too little physical memory for the program, for one).
    if (!(e instanceof RangeError)) throw e;
    writeOut(2, `memscope: ${e.message}\n`);
    report({ program: command.file, exitCode: 1, signal: null, compileErrors: [], errors: [], leaks: null, heap: null, processes: [], steps: 0 });
    return 1;
  }

  // The kernel's lines (the OOM killer's) and the ends of child processes are told as they happen: a
  // child's death by a signal, then its own HEAP and LEAK SUMMARY, as valgrind prints them for each process
  // it follows (the leak check was made when the child ended, before its pages were released).
  let kernelLines = 0;
  const told = new Set<number>();
  const tellKernel = () => {
    for (; kernelLines < machine.kernelLog.length; kernelLines++) writeOut(2, machine.kernelLog[kernelLines] + '\n');
    for (const p of machine.processes.slice(1)) {
      if (p.status.kind === 'running' || told.has(p.pid)) continue;
      told.add(p.pid);
      if (p.status.kind === 'signaled') {
        if (p.status.error) writeOut(2, formatError(p.status.error));
        else writeOut(2, formatTermination(p.pid, p.status.signal, p.status.reason));
      }
      if (command.quiet) continue;
      const leaks = settings.leakCheck === 'no' ? null : machine.leakCheck(p);
      writeOut(2, formatLeakReport(p.pid, machine.heapSummary(p), leaks, settings.leakCheck === 'full'));
      // Its errors are those it met first (a site both processes reach is one error, told once).
      const mine = errorSummaryCounts(machine.errors.filter((e) => e.pid === p.pid), leaks, settings.leakCheck === 'full');
      writeOut(2, formatErrorSummary(p.pid, mine.errors, mine.contexts));
    }
  };

  let stop: StopEvent;
  for (;;) {
    stop = machine.run(SLICE);
    tellKernel();
    if (stop.kind === 'error') {
      // A leak moment is told in its loss record at exit (valgrind's place for leaks), not as it happens.
      if (stop.error.kind !== 'leak') writeOut(2, formatError(stop.error));
    } else if (stop.kind !== 'budget' && stop.kind !== 'paused') break;
  }

  const pid = machine.processes[0]?.pid ?? 1;
  let exitCode: number;
  let signal: string | null = null;
  switch (stop.kind) {
    case 'exited':
      exitCode = stop.status;
      break;
    case 'signaled':
      signal = stop.signal;
      exitCode = 128 + SIGNALS[stop.signal];
      if (stop.error) writeOut(2, formatError(stop.error));
      if (!stop.error || ![stop.error.message, ...stop.error.details].some((d) => d.includes('Process terminating'))) writeOut(2, formatTermination(pid, stop.signal, stop.reason));
      break;
    case 'max-steps': {
      const where = machine.backtrace(1)[0];
      exitCode = STEP_LIMIT_STATUS;
      writeOut(2, `==${pid}== memscope: stopped after ${settings.maxSteps.toLocaleString('en-US')} instructions (--max-steps)${where ? `, in ${where.function}()${where.site.line ? ` at ${where.site.file}:${where.site.line}` : ''}` : ''}: the program may be in an endless loop\n`);
      break;
    }
    default:
      exitCode = 1;
  }

  const leaks = settings.leakCheck === 'no' ? null : machine.leakCheck();
  const heap = machine.heapSummary();
  if (!command.quiet) writeOut(2, formatLeakReport(pid, heap, leaks, settings.leakCheck === 'full'));
  if (command.stats) writeOut(2, formatStats(machine));

  const summary = errorSummaryCounts(machine.errors, leaks, settings.leakCheck === 'full');
  if (!command.quiet || summary.errors > 0) writeOut(2, formatErrorSummary(pid, summary.errors, summary.contexts));

  report({
    program: command.file,
    exitCode,
    signal,
    compileErrors: [],
    errors: machine.errors,
    leaks,
    heap,
    processes: machine.processes.map((p) => ({
      pid: p.pid,
      ppid: p.ppid,
      exitCode: p.status.kind === 'exited' ? p.status.status : p.status.kind === 'signaled' ? 128 + SIGNALS[p.status.signal] : null,
      signal: p.status.kind === 'signaled' ? p.status.signal : null,
      memory: machine.counters(p),
    })),
    steps: machine.steps,
  });
  if (command.errorExitCode !== undefined && summary.errors > 0) return command.errorExitCode;
  return exitCode;
}

function main(argv: readonly string[]): number {
  const command = parseCommandLine(argv);
  switch (command.kind) {
    case 'help':
      writeOut(1, USAGE + '\n');
      return 0;
    case 'version':
      writeOut(1, `memscope ${VERSION}\n`);
      return 0;
    case 'error':
      writeOut(2, `memscope: ${command.message}\n${USAGE.split('\n')[0]}\n(memscope --help for all options)\n`);
      return 2;
    case 'run':
      return run(command);
    default: {
      const never: never = command;
      return never;
    }
  }
}

process.exitCode = main(process.argv.slice(2));
