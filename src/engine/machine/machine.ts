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
//     { kind: 'error', error }           //   a non-fatal memcheck error, with stopOnErrors
//     { kind: 'max-steps' }              //   options.maxSteps instructions executed
//     { kind: 'paused' }                 //   pause() was called
//   m.setBreakpoints([addr…]) / m.clearBreakpoints()   patches decoded instructions: zero cost elsewhere
//   m.step('instruction' | 'statement-in' | 'statement-over' | 'statement-out')  goal for the next run()
//   m.pause()                            the current or next run() returns promptly
//   m.statementAddresses(file, line)     where the statements of a source line begin (for breakpoints)
//   m.backtrace(max?)                    frames from the fp chain in memory, innermost first
//   m.registers()                        pc (text address), sp, fp, brk of the current process
//   m.readMemory(addr, len) / m.writeMemory(addr, bytes) / m.definedness(addr, len)   debugger access
//   m.translate(va) / m.walk(va)         MMU translation and the full 4-level walk, without side effects
//   m.regions(), m.processes, m.current, m.counters(proc?), m.errors, m.exitStatus, m.steps
//   m.leakCheck(proc?), m.heapSummary(proc?)   valgrind's leak categories and HEAP SUMMARY, now
//
// Options (MachineOptions): argv, stackSize, physMem, tlbEntries, heapPolicy, coalesce, mmapThreshold,
// maxSteps, stopOnErrors, jit / jitThreshold (compiled code, jit.ts), natives (libc's LIBC), allocator
// (heap/allocator.ts's createAllocator). Kernel functions (syscalls.ts) are always available.
//
// Execution is deterministic: the same program, options and input give the same instructions,
// addresses, faults and reports. Nothing here blocks: run() does at most `budget` instructions.
//
// Checkpoints (not built yet) would copy the state cheaply: CPU state and object table are typed arrays
// (slice), VMAs and the allocator's records are small; physical frames would be copied lazily by
// write-protecting the TLB's write tags after a checkpoint (every first write to a frame then takes the
// slow path, which copies the frame once) — the same mechanism as fork's copy-on-write.

import type { Program } from '../program';
import { SIGNALS, type RuntimeError, type SignalName, type StackEntry } from '../errors';
import type { NativeSpec, ProcessIO } from '../libc/native';
import type { HeapPolicy, HeapStats } from '../heap/host';
import { PhysicalMemory, PAGE_SIZE } from '../memory/physical';
import { Tlb } from '../memory/tlb';
import { permissionText, type VmaKind } from '../memory/vma';
import type { WalkResult } from '../memory/page-table';
import { ShadowMemory, DEFINED } from '../check/shadow';
import { ErrorLog, type CountedError } from '../check/error-log';
import { findLeaks, type LeakKind, type LeakCount } from '../check/leaks';
import type { AllocatorFactory } from '../check/heap';
import { decodeText, instructionAt, BREAK, type DecodedText } from './decode';
import { Symbols } from './symbols';
import { Cpu, STOP_BREAK, STOP_END, STOP_REQUEST } from './cpu';
import { MachineNativeCall } from './native-call';
import { KERNEL } from './syscalls';
import { loadProcess } from './loader';
import type { Process } from './process';
import { walkFrames, type FrameInfo } from './frames';
import { Breakpoints, stepReached, type StepGoal, type StepKind } from './breakpoints';
import { symbolise } from './report';
import { Jit } from './jit';

export interface MachineOptions {
  /** argv of the program; argv[0] names the process (default ['a.out']). */
  readonly argv?: readonly string[];
  /** Stack size limit in bytes (default 8 MiB). */
  readonly stackSize?: number;
  /** Physical memory in bytes (default 256 MiB, at most 1 GiB). */
  readonly physMem?: number;
  /** TLB entries, a power of two (default 64). */
  readonly tlbEntries?: number;
  readonly heapPolicy?: HeapPolicy;
  readonly coalesce?: boolean;
  /** Requests of at least this many bytes get their own mmap region (default 128 KiB). */
  readonly mmapThreshold?: number;
  /** Instructions after which run() returns max-steps (default: no limit). */
  readonly maxSteps?: number;
  /** Stop with { kind: 'error' } at each new non-fatal error (debugger sessions). */
  readonly stopOnErrors?: boolean;
  /** Compile hot functions to JavaScript (default true); off: the interpreter runs everything. */
  readonly jit?: boolean;
  /** Entries into a function (calls, jumps) before it is compiled (default 40; 0: at once). */
  readonly jitThreshold?: number;
  /** Library functions implemented in TypeScript (libc's LIBC table). */
  readonly natives?: Readonly<Record<string, NativeSpec>>;
  /** The heap allocator (heap/allocator.ts's createAllocator). */
  readonly allocator: AllocatorFactory;
}

