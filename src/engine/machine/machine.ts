// The Machine: one simulated computer running a Mini C program — the API the CLI, the debugger and the
// views drive.
//
//   const m = new Machine(program, { argv: ['prog'], natives: LIBC }, { write, readStdin });
//   let e = m.run(100_000);              // at most 100k instructions, then returns why it stopped:
//     { kind: 'budget' }                 //   the slice is used up (call run again)
//     { kind: 'breakpoint', address }    //   at a breakpoint, before executing it
//     { kind: 'step' }                   //   a step() goal was reached
//     { kind: 'exited', status }         //   exit(status & 0xff)
//     { kind: 'signaled', signal, reason, error? }  // killed (SIGSEGV, SIGFPE, SIGABRT…)
//     { kind: 'error', error, repeat }   //   a non-fatal memcheck error, with stopOnErrors (repeat: not the
//                                        //   first at its site; only for kinds given to setStopOnRepeats)
//     { kind: 'max-steps' }              //   options.maxSteps instructions executed
//     { kind: 'paused' }                 //   pause() was called
//     { kind: 'watch', hit, before, after }  //   right after an access to a watched range (setWatchpoints)
//   m.setBreakpoints([addr…]) / m.clearBreakpoints()   patches decoded instructions: zero cost elsewhere
//   m.setWatchpoints([{ address, size, access }…])   data watchpoints (watchpoints.ts): only accesses to
//                                        pages holding a watched byte leave the fast paths
//   m.step('instruction' | 'statement-in' | 'statement-over' | 'statement-out')  goal for the next run()
//   m.cancelStep()                       drops the step goal (the debugger stopped for something else)
//   m.pause()                            the current or next run() returns promptly
//   m.setStopOnRepeats(kinds)            with stopOnErrors: these error kinds stop at every occurrence
//   m.statementAddresses(file, line)     where the statements of a source line begin (for breakpoints)
//   m.backtrace(max?, proc?)             frames from the fp chain in memory, innermost first (any process)
//   m.registers()                        pc (text address), sp, fp, brk of the current process
//   m.readMemory(addr, len) / m.writeMemory(addr, bytes) / m.definedness(addr, len)   debugger access
//   m.translate(va) / m.walk(va)         MMU translation and the full 4-level walk, without side effects
//   m.translation(va, access?, proc?)    the walk and what an access would do (hit, minor/major fault, SIGSEGV…)
//   m.regions(), m.processes, m.current, m.counters(proc?), m.errors, m.exitStatus, m.steps
//   m.pages(proc?), m.frames(), m.swapSlots(), m.tlbEntries()   page-table entries with their bits,
//                                        physical frames with owners, swap slots, the TLB (vm-views.ts)
//   m.faultsByLine(proc?), m.processState(proc), m.kernelLog, m.clockNs, m.pagerStats
//   m.leakCheck(proc?), m.heapSummary(proc?)   valgrind's leak categories and HEAP SUMMARY, now
//
// Options (MachineOptions): argv, stackSize, physMem, swap, pagePolicy, tlbEntries, heapPolicy, coalesce,
// heapLimit, mmapThreshold, maxSteps, stopOnErrors, jit / jitThreshold (compiled code, jit.ts), natives (libc's
// LIBC), allocator (heap/allocator.ts's createAllocator). Kernel functions (syscalls.ts) are always
// available; processes, scheduling and the OOM killer are kernel.ts's, paging is memory/pager.ts's.
//
// Execution is deterministic: the same program, options and input give the same instructions,
// addresses, faults and reports. Nothing here blocks: run() does at most `budget` instructions, of
// whichever processes the scheduler runs; it reports the end only when every process has ended.
//
// Checkpoints (not built yet) would copy the state cheaply: CPU state and object table are typed arrays
// (slice), VMAs and the allocator's records are small; physical frames would be copied lazily by
// write-protecting the TLB's write tags after a checkpoint (every first write to a frame then takes the
// slow path, which copies the frame once) — the same mechanism as fork's copy-on-write.

