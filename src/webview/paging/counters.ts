// Per-process memory counters as a table, one column per process, each figure with how much it moved
// since the previous stop — the numbers `ps` and /proc/PID/status would show (VSZ, RSS, shared, PSS,
// swapped), the faults by kind, the TLB and the simulated clock.

import { el, replaceChildren } from '../dom';
import { bytes, count, nanoseconds, percent } from '../format';
import type { HistoryPoint, MemoryCounters, ProcessView } from '../../protocol/messages';

interface Row {
  readonly name: keyof MemoryCounters | 'tlbHitRate';
  readonly label: string;
  readonly format: (c: MemoryCounters) => string;
  readonly value: (c: MemoryCounters) => number;
  readonly delta: (d: number) => string;
}

const signed = (text: string, d: number) => (d > 0 ? `+${text}` : d < 0 ? `−${text}` : '');
const byteRow = (name: keyof MemoryCounters, label: string): Row => ({
  name, label, format: (c) => bytes(c[name]), value: (c) => c[name], delta: (d) => signed(bytes(Math.abs(d)), d),
});
const countRow = (name: keyof MemoryCounters, label: string): Row => ({
  name, label, format: (c) => count(c[name]), value: (c) => c[name], delta: (d) => signed(count(Math.abs(d)), d),
});

const hitRate = (c: MemoryCounters) => c.tlbHits / Math.max(1, c.tlbHits + c.tlbMisses);

const ROWS: readonly Row[] = [
  byteRow('vsz', 'VSZ (virtual size)'),
  byteRow('rss', 'RSS (resident)'),
  byteRow('rssPeak', 'RSS peak'),
  byteRow('shared', 'shared'),
  byteRow('pss', 'PSS (proportional)'),
  byteRow('swapped', 'swapped out'),
  byteRow('pageTableBytes', 'page tables'),
  countRow('minorFaults', 'minor faults'),
  countRow('majorFaults', 'major faults'),
  countRow('invalidFaults', 'invalid faults'),
  countRow('cowFaults', 'copy-on-write faults'),
  countRow('tlbHits', 'TLB hits'),
  countRow('tlbMisses', 'TLB misses'),
  { name: 'tlbHitRate', label: 'TLB hit rate', format: (c) => percent(hitRate(c)), value: hitRate, delta: () => '' },
  { name: 'simulatedTimeNs', label: 'simulated time', format: (c) => nanoseconds(c.simulatedTimeNs), value: (c) => c.simulatedTimeNs, delta: (d) => signed(nanoseconds(Math.abs(d)), d) },
  countRow('instructions', 'instructions'),
];

/** The counters of `pid` at the stop before `step`, if the history has them. */
function previous(history: readonly HistoryPoint[], pid: number, step: number): MemoryCounters | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i]!;
    if (h.pid === pid && h.step < step) return h.counters;
  }
  return undefined;
}

export function renderCounters(container: HTMLElement, processes: readonly ProcessView[], history: readonly HistoryPoint[], step: number): void {
  const before = new Map(processes.map((p) => [p.pid, previous(history, p.pid, step)]));
  const table = el('table', { class: 'counters' },
    el('caption', { text: 'Counters per process (change since the previous stop)' }),
    el('thead', {}, el('tr', {}, el('th', { text: 'counter', attrs: { scope: 'col' } }),
      ...processes.map((p) => el('th', { text: `pid ${p.pid} ${p.name}`, attrs: { scope: 'col' } })))),
    el('tbody', {}, ...ROWS.map((row) => el('tr', { attrs: { 'data-counter': row.name } },
      el('th', { text: row.label, attrs: { scope: 'row' } }),
      ...processes.map((p) => {
        const old = before.get(p.pid);
        const d = old ? row.value(p.counters) - row.value(old) : 0;
        const delta = old ? row.delta(d) : '';
        return el('td', { class: delta ? 'moved' : '', attrs: { 'data-pid': p.pid } },
          el('span', { class: 'counter-value', text: row.format(p.counters) }),
          delta ? el('span', { class: 'counter-delta', text: ` ${delta}` }) : null);
      })))));
  replaceChildren(container, table);
}