export interface MachineIO {
  write(fd: 1 | 2, bytes: Uint8Array): void;
  /** Next byte of stdin, or -1 at its end. */
  readStdin(): number;
}

export type StopEvent =
  | { readonly kind: 'budget' }
  | { readonly kind: 'breakpoint'; readonly address: number }
  | { readonly kind: 'step' }
  | { readonly kind: 'exited'; readonly status: number }
  | { readonly kind: 'signaled'; readonly signal: SignalName; readonly reason: string; readonly error?: RuntimeError }
  | { readonly kind: 'error'; readonly error: RuntimeError }
  | { readonly kind: 'max-steps' }
  | { readonly kind: 'paused' };

export interface RegionInfo {
  readonly start: number;
  readonly end: number;
  readonly permissions: string;
  readonly name: string;
  readonly kind: VmaKind;
  readonly residentPages: number;
}

export interface MemoryCounters {
  readonly vsz: number;
  readonly rss: number;
  readonly rssPeak: number;
  readonly shared: number;
  readonly pss: number;
  readonly swapped: number;
  readonly pageTableBytes: number;
  readonly minorFaults: number;
  readonly majorFaults: number;
  readonly invalidFaults: number;
  readonly cowFaults: number;
  readonly tlbHits: number;
  readonly tlbMisses: number;
  readonly simulatedTimeNs: number;
  readonly instructions: number;
}

export interface LeakSummary {
  readonly definite: LeakCount;
  readonly indirect: LeakCount;
  readonly possible: LeakCount;
  readonly reachable: LeakCount;
  readonly records: readonly { readonly kind: LeakKind; readonly bytes: number; readonly blocks: number; readonly indirectBytes: number; readonly allocStack: StackEntry[]; readonly addresses: number[] }[];
  /** Verdict per block payload address. */
  readonly blocks: ReadonlyMap<number, LeakKind>;
}

export interface HeapSummary {
  readonly inUseBytes: number;
  readonly inUseBlocks: number;
  readonly allocs: number;
  readonly frees: number;
  readonly bytesAllocated: number;
  readonly stats: HeapStats;
}

/** Cost model of the simulated clock (documented in docs/performance.md; refined by the VM issue). */
export const COST_NS = { instruction: 1, tlbMiss: 20, minorFault: 1000 } as const;

export class Machine {
  readonly program: Program;
  readonly memory: PhysicalMemory;
  readonly shadow: ShadowMemory;
  readonly tlb: Tlb;
  readonly text: DecodedText;
  readonly symbols: Symbols;
  private readonly errorLog = new ErrorLog();
  private readonly cpu: Cpu;
  private readonly procs: Process[] = [];
  private readonly breaks: Breakpoints;
  private goal: StepGoal | undefined;
  private pauseRequested = false;
  /** pc of the last stop the caller saw (resuming there runs a breakpointed instruction once). */
  private seenStopPc = -1;
  private readonly maxSteps: number;
  private readonly stdinBack: number[] = [];
  private readonly jitAllowed: boolean;

