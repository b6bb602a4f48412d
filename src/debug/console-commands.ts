// The debug console's commands for the lesson views, in text: `:maps`, `:walk ADDR`, `:heap`, `:leaks`,
// `:frames`, `:stats` (and `:help`). Each reads the same snapshot the memory panels draw, so the console
// and the views never disagree. ADDR is any C expression (`:walk p`, `:walk &x`, `:walk 0x405000`).
// They answer for the process of the frame selected in the Call Stack (after fork, each process is a
// thread): the child's `:walk &x` ends in the child's frame, the parent's in the parent's.

import type { Machine } from '../engine/machine/machine';
import type { Process } from '../engine/machine/process';
import type { FrameInfo } from '../engine/machine/frames';
import { takeSnapshot, walkAddress } from '../engine/snapshot/take';
import type { FrameSlot, ProcessView, Snapshot } from '../engine/snapshot/types';
import { evaluate, valueContext } from '../engine/debug/evaluate';
import { pointerAddress, readScalar } from '../engine/snapshot/values';

export interface ConsoleCommand {
  readonly name: string;
  readonly usage: string;
  readonly help: string;
}

export const CONSOLE_COMMANDS: readonly ConsoleCommand[] = [
  { name: ':maps', usage: ':maps', help: 'the memory regions of the process, as /proc/self/maps lists them' },
  { name: ':walk', usage: ':walk ADDR', help: 'the 4-level page-table walk of an address (a number or any C expression)' },
  { name: ':heap', usage: ':heap', help: 'every heap block with its header, size, state and sites; the free list' },
  { name: ':leaks', usage: ':leaks', help: 'the leak check of this moment, as valgrind reports it at exit' },
  { name: ':frames', usage: ':frames', help: 'each stack frame slot by slot: arguments, return address, saved fp, locals, padding' },
  { name: ':stats', usage: ':stats', help: 'memory counters: VSZ, RSS, page faults, TLB hits and misses, simulated time' },
  { name: ':help', usage: ':help', help: 'this list' },
];

const hex = (n: number) => `0x${n.toString(16)}`;
/** "1 block", "2 blocks": memscope's own sentences (lines imitating valgrind's LEAK SUMMARY keep "1 blocks"). */
const blocksText = (n: number) => `${n} block${n === 1 ? '' : 's'}`;

/** Runs a console command; the text to print, or an error message. */
export function runConsoleCommand(machine: Machine, line: string, at: { process: Process; frame: FrameInfo | undefined } = { process: machine.current, frame: undefined }, heapPolicy: string): { ok: boolean; text: string } {
  const [name = '', ...rest] = line.trim().split(/\s+/);
  const argument = rest.join(' ');
  const pid = at.process.pid;
  const process = (s: Snapshot): ProcessView => s.processes.find((p) => p.pid === pid) ?? s.processes[0]!;
  switch (name) {
    case ':maps':
      return { ok: true, text: maps(process(takeSnapshot(machine, { heapPolicy }))) };
    case ':walk':
      return walk(machine, argument, at);
    case ':heap':
      return { ok: true, text: heap(takeSnapshot(machine, { heapPolicy }), process) };
    case ':leaks':
      return { ok: true, text: leaks(machine, at.process) };
    case ':frames':
      return { ok: true, text: frames(process(takeSnapshot(machine, { heapPolicy }))) };
    case ':stats':
      return { ok: true, text: stats(process(takeSnapshot(machine, { heapPolicy })), machine) };
    case ':help':
    case ':':
      return { ok: true, text: CONSOLE_COMMANDS.map((c) => `${c.usage.padEnd(12)} ${c.help}`).join('\n') };
    default:
      return { ok: false, text: `unknown command ${name}; the commands are ${CONSOLE_COMMANDS.map((c) => c.name).join(' ')}` };
  }
}

function maps(p: ProcessView): string {
  return p.regions
    .map((r) => `${r.start.toString(16).padStart(12, '0')}-${r.end.toString(16).padStart(12, '0')} ${r.permissions}p ${String(r.residentPages).padStart(5)} resident  ${r.name}`)
    .join('\n');
}

function walk(machine: Machine, argument: string, at: { process: Process; frame: FrameInfo | undefined }): { ok: boolean; text: string } {
  if (argument === '') return { ok: false, text: 'usage: :walk ADDR (a number or a C expression such as p or &x)' };
  const result = evaluate(machine, argument, { frame: at.frame, process: at.process });
  if (!result.ok) return { ok: false, text: result.message };
  const read = readScalar(valueContext(machine, at.process), result.value.type, result.value.place);
  const address = read ? (read.scalar.kind === 'pointer' ? pointerAddress(read.scalar) : read.scalar.kind === 'int' ? Number(read.scalar.value) : undefined) : undefined;
  if (address === undefined || !Number.isSafeInteger(address)) return { ok: false, text: `${argument} is not an address` };
  const w = walkAddress(machine, at.process.pid, address);
  if (!w) return { ok: false, text: `process ${at.process.pid} has ended: it has no page table to walk` };
  const lines = [`walk of ${hex(address)} in process ${w.pid}${w.tlbHit ? ' (the TLB holds this page: no walk needed on access)' : ''}:`];
  for (const l of w.levels) {
    lines.push(`  ${l.name.padEnd(4)} table in frame ${hex(l.tableFrame)}, index ${String(l.index).padStart(3)}: entry ${l.entry}  ${l.present ? 'present' : 'not present'}${l.present ? `${l.writable ? ', writable' : ', read-only'}${l.user ? ', user' : ''}${l.noExecute ? ', no-execute' : ''}` : ''}`);
  }
  lines.push(w.result.kind === 'mapped' ? `  → frame ${hex(w.result.frame)} + offset ${hex(w.offset)} = physical ${hex(w.result.physical)}` : `  → fault: ${w.result.reason}`);
  return { ok: true, text: lines.join('\n') };
}

