// Draws one row of the heap list: a chunk with its state as colour, icon and word (never colour
// alone), its address, a bar split into header, requested payload and padding in proportion, its size,
// allocation id and sites of malloc and free (buttons that reveal the line), and either the next link of the free list or
// the first bytes of the payload. Markers show where the heap starts and where brk stands.

import { el, replaceChildren } from '../dom';
import { bytes, hex, siteText } from '../format';
import { icon, type IconName } from '../icons';
import type { HeapChunk, HeapChunkState, HeapView } from '../../protocol/messages';
import type { HeapRow } from './rows';
import type { RowMarks } from './render-stack';

export const STATE_WORDS: { readonly [K in HeapChunkState]: string } = {
  allocated: 'allocated',
  free: 'free',
  leaked: 'leaked',
  'dangling-target': 'freed, pointed to',
};

const STATE_ICONS: { readonly [K in HeapChunkState]: IconName } = {
  allocated: 'allocated',
  free: 'free',
  leaked: 'leaked',
  'dangling-target': 'dangling',
};

export interface HeapMarks extends RowMarks {
  readonly heap: HeapView;
}

/** The bar: widths are shares of the chunk, set as CSSOM flex-grow so the CSP allows them. */
function layoutBar(chunk: HeapChunk): HTMLElement {
  const padding = Math.max(0, chunk.size - chunk.headerSize - chunk.requested);
  const parts: [string, number, string][] = [
    ['bar-header', chunk.headerSize, `header ${chunk.headerSize} B`],
    ['bar-payload', chunk.requested, `payload ${chunk.requested} B`],
    ['bar-padding', padding, `padding ${padding} B`],
  ];
  const bar = el('span', { class: 'chunk-bar', attrs: { 'aria-hidden': 'true' } });
  for (const [cls, size, title] of parts) {
    if (size <= 0) continue;
    const part = el('span', { class: cls, attrs: { title } });
    part.style.flexGrow = String(size);
    bar.appendChild(part);
  }
  return bar;
}

function payloadPreview(chunk: HeapChunk): string {
  if (chunk.preview.length === 0) return '';
  const shown = chunk.preview.slice(0, 16).replace(/(..)/g, '$1 ').trim();
  return chunk.definedBytes === 0 ? `${shown} (uninitialised)` : shown;
}

export function renderHeapRow(node: HTMLElement, row: HeapRow, index: number, marks: HeapMarks): void {
  const classes = ['vrow', `row-${row.kind}`];
  if (node.classList.contains('active')) classes.push('active');
  if (marks.selected.has(index)) classes.push('selected');
  if (marks.related.has(index)) classes.push('related');
  switch (row.kind) {
    case 'section':
      replaceChildren(node, el('span', { class: 'section-title', text: row.title }), el('span', { class: 'section-detail', text: row.detail }));
      break;
    case 'marker':
      replaceChildren(node,
        el('span', { class: 'addr', text: hex(row.address) }),
        el('span', { class: 'reg-marker', text: row.name === 'brk' ? 'brk→' : 'start' }),
        el('span', { class: 'marker-note', text: row.name === 'brk' ? 'program break: the heap ends here; malloc moves it up with brk/sbrk' : 'heap start, just after .bss' }),
      );
      break;
    case 'chunk': {
      const c = row.chunk;
      classes.push(`state-${c.state}`);
      if (c.mmapped) classes.push('mmapped');
      if (marks.changes?.chunks.has(c.key)) classes.push('changed');
      const searched = marks.heap.lastSearch.indexOf(c.start);
      const tail = c.state === 'free'
        ? el('span', { class: 'next-free', text: c.nextFree ? `next free → ${hex(c.nextFree)}` : 'end of free list' })
        : el('span', { class: 'preview', text: payloadPreview(c) });
      replaceChildren(node,
        el('span', { class: 'chunk-state' }, icon(STATE_ICONS[c.state]), STATE_WORDS[c.state]),
        el('span', { class: 'addr', text: hex(c.start) }),
        layoutBar(c),
        el('span', { class: 'chunk-size', text: bytes(c.size) }),
        c.blockId !== undefined ? el('span', { class: 'block-id', text: `#${c.blockId}` }) : null,
        c.allocSite ? el('button', { class: 'site-link', text: siteText(marks.files, c.allocSite), attrs: { type: 'button', 'data-action': 'reveal', tabindex: -1, title: `allocated in ${c.allocFunction ?? '?'}` } }) : null,
        c.freeSite ? el('button', { class: 'site-link free-site', text: `freed ${siteText(marks.files, c.freeSite)}`, attrs: { type: 'button', 'data-action': 'reveal-free', tabindex: -1, title: `freed in ${c.freeFunction ?? '?'}` } }) : null,
        c.mmapped ? el('span', { class: 'badge', text: 'mmap' }) : null,
        searched >= 0 ? el('span', { class: 'badge badge-searched', text: `searched ${searched + 1}` }) : null,
        tail,
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

export function heapRowLabel(row: HeapRow, files: readonly string[], heap: HeapView): string {
  switch (row.kind) {
    case 'section':
      return row.title;
    case 'marker':
      return row.name === 'brk' ? `program break brk at ${hex(row.address)}` : `heap start at ${hex(row.address)}`;
    case 'chunk': {
      const c = row.chunk;
      let text = `${STATE_WORDS[c.state]} block${c.blockId !== undefined ? ` #${c.blockId}` : ''} at ${hex(c.start)}, ${c.size} bytes: header ${c.headerSize}, payload ${c.requested} at ${hex(c.payload)}`;
      if (c.allocSite) text += `, allocated in ${c.allocFunction ?? '?'} at ${siteText(files, c.allocSite)}`;
      if (c.freeSite) text += `, freed in ${c.freeFunction ?? '?'} at ${siteText(files, c.freeSite)}`;
      if (c.state === 'free') text += c.nextFree ? `, next free block ${hex(c.nextFree)}` : ', last in the free list';
      if (c.mmapped) text += ', in its own mmap region';
      if (heap.lastSearch.includes(c.start)) text += ', examined by the last malloc';
      return text;
    }
    default: {
      const never: never = row;
      return never;
    }
  }
}
