// `--stats`: the memory counters of every process at exit, as a readable table (sizes in KiB as `ps` and
// /proc show them, counts as they are), then the machine-wide paging numbers: pages written to and read
// from swap, OOM kills, and the simulated time of the whole run. A process that has ended shows its
// counters as they were when it ended (its memory was released then).

import type { Machine } from '../engine/machine/machine';

const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KiB`;
const count = (n: number) => n.toLocaleString('en-US');
/** Simulated time in the unit that reads best. */
export function formatTime(ns: number): string {
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(3)} ms`;
  return `${(ns / 1e9).toFixed(3)} s`;
}

export function formatStats(machine: Machine): string {
  const columns: [string, (m: ReturnType<Machine['counters']>) => string][] = [
    ['VSZ', (m) => kib(m.vsz)],
    ['RSS', (m) => kib(m.rss)],
    ['RSS peak', (m) => kib(m.rssPeak)],
    ['shared', (m) => kib(m.shared)],
    ['PSS', (m) => kib(m.pss)],
    ['swapped', (m) => kib(m.swapped)],
    ['page tables', (m) => kib(m.pageTableBytes)],
    ['minor faults', (m) => count(m.minorFaults)],
    ['major faults', (m) => count(m.majorFaults)],
    ['invalid faults', (m) => count(m.invalidFaults)],
    ['COW faults', (m) => count(m.cowFaults)],
    ['TLB hits', (m) => count(m.tlbHits)],
    ['TLB misses', (m) => count(m.tlbMisses)],
    ['simulated time', (m) => formatTime(m.simulatedTimeNs)],
    ['instructions', (m) => count(m.instructions)],
  ];
  const procs = machine.processes.map((p) => ({ pid: p.pid, name: p.name, state: machine.processState(p), counters: machine.counters(p) }));
  const header = ['', ...procs.map((p) => `pid ${p.pid}`)];
  const rows = [['state', ...procs.map((p) => p.state)], ...columns.map(([name, cell]) => [name, ...procs.map((p) => cell(p.counters))])];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const paging = machine.pagerStats;
  const totals = `swap: ${count(paging.swapOuts)} pages written, ${count(paging.swapIns)} read; OOM kills: ${paging.oomKills}; simulated time of the run: ${formatTime(machine.clockNs)}`;
  return ['memory statistics:', line(header), ...rows.map(line), totals, ''].join('\n');
}
