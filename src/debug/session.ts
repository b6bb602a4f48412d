// The memscope debug session: the Debug Adapter Protocol on one side, the engine on the other.
//
// How it works. Each request handler only translates: it checks the request's arguments, calls the
// engine (through the Debuggee, which runs the program in slices, and the modules beside this one),
// fills `response.body` and ends in sendResponse or sendErrorResponse — every request is answered, a
// malformed one with an error, never with a crash. Lines and columns are converted between the
// client's base and the engine's (1-based) here and nowhere else.
//
// The launch sequence: `initialize` answers the capabilities; `launch` compiles the program (compile
// errors end the session at once, with gcc-style diagnostics in the debug console), builds the machine,
// sends `initialized`, waits for the client's breakpoints (`configurationDone`), answers and starts.
// At every stop the backtrace and the variable handles are fresh; running drops them.

import * as path from 'node:path';
import {
  DebugSession, ExitedEvent, Handles, InitializedEvent, InvalidatedEvent, MemoryEvent, OutputEvent, Source, TerminatedEvent, Thread,
  BreakpointEvent, ThreadEvent,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { FrameInfo } from '../engine/machine/frames';
import type { Process } from '../engine/machine/process';
import { readQuietly } from '../engine/machine/vm-views';
import type { StackEntry } from '../engine/errors';
import { evaluate } from '../engine/debug/evaluate';
import { walkAddress } from '../engine/snapshot/take';
import { hexText } from '../engine/snapshot/values';
import type { LaunchAttributes } from '../extension/launch';
import { MARKS_REQUEST, SNAPSHOT_REQUEST, WALK_REQUEST, type MarksResponseBody } from '../protocol/messages';
import { memoryMarks } from './memory-marks';
import { BreakpointTable, type Resolution } from './breakpoints';
import { Debuggee, type Granularity, type OutputCategory, type StopReason } from './debuggee';
import { errorDetails, isFilterId } from './exceptions';
import { CAPABILITIES } from './capabilities';
import { librarySource, parseAddress, parseMemoryReference, stoppedEvent } from './protocol-values';
import { ConsoleOutput } from './console-output';
import { VariableStore, type FrameAt } from './variables';
import { CONSOLE_COMMANDS, runConsoleCommand } from './console-commands';
import { disassemble, isInstruction } from './disassembly';
import { machineFor, prepareLaunch } from './launch-program';
import { completionsAt } from './completions';
import { addressData, expressionData, watchpointOf, type DataInfo } from './data-breakpoints';
import { SnapshotCache } from './snapshot-cache';

/**
 * Frames of a process that is not on the CPU get ids pid * OTHER_FRAMES + index + 1 (those of the running
 * process are index + 1): its stack, variables and memory are read through its own page tables.
 */
const OTHER_FRAMES = 1_000_000;
/** Data breakpoint ids are apart from the breakpoint table's. */
const DATA_BREAKPOINT_IDS = 100_000;

/** Errors answered to the client; ids are stable for telemetry-free logs. */
const ERR = { noProgram: 2001, badArguments: 2002, launch: 2003, evaluate: 2004, memory: 2005, running: 2006 } as const;

export class MemscopeSession extends DebugSession {
  private debuggee: Debuggee | undefined;
  private launchArgs: Partial<LaunchAttributes> | undefined;
  private configurationDone: () => void = () => undefined;
  private readonly configured = new Promise<void>((resolve) => (this.configurationDone = resolve));
  private frameCache: FrameInfo[] | undefined;
  /** Backtraces of the processes off the CPU at this stop, by pid. */
  private readonly otherFrames = new Map<number, FrameInfo[]>();
  /**
   * Where the error of an exception stop happened. The machine stops after the instruction that made a
   * (non-fatal) error, which may already be on the next line; the innermost frame is shown at the error.
   */
  private errorSite: StackEntry | undefined;
  private store: VariableStore | undefined;
  private readonly snapshots = new SnapshotCache();
  private readonly sources = new Handles<string>();
  private readonly console = new ConsoleOutput((text, category) => this.sendEvent(new OutputEvent(text, category)));
  private readonly decoders = { 1: new TextDecoder(), 2: new TextDecoder() };

  constructor(debuggerLinesAndColumnsStartAt1?: boolean, isServer?: boolean) {
    super(debuggerLinesAndColumnsStartAt1, isServer);
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  /** Requests arrive untyped: missing arguments become {}, arguments that are not an object are refused. */
  protected dispatchRequest(request: DebugProtocol.Request): void {
    if (request.arguments === undefined || request.arguments === null) request.arguments = {};
    if (typeof request.arguments !== 'object' || Array.isArray(request.arguments)) {
      const response: DebugProtocol.Response = { seq: 0, type: 'response', request_seq: request.seq, command: request.command, success: false };
      return this.sendErrorResponse(response, { id: ERR.badArguments, format: `the arguments of '${String(request.command)}' must be an object` });
    }
    super.dispatchRequest(request);
  }

  // ---- lifecycle ----

  protected initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = CAPABILITIES;
    this.sendResponse(response);
  }

  protected configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configurationDone();
    this.sendResponse(response);
  }

  protected async launchRequest(response: DebugProtocol.LaunchResponse, args: DebugProtocol.LaunchRequestArguments & Partial<LaunchAttributes>): Promise<void> {
    try {
      const problem = this.load(args);
      if (problem) {
        if (problem.diagnostics) this.output(problem.diagnostics, 'stderr');
        this.flushOutput();
        this.sendErrorResponse(response, { id: ERR.launch, format: problem.message, showUser: true });
        this.sendEvent(new TerminatedEvent());
        return;
      }
      this.sendEvent(new InitializedEvent());
      // Start with the client's breakpoints in place; a client that never sends configurationDone still starts.
      await Promise.race([this.configured, new Promise((resolve) => setTimeout(resolve, 2000))]);
      this.sendResponse(response);
      if (args.noDebug) {
        this.debuggee!.breakpoints = new BreakpointTable(this.debuggee!.machine.program);
        this.debuggee!.setExceptionFilters([]);
      }
      this.debuggee!.start(args.stopOnEntry === true && !args.noDebug);
    } catch (e) {
      this.sendErrorResponse(response, { id: ERR.launch, format: `memscope could not start the program: ${e instanceof Error ? e.message : String(e)}`, showUser: true });
      this.sendEvent(new TerminatedEvent());
    }
  }

  /** Compiles and builds the machine; a problem for the user, or undefined when ready. */
  private load(args: Partial<LaunchAttributes>, table?: (program: Debuggee['machine']['program']) => BreakpointTable): { message: string; diagnostics?: string } | undefined {
    const prepared = prepareLaunch(args);
    if (!prepared.ok) return prepared;
    if (prepared.warnings) this.output(prepared.warnings, 'console');
    const { program, settings } = prepared;
    const machine = machineFor(prepared, (fd, bytes) => this.output(this.decoders[fd].decode(bytes, { stream: true }), fd === 1 ? 'stdout' : 'stderr'));
    const previous = this.debuggee;
    this.launchArgs = args;
    this.debuggee = new Debuggee(machine, settings, table ? table(program) : new BreakpointTable(program), {
      stopped: (reason) => this.stopped(reason),
      thread: (pid, reason) => this.sendEvent(new ThreadEvent(reason, pid)),
      output: (text, category) => this.output(text, category),
      ended: (code) => {
        this.flushOutput();
        this.sendEvent(new ExitedEvent(code));
        this.sendEvent(new TerminatedEvent());
      },
    });
    if (previous) {
      this.debuggee.watchpoints.set(previous.watchpoints.all);
      previous.terminate();
    }
    this.forgetStop();
    this.snapshots.clear();
    return undefined;
  }

  protected restartRequest(response: DebugProtocol.RestartResponse, args: DebugProtocol.RestartArguments): void {
    const launch = (args.arguments as Partial<LaunchAttributes> | undefined) ?? this.launchArgs;
    const old = this.debuggee;
    if (!launch || !old) return this.sendErrorResponse(response, { id: ERR.noProgram, format: 'nothing to restart: no program was launched' });
    let resolutions: Resolution[] = [];
    let problem: ReturnType<MemscopeSession['load']>;
    try {
      problem = this.load(launch, (program) => {
        const rebound = old.breakpoints.rebind(program);
        resolutions = rebound.resolutions;
        return rebound.table;
      });
    } catch (e) {
      problem = { message: `memscope could not restart the program: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (problem) {
      if (problem.diagnostics) this.output(problem.diagnostics, 'stderr');
      this.flushOutput();
      return this.sendErrorResponse(response, { id: ERR.launch, format: problem.message, showUser: true });
    }
    for (const r of resolutions) this.sendEvent(new BreakpointEvent('changed', this.breakpoint(r)));
    this.sendResponse(response);
    this.debuggee!.start(launch.stopOnEntry === true);
  }

  protected terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.debuggee?.terminate();
    this.flushOutput();
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments, request?: DebugProtocol.Request): void {
    this.debuggee?.terminate();
    this.flushOutput();
    super.disconnectRequest(response, args, request);
  }

  // ---- breakpoints ----

  protected setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const d = this.debuggee;
    const file = args.source?.path;
    if (!d) return this.sendErrorResponse(response, { id: ERR.noProgram, format: 'no program is loaded yet' });
    if (typeof file !== 'string') return this.sendErrorResponse(response, { id: ERR.badArguments, format: 'setBreakpoints needs a source with a path' });
    const asked: DebugProtocol.SourceBreakpoint[] = args.breakpoints ?? (args.lines ?? []).map((line) => ({ line }));
    const requests = asked.map((b) => ({
      line: this.convertClientLineToDebugger(b.line),
      ...(b.column !== undefined ? { column: this.convertClientColumnToDebugger(b.column) } : {}),
      condition: b.condition,
      hitCondition: b.hitCondition,
      logMessage: b.logMessage,
    }));
    const resolved = d.breakpoints.setLines(this.convertClientPathToDebugger(file), requests);
    d.syncBreakpoints();
    response.body = { breakpoints: resolved.map((r) => this.breakpoint(r)) };
    this.sendResponse(response);
  }

  protected setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    const d = this.debuggee;
    if (!d) return this.sendErrorResponse(response, { id: ERR.noProgram, format: 'no program is loaded yet' });
    const resolved = d.breakpoints.setFunctions((args.breakpoints ?? []).map((b) => ({ name: String(b.name), condition: b.condition, hitCondition: b.hitCondition })));
    d.syncBreakpoints();
    response.body = { breakpoints: resolved.map((r) => this.breakpoint(r)) };
    this.sendResponse(response);
  }

  protected setInstructionBreakpointsRequest(response: DebugProtocol.SetInstructionBreakpointsResponse, args: DebugProtocol.SetInstructionBreakpointsArguments): void {
    const d = this.debuggee;
    if (!d) return this.sendErrorResponse(response, { id: ERR.noProgram, format: 'no program is loaded yet' });
    const resolved = d.breakpoints.setInstructions(
      (args.breakpoints ?? []).map((b) => {
        const base = parseAddress(b.instructionReference);
        return { address: base === undefined ? undefined : base + (b.offset ?? 0), condition: b.condition, hitCondition: b.hitCondition };
      }),
      (address) => isInstruction(d.machine, address),
    );
    d.syncBreakpoints();
    response.body = { breakpoints: resolved.map((r) => this.breakpoint(r)) };
    this.sendResponse(response);
  }

  protected breakpointLocationsRequest(response: DebugProtocol.BreakpointLocationsResponse, args: DebugProtocol.BreakpointLocationsArguments): void {
    const d = this.debuggee;
    if (!d || typeof args.source?.path !== 'string' || typeof args.line !== 'number') return this.sendErrorResponse(response, { id: ERR.badArguments, format: 'breakpointLocations needs a loaded program, a source path and a line' });
    const line = this.convertClientLineToDebugger(args.line);
    const endLine = args.endLine === undefined ? line : this.convertClientLineToDebugger(args.endLine);
    response.body = {
      breakpoints: d.breakpoints.locations(this.convertClientPathToDebugger(args.source.path), line, endLine).map((p) => ({ line: this.convertDebuggerLineToClient(p.line), column: this.convertDebuggerColumnToClient(p.column) })),
    };
    this.sendResponse(response);
  }

  protected setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    const chosen = [...(args.filters ?? []).map((id) => ({ filterId: id, condition: undefined as string | undefined })), ...(args.filterOptions ?? [])];
    this.debuggee?.setExceptionFilters(chosen.filter((f) => isFilterId(f.filterId)).map((f) => ({ id: f.filterId as never, condition: f.condition })));
    response.body = { breakpoints: chosen.map((f) => ({ verified: isFilterId(f.filterId), ...(isFilterId(f.filterId) ? {} : { message: `unknown exception filter ${f.filterId}` }) })) };
    this.sendResponse(response);
  }

  protected dataBreakpointInfoRequest(response: DebugProtocol.DataBreakpointInfoResponse, args: DebugProtocol.DataBreakpointInfoArguments): void {
    const d = this.debuggee;
    if (!d || typeof args.name !== 'string') return this.sendErrorResponse(response, { id: ERR.badArguments, format: 'dataBreakpointInfo needs a loaded program and a name' });
    let info: DataInfo;
    if (args.asAddress) info = addressData(args.name, parseAddress(args.name), args.bytes);
    else {
      const named = args.variablesReference !== undefined ? this.store?.evaluateName(args.variablesReference, args.name) : { expression: args.name, at: this.frameAt(args.frameId) };
      info = named ? expressionData(d.machine, named.expression, this.frameInfo(named.at), args.bytes, named.at.process) : { dataId: null, description: `${args.name} is not a variable in memory` };
    }
    response.body = info.dataId === null ? info : { ...info, accessTypes: ['write', 'read', 'readWrite'], canPersist: args.asAddress === true };
    this.sendResponse(response);
  }

  protected setDataBreakpointsRequest(response: DebugProtocol.SetDataBreakpointsResponse, args: DebugProtocol.SetDataBreakpointsArguments): void {
    const d = this.debuggee;
    if (!d) return this.sendErrorResponse(response, { id: ERR.noProgram, format: 'no program is loaded yet' });
    const list = (args.breakpoints ?? []).map((b, i) => watchpointOf(b.dataId, DATA_BREAKPOINT_IDS + i, b.accessType));
    d.watchpoints.set(list.filter((w) => w !== undefined));
    response.body = { breakpoints: list.map((w) => (w ? { id: w.id, verified: true, description: w.label } : { verified: false, message: 'this data breakpoint is not one memscope made' })) };
    this.sendResponse(response);
  }

  private breakpoint(r: Resolution): DebugProtocol.Breakpoint {
    const file = r.file === undefined ? undefined : this.debuggee?.machine.program.files[r.file];
    return {
      id: r.id,
      verified: r.verified,
      ...(r.message ? { message: r.message } : {}),
      ...(file !== undefined ? { source: this.source(file) } : {}),
      ...(r.line !== undefined ? { line: this.convertDebuggerLineToClient(r.line) } : {}),
      ...(r.column !== undefined ? { column: this.convertDebuggerColumnToClient(r.column) } : {}),
      ...(r.address !== undefined ? { instructionReference: hexText(r.address) } : {}),
    };
  }

  // ---- execution ----

  protected continueRequest(response: DebugProtocol.ContinueResponse): void {
    const d = this.stoppedDebuggee(response);
    if (!d) return;
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.forgetStop();
    d.continue();
  }

  protected nextRequest(response: DebugProtocol.NextResponse, args: DebugProtocol.NextArguments): void {
    this.stepRequest(response, 'over', args.granularity);
  }

  protected stepInRequest(response: DebugProtocol.StepInResponse, args: DebugProtocol.StepInArguments): void {
    this.stepRequest(response, 'in', args.granularity);
  }

  protected stepOutRequest(response: DebugProtocol.StepOutResponse, args: DebugProtocol.StepOutArguments): void {
    this.stepRequest(response, 'out', args.granularity);
  }

  private stepRequest(response: DebugProtocol.Response, direction: 'over' | 'in' | 'out', granularity: DebugProtocol.SteppingGranularity | undefined): void {
    const d = this.stoppedDebuggee(response);
    if (!d) return;
    this.sendResponse(response);
    this.forgetStop();
    d.step(direction, (granularity ?? 'statement') as Granularity);
  }

  protected pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.debuggee?.pause();
    this.sendResponse(response);
  }

  private stoppedDebuggee(response: DebugProtocol.Response): Debuggee | undefined {
    const d = this.debuggee;
    if (!d || d.ended) {
      this.sendErrorResponse(response, { id: ERR.noProgram, format: 'the program is not running' });
      return undefined;
    }
    if (d.running) {
      this.sendErrorResponse(response, { id: ERR.running, format: 'the program is already running' });
      return undefined;
    }
    return d;
  }

  private stopped(reason: StopReason): void {
    this.flushOutput();
    this.forgetStop();
    if (reason.kind === 'exception' && !reason.error.fatal) {
      const innermost = this.frames()[0];
      this.errorSite = reason.error.stack.find((e) => e.function === innermost?.function && e.line > 0);
    }
    this.sendEvent(stoppedEvent(reason, this.debuggee?.machine.current.pid ?? 1));
  }


  // ---- state at a stop ----

  /** Threads are the processes (one before fork): each live one, by pid, with its scheduling state. */
  protected threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const machine = this.debuggee?.machine;
    const live = machine ? machine.processes.filter((p) => p.running || p === machine.current) : [];
    const threads = machine ? live.map((p) => new Thread(p.pid, `${p.name} (pid ${p.pid}${live.length > 1 ? `, ${machine.processState(p)}` : ''})`)) : [new Thread(1, 'main')];
    response.body = { threads };
    this.sendResponse(response);
  }

  protected stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    if (!this.debuggee) return this.sendErrorResponse(response, { id: ERR.noProgram, format: 'no program is loaded' });
    const machine = this.debuggee.machine;
    const other = args.threadId !== machine.current.pid ? machine.processes.find((p) => p.pid === args.threadId) : undefined;
    const frames = other ? this.framesOf(other) : this.frames();
    const firstId = other ? other.pid * OTHER_FRAMES + 1 : 1;
    const start = Math.max(0, args.startFrame ?? 0);
    const end = args.levels ? start + args.levels : frames.length;
    response.body = {
      stackFrames: frames.slice(start, end).map((frameInfo, i) => {
        const f = start + i === 0 && this.errorSite && !other ? { ...frameInfo, site: this.errorSite } : frameInfo;
        const fromUser = f.origin === 'user';
        const frame: DebugProtocol.StackFrame = {
          id: firstId + start + i,
          name: f.function,
          line: f.site.line > 0 ? this.convertDebuggerLineToClient(f.site.line) : 0,
          column: f.site.line > 0 ? this.convertDebuggerColumnToClient(Math.max(1, f.site.column)) : 0,
          instructionPointerReference: hexText(f.site.pc),
          ...(fromUser ? {} : { presentationHint: 'subtle' as const }),
        };
        if (f.site.file && f.site.line > 0) frame.source = this.source(f.site.file);
        return frame;
      }),
      totalFrames: frames.length,
    };
    this.sendResponse(response);
  }

  protected scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const at = this.debuggee && typeof args.frameId === 'number' ? this.frameAt(args.frameId) : undefined;
    if (!at || !this.frameInfo(at)) return this.sendErrorResponse(response, { id: ERR.badArguments, format: `no stack frame with id ${String(args.frameId)}` });
    response.body = { scopes: this.variableStore().scopes(at) };
    this.sendResponse(response);
  }

  protected variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const variables = this.debuggee ? this.variableStore().variables(args.variablesReference, { start: args.start, count: args.count, hex: args.format?.hex }) : undefined;
    if (!variables) return this.sendErrorResponse(response, { id: ERR.badArguments, format: `no variables with reference ${String(args.variablesReference)}` });
    response.body = { variables };
    this.sendResponse(response);
  }

  protected setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): void {
    const named = this.debuggee ? this.variableStore().evaluateName(args.variablesReference, args.name) : undefined;
    if (!named) return this.sendErrorResponse(response, { id: ERR.badArguments, format: `${String(args.name)} cannot be set here` });
    this.assign(response, named.expression, String(args.value), named.at, args.format?.hex);
  }

  protected setExpressionRequest(response: DebugProtocol.SetExpressionResponse, args: DebugProtocol.SetExpressionArguments): void {
    if (!this.debuggee || typeof args.expression !== 'string') return this.sendErrorResponse(response, { id: ERR.badArguments, format: 'setExpression needs a loaded program and an expression' });
    this.assign(response, args.expression, String(args.value), this.frameAt(args.frameId), args.format?.hex);
  }

  private assign(response: DebugProtocol.SetVariableResponse | DebugProtocol.SetExpressionResponse, target: string, value: string, at: FrameAt, hex?: boolean): void {
    const d = this.debuggee!;
    const result = evaluate(d.machine, `(${target}) = (${value})`, { frame: this.frameInfo(at), process: at.process, sideEffects: true });
    if (!result.ok) return this.sendErrorResponse(response, { id: ERR.evaluate, format: result.message });
    const shown = this.variableStore().show(result.value.type, result.value.place, at, target, { hex, tag: result.value.tag });
    response.body = { value: shown.value, type: shown.type, variablesReference: shown.variablesReference };
    this.sendResponse(response);
    this.snapshots.invalidate();
    this.sendEvent(new InvalidatedEvent(['variables']));
  }

  protected evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const d = this.debuggee;
    if (!d || typeof args.expression !== 'string') return this.sendErrorResponse(response, { id: ERR.badArguments, format: 'evaluate needs a loaded program and an expression' });
    const at = this.frameAt(args.frameId);
    if (args.context === 'repl' && args.expression.trim().startsWith(':')) {
      // The console's commands look at the process of the selected frame.
      const result = runConsoleCommand(d.machine, args.expression, { process: at.process, frame: this.frameInfo(at) }, d.settings.heapPolicy);
      if (!result.ok) return this.sendErrorResponse(response, { id: ERR.evaluate, format: result.text });
      response.body = { result: result.text, variablesReference: 0 };
      return this.sendResponse(response);
    }
    const repl = args.context === 'repl';
    const result = evaluate(d.machine, args.expression, { frame: this.frameInfo(at), process: at.process, sideEffects: repl });
    if (!result.ok) return this.sendErrorResponse(response, { id: ERR.evaluate, format: result.message });
    const shown = this.variableStore().show(result.value.type, result.value.place, at, args.expression, { hex: args.format?.hex, tag: result.value.tag });
    // A hover says what a pointer points to in words, whatever it is.
    const hover = args.context === 'hover' && shown.verdict && (shown.verdict.kind === 'valid' || shown.verdict.kind === 'null') ? `${shown.value} — ${shown.verdict.explanation}` : shown.value;
    response.body = {
      result: hover,
      type: shown.type,
      variablesReference: shown.variablesReference,
      ...(shown.indexedVariables !== undefined ? { indexedVariables: shown.indexedVariables } : {}),
      ...(shown.memoryReference ? { memoryReference: shown.memoryReference } : {}),
    };
    this.sendResponse(response);
    if (result.wrote) {
      this.snapshots.invalidate();
      this.sendEvent(new InvalidatedEvent(['variables']));
    }
  }

  protected completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    const d = this.debuggee;
    if (!d || typeof args.text !== 'string') return this.sendErrorResponse(response, { id: ERR.badArguments, format: 'completions needs a loaded program and text' });
    const column = args.column - (this.convertDebuggerColumnToClient(1) - 1);
    response.body = { targets: completionsAt(d.machine, args.text, column, this.frameInfo(this.frameAt(args.frameId)), CONSOLE_COMMANDS) };
    this.sendResponse(response);
  }

  protected exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const e = this.debuggee?.lastError;
    if (!e) return this.sendErrorResponse(response, { id: ERR.badArguments, format: 'the program did not stop on an exception' });
    response.body = {
      exceptionId: e.kind,
      description: e.explanation,
      breakMode: 'always',
      details: { message: e.message, typeName: e.kind, stackTrace: errorDetails(e), fullTypeName: `memcheck: ${e.kind}` },
    };
    this.sendResponse(response);
  }

  // ---- memory and code ----

  protected readMemoryRequest(response: DebugProtocol.ReadMemoryResponse, args: DebugProtocol.ReadMemoryArguments): void {
    const d = this.debuggee;
    const reference = parseMemoryReference(args.memoryReference);
    const count = Number(args.count);
    const process = reference && d ? this.processOf(reference.pid) : undefined;
    if (!d || !reference || !process || !Number.isSafeInteger(count) || count < 0) return this.sendErrorResponse(response, { id: ERR.memory, format: `cannot read ${String(args.count)} bytes at ${String(args.memoryReference)}` });
    const address = reference.address + (args.offset ?? 0);
    // Quietly, through the process's own page tables: reading moves no page and no counter.
    const { bytes, unreadable } = readQuietly(process, d.machine.pager, address, Math.min(count, 1 << 20));
    response.body = { address: hexText(address), data: Buffer.from(bytes).toString('base64'), unreadableBytes: unreadable + Math.max(0, count - (1 << 20)) };
    this.sendResponse(response);
  }

  protected writeMemoryRequest(response: DebugProtocol.WriteMemoryResponse, args: DebugProtocol.WriteMemoryArguments): void {
    const d = this.debuggee;
    const reference = parseMemoryReference(args.memoryReference);
    if (!d || reference === undefined || typeof args.data !== 'string') return this.sendErrorResponse(response, { id: ERR.memory, format: `cannot write at ${String(args.memoryReference)}` });
    if (this.processOf(reference.pid) !== d.machine.current) return this.sendErrorResponse(response, { id: ERR.memory, format: `pid ${String(reference.pid)} is not on the CPU: memscope writes the memory of the running process only` });
    const base = reference.address;
    const bytes = Uint8Array.from(Buffer.from(args.data, 'base64'));
    const written = d.machine.writeMemory(base + (args.offset ?? 0), bytes);
    if (written === 0 && bytes.length > 0) return this.sendErrorResponse(response, { id: ERR.memory, format: `no memory is mapped at ${hexText(base + (args.offset ?? 0))}` });
    response.body = { offset: args.offset ?? 0, bytesWritten: written };
    this.sendResponse(response);
    this.snapshots.invalidate();
    this.sendEvent(new MemoryEvent(args.memoryReference, args.offset ?? 0, written));
    this.sendEvent(new InvalidatedEvent(['variables']));
  }

  protected disassembleRequest(response: DebugProtocol.DisassembleResponse, args: DebugProtocol.DisassembleArguments): void {
    const d = this.debuggee;
    // Text is shared by every process: a reference into another process's memory names the same code.
    const base = parseMemoryReference(args.memoryReference)?.address;
    const count = Number(args.instructionCount);
    if (!d || base === undefined || !Number.isSafeInteger(count) || count < 0 || count > 100_000) return this.sendErrorResponse(response, { id: ERR.badArguments, format: `cannot disassemble at ${String(args.memoryReference)}` });
    response.body = {
      instructions: disassemble(d.machine, base + (args.offset ?? 0), args.instructionOffset ?? 0, count).map((ins) => ({
        address: hexText(ins.address),
        instruction: ins.text,
        ...(ins.bytes ? { instructionBytes: ins.bytes } : {}),
        ...(ins.symbol ? { symbol: ins.symbol } : {}),
        ...(ins.file && ins.line ? { location: this.source(ins.file), line: this.convertDebuggerLineToClient(ins.line), column: this.convertDebuggerColumnToClient(ins.column ?? 1) } : {}),
        ...(ins.valid ? {} : { presentationHint: 'invalid' as const }),
      })),
    };
    this.sendResponse(response);
  }

  protected sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    const name = this.sources.get(args.source?.sourceReference ?? args.sourceReference) ?? args.source?.path;
    const content = name === undefined ? undefined : librarySource(name);
    if (content === undefined) return this.sendErrorResponse(response, { id: ERR.badArguments, format: `no source for ${String(name ?? args.sourceReference)}` });
    response.body = { content, mimeType: 'text/x-c' };
    this.sendResponse(response);
  }

  // ---- memscope's own requests ----

  protected customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    const d = this.debuggee;
    switch (command) {
      case SNAPSHOT_REQUEST: {
        if (!d) return this.sendErrorResponse(response, { id: ERR.noProgram, format: 'no program is being debugged' });
        response.body = this.snapshots.answer(d.machine, { heapPolicy: d.settings.heapPolicy, swapBytes: d.settings.swap }, (args as { since?: unknown }).since);
        return this.sendResponse(response);
      }
      case MARKS_REQUEST: {
        if (!d) return this.sendErrorResponse(response, { id: ERR.noProgram, format: 'no program is being debugged' });
        response.body = { marks: memoryMarks(this.snapshots.snapshot(d.machine, { heapPolicy: d.settings.heapPolicy, swapBytes: d.settings.swap })) } satisfies MarksResponseBody;
        return this.sendResponse(response);
      }
      case WALK_REQUEST: {
        const { pid, address } = (args ?? {}) as { pid?: unknown; address?: unknown };
        if (!d || typeof pid !== 'number' || typeof address !== 'number') return this.sendErrorResponse(response, { id: ERR.badArguments, format: `${WALK_REQUEST} needs a pid and an address` });
        const walk = walkAddress(d.machine, pid, address);
        if (!walk) return this.sendErrorResponse(response, { id: ERR.badArguments, format: `no process with pid ${pid}` });
        response.body = walk;
        return this.sendResponse(response);
      }
      default:
        return this.sendErrorResponse(response, { id: ERR.badArguments, format: `memscope does not know the request '${command}'` });
    }
  }

  // ---- helpers ----

  private frames(): FrameInfo[] {
    this.frameCache ??= this.debuggee ? this.debuggee.machine.backtrace() : [];
    return this.frameCache;
  }

  /** The backtrace of a process at this stop: the running one's, or one walked through its own page tables. */
  private framesOf(process: Process): FrameInfo[] {
    const machine = this.debuggee?.machine;
    if (!machine || process === machine.current) return this.frames();
    let frames = this.otherFrames.get(process.pid);
    if (!frames) this.otherFrames.set(process.pid, (frames = machine.backtrace(Infinity, process)));
    return frames;
  }

  /**
   * The process and backtrace index of a DAP frame id (index + 1 for the running process, pid *
   * OTHER_FRAMES + index + 1 for another); the running process's innermost frame when none is given.
   */
  private frameAt(frameId: number | undefined): FrameAt {
    const machine = this.debuggee!.machine;
    if (typeof frameId !== 'number') return { process: machine.current, frame: 0 };
    if (frameId < OTHER_FRAMES) return { process: machine.current, frame: frameId - 1 };
    const process = machine.processes.find((p) => p.pid === Math.floor(frameId / OTHER_FRAMES));
    return process ? { process, frame: (frameId % OTHER_FRAMES) - 1 } : { process: machine.current, frame: -1 };
  }

  private frameInfo(at: FrameAt): FrameInfo | undefined {
    return at.frame >= 0 ? this.framesOf(at.process)[at.frame] : undefined;
  }

  /** The process a memory reference names (none named: the one on the CPU). */
  private processOf(pid: number | undefined): Process | undefined {
    const machine = this.debuggee?.machine;
    if (!machine) return undefined;
    return pid === undefined ? machine.current : machine.processes.find((p) => p.pid === pid);
  }

  private variableStore(): VariableStore {
    this.store ??= new VariableStore(this.debuggee!.machine, (process) => this.framesOf(process));
    return this.store;
  }

  private forgetStop(): void {
    this.frameCache = undefined;
    this.otherFrames.clear();
    this.errorSite = undefined;
    this.store?.reset();
    this.store = undefined;
  }

  private source(file: string): Source {
    if (!file.startsWith('<')) return new Source(path.basename(file), this.convertDebuggerPathToClient(file));
    const s = new Source(file, undefined, this.sources.create(file), 'memscope library');
    (s as DebugProtocol.Source).presentationHint = 'deemphasize';
    return s;
  }

  private output(text: string, category: OutputCategory): void {
    this.console.push(text, category);
  }

  private flushOutput(): void {
    this.console.flush();
  }
}
