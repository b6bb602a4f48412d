// memcheck's report as text, in valgrind's layout, so that students and graders who know memcheck read it
// at once: each error as it happens, prefixed with `==PID==`, with its call stack (`at` the innermost
// frame, `by` the callers), then the HEAP SUMMARY, the LEAK SUMMARY and the ERROR SUMMARY at exit.
// memscope adds one plain-language line per error, prefixed with "memscope:", and to each loss record the
// statement where its blocks lost their last pointer (the leak moment).
//
// How it works. Everything here is a pure function of values the machine hands out (`RuntimeError`,
// `Machine.heapSummary`, `Machine.leakCheck`), so every consumer that prints a report — `memscope run`
// on stderr, the debugger on its console — prints the same text from the same verdicts. The ERROR
// SUMMARY's numbers are counted here too (`errorSummaryCounts`): valgrind counts a leak as a loss record
// shown with --leak-check=full, not as the moments memscope saw, and both front ends must say the same.

import type { RuntimeError, StackEntry } from '../errors';
import type { HeapSummary, LeakSummary, LossNote } from '../machine/machine';
import type { CountedError } from './error-log';
import { SIGNALS, type SignalName } from '../errors';

const hex = (n: number) => `0x${n.toString(16)}`;

function frameText(e: StackEntry): string {
  const where = e.line > 0 ? ` (${e.file}:${e.line})` : '';
  return `${hex(e.pc)}: ${e.function}${where}`;
}

/** Frames shown per stack, as valgrind's default --num-callers. */
const MAX_FRAMES = 12;

function stackLines(prefix: string, stack: readonly StackEntry[]): string[] {
  // _start is memscope's own entry code; valgrind's stacks stop at main too.
  const frames = stack.filter((f) => f.function !== '_start').slice(0, MAX_FRAMES);
  return frames.map((f, i) => `${prefix}    ${i === 0 ? 'at' : 'by'} ${frameText(f)}`);
}