import type { Program } from '../program';
import { SIGNALS, type ErrorKind } from '../errors';
import type { ProcessIO } from '../libc/native';
import { PhysicalMemory } from '../memory/physical';
import { CpuTlb } from './cpu-tlb';
import { Watchpoints, type WatchRange, type WatchHit } from './watchpoints';
import { Pager, type PagerStats } from '../memory/pager';
import { Swap } from '../memory/swap';
import { createPolicy } from '../memory/replacement';
import { MemoryFault } from '../memory/fault';
import type { WalkResult } from '../memory/page-table';
import { ShadowMemory, DEFINED } from '../check/shadow';
import { ErrorLog, type CountedError } from '../check/error-log';
import { leakSummary } from './leak-scan';
import { decodeText, instructionAt, BREAK, type DecodedText } from './decode';
import { Symbols } from './symbols';
import { Cpu, STOP_BREAK, STOP_END, STOP_REQUEST } from './cpu';
import { MachineNativeCall } from './native-call';
import { KERNEL } from './syscalls';
import { loadProcess } from './loader';
import type { Process } from './process';
import { Kernel } from './kernel';
import { COST_NS, type MemoryCounters } from './accounting';
import { StdinTape } from './stdin-tape';
import { recordFuture } from './opt-future';
import { pageList, frameList, swapList, tlbList, faultLines, translation, processState, readQuietly, definednessQuietly, regionList, type RegionInfo, type PageInfo, type FrameInfoView, type SwapSlotInfo, type TlbEntryInfo, type LineFaults, type Translation, type ProcessState } from './vm-views';
import { walkFrames, type FrameInfo } from './frames';
import { Breakpoints, stepReached, type StepGoal, type StepKind } from './breakpoints';
import { Jit } from './jit';

import type { MachineOptions, MachineIO, StopEvent, LeakSummary, HeapSummary } from './machine-types';

export type { MachineOptions, MachineIO, StopEvent, LeakSummary, LossNote, HeapSummary } from './machine-types';
export type { MemoryCounters };
export type { WatchRange, WatchHit };
export type { PageInfo, FrameInfoView, SwapSlotInfo, TlbEntryInfo, LineFaults, Translation, ProcessState, RegionInfo };

/** Cost model of the simulated clock (accounting.ts; documented in docs/vm.md). */
export { COST_NS };

export class Machine {
  readonly program: Program;
  readonly memory: PhysicalMemory;
  readonly shadow: ShadowMemory;
  readonly tlb: CpuTlb;
  readonly pager: Pager;
  private readonly kernel: Kernel;
  readonly text: DecodedText;
  readonly symbols: Symbols;
  private readonly errorLog = new ErrorLog();
  private readonly cpu: Cpu;
  private readonly breaks: Breakpoints;
  private goal: StepGoal | undefined;
  private pauseRequested = false;
  /** pc of the last stop the caller saw (resuming there runs a breakpointed instruction once). */
  private seenStopPc = -1;
  private readonly maxSteps: number;
  private readonly stdinBack: number[] = [];
  private readonly jitAllowed: boolean;
  /** A watch hit made by the instruction that also reported the error returned first: the next run() returns it. */
  private watchAfterError: StopEvent | undefined;

