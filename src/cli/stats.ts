// `--stats`: the memory counters of every process at exit, as a readable table (sizes in KiB as
// `ps` and /proc show them, counts as they are).

import type { Machine } from '../engine/machine/machine';

const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KiB`;

export function formatStats(machine: Machine): string {
  const columns: [string, (m: ReturnType<Machine['counters']>) => string][] = [
    ['VSZ', (m) => kib(m.vsz)],
    ['RSS', (m) => kib(m.rss)],
    ['RSS peak', (m) => kib(m.rssPeak)],
    ['shared', (m) => kib(m.shared)],
    ['PSS', (m) => kib(m.pss)],
    ['swapped', (m) => kib(m.swapped)],
    ['page tables', (m) => kib(m.pageTableBytes)],
    ['minor faults', (m) => String(m.minorFaults)],
    ['major faults', (m) => String(m.majorFaults)],
    ['invalid faults', (m) => String(m.invalidFaults)],
    ['COW faults', (m) => String(m.cowFaults)],
    ['TLB hits', (m) => String(m.tlbHits)],
    ['TLB misses', (m) => String(m.tlbMisses)],
    ['simulated time', (m) => `${(m.simulatedTimeNs / 1e6).toFixed(3)} ms`],
    ['instructions', (m) => String(m.instructions)],
  ];
  const procs = machine.processes.map((p) => ({ pid: p.pid, counters: machine.counters(p) }));
  const header = ['', ...procs.map((p) => `pid ${p.pid}`)];
  const rows = columns.map(([name, cell]) => [name, ...procs.map((p) => cell(p.counters))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return ['memory statistics:', line(header), ...rows.map(line), ''].join('\n');
}
