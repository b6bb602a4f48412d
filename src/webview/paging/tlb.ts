// The TLB: its entries (which virtual page maps to which frame, writable or not) and its hit rate since
// the start. Entries filled at the last stop are highlighted; the snapshot's TLB belongs to the process
// on the CPU, as a real TLB without address-space tags does.

import { el, replaceChildren } from '../dom';
import { count, hex, percent } from '../format';
import type { Snapshot } from '../../protocol/messages';

export function renderTlb(container: HTMLElement, tlb: Snapshot['tlb'], changed: ReadonlySet<number>): void {
  const total = tlb.hits + tlb.misses;
  replaceChildren(container,
    el('p', { class: 'tlb-rate', attrs: { 'data-figure': 'tlb-hit-rate' } },
      `${tlb.entries.length} of ${tlb.size} entries in use · hit rate ${percent(tlb.hits / Math.max(1, total))} (${count(tlb.hits)} hits, ${count(tlb.misses)} misses)`),
    tlb.entries.length === 0 ? el('p', { class: 'placeholder', text: 'The TLB is empty.' }) :
      el('table', { class: 'tlb-table' },
        el('caption', { class: 'visually-hidden', text: 'TLB entries' }),
        el('thead', {}, el('tr', {}, ...['slot', 'virtual page', 'frame', 'writable'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
        el('tbody', {}, ...tlb.entries.map((e) => el('tr', { class: changed.has(e.index) ? 'changed' : '' },
          el('td', { text: String(e.index) }),
          el('td', { text: hex(e.vpn) }),
          el('td', { text: hex(e.frame) }),
          el('td', { text: e.writable ? 'yes' : 'no' }))))),
  );
}
