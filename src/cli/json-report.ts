// The machine-readable report of `memscope run --report FILE.json`; its shape is documented field by
// field in docs/report.md and is a contract for graders, so it is built in this one place.

import type { Diagnostic } from '../engine/diagnostics';
import type { StackEntry } from '../engine/errors';
import type { CountedError } from '../engine/check/error-log';
import type { HeapSummary, LeakSummary, LossNote, MemoryCounters } from '../engine/machine/machine';

export interface RunOutcome {
  readonly program: string;
  readonly exitCode: number;
  readonly signal: string | null;
  readonly compileErrors: readonly Diagnostic[];
  readonly errors: readonly CountedError[];
  readonly leaks: LeakSummary | null;
  readonly heap: HeapSummary | null;
  readonly processes: readonly { pid: number; ppid: number; exitCode: number | null; signal: string | null; memory: MemoryCounters }[];
  readonly steps: number;
}

/** Library frames have no line; the site a student fixes is the innermost frame in their own code. */
function userFrame(stack: readonly StackEntry[] | undefined): StackEntry | undefined {
  return stack?.find((f) => f.line > 0 && !f.file.startsWith('<'));
}

const frame = (f: StackEntry) => ({ function: f.function, file: f.file, line: f.line, column: f.column });

function memoryJson(m: MemoryCounters) {
  return {
    vsz: m.vsz, rss: m.rss, rssPeak: m.rssPeak, shared: m.shared, pss: m.pss, swapped: m.swapped,
    pageTableBytes: m.pageTableBytes, minorFaults: m.minorFaults, majorFaults: m.majorFaults,
    invalidFaults: m.invalidFaults, cowFaults: m.cowFaults, tlbHits: m.tlbHits, tlbMisses: m.tlbMisses,
    simulatedTimeNs: m.simulatedTimeNs,
  };
}

/** The distinct moments a record's blocks lost their last pointer: line, cause, where, how many blocks. */
function lostMoments(notes: readonly (LossNote | null)[]) {
  const out: { line: number; cause: string; where: string; blocks: number }[] = [];
  for (const n of notes) {
    if (!n || n.line <= 0) continue;
    const same = out.find((m) => m.line === n.line && m.cause === n.cause && m.where === n.where);
    if (same) same.blocks++;
    else out.push({ line: n.line, cause: n.cause, where: n.where, blocks: 1 });
  }
  return out;
}

export function buildReport(o: RunOutcome): unknown {
  const none = { bytes: 0, blocks: 0 };
  return {
    version: 1,
    program: o.program,
    exitCode: o.exitCode,
    signal: o.signal,
    compileErrors: o.compileErrors
      .filter((d) => d.severity === 'error')
      .map((d) => ({ file: d.location.file, line: d.location.line, column: d.location.column, severity: d.severity, message: d.message, ...(d.hint ? { hint: d.hint } : {}) })),
    errors: o.errors.map((e) => {
      const at = userFrame(e.stack) ?? e.stack[0];
      return {
        kind: e.kind,
        message: e.message,
        details: e.details,
        explanation: e.explanation,
        file: at?.file ?? null,
        line: at?.line ?? null,
        column: at?.column ?? null,
        address: e.address ?? null,
        size: e.size ?? null,
        stack: e.stack.filter((f) => f.function !== '_start').map(frame),
        allocLine: userFrame(e.allocStack)?.line ?? null,
        freeLine: userFrame(e.freeStack)?.line ?? null,
        count: e.count,
        fatal: e.fatal,
        pid: e.pid,
      };
    }),
    leaks: o.leaks
      ? {
          definite: o.leaks.definite,
          indirect: o.leaks.indirect,
          possible: o.leaks.possible,
          reachable: o.leaks.reachable,
          records: o.leaks.records.map((r) => ({
            kind: r.kind,
            bytes: r.bytes,
            blocks: r.blocks,
            indirectBytes: r.indirectBytes,
            allocLine: userFrame(r.allocStack)?.line ?? null,
            stack: r.allocStack.filter((f) => f.function !== '_start').map(frame),
            lost: lostMoments(r.lost ?? []),
          })),
        }
      : { definite: none, indirect: none, possible: none, reachable: none, records: [] },
    heap: o.heap ? { inUseBytes: o.heap.inUseBytes, inUseBlocks: o.heap.inUseBlocks, allocs: o.heap.allocs, frees: o.heap.frees, bytesAllocated: o.heap.bytesAllocated } : null,
    memory: o.processes[0] ? memoryJson(o.processes[0].memory) : null,
    processes: o.processes.map((p) => ({ pid: p.pid, ppid: p.ppid, exitCode: p.exitCode, signal: p.signal, memory: memoryJson(p.memory) })),
    steps: o.steps,
  };
}
