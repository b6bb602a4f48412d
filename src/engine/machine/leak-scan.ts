// What a leak scan of a process reads: its live heap blocks and the words of its roots.
//
// How it works. The roots are the process's data and bss, the mmap regions the program mapped itself
// (not the allocator's own), the live part of its stack — from `stackFrom` (normally sp) up to the top —
// and, for the leak check at exit or on demand, the registers of its live frames (a library stub's window
// is left out: it is a dead callee's old window). Memory is read page by page where it is, in a frame or
// a swap slot (check/page-contents.ts): a scan never faults a page in, shares or copies one, or moves a
// counter; a value is a pointer candidate only below 2^47, as addresses are. Each word and register comes with its pointer tag (check/shadow.ts). The same input serves
// valgrind's categories (check/leaks.ts) and the leak moment (check/lost.ts), which follow one rule: a
// value whose tag names another object is no way into a block (lost.ts's `leadsTo`).
//
// `leakSummary` is the leak check of a moment (at exit, or while paused): valgrind's categories and loss
// records, each lost block with the moment it lost its last pointer when memscope knows it — recorded
// on the spot (machine/lost-pointers.ts), or, for blocks a cycle kept counted, the latest removal of a
// pointer to any block of its lost group (the statement that cut the last way into the cycle).

import { findLeaks, type LeakInput, type LeakKind } from '../check/leaks';
import type { LossMoment, ReachInput } from '../check/lost';
import { causeName } from '../check/pointer-counts';
import type { LeakSummary, LossNote } from './machine';
import { symbolise } from './report';
import { PAGE_SIZE } from '../memory/physical';
import { pageContents, pagesWithContents } from '../check/page-contents';
import type { Cpu } from './cpu';
import type { Process } from './process';

export interface ScanOptions {
  /** Lowest stack address that is live (default: sp). */
  readonly stackFrom?: number;
  /** Count the registers of live frames as roots (default true). */
  readonly registers?: boolean;
}

/** The scan input of `proc`, with a counter of the words it reads (its cost). */
export function scanInput(cpu: Cpu, proc: Process, options: ScanOptions = {}): LeakInput & ReachInput & { words: number } {
  const space = proc.space;
  const S = proc.state;
  const live = options.registers === false ? { values: [], tags: [] } : liveRegisters(cpu, proc);
  const input = {
    words: 0,
    blocks: proc.heap.liveExtents(),
    registers: live.values,
    registerTags: live.tags,
    forEachWordIn(start: number, size: number, visit: (v: number, tag: number) => void): void {
      const end = start + size;
      const first = Math.ceil(start / 8) * 8;
      // Only pages with contents hold words (a 64 GiB block that touched one page has one page to read).
      for (const pageVa of pagesWithContents(space, first, end)) {
        let va = Math.max(first, pageVa);
        const pageEnd = Math.min(end, pageVa + PAGE_SIZE);
        if (va + 8 > pageEnd) continue;
        const page = pageContents(space, cpu.shadow, va);
        if (!page) continue;
        const { i32, tags } = page;
        input.words += (pageEnd - va) >> 3;
        for (let p = page.base + (va % PAGE_SIZE); va + 8 <= pageEnd; p += 8, va += 8) {
          const hi = i32[(p >> 2) + 1]!;
          if (hi >= 0 && hi < 0x8000) visit(hi * 4294967296 + (i32[p >> 2]! >>> 0), tags[p >> 3]!);
        }
      }
    },
    forEachRootWord(visit: (v: number, tag: number) => void): void {
      for (const v of space.vmas.all()) {
        if (v.kind === 'data' || v.kind === 'bss' || (v.kind === 'mmap' && !v.allocatorOwned && v.read)) input.forEachWordIn(v.start, v.end - v.start, visit);
      }
      const from = options.stackFrom ?? S.sp;
      input.forEachWordIn(from, space.stack.top - from, visit);
    },
    stackKey: (id: number) => String(proc.objects.allocStack[id]),
    startOf: (id: number) => proc.objects.start[id]!,
  };
  // Listing the live blocks costs about as much as reading a few words of each.
  input.words += 8 * input.blocks.length;
  return input;
}

