// The program being debugged: a Machine run in slices so the adapter never blocks, with the session's
// breakpoints, stepping, exception filters and watchpoints, and what it says on the debug console.
// It knows nothing of the debug protocol: the session (session.ts) turns its events into DAP events.
//
// How it works. `continue`/`step` set a mode and schedule `slice()`; a slice runs the machine for at most
// SLICE_MS of wall time (in budgets of instructions), then yields with setImmediate, so a `pause` request
// (or any other) is handled between slices — inside `while (1);` too. Each StopEvent of the machine is
// decided here:
//   breakpoint  the table decides (condition, hit count); logpoints print and go on
//   step        the mode's own goal (kind and starting depth) decides whether the step is done; a goal the
//               machine dropped at a skipped breakpoint is set again, first out of deeper frames
//   error       printed as memcheck prints it; stops when its exception filter is on (and its condition holds);
//               a leak is one of them: the engine reports the statement that dropped the last pointer
//   exited / signaled   the exit code and the heap and leak summaries are printed; a crash first stops
//               on its exception filter so the user sees where it died
//   watch       a watchpoint's range was accessed (the machine watches: the program keeps its full speed)
// After every run the live processes are compared with those of the last run: a fork is a thread that
// started, a process that ended one that exited, told at once (before the stop the same run may bring),
// so the Call Stack follows the processes without waiting for a stop.

import type { Machine, StopEvent } from '../engine/machine/machine';
import type { StepGoal, StepKind } from '../engine/machine/breakpoints';
import { stepReached } from '../engine/machine/breakpoints';
import type { RuntimeError } from '../engine/errors';
import { SIGNALS } from '../engine/errors';
import type { Settings } from '../engine/settings';
import { evaluate, truthOf, valueContext } from '../engine/debug/evaluate';
import { formatValue } from '../engine/snapshot/values';
import { Watchpoints, type WatchHit } from '../engine/debug/watch';
import { errorSummaryCounts, formatError, formatErrorSummary, formatLeakReport } from '../engine/check/report-text';
import { BreakpointTable, type BreakpointKind } from './breakpoints';
import { EXCEPTION_FILTERS, filterOf, signalError, type ExceptionFilter, type FilterId } from './exceptions';

export type StopReason =
  | { readonly kind: 'entry' }
  | { readonly kind: 'step' }
  | { readonly kind: 'pause' }
  | { readonly kind: 'breakpoint'; readonly ids: number[]; readonly breakpointKind: BreakpointKind }
  | { readonly kind: 'exception'; readonly error: RuntimeError; readonly filter: ExceptionFilter }
  | { readonly kind: 'data'; readonly ids: number[]; readonly hit: WatchHit };

export type OutputCategory = 'stdout' | 'stderr' | 'console' | 'important';

export interface DebuggeeEvents {
  stopped(reason: StopReason): void;
  output(text: string, category: OutputCategory): void;
  /** The process ended; summaries are printed. */
  ended(exitCode: number): void;
  /** A process (a thread of the session) started or ended. */
  thread(pid: number, reason: 'started' | 'exited'): void;
}

export type Granularity = 'statement' | 'line' | 'instruction';

type Mode =
  | { readonly kind: 'idle' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'step'; readonly goal: StepGoal; readonly line: number; readonly granularity: Granularity };

/** Wall time a slice may take before it yields to the adapter's message loop. */
const SLICE_MS = 20;
const BUDGET = 100_000;

export class Debuggee {
  private mode: Mode = { kind: 'idle' };
  private scheduled = false;
  private finished = false;
  /** The process died (a crash stopped on its exception): the next resume ends the session. */
  private dying: StopEvent | undefined;
  private readonly filters = new Map<FilterId, { condition?: string }>(EXCEPTION_FILTERS.filter((f) => f.enabled).map((f) => [f.id, {}]));
  readonly watchpoints: Watchpoints;
  /** The error of the latest exception stop (exceptionInfo reads it). */
  lastError: RuntimeError | undefined;
  private entry: number | undefined;
  /** Pids of the processes alive after the last run (pid 1 from the start). */
  private live = new Set<number>([1]);

  constructor(
    readonly machine: Machine,
    readonly settings: Settings,
    public breakpoints: BreakpointTable,
    private readonly events: DebuggeeEvents,
  ) {
    this.watchpoints = new Watchpoints(machine);
  }

  get running(): boolean {
    return this.mode.kind !== 'idle';
  }

  get ended(): boolean {
    return this.finished;
  }

  /** Starts the program: to main's first statement when stopping on entry, else freely. */
  start(stopOnEntry: boolean): void {
    if (stopOnEntry) {
      const main = this.machine.program.functions.find((f) => f.name === 'main' && f.origin === 'user');
      this.entry = main ? this.machine.program.lines.find((l) => l.isStatement && l.address >= main.address && l.address < main.address + main.size)?.address : undefined;
    }
    this.syncBreakpoints();
    this.resume({ kind: 'continue' });
  }