  constructor(program: Program, options: MachineOptions, io: MachineIO) {
    this.program = program;
    this.maxSteps = options.maxSteps ?? Infinity;
    this.memory = new PhysicalMemory(options.physMem ?? 256 * 1024 * 1024);
    this.shadow = new ShadowMemory(this.memory);
    this.tlb = new CpuTlb(options.tlbEntries ?? 64, this.memory.lastUse);
    const policy = options.pagePolicy ?? 'clock';
    this.pager = new Pager(this.memory, this.tlb, this.shadow, new Swap(options.swap ?? 0), createPolicy(policy, this.memory.frameCount));
    this.tlb.stampHits = policy === 'lru';
    this.pager.recording = options.recordReferences;
    // The opt policy reads the future from a first run; that run replays the same stdin.
    const tape = policy === 'opt' ? new StdinTape(() => io.readStdin()) : undefined;
    const readStdin = tape ? tape.reader() : () => io.readStdin();
    if (tape) this.pager.future = () => recordFuture((o, i) => new Machine(program, o, i), options, tape);
    this.text = decodeText(program);
    this.symbols = new Symbols(program, this.text);
    this.cpu = new Cpu(program, this.text, this.symbols, this.memory, this.shadow, this.tlb, this.errorLog, options.natives ?? {}, KERNEL);
    this.cpu.stopOnErrors = options.stopOnErrors ?? false;
    this.cpu.watch = new Watchpoints(this.tlb, (proc, address, length) => readQuietly(proc, this.pager, address, length).bytes);
    this.breaks = new Breakpoints(this.text, this.symbols);
    this.jitAllowed = options.jit !== false;
    if (this.jitAllowed) this.cpu.jit = new Jit(this.cpu);
    this.cpu.jitThreshold = options.jitThreshold ?? 40;
    this.cpu.jitOn = this.jitAllowed;
    const processIO: ProcessIO = {
      write: (fd, bytes) => io.write(fd, bytes),
      readByte: () => (this.stdinBack.length > 0 ? this.stdinBack.pop()! : readStdin()),
      unreadByte: (byte) => {
        if (byte >= 0) this.stdinBack.push(byte);
      },
    };
    this.cpu.nativeCall = new MachineNativeCall(this.cpu, processIO);
    this.pager.now = () => this.cpu.steps;
    let proc: Process;
    try {
      proc = this.load(options);
    } catch (e) {
      // Not even the program fits: physical memory is smaller than its page tables and first pages.
      if (e instanceof MemoryFault) throw new RangeError(`physical memory of ${this.memory.size} bytes is too small to load the program (${e.describe()})`);
      throw e;
    }
    this.cpu.proc = proc;
    this.kernel = new Kernel(this.cpu, this.pager, this.shadow, proc);
    this.cpu.os = this.kernel;
  }

  /** The first process (pid 1), loaded as exec does. */
  private load(options: MachineOptions): Process {
    const proc = loadProcess(this.program, this.text, this.pager, this.shadow, {
      argv: options.argv ?? ['a.out'],
      stackSize: options.stackSize ?? 8 * 1024 * 1024,
      allocator: options.allocator,
      allocatorOptions: { policy: options.heapPolicy ?? 'first', coalesce: options.coalesce ?? true, mmapThreshold: options.mmapThreshold ?? 128 * 1024 },
    });
    proc.heap.heapLimit = options.heapLimit ?? 0;
    return proc;
  }

  // ---- running ----