  constructor(program: Program, options: MachineOptions, io: MachineIO) {
    this.program = program;
    this.maxSteps = options.maxSteps ?? Infinity;
    this.memory = new PhysicalMemory(options.physMem ?? 256 * 1024 * 1024);
    this.shadow = new ShadowMemory(this.memory);
    this.tlb = new Tlb(options.tlbEntries ?? 64);
    this.text = decodeText(program);
    this.symbols = new Symbols(program, this.text);
    this.cpu = new Cpu(program, this.text, this.symbols, this.memory, this.shadow, this.tlb, this.errorLog, options.natives ?? {}, KERNEL);
    this.cpu.stopOnErrors = options.stopOnErrors ?? false;
    this.breaks = new Breakpoints(this.text, this.symbols);
    this.jitAllowed = options.jit !== false;
    if (this.jitAllowed) this.cpu.jit = new Jit(this.cpu);
    this.cpu.jitThreshold = options.jitThreshold ?? 40;
    this.cpu.jitOn = this.jitAllowed;
    const processIO: ProcessIO = {
      write: (fd, bytes) => io.write(fd, bytes),
      readByte: () => (this.stdinBack.length > 0 ? this.stdinBack.pop()! : io.readStdin()),
      unreadByte: (byte) => {
        if (byte >= 0) this.stdinBack.push(byte);
      },
    };
    this.cpu.nativeCall = new MachineNativeCall(this.cpu, processIO);
    const proc = loadProcess(program, this.text, this.memory, this.shadow, this.tlb, {
      argv: options.argv ?? ['a.out'],
      stackSize: options.stackSize ?? 8 * 1024 * 1024,
      allocator: options.allocator,
      allocatorOptions: { policy: options.heapPolicy ?? 'first', coalesce: options.coalesce ?? true, mmapThreshold: options.mmapThreshold ?? 128 * 1024 },
    });
    this.procs.push(proc);
    this.cpu.proc = proc;
  }

  // ---- running ----