  /** Gives the machine the addresses of every breakpoint (after the table changed). */
  syncBreakpoints(): void {
    this.machine.setBreakpoints(this.currentBreakpoints());
  }

  setExceptionFilters(filters: readonly { id: FilterId; condition?: string }[]): void {
    this.filters.clear();
    for (const f of filters) this.filters.set(f.id, { condition: f.condition });
    // A condition must be asked at every occurrence; without one, a filter stops once per site, as memcheck reports.
    this.machine.setStopOnRepeats(EXCEPTION_FILTERS.filter((f) => this.filters.get(f.id)?.condition).flatMap((f) => f.kinds));
  }

  continue(): void {
    this.machine.cancelStep();
    this.resume({ kind: 'continue' });
  }

  step(direction: 'over' | 'in' | 'out', granularity: Granularity): void {
    const kind: StepKind = direction === 'out' ? 'statement-out' : granularity === 'instruction' ? 'instruction' : direction === 'over' ? 'statement-over' : 'statement-in';
    const S = this.machine.current.state;
    const line = this.machine.symbols.entry(S.pc).line;
    this.machine.step(kind);
    this.resume({ kind: 'step', goal: { kind, depth: S.depth }, line, granularity });
  }

  pause(): void {
    if (this.running) this.machine.pause();
  }

  /** Stops everything: no more slices run. */
  terminate(): void {
    this.mode = { kind: 'idle' };
    this.finished = true;
  }