  run(budget: number): StopEvent {
    const cpu = this.cpu;
    const kernel = this.kernel;
    // The current process may have ended or be waiting: the scheduler picks who runs (none: the end).
    if (!kernel.schedule()) return this.endEvent(kernel.first);
    if (this.pauseRequested) {
      this.pauseRequested = false;
      cpu.stopRequested = false;
      return this.seen({ kind: 'paused' });
    }
    if (this.watchAfterError) {
      const hit = this.watchAfterError;
      this.watchAfterError = undefined;
      return this.seen(hit);
    }
    const start = cpu.proc.state;
    if (this.text.op[start.pc] === BREAK && start.pc === this.seenStopPc) cpu.skipBreakAt = start.pc;
    this.seenStopPc = -1;
    let remaining = budget;
    for (;;) {
      const proc = cpu.proc;
      const S = proc.state;
      const room = this.maxSteps - cpu.steps;
      if (room <= 0) return { kind: 'max-steps' };
      const slice = Math.min(remaining, room, kernel.quantumLeft(), this.goal?.kind === 'instruction' ? 1 : Infinity);
      if (!(slice > 0)) {
        if (remaining <= 0) return { kind: 'budget' };
        // The turn is over: the next ready process (or this one again) gets the CPU.
        if (!this.switched()) return this.endEvent(kernel.first);
        if (this.goal && cpu.proc !== proc) return this.stepEndsAtSwitch();
        continue;
      }
      const before = cpu.steps;
      const code = cpu.execute(slice);
      const done = cpu.steps - before;
      proc.instructions += done;
      kernel.ran(done);
      remaining -= done;
      cpu.skipBreakAt = -1;
      if (code === STOP_END) {
        // An error of the process's last call (exit() given an undefined status) is still told, as a
        // stop of its own before the end (the next run() returns the end).
        const error = cpu.pendingError;
        cpu.pendingError = undefined;
        cpu.stopRequested = false;
        kernel.exited(proc);
        if (!this.switched()) {
          this.finishStep();
          return error ? { kind: 'error', error } : this.endEvent(kernel.first);
        }
        if (error) return { kind: 'error', error };
        if (this.goal) return this.stepEndsAtSwitch();
        if (remaining <= 0) return { kind: 'budget' };
        continue;
      }
      if (code === STOP_REQUEST) {
        cpu.stopRequested = false;
        const error = cpu.pendingError;
        cpu.pendingError = undefined;
        const watched = this.watchStop();
        // Not `seen`: the instruction at pc has not run, so a breakpoint or step goal there still stops.
        if (error) {
          this.watchAfterError = watched;
          return { kind: 'error', error, repeat: cpu.pendingRepeat };
        }
        // The access is done; a step goal under way stays (cancelStep drops it).
        if (watched) return this.seen(watched);
        if (this.pauseRequested) {
          this.pauseRequested = false;
          return this.seen({ kind: 'paused' });
        }
        if (!proc.ready) {
          // Blocked in wait(): another process runs until a child ends.
          if (!this.switched()) return this.endEvent(kernel.first);
          if (this.goal) return this.stepEndsAtSwitch();
        }
        continue;
      }
      if (code === STOP_BREAK) {
        const k = S.pc;
        if (this.breaks.isUser(k)) {
          this.finishStep();
          return this.seen({ kind: 'breakpoint', address: this.text.address[k]! });
        }
        if (this.goal && stepReached(this.goal, k, S.depth, this.symbols)) {
          this.finishStep();
          return this.seen({ kind: 'step' });
        }
        cpu.skipBreakAt = k;
        continue;
      }
      if (this.goal?.kind === 'instruction') {
        this.finishStep();
        return this.seen({ kind: 'step' });
      }
      if (cpu.steps >= this.maxSteps) return { kind: 'max-steps' };
      if (remaining <= 0) return { kind: 'budget' };
    }
  }

  /** The watch hit of the instruction just run, with the watched bytes before and after it. */
  private watchStop(): StopEvent | undefined {
    const hit = this.cpu.watch.take();
    if (!hit) return undefined;
    const proc = this.kernel.processes.find((p) => p.pid === hit.pid) ?? this.cpu.proc;
    const after = readQuietly(proc, this.pager, hit.address, hit.size).bytes;
    return { kind: 'watch', hit, before: hit.old ?? after, after };
  }

  /** Applies the scheduling rule; false when no process is left to run. */
  private switched(): boolean {
    return this.kernel.schedule();
  }

  /** A step that was under way when the CPU went to another process stops there, in the new process. */
  private stepEndsAtSwitch(): StopEvent {
    this.finishStep();
    return this.seen({ kind: 'step' });
  }

  /** Sets a stepping goal; the next run() stops when it is reached (or earlier, at a breakpoint). */
  step(kind: StepKind): void {
    const S = this.cpu.proc.state;
    this.goal = { kind, depth: S.depth };
    this.breaks.beginStep(this.goal, kind === 'instruction' ? -1 : S.depth > 0 ? S.csReturn[S.depth]! : -1);
    this.seenStopPc = S.pc;
    // Single instructions are stepped by the interpreter: its budget is exact to the instruction.
    this.cpu.jitOn = this.jitAllowed && !this.breaks.active && kind !== 'instruction';
  }

  /**
   * Drops the step goal under way. A goal survives the stops it did not cause (an error, a pause, a
   * watchpoint) so that a caller that goes on with the step can; one that stops there for good cancels it.
   */
  cancelStep(): void {
    this.finishStep();
  }

  /**
   * With stopOnErrors, errors of these kinds stop at every occurrence, not only the first at each site
   * (a debugger filter whose condition must be asked each time). The error log still counts them once.
   */
  setStopOnRepeats(kinds: readonly ErrorKind[]): void {
    this.cpu.stopOnRepeats = new Set(kinds);
  }

