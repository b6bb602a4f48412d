// The page table of one process as a list of mapped pages grouped by the region they belong to, in
// virtual-page order. Each page shows where it lives (a physical frame, a swap slot, or nowhere yet —
// demand paging) and its bits as letters: a set bit prints its letter, a clear one a dash, so the bits
// read without colour.

import { el, replaceChildren } from '../dom';
import { hex } from '../format';
import type { PageEntry } from '../../protocol/messages';
import type { RowMarks } from './marks';

export type PageRow =
  | { readonly kind: 'group'; readonly region: string; readonly pages: number; readonly present: number; readonly swapped: number }
  | { readonly kind: 'page'; readonly page: PageEntry };

const PAGE_SHIFT = 12;

/** The bits in the order they print, with their letter and meaning. */
const BITS: readonly { readonly letter: string; readonly word: string; readonly on: (p: PageEntry) => boolean }[] = [
  { letter: 'P', word: 'present', on: (p) => p.present },
  { letter: 'W', word: 'writable', on: (p) => p.writable },
  { letter: 'U', word: 'user', on: (p) => p.user },
  { letter: 'A', word: 'accessed', on: (p) => p.accessed },
  { letter: 'D', word: 'dirty', on: (p) => p.dirty },
  { letter: 'NX', word: 'no-execute', on: (p) => p.noExecute },
  { letter: 'S', word: 'swapped', on: (p) => p.swapped },
  { letter: 'C', word: 'copy-on-write', on: (p) => p.cow },
];

const rowCache = new WeakMap<PageEntry, PageRow>();

export function pageRows(pages: readonly PageEntry[]): PageRow[] {
  const rows: PageRow[] = [];
  let group: { index: number; region: string; pages: number; present: number; swapped: number } | null = null;
  const close = () => {
    if (group) rows[group.index] = { kind: 'group', region: group.region, pages: group.pages, present: group.present, swapped: group.swapped };
  };
  for (const page of pages) {
    if (!group || group.region !== page.region) {
      close();
      group = { index: rows.length, region: page.region, pages: 0, present: 0, swapped: 0 };
      rows.push({ kind: 'group', region: page.region, pages: 0, present: 0, swapped: 0 });
    }
    group.pages++;
    if (page.present) group.present++;
    if (page.swapped) group.swapped++;
    let row = rowCache.get(page);
    if (!row) {
      row = { kind: 'page', page };
      rowCache.set(page, row);
    }
    rows.push(row);
  }
  close();
  return rows;
}

function where(p: PageEntry): string {
  if (p.present && p.frame !== undefined) return `frame ${hex(p.frame)}`;
  if (p.swapped && p.swapSlot !== undefined) return `swap slot ${p.swapSlot}`;
  return 'not in memory yet';
}

export function renderPageRow(node: HTMLElement, row: PageRow, index: number, marks: RowMarks): void {
  const classes = ['vrow', `row-${row.kind}`];
  if (node.classList.contains('active')) classes.push('active');
  if (marks.selected.has(index)) classes.push('selected');
  switch (row.kind) {
    case 'group':
      replaceChildren(node,
        el('span', { class: 'section-title', text: row.region }),
        el('span', { class: 'section-detail', text: `${row.pages} page${row.pages === 1 ? '' : 's'} mapped, ${row.present} in memory, ${row.swapped} swapped` }));
      break;
    case 'page': {
      const p = row.page;
      if (marks.changed.has(p.key)) classes.push('changed');
      if (!p.present) classes.push(p.swapped ? 'page-swapped' : 'page-absent');
      replaceChildren(node,
        el('span', { class: 'vpn', text: hex(p.vpn) }),
        el('span', { class: 'addr', text: hex(p.vpn * 2 ** PAGE_SHIFT) }),
        el('span', { class: 'page-where', text: where(p) }),
        el('span', { class: 'bits', attrs: { title: BITS.map((b) => `${b.letter} ${b.word}`).join(', ') } },
          ...BITS.map((b) => el('span', { class: b.on(p) ? 'bit bit-on' : 'bit bit-off', text: b.on(p) ? b.letter : '-'.repeat(b.letter.length) }))),
      );
      break;
    }
    default: {
      const never: never = row;
      return never;
    }
  }
  node.className = classes.join(' ');
}

export function pageRowLabel(row: PageRow): string {
  switch (row.kind) {
    case 'group':
      return `${row.region}: ${row.pages} page${row.pages === 1 ? '' : 's'} mapped, ${row.present} in memory, ${row.swapped} swapped`;
    case 'page': {
      const p = row.page;
      const set = BITS.filter((b) => b.on(p)).map((b) => b.word);
      return `page ${hex(p.vpn)} at ${hex(p.vpn * 2 ** PAGE_SHIFT)} in ${p.region}, ${where(p)}, bits: ${set.length > 0 ? set.join(', ') : 'none'}`;
    }
    default: {
      const never: never = row;
      return never;
    }
  }
}
