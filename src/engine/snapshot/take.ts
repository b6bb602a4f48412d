// takeSnapshot: the whole machine at one stop as the plain-JSON Snapshot of types.ts, read from the
// machine's own tables and never re-derived by a view.
//
//   const s = takeSnapshot(machine, { heapPolicy: 'first', swapBytes: 256 << 20 });
//   s.processes[0].stack[0].slots      // the innermost frame, byte by byte (docs/abi.md)
//   diffSnapshots(previous, s)         // what a step changed (delta.ts)
//
// How it works. Per process: registers and regions from the machine; the stack from the fp chain in
// memory (take-stack.ts); heap chunks from the allocator with memcheck's sites and the leak check of
// this moment, pointer edges from typed variables and tagged heap words (take-heap.ts); pages from the
// page table (take-paging.ts). Then machine-wide: physical frames, swap, TLB, errors, and where the
// running process stands. Collections follow types.ts's ordering: frames innermost first with
// tombstones after the live ones, every other keyed collection by ascending key.

import type { Machine } from '../machine/machine';
import type { Process } from '../machine/process';
import { SIGNALS } from '../errors';
import type { RuntimeError } from '../errors';
import { typeName } from '../lang/types';
import { processContext, valueAt, site, type ProcessContext } from './take-context';
import { liveFrames, tombstones } from './take-stack';
import { heapChunks, heapView, pointerEdges, userObjects } from './take-heap';
import { pagesOf, pageWalk, physicalFrames, regionsOf, swapSlots, tlbView } from './take-paging';
import { SNAPSHOT_VERSION, type Global, type PageWalk, type ProcessView, type Snapshot } from './types';

export interface TakeOptions {
  /** The heap policy the allocator was built with (the machine does not expose it). */
  readonly heapPolicy?: string;
  /** Swap space in bytes, for the slot count. */
  readonly swapBytes?: number;
}

export function takeSnapshot(machine: Machine, options: TakeOptions = {}): Snapshot {
  const top = machine.backtrace(8).find((f) => f.origin === 'user') ?? machine.backtrace(1)[0];
  const processes = machine.processes.map((p) => processView(machine, p, options));
  const current = machine.current;
  const files = new Map(machine.program.files.map((f, i) => [f, i]));
  return {
    version: SNAPSHOT_VERSION,
    kind: 'full',
    step: machine.steps,
    files: [...machine.program.files],
    current: current.pid,
    processes,
    physical: { frameCount: machine.memory.frameCount, frameSize: 4096, frames: physicalFrames(machine) },
    swap: { slotCount: Math.floor((options.swapBytes ?? 0) / 4096), slots: swapSlots(machine) },
    tlb: tlbView(machine),
    errors: machine.errors.map(withoutCount),
    position: top ? { function: top.function, site: site(files.get(top.site.file) ?? 0, top.site.line, top.site.column) } : null,
  };
}

function withoutCount(e: RuntimeError & { count?: number }): RuntimeError {
  const { count: _count, ...error } = e;
  return error;
}

function processView(machine: Machine, proc: Process, options: TakeOptions): ProcessView {
  const ctx = processContext(machine, proc);
  // A process that died of a fault keeps its registers: its stack is shown as it was at the fault. One
  // that is not on the CPU (ready, or blocked in wait) has its own stack at the same addresses, walked
  // through its own page tables.
  const isCurrent = proc === machine.current;
  const alive = proc.running || isCurrent;
  const frames = alive ? machine.backtrace(Infinity, proc) : [];
  const { frames: live, elided } = liveFrames(ctx, frames);
  const scan = alive ? pointerEdges(ctx, frames) : { edges: [], deadLocals: new Set<number>() };
  // Arrows start at slots that are drawn: none from frames left out of a too-deep stack.
  const edges = elided ? scan.edges.filter((e) => e.from < elided.low || e.from >= elided.high) : scan.edges;
  const status = proc.status;
  const chunks = alive ? heapChunks(ctx, scan.edges) : [];
  const globals = alive ? globalsOf(ctx) : [];
  const heap = heapView(ctx, options.heapPolicy ?? 'first');
  const stack = [...live, ...tombstones(ctx, scan.deadLocals, frames)];
  // The page table last: the machine's leak check and the allocator's own walk of its heap can still
  // move pages in and out of swap (they read them back), and the pages shown must be the ones the
  // physical frames and swap slots agree with.
  const pages = alive ? pagesOf(machine, proc) : [];
  return {
    pid: proc.pid,
    ppid: proc.ppid,
    name: proc.name,
    state: machine.processState(proc),
    ...(status.kind === 'exited' ? { exitCode: status.status } : status.kind === 'signaled' ? { exitCode: 128 + SIGNALS[status.signal] } : {}),
    registers: registersOf(machine, proc),
    regions: regionsOf(proc, pages),
    stack,
    ...(elided ? { elided } : {}),
    heap,
    chunks,
    globals,
    pointers: edges,
    pages,
    counters: machine.counters(proc),
  };
}

function registersOf(machine: Machine, proc: Process): ProcessView['registers'] {
  const s = proc.state;
  return { pc: machine.text.address[s.pc] ?? 0, sp: s.sp, fp: s.fp, brk: proc.space.brk };
}

function globalsOf(ctx: ProcessContext): Global[] {
  return userObjects(ctx)
    .map((o) => {
      const type = ctx.types.type(o.type);
      return {
        name: o.name,
        address: o.address,
        size: o.size,
        section: o.section,
        kind: o.kind,
        ...(o.function ? { function: o.function } : {}),
        site: site(o.file, o.line, 1),
        value: valueAt(ctx, type, o.address, ctx.program.types[o.type]?.name ?? typeName(type)),
      };
    })
    .sort((a, b) => a.address - b.address);
}

/** The walk of one address in one process (the `memscope/walk` request); undefined for an unknown pid. */
export function walkAddress(machine: Machine, pid: number, address: number): PageWalk | undefined {
  const proc = machine.processes.find((p) => p.pid === pid);
  return proc ? pageWalk(machine, proc, address) : undefined;
}