  /** Makes the current or next run() return { kind: 'paused' } promptly. */
  pause(): void {
    this.pauseRequested = true;
    this.cpu.stopRequested = true;
  }

  /** Sets the breakpoints (text addresses of instructions); returns the addresses accepted. */
  setBreakpoints(addresses: readonly number[]): number[] {
    const set = this.breaks.setUser(addresses.map((a) => instructionAt(this.text, a)));
    this.cpu.jitOn = this.jitAllowed && !this.breaks.active;
    return set.map((k) => this.text.address[k]!);
  }

  /**
   * Watches ranges of memory (in every process, at the same virtual addresses): run() stops with
   * { kind: 'watch' } right after an access of the range's kind. Replaces the previous list; returns the
   * ranges kept (empty or non-address ones are dropped). An empty list costs nothing.
   */
  setWatchpoints(list: readonly WatchRange[]): readonly WatchRange[] {
    return this.cpu.watch.set(list);
  }

  clearBreakpoints(): void {
    this.breaks.setUser([]);
    this.cpu.jitOn = this.jitAllowed && !this.breaks.active;
  }

  /** Text addresses where statements of `line` of source file `file` (index into Program.files) begin. */
  statementAddresses(file: number, line: number): number[] {
    return this.program.lines.filter((l) => l.isStatement && l.file === file && l.line === line).map((l) => l.address);
  }

  private finishStep(): void {
    if (this.goal) {
      this.goal = undefined;
      this.breaks.endStep();
      this.cpu.jitOn = this.jitAllowed && !this.breaks.active;
    }
  }

  private seen(e: StopEvent): StopEvent {
    this.seenStopPc = this.cpu.proc.state.pc;
    return e;
  }

  private endEvent(proc: Process): StopEvent {
    const s = proc.status;
    switch (s.kind) {
      case 'exited':
        return { kind: 'exited', status: s.status };
      case 'signaled':
        return { kind: 'signaled', signal: s.signal, reason: s.reason, error: s.error };
      case 'running':
        return { kind: 'budget' };
      default: {
        const never: never = s;
        return never;
      }
    }
  }

  // ---- state ----

  get processes(): readonly Process[] {
    return this.kernel.processes;
  }

  get current(): Process {
    return this.cpu.proc;
  }

  /** Every error reported so far (each distinct one once, with its count). */
  get errors(): readonly CountedError[] {
    return this.errorLog.list;
  }

  /** Exit status of the main process, once it has ended (128 + signal number if killed). */
  get exitStatus(): number | undefined {
    const s = this.kernel.first.status;
    if (s.kind === 'exited') return s.status;
    if (s.kind === 'signaled') return 128 + SIGNALS[s.signal];
    return undefined;
  }

  /** Functions compiled to JavaScript so far (0 with the JIT off). */
  get compiledFunctions(): number {
    return this.cpu.jit?.compiled ?? 0;
  }

  /** Instructions executed so far. */
  get steps(): number {
    return this.cpu.steps;
  }

  /** Registers of the current process: pc as a text address. */
  registers(): { pc: number; sp: number; fp: number; brk: number } {
    const p = this.cpu.proc;
    return { pc: this.text.address[p.state.pc] ?? 0, sp: p.state.sp, fp: p.state.fp, brk: p.space.brk };
  }

  /** Frames of a process from its fp chain in memory, innermost first (the running one by default). */
  backtrace(max = Infinity, proc: Process = this.cpu.proc): FrameInfo[] {
    return walkFrames(this.cpu, max, proc);
  }

  /**
   * Bytes at [address, address+length) without any check and without disturbing the run (a page in swap
   * is read from its slot, not brought back); stops at the first unmapped byte.
   */
  readMemory(address: number, length: number): { bytes: Uint8Array; unreadable: number } {
    return readQuietly(this.cpu.proc, this.pager, address, length);
  }

  /** Memcheck state of each byte (0 defined, 1 undefined, 2 not addressable), without disturbing the run. */
  definedness(address: number, length: number): Uint8Array {
    return definednessQuietly(this.cpu.proc, this.pager, this.shadow, address, length);
  }