/** Values and pointer tags of the registers of live frames (registers are a statement's temporaries). */
function liveRegisters(cpu: Cpu, proc: Process): { values: number[]; tags: number[] } {
  const S = proc.state;
  const values: number[] = [];
  const tags: number[] = [];
  for (let d = 0; d <= S.depth; d++) {
    const f = S.csFunc[d]!;
    const n = f >= 0 && cpu.program.functions[f]!.origin !== 'native' ? cpu.text.funcNregs[f]! : 0;
    for (let r = S.csBase[d]!; r < S.csBase[d]! + n; r++) {
      // A register still naming a block whose loss was seen is a dead temporary of the statement that
      // lost it (the leak moment is judged without registers): it does not bring the block back.
      if (proc.heap.losses.has(S.T[r]!)) continue;
      values.push(S.R[r]!);
      tags.push(S.T[r]!);
    }
  }
  return { values, tags };
}

/** Valgrind's leak check of `proc` now: categories, loss records and the loss moment of each lost block. */
export function leakSummary(cpu: Cpu, proc: Process): LeakSummary {
  const objects = proc.objects;
  const input = scanInput(cpu, proc);
  const report = findLeaks(input);
  const blocks = new Map<number, LeakKind>();
  for (const [id, kind] of report.verdicts) blocks.set(objects.start[id]!, kind);
  const moments = lossMoments(proc, report.verdicts, report.leaders);
  const records = report.records.map((r) => ({
    kind: r.kind,
    bytes: r.bytes,
    blocks: r.blocks,
    indirectBytes: r.indirectBytes,
    allocStack: symbolise(cpu, objects.stacks.get(objects.allocStack[r.objects[0]!]!)),
    addresses: r.objects.map((id) => objects.start[id]!),
    lost: r.objects.map((id) => {
      const m = moments.get(id);
      return m ? note(cpu, m) : null;
    }),
  }));
  return { definite: report.definite, indirect: report.indirect, possible: report.possible, reachable: report.reachable, records, blocks };
}

/**
 * The loss moment of each definitely or indirectly lost block: the one recorded when it happened, else
 * the latest pointer removal among the blocks of its group (a cycle's blocks never reach a zero count).
 */
function lossMoments(proc: Process, verdicts: ReadonlyMap<number, LeakKind>, leaders: ReadonlyMap<number, number>): Map<number, LossMoment> {
  const objects = proc.objects;
  const known = proc.heap.losses;
  const out = new Map<number, LossMoment>();
  const latest = new Map<number, number>();
  for (const [id, kind] of verdicts) {
    if (kind !== 'definite' && kind !== 'indirect') continue;
    const leader = kind === 'definite' ? id : (leaders.get(id) ?? id);
    if (objects.dropSite[id] !== 0 && objects.dropSerial[id]! > (objects.dropSerial[latest.get(leader) ?? 0] ?? 0)) latest.set(leader, id);
  }
  for (const [id, kind] of verdicts) {
    if (kind !== 'definite' && kind !== 'indirect') continue;
    const recorded = known.get(id);
    if (recorded) {
      out.set(id, recorded);
      continue;
    }
    const leader = kind === 'definite' ? id : (leaders.get(id) ?? id);
    const by = latest.get(leader);
    if (by === undefined) continue;
    const site = objects.dropSite[by]!;
    out.set(id, { site: site >> 2, stack: 0, cause: causeName(site), where: '', leader: leader === id ? 0 : leader });
  }
  return out;
}

function note(cpu: Cpu, m: LossMoment): LossNote {
  const at = cpu.symbols.entry(m.site);
  return { cause: m.cause, where: m.where, function: at.function, file: at.file, line: at.line, indirect: m.leader !== 0 };
}