  run(budget: number): StopEvent {
    const cpu = this.cpu;
    const proc = cpu.proc;
    if (!proc.running) return this.endEvent(proc);
    if (this.pauseRequested) {
      this.pauseRequested = false;
      cpu.stopRequested = false;
      return this.seen({ kind: 'paused' });
    }
    const S = proc.state;
    if (this.text.op[S.pc] === BREAK && S.pc === this.seenStopPc) cpu.skipBreakAt = S.pc;
    this.seenStopPc = -1;
    let remaining = budget;
    for (;;) {
      const room = this.maxSteps - cpu.steps;
      if (room <= 0) return { kind: 'max-steps' };
      const slice = Math.min(remaining, room, this.goal?.kind === 'instruction' ? 1 : Infinity);
      if (!(slice > 0)) return { kind: 'budget' };
      const before = cpu.steps;
      const code = cpu.execute(slice);
      const done = cpu.steps - before;
      proc.instructions += done;
      remaining -= done;
      cpu.skipBreakAt = -1;
      if (code === STOP_END) {
        this.finishStep();
        return this.endEvent(proc);
      }
      if (code === STOP_REQUEST) {
        cpu.stopRequested = false;
        const error = cpu.pendingError;
        cpu.pendingError = undefined;
        if (error) return this.seen({ kind: 'error', error });
        if (this.pauseRequested) {
          this.pauseRequested = false;
          return this.seen({ kind: 'paused' });
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

  /** Sets a stepping goal; the next run() stops when it is reached (or earlier, at a breakpoint). */
  step(kind: StepKind): void {
    const S = this.cpu.proc.state;
    this.goal = { kind, depth: S.depth };
    this.breaks.beginStep(this.goal, kind === 'instruction' ? -1 : S.depth > 0 ? S.csReturn[S.depth]! : -1);
    this.seenStopPc = S.pc;
    // Single instructions are stepped by the interpreter: its budget is exact to the instruction.
    this.cpu.jitOn = this.jitAllowed && !this.breaks.active && kind !== 'instruction';
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
    return this.procs;
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
    const s = this.procs[0]!.status;
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

  backtrace(max = Infinity): FrameInfo[] {
    return walkFrames(this.cpu, max);
  }

  /** Bytes at [address, address+length) without any check; stops at the first unmapped byte. */
  readMemory(address: number, length: number): { bytes: Uint8Array; unreadable: number } {
    const space = this.cpu.proc.space;
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++) {
      const va = address + k;
      const pa = space.physical(va, false);
      if (pa >= 0) out[k] = this.memory.bytes[pa]!;
      else {
        const v = space.vmas.find(va);
        if (!v || v.kind === 'guard') return { bytes: out.subarray(0, k), unreadable: length - k };
      }
    }
    return { bytes: out, unreadable: 0 };
  }

  /** Memcheck state of each byte (0 defined, 1 undefined, 2 not addressable). */
  definedness(address: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let k = 0; k < length; k++) out[k] = this.cpu.proc.shadow.get(address + k);
    return out;
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
    const pa = this.cpu.proc.space.physical(va, false);
    return pa < 0 ? undefined : pa;
  }

  walk(va: number): WalkResult {
    return this.cpu.proc.space.walk(va);
  }

  regions(proc: Process = this.cpu.proc): RegionInfo[] {
    const resident = new Map<number, number>();
    const vmas = proc.space.vmas.all();
    proc.space.forEachResident((va) => {
      const v = proc.space.vmas.find(va);
      if (v) resident.set(v.start, (resident.get(v.start) ?? 0) + 1);
    });
    return vmas.map((v) => ({ start: v.start, end: v.end, permissions: permissionText(v), name: v.name, kind: v.kind, residentPages: resident.get(v.start) ?? 0 }));
  }

  counters(proc: Process = this.cpu.proc): MemoryCounters {
    const c = proc.space.counters;
    const rss = proc.space.rss();
    return {
      vsz: proc.space.vsz(),
      rss,
      rssPeak: c.peakResidentPages * PAGE_SIZE,
      shared: 0,
      pss: rss,
      swapped: 0,
      pageTableBytes: proc.space.table.tableFrames * PAGE_SIZE,
      minorFaults: c.minorFaults,
      majorFaults: c.majorFaults,
      invalidFaults: c.invalidFaults,
      cowFaults: c.cowFaults,
      tlbHits: this.tlb.hits,
      tlbMisses: this.tlb.misses,
      simulatedTimeNs: proc.clockNs + proc.instructions * COST_NS.instruction + this.tlb.misses * COST_NS.tlbMiss + c.minorFaults * COST_NS.minorFault,
      instructions: proc.instructions,
    };
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
    const S = proc.state;
    const mem = this.memory;
    const live = proc.heap.liveBlocks();
    const forEachWordIn = (start: number, size: number, visit: (v: number) => void): void => {
      const end = start + size;
      let va = Math.ceil(start / 8) * 8;
      while (va + 8 <= end) {
        const pageEnd = Math.min(end, va - (va % PAGE_SIZE) + PAGE_SIZE);
        const pa = space.physical(va, false);
        if (pa >= 0) {
          for (let p = pa; va + 8 <= pageEnd; p += 8, va += 8) {
            const hi = mem.i32[(p >> 2) + 1]!;
            if (hi >= 0 && hi < 0x8000) visit(hi * 4294967296 + (mem.i32[p >> 2]! >>> 0));
          }
        } else va = pageEnd;
        va = Math.ceil(va / 8) * 8;
      }
    };
    const roots: [number, number][] = [];
    for (const v of space.vmas.all()) {
      if (v.kind === 'data' || v.kind === 'bss' || (v.kind === 'mmap' && !v.allocatorOwned && v.read)) roots.push([v.start, v.end - v.start]);
    }
    roots.push([S.sp, space.stack.top - S.sp]);
    const registers: number[] = [];
    for (let d = 0; d <= S.depth; d++) {
      // A library stub's window holds nothing of the program's (it is a dead callee's old window).
      const f = S.csFunc[d]!;
      const n = f >= 0 && this.program.functions[f]!.origin !== 'native' ? this.text.funcNregs[f]! : 0;
      for (let r = S.csBase[d]!; r < S.csBase[d]! + n; r++) registers.push(S.R[r]!);
    }
    const objects = proc.objects;
    const stackOf = (id: number): readonly number[] => objects.stacks.get(objects.allocStack[id]!);
    const report = findLeaks({
      blocks: live.map((b) => ({ address: b.block.address, size: b.block.requested, object: b.object })),
      forEachRootWord: (visit) => {
        for (const [start, size] of roots) forEachWordIn(start, size, visit);
      },
      forEachWordIn,
      registers,
      stackKey: (id) => String(objects.allocStack[id]),
    });
    const blocks = new Map<number, LeakKind>();
    for (const [id, kind] of report.verdicts) blocks.set(objects.start[id]!, kind);
    const records = report.records.map((r) => ({
      kind: r.kind,
      bytes: r.bytes,
      blocks: r.blocks,
      indirectBytes: r.indirectBytes,
      allocStack: symbolise(this.cpu, stackOf(r.objects[0]!)),
      addresses: r.objects.map((id) => objects.start[id]!),
    }));
    return { definite: report.definite, indirect: report.indirect, possible: report.possible, reachable: report.reachable, records, blocks };
  }
}