  /** Writes bytes (debugger access: no memcheck report, bytes become defined); returns bytes written. */
  writeMemory(address: number, bytes: Uint8Array): number {
    const space = this.cpu.proc.space;
    for (let k = 0; k < bytes.length; k++) {
      const pa = space.physical(address + k, true);
      if (pa < 0) return k;
      this.memory.bytes[pa] = bytes[k]!;
      this.shadow.state[pa] = DEFINED;
      this.shadow.tags[pa >> 3] = 0;
    }
    return bytes.length;
  }

  /** Physical address of `va` in the current process, or undefined if it is not resident. */
  translate(va: number): number | undefined {
    const at = this.cpu.proc.space.locate(va);
    return at?.kind === 'frame' ? at.physical : undefined;
  }

  walk(va: number, proc: Process = this.cpu.proc): WalkResult {
    return proc.space.walk(va);
  }

  /** The walk of `va` in `proc` and what an access would do now (a TLB hit, a fault of which kind, SIGSEGV). */
  translation(va: number, access: 'read' | 'write' | 'execute' = 'read', proc: Process = this.cpu.proc): Translation {
    return translation(proc, va, access, proc === this.cpu.proc);
  }

  /** The mappings of a process (/proc/self/maps) with how many of their pages have a frame now. */
  regions(proc: Process = this.cpu.proc): RegionInfo[] {
    return regionList(proc);
  }

  /** The memory counters of a process (accounting.ts); for an ended one, as they were when it ended. */
  counters(proc: Process = this.cpu.proc): MemoryCounters {
    return this.kernel.counters(proc);
  }

  /** Simulated time of the whole machine: every process's, one CPU. */
  get clockNs(): number {
    return this.kernel.processes.reduce((t, p) => t + this.counters(p).simulatedTimeNs, 0);
  }

  /** Kernel messages so far (the OOM killer's lines), oldest first. */
  get kernelLog(): readonly string[] {
    return this.kernel.log;
  }

  /** Pages written to and read from swap, and OOM kills, machine-wide. */
  get pagerStats(): Readonly<PagerStats> {
    return this.pager.stats;
  }

  /** Scheduling state of a process, as the views show it. */
  processState(proc: Process): ProcessState {
    return processState(proc, proc === this.cpu.proc, this.kernel.first);
  }

  /** The page-table entries of a process (every non-empty leaf), with their bits and where the page is. */
  pages(proc: Process = this.cpu.proc): PageInfo[] {
    return pageList(proc);
  }

  /** Physical frames in use: what each holds and who maps it. */
  frames(): FrameInfoView[] {
    return frameList(this.pager, this.kernel.processes);
  }

  /** Swap slots in use, with the processes whose entries name them. */
  swapSlots(): SwapSlotInfo[] {
    return swapList(this.pager, this.kernel.processes);
  }

  /** The TLB's valid entries (the running process's translations). */
  tlbEntries(): TlbEntryInfo[] {
    return tlbList(this.tlb);
  }

  /** Page faults per source line of the program, by kind. */
  faultsByLine(proc: Process = this.cpu.proc): LineFaults[] {
    return faultLines(proc, this.symbols);
  }

  heapSummary(proc: Process = this.cpu.proc): HeapSummary {
    const live = proc.heap.liveBlocks();
    const stats = proc.heap.stats();
    return {
      inUseBytes: live.reduce((n, b) => n + b.block.requested, 0),
      inUseBlocks: live.length,
      allocs: stats.totalAllocs,
      frees: stats.totalFrees,
      bytesAllocated: stats.totalBytesAllocated,
      stats,
    };
  }

  /**
   * Valgrind's leak check of a process at this moment: roots are its data, bss and own mmap regions, the
   * live part of its stack (sp up to the top) and the registers of its live frames.
   */
  leakCheck(proc: Process = this.cpu.proc): LeakSummary {
    const space = proc.space;
    if (!space.alive) {
      // Its memory was released (the OOM killer, or a child that ended): the check made just before.
      const none = { bytes: 0, blocks: 0 };
      return proc.finalLeaks ?? { definite: none, indirect: none, possible: none, reachable: none, records: [], blocks: new Map() };
    }
    return leakSummary(this.cpu, proc);
  }
}