function heap(s: Snapshot, process: (s: Snapshot) => ProcessView): string {
  const p = process(s);
  const h = p.heap;
  const lines = [`heap ${hex(h.start)}–${hex(h.brk)} (brk), policy ${h.policy}: ${blocksText(h.allocatedBlocks)} in use (${h.allocatedBytes} bytes), ${h.totalFree} bytes free, largest free block ${h.largestFree}`];
  for (const c of p.chunks) {
    const site = c.allocSite ? ` allocated in ${c.allocFunction}() at line ${c.allocSite.line}` : '';
    const freed = c.freeSite ? `, freed in ${c.freeFunction}() at line ${c.freeSite.line}` : '';
    const what = c.state === 'free' || c.state === 'dangling-target' ? `free${c.state === 'dangling-target' ? ' (a dangling pointer still points here)' : ''}` : `${c.state}, ${c.requested} bytes requested`;
    lines.push(`  ${hex(c.start)} ${String(c.size).padStart(7)} bytes  ${c.blockId !== undefined ? `#${c.blockId} ` : ''}${what}${site}${freed}${c.mmapped ? ' [mmap]' : ''}`);
  }
  lines.push(`free list: ${h.freeList.length ? h.freeList.map(hex).join(' → ') : '(empty)'}`);
  if (h.lastSearch.length) lines.push(`the last malloc looked at: ${h.lastSearch.map(hex).join(', ')}`);
  return lines.join('\n');
}

function leaks(machine: Machine, process: Process): string {
  const l = machine.leakCheck(process);
  const count = (c: { bytes: number; blocks: number }) => `${c.bytes} bytes in ${c.blocks} blocks`;
  const lines = [`definitely lost: ${count(l.definite)}`, `indirectly lost: ${count(l.indirect)}`, `  possibly lost: ${count(l.possible)}`, `still reachable: ${count(l.reachable)}`];
  for (const r of l.records.filter((x) => x.kind !== 'reachable')) {
    const at = r.allocStack.find((f) => f.line > 0);
    lines.push(`  ${r.bytes} bytes in ${blocksText(r.blocks)} ${r.kind === 'definite' ? 'definitely' : r.kind === 'indirect' ? 'indirectly' : 'possibly'} lost, allocated${at ? ` in ${at.function}() at ${at.file}:${at.line}` : ''}: ${r.addresses.map(hex).join(', ')}`);
  }
  return lines.join('\n');
}

function slotText(s: FrameSlot): string {
  const name = s.kind === 'return-address' ? `return address${s.returnsTo ? ` → ${s.returnsTo.function}() line ${s.returnsTo.site.line}` : ''}` : s.kind === 'saved-fp' ? 'saved fp' : `${s.kind}${s.name ? ` ${s.name}` : ''}`;
  const value = s.value ? ` = ${s.value.text}${s.value.defined ? '' : ' (uninitialised)'}${s.value.pointer && s.value.pointer.kind !== 'valid' && s.value.pointer.kind !== 'null' ? ` — ${s.value.pointer.explanation}` : ''}` : '';
  return `    ${hex(s.address)} ${String(s.size).padStart(3)}  ${name}${value}${s.inScope === false ? ' (out of scope)' : ''}`;
}

function frames(p: ProcessView): string {
  const lines: string[] = [];
  for (const f of p.stack) {
    lines.push(`${f.dead ? '(returned) ' : ''}#${f.key} ${f.function}() at line ${f.site.line}: fp ${hex(f.fp)}, ${hex(f.low)}–${hex(f.high)} (${f.high - f.low} bytes)`);
    for (const s of f.slots) lines.push(slotText(s));
  }
  return lines.join('\n');
}

function stats(p: ProcessView, machine: Machine): string {
  const c = p.counters;
  const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
  const lookups = c.tlbHits + c.tlbMisses;
  return [
    `process ${p.pid} (${p.name}): ${c.instructions.toLocaleString('en-US')} instructions, simulated time ${(c.simulatedTimeNs / 1000).toFixed(1)} µs`,
    `VSZ ${kib(c.vsz)}, RSS ${kib(c.rss)} (peak ${kib(c.rssPeak)}), page tables ${kib(c.pageTableBytes)}, swapped ${kib(c.swapped)}`,
    `page faults: ${c.minorFaults} minor, ${c.majorFaults} major, ${c.invalidFaults} invalid, ${c.cowFaults} copy-on-write`,
    `TLB (${machine.tlb.size} entries): ${c.tlbHits} hits, ${c.tlbMisses} misses${lookups ? ` (${((100 * c.tlbHits) / lookups).toFixed(1)}% hits)` : ''}`,
  ].join('\n');
}