/** One error, as valgrind prints it when it happens. */
export function formatError(e: RuntimeError): string {
  const p = `==${e.pid}==`;
  const lines = [`${p} ${e.message}`, ...stackLines(p, e.stack)];
  e.details.forEach((detail, i) => {
    lines.push(`${p}  ${detail}`);
    // valgrind puts the free stack after "… free'd" and the allocation stack after "Block was alloc'd at".
    if (i === 0 && e.freeStack && /free'd/.test(detail)) lines.push(...stackLines(p, e.freeStack));
    else if (i === 0 && e.allocStack && /alloc'd/.test(detail)) lines.push(...stackLines(p, e.allocStack));
  });
  if (e.freeStack && e.allocStack && e.details.some((d) => /free'd/.test(d))) {
    lines.push(`${p}  Block was alloc'd at`, ...stackLines(p, e.allocStack));
  }
  lines.push(`${p}  memscope: ${e.explanation}`, p);
  return lines.join('\n') + '\n';
}

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}`;
const number = (n: number) => n.toLocaleString('en-US');

const KIND_WORDS = { definite: 'definitely lost', indirect: 'indirectly lost', possible: 'possibly lost', reachable: 'still reachable' } as const;

/** The kinds of loss record valgrind prints with --leak-check=full (its default --show-leak-kinds). */
const SHOWN = new Set(['definite', 'possible']);

/**
 * HEAP SUMMARY and LEAK SUMMARY (and loss records with full leak checking), as valgrind prints them at
 * exit. Records are numbered among all of them, reachable and indirect ones included, as valgrind
 * numbers them; each shown record adds the moment its blocks lost their last pointer, when known.
 */
export function formatLeakReport(pid: number, heap: HeapSummary, leaks: LeakSummary | null, full: boolean): string {
  const p = `==${pid}==`;
  const lines = [
    `${p} HEAP SUMMARY:`,
    `${p}     in use at exit: ${plural(heap.inUseBytes, 'bytes')} in ${plural(heap.inUseBlocks, 'blocks')}`,
    `${p}   total heap usage: ${plural(heap.allocs, 'allocs')}, ${plural(heap.frees, 'frees')}, ${plural(heap.bytesAllocated, 'bytes')} allocated`,
    p,
  ];
  if (heap.inUseBlocks === 0) {
    lines.push(`${p} All heap blocks were freed -- no leaks are possible`, p);
    return lines.join('\n') + '\n';
  }
  if (!leaks) return lines.join('\n') + '\n';
  if (full) {
    leaks.records.forEach((r, i) => {
      if (!SHOWN.has(r.kind)) return;
      const size = r.kind === 'definite' && r.indirectBytes > 0 ? `${number(r.bytes + r.indirectBytes)} (${number(r.bytes)} direct, ${number(r.indirectBytes)} indirect) bytes` : plural(r.bytes, 'bytes');
      lines.push(`${p} ${size} in ${plural(r.blocks, 'blocks')} are ${KIND_WORDS[r.kind]} in loss record ${number(i + 1)} of ${number(leaks.records.length)}`);
      lines.push(...stackLines(p, r.allocStack));
      const moment = lossMomentText(r.lost ?? [], r.blocks);
      if (moment) lines.push(`${p}  memscope: ${moment}`);
      lines.push(p);
    });
  }
  const count = (c: { bytes: number; blocks: number }) => `${plural(c.bytes, 'bytes')} in ${plural(c.blocks, 'blocks')}`;
  lines.push(
    `${p} LEAK SUMMARY:`,
    `${p}    definitely lost: ${count(leaks.definite)}`,
    `${p}    indirectly lost: ${count(leaks.indirect)}`,
    `${p}      possibly lost: ${count(leaks.possible)}`,
    `${p}    still reachable: ${count(leaks.reachable)}`,
    `${p}         suppressed: 0 bytes in 0 blocks`,
  );
  if (!full) lines.push(`${p} Rerun with --leak-check=full to see details of leaked memory`);
  else if (leaks.reachable.blocks > 0) {
    lines.push(`${p} Reachable blocks (those to which a pointer was found) are not shown.`, `${p} To see them, rerun with: --leak-check=full --show-leak-kinds=all`);
  }
  lines.push(p);
  return lines.join('\n') + '\n';
}

/**
 * "the last pointer to it was lost at line 14 (overwritten: variable 'p')" — the moments the blocks of a
 * record lost their last pointer, the most frequent first.
 */
export function lossMomentText(notes: readonly (LossNote | null)[], blocks: number): string {
  const counts = new Map<string, { note: LossNote; n: number }>();
  for (const note of notes) {
    if (!note || note.line <= 0) continue;
    const key = `${note.line}|${note.cause}|${note.where}`;
    const c = counts.get(key);
    if (c) c.n++;
    else counts.set(key, { note, n: 1 });
  }
  if (counts.size === 0) return '';
  const how = (n: LossNote) => {
    const why = n.cause === 'overwritten' ? 'overwritten' : n.cause === 'out-of-scope' ? 'went out of scope' : 'its owner was freed';
    const where = n.where && !n.indirect ? `: ${n.where}` : n.indirect ? ' (with the block that pointed to it)' : '';
    return `line ${n.line} (${why}${where})`;
  };
  const all = [...counts.values()].sort((a, b) => b.n - a.n);
  const shown = all.slice(0, 3).map((c) => (blocks > 1 ? `${how(c.note)} for ${c.n === 1 ? '1 block' : `${c.n} blocks`}` : how(c.note)));
  const more = all.length > 3 ? `, and ${all.length - 3} more places` : '';
  return blocks === 1 ? `the last pointer to it was lost at ${shown[0]}` : `the last pointers to them were lost at ${shown.join(', ')}${more}`;
}

/** The last line valgrind prints: how many errors from how many distinct places. */
export function formatErrorSummary(pid: number, errors: number, contexts: number): string {
  return `==${pid}== ERROR SUMMARY: ${plural(errors, 'errors')} from ${plural(contexts, 'contexts')} (suppressed: 0 from 0)\n`;
}

/**
 * The ERROR SUMMARY's numbers, as valgrind counts them: each error with its repetitions, leak moments
 * left out (valgrind has none), and with --leak-check=full one error per definitely or possibly lost
 * loss record (the records it prints).
 */
export function errorSummaryCounts(errors: readonly CountedError[], leaks: LeakSummary | null, full: boolean): { errors: number; contexts: number } {
  const memory = errors.filter((e) => e.kind !== 'leak');
  const records = full && leaks ? leaks.records.filter((r) => SHOWN.has(r.kind)).length : 0;
  return { errors: memory.reduce((n, e) => n + e.count, 0) + records, contexts: memory.length + records };
}

/** What valgrind prints when a process dies of a signal, with memscope's reason in words. */
export function formatTermination(pid: number, signal: SignalName, reason: string): string {
  return `==${pid}== Process terminating with default action of signal ${SIGNALS[signal]} (${signal})\n==${pid}==  memscope: ${reason}\n==${pid}==\n`;
}