  private resume(mode: Mode): void {
    if (this.finished) return;
    if (this.dying) {
      this.finish(this.dying);
      return;
    }
    this.mode = mode;
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.slice();
    });
  }

  private slice(): void {
    const started = Date.now();
    while (this.mode.kind !== 'idle' && !this.finished) {
      const outcome = this.decide(this.advance());
      if (outcome === 'stopped') return;
      if (Date.now() - started > SLICE_MS) {
        this.schedule();
        return;
      }
    }
  }

  /** One run of the machine in the current mode; processes that started or ended in it are told. */
  private advance(): StopEvent {
    const stop = this.machine.run(BUDGET);
    this.noteProcesses();
    return stop;
  }

  private noteProcesses(): void {
    const processes = this.machine.processes;
    // A few processes at most: a scan after each run (up to BUDGET instructions) costs nothing to speak of.
    const now = new Set(processes.filter((p) => p.running).map((p) => p.pid));
    for (const pid of now) if (!this.live.has(pid)) this.events.thread(pid, 'started');
    // Several may end in one run (a child, then the parent that waited for it): told in the order they ended.
    const ended = processes.filter((p) => this.live.has(p.pid) && !now.has(p.pid)).sort((a, b) => a.endedAt - b.endedAt);
    for (const p of ended) this.events.thread(p.pid, 'exited');
    this.live = now;
  }

  private currentBreakpoints(): number[] {
    const addresses = this.breakpoints.addresses();
    if (this.entry !== undefined) addresses.push(this.entry);
    return addresses;
  }

  /** What a machine stop means for the session: keep running, or a stop has been reported. */
  private decide(stop: StopEvent): 'running' | 'stopped' {
    switch (stop.kind) {
      case 'budget':
        return 'running';
      case 'paused':
        return this.stop({ kind: 'pause' });
      case 'watch': {
        const hit = this.watchpoints.hitOf(stop);
        return this.stop({ kind: 'data', ids: [hit.watch.id], hit });
      }
      case 'breakpoint':
        return this.atBreakpoint(stop.address);
      case 'step':
        return this.atStep();
      case 'error':
        return this.atError(stop.error, stop.repeat === true);
      case 'exited':
      case 'signaled':
      case 'max-steps':
        return this.atEnd(stop);
      default: {
        const never: never = stop;
        return never;
      }
    }
  }

  private atBreakpoint(address: number): 'running' | 'stopped' {
    if (address === this.entry) {
      this.entry = undefined;
      this.syncBreakpoints();
      return this.stop({ kind: 'entry' });
    }
    const stopping: number[] = [];
    let kind: BreakpointKind = 'line';
    for (const bp of this.breakpoints.at(address)) {
      const decision = BreakpointTable.decide(bp, (expression) => this.condition(expression, `the condition of the breakpoint at line ${bp.line ?? '?'}`));
      if (decision.kind === 'log') this.events.output(this.interpolate(bp.logMessage ?? '') + '\n', 'console');
      if (decision.kind === 'stop') {
        stopping.push(bp.id);
        kind = bp.kind;
      }
    }
    if (stopping.length > 0) return this.stop({ kind: 'breakpoint', ids: stopping, breakpointKind: kind });
    // A breakpoint that does not stop ends the machine's step goal: set it again.
    if (this.mode.kind === 'step') this.renewGoal(this.mode.goal);
    return 'running';
  }

  private atStep(): 'running' | 'stopped' {
    const mode = this.mode;
    // Only a step sets the machine's goal, and every stop of the session cancels it (stop()).
    if (mode.kind !== 'step') return this.stop({ kind: 'step' });
    const S = this.machine.current.state;
    if (!stepReached(mode.goal, S.pc, S.depth, this.machine.symbols)) {
      this.renewGoal(mode.goal);
      return 'running';
    }
    const line = this.machine.symbols.entry(S.pc).line;
    if (mode.granularity === 'line' && mode.goal.kind !== 'statement-out' && line === mode.line && S.depth === mode.goal.depth) {
      this.renewGoal(mode.goal);
      return 'running';
    }
    return this.stop({ kind: 'step' });
  }

  /** Sets the machine's goal again so that it still leads to `goal`: out of deeper frames first. */
  private renewGoal(goal: StepGoal): void {
    const depth = this.machine.current.state.depth;
    this.machine.step(depth > goal.depth && goal.kind !== 'instruction' ? 'statement-out' : goal.kind);
  }

  private atError(error: RuntimeError, repeat: boolean): 'running' | 'stopped' {
    // The console prints each error once per site, as memcheck does; a repeat only comes to be stopped on.
    if (!repeat) this.events.output(formatError(error), 'stderr');
    const filter = filterOf(error.kind);
    if (!this.filters.has(filter.id) || !this.conditionHolds(filter.id)) return 'running';
    return this.exception(error);
  }

  private atEnd(stop: StopEvent): 'running' | 'stopped' {
    if (stop.kind === 'signaled') {
      const proc = this.machine.current;
      const error = stop.error ?? signalError(stop.signal, stop.reason, this.machine.backtrace(12).map((f) => f.site), proc.pid);
      this.events.output(formatError(error), 'stderr');
      const filter = filterOf(error.kind);
      if (this.filters.has(filter.id) && this.conditionHolds(filter.id)) {
        this.dying = stop;
        return this.exception(error);
      }
    }
    this.finish(stop);
    return 'stopped';
  }

  private exception(error: RuntimeError): 'stopped' {
    this.lastError = error;
    return this.stop({ kind: 'exception', error, filter: filterOf(error.kind) });
  }

  private stop(reason: StopReason): 'stopped' {
    this.mode = { kind: 'idle' };
    // A step under way ends here, whatever stopped it: the next resume starts afresh.
    this.machine.cancelStep();
    this.events.stopped(reason);
    return 'stopped';
  }

  /** Prints how the program ended (exit code, heap and leak summaries, error count) and ends the session. */
  private finish(stop: StopEvent): void {
    this.mode = { kind: 'idle' };
    this.dying = undefined;
    if (this.finished) return;
    this.finished = true;
    const machine = this.machine;
    const pid = machine.processes[0]?.pid ?? 1;
    let code = 1;
    if (stop.kind === 'exited') {
      code = stop.status;
      this.events.output(`memscope: the program exited with code ${code}\n`, 'console');
    } else if (stop.kind === 'signaled') {
      code = 128 + SIGNALS[stop.signal];
      this.events.output(`memscope: the program was killed by ${stop.signal} (${stop.reason}); exit code ${code}\n`, 'console');
    } else if (stop.kind === 'max-steps') {
      code = 124;
      this.events.output(`memscope: stopped after ${this.settings.maxSteps.toLocaleString('en-US')} instructions (maxSteps): the program may be in an endless loop\n`, 'console');
    }
    const leaks = this.settings.leakCheck === 'no' ? null : machine.leakCheck();
    this.events.output(formatLeakReport(pid, machine.heapSummary(), leaks, this.settings.leakCheck === 'full'), 'console');
    const summary = errorSummaryCounts(machine.errors, leaks, this.settings.leakCheck === 'full');
    this.events.output(formatErrorSummary(pid, summary.errors, summary.contexts), 'console');
    this.events.ended(code);
  }

  private conditionHolds(filter: FilterId): boolean {
    const condition = this.filters.get(filter)?.condition;
    return !condition || this.condition(condition, `the condition of the '${filter}' exception filter`);
  }

  /** A C condition in the innermost frame; an error in it stops (and says why), as gdb does. */
  private condition(expression: string, what: string): boolean {
    const result = evaluate(this.machine, expression, { frame: this.machine.backtrace(1)[0] });
    if (!result.ok) {
      this.events.output(`memscope: ${what} could not be evaluated: ${result.message}\n`, 'important');
      return true;
    }
    return truthOf(this.machine, result.value) ?? true;
  }

  /** A log message with each `{expression}` replaced by its value. */
  private interpolate(message: string): string {
    return message.replace(/\{([^{}]+)\}/g, (_, expression: string) => {
      const result = evaluate(this.machine, expression, { frame: this.machine.backtrace(1)[0] });
      return result.ok ? formatValue(valueContext(this.machine), result.value.type, result.value.place).text : `<${result.message}>`;
    });
  }
}
