// Draws one row of the left list (stack frames byte by byte, tombstones, globals and strings) and says
// it in words for screen readers. Rows are rebuilt from scratch when they change — only the forty or so
// in view ever are — and every piece of program text goes in through `textContent`.

import { el, replaceChildren } from '../dom';
import { bytePairs, hex, siteText } from '../format';
import { icon, type IconName } from '../icons';
import type { FrameSlot, PointerVerdictKind, Value } from '../../protocol/messages';
import type { ProcessChanges } from '../picture';
import { BYTES_PER_ROW, MAX_ROWS_PER_SLOT, type LeftRow } from './rows';

export interface RowMarks {
  readonly files: readonly string[];
  readonly changes: ProcessChanges | undefined;
  /** Row indices to draw as the selection and as its related ends (targets or sources). */
  readonly selected: ReadonlySet<number>;
  readonly related: ReadonlySet<number>;
  /** The current process's fp, to mark the saved-fp slot it points at. */
  readonly fp: number;
}

const SLOT_NAMES: { readonly [K in FrameSlot['kind']]: string } = {
  argument: 'argument',
  'return-address': 'return address',
  'saved-fp': 'saved fp',
  local: 'local',
  padding: 'padding',
  outgoing: 'outgoing arguments',
};

export const VERDICT_WORDS: { readonly [K in PointerVerdictKind]: string } = {
  null: 'null',
  valid: 'valid',
  'out-of-bounds': 'out of bounds',
  'dangling-heap': 'dangling: freed block',
  'dangling-stack': 'dangling: dead frame',
  'leaked-target': 'only pointer to leaked block',
  uninitialized: 'uninitialised',
  wild: 'wild',
};

export const VERDICT_ICONS: { readonly [K in PointerVerdictKind]: IconName } = {
  null: 'null',
  valid: 'pointer',
  'out-of-bounds': 'fault',
  'dangling-heap': 'dangling',
  'dangling-stack': 'dangling',
  'leaked-target': 'leaked',
  uninitialized: 'uninitialized',
  wild: 'wild',
};

function valueNode(value: Value | undefined): HTMLElement {
  if (!value) return el('span', { class: 'value' });
  const parts: (Node | string)[] = [value.text];
  let cls = 'value';
  if (!value.defined) {
    cls += ' undefined-value';
    parts.push(' ', el('span', { class: 'verdict verdict-uninitialized' }, icon('uninitialized'), 'uninitialised'));
  } else if (value.pointer && value.pointer.kind !== 'valid') {
    const kind = value.pointer.kind;
    parts.push(' ', el('span', { class: `verdict verdict-${kind}`, attrs: { title: value.pointer.explanation } }, icon(VERDICT_ICONS[kind]), VERDICT_WORDS[kind]));
  }
  return el('span', { class: cls, attrs: { title: value.pointer?.explanation ?? value.type } }, ...parts);
}

function slotRowName(slot: FrameSlot): string {
  return slot.name ?? SLOT_NAMES[slot.kind];
}

/** The bytes of `slot` that fall in the row's 8-byte word, as cells in address order. */
function byteCells(slot: FrameSlot, line: number, lines: number, changed: ReadonlySet<number> | undefined): HTMLElement {
  const pairs = bytePairs(slot.bytes);
  const wordBase = slot.address - (slot.address % BYTES_PER_ROW) + line * BYTES_PER_ROW;
  const cells: HTMLElement[] = [];
  const undefinedValue = slot.value !== undefined && !slot.value.defined;
  for (let b = 0; b < BYTES_PER_ROW; b++) {
    const address = wordBase + b;
    const offset = address - slot.address;
    const inside = offset >= 0 && offset < slot.size && offset < pairs.length;
    let cls = 'byte';
    if (!inside) cls += ' outside';
    else {
      if (changed?.has(offset)) cls += ' changed-byte';
      if (undefinedValue) cls += ' undefined-byte';
      if (slot.kind === 'padding') cls += ' padding-byte';
    }
    cells.push(el('span', { class: cls, text: inside ? pairs[offset]! : '' }));
  }
  const truncated = line === lines - 1 && lines === MAX_ROWS_PER_SLOT && slot.size > lines * BYTES_PER_ROW;
  return el('span', { class: 'bytes', attrs: { 'aria-hidden': 'true' } }, ...cells,
    truncated ? el('span', { class: 'more', text: `+${slot.size - lines * BYTES_PER_ROW} B` }) : null);
}

function slotValue(slot: FrameSlot, files: readonly string[]): HTMLElement {
  switch (slot.kind) {
    case 'return-address': {
      if (!slot.returnsTo) return el('span', { class: 'value', text: hex(Number.parseInt(littleEndian(slot.bytes), 16) || 0) });
      return el('span', { class: 'value', attrs: { title: `returns to ${slot.returnsTo.function}() after the call` } }, '↩ ',
        slot.returnsTo.site.line <= 0 ? `${slot.returnsTo.function}()` : el('button', { class: 'site-link', text: `${slot.returnsTo.function}() ${siteText(files, slot.returnsTo.site)}`, attrs: { type: 'button', 'data-action': 'reveal', tabindex: -1 } }));
    }
    case 'saved-fp':
      return el('span', { class: 'value', text: `caller's fp ${hex(Number.parseInt(littleEndian(slot.bytes), 16) || 0)}` });
    case 'padding':
      return el('span', { class: 'value padding-note', text: 'alignment' });
    case 'argument':
    case 'local':
    case 'outgoing':
      return valueNode(slot.value);
    default: {
      const never: never = slot.kind;
      return never;
    }
  }
}

/** The hex bytes of a little-endian number, most significant first. */
function littleEndian(bytes: string): string {
  return bytePairs(bytes).reverse().join('');
}

export function renderStackRow(node: HTMLElement, row: LeftRow, index: number, marks: RowMarks): void {
  const classes = ['vrow', `row-${row.kind}`];
  if (node.classList.contains('active')) classes.push('active');
  if (marks.selected.has(index)) classes.push('selected');
  if (marks.related.has(index)) classes.push('related');
  switch (row.kind) {
    case 'section':
      replaceChildren(node, el('span', { class: 'section-title', text: row.title }), el('span', { class: 'section-detail', text: row.detail }));
      break;
    case 'frame': {
      const f = row.frame;
      if (row.current) classes.push('current-frame');
      if (f.dead) classes.push('tombstone');
      if (marks.changes?.frames.has(f.key) && !f.dead) classes.push('changed');
      replaceChildren(node,
        icon(f.dead ? 'tombstone' : row.current ? 'current' : 'pointer', 'frame-icon'),
        el('span', { class: 'function', text: `${f.function}()` }),
        f.site.line > 0 ? el('button', { class: 'site-link', text: siteText(marks.files, f.site), attrs: { type: 'button', 'data-action': 'reveal', tabindex: -1 } }) : null,
        el('span', { class: 'frame-range', text: `fp ${hex(f.fp)} · ${f.high - f.low} B` }),
        f.dead ? el('span', { class: 'badge badge-tombstone', text: 'returned — still pointed to' })
          : row.current ? el('span', { class: 'badge badge-current', text: 'current' }) : null,
      );
      break;
    }
    case 'slot': {
      const s = row.slot;
      classes.push(`slot-${s.kind}`);
      if (row.current) classes.push('in-current-frame');
      if (row.frame.dead) classes.push('tombstone');
      if (s.inScope === false) classes.push('out-of-scope');
      const changed = marks.changes?.slotBytes.get(s.address);
      if (changed || marks.changes?.newFrames.has(row.frame.key)) classes.push('changed');
      const top = row.line === row.lines - 1;
      const wordAddress = Math.max(s.address, s.address - (s.address % BYTES_PER_ROW) + row.line * BYTES_PER_ROW);
      const fpHere = row.current && s.kind === 'saved-fp' && s.address === marks.fp;
      replaceChildren(node,
        el('span', { class: 'addr', text: hex(wordAddress) }),
        fpHere ? el('span', { class: 'reg-marker', text: 'fp→' }) : el('span', { class: 'reg-marker' }),
        byteCells(s, row.line, row.lines, changed),
        el('span', { class: 'name', text: top ? slotRowName(s) + (s.inScope === false ? ' (out of scope)' : '') : '' }),
        top ? slotValue(s, marks.files) : el('span', { class: 'value' }),
      );
      break;
    }
    case 'marker':
      replaceChildren(node,
        el('span', { class: 'addr', text: hex(row.address) }),
        el('span', { class: 'reg-marker', text: 'sp→' }),
        el('span', { class: 'marker-note', text: 'stack pointer: below it the stack is free (returned frames linger here)' }),
      );
      break;
    case 'global': {
      const g = row.global;
      classes.push(`global-${g.section}`);
      if (marks.changes?.globals.has(g.address)) classes.push('changed');
      replaceChildren(node,
        el('span', { class: 'addr', text: hex(g.address) }),
        el('span', { class: 'badge badge-section', text: `.${g.section}` }),
        el('span', { class: 'name', text: g.function ? `${g.function}: ${g.name}` : g.name }),
        valueNode(g.value),
        el('button', { class: 'site-link', text: siteText(marks.files, g.site), attrs: { type: 'button', 'data-action': 'reveal', tabindex: -1 } }),
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

export function stackRowLabel(row: LeftRow, files: readonly string[]): string {
  switch (row.kind) {
    case 'section':
      return `${row.title}, ${row.detail}`;
    case 'frame': {
      const f = row.frame;
      const state = f.dead ? 'returned frame still pointed to' : row.current ? 'current frame' : 'frame';
      return `${state} ${f.function}${f.site.line > 0 ? ` at ${siteText(files, f.site)}` : ''}, frame pointer ${hex(f.fp)}, ${f.high - f.low} bytes`;
    }
    case 'slot': {
      const s = row.slot;
      const where = `${row.frame.function}${row.frame.dead ? ' (returned)' : ''}`;
      if (row.line !== row.lines - 1) return `${where}: ${slotRowName(s)} continued, bytes at ${hex(s.address - (s.address % BYTES_PER_ROW) + row.line * BYTES_PER_ROW)}`;
      let text = `${where}: ${SLOT_NAMES[s.kind]}${s.name ? ` ${s.name}` : ''}, ${s.size} bytes at ${hex(s.address)}`;
      if (s.kind === 'return-address' && s.returnsTo) text += `, returns to ${s.returnsTo.function} at ${siteText(files, s.returnsTo.site)}`;
      if (s.value) text += `, value ${s.value.text}${s.value.defined ? '' : ', uninitialised'}`;
      if (s.value?.pointer && s.value.pointer.kind !== 'valid') text += `, ${s.value.pointer.explanation}`;
      return text;
    }
    case 'marker':
      return `stack pointer sp at ${hex(row.address)}`;
    case 'global': {
      const g = row.global;
      return `${g.kind.replace('-', ' ')} ${g.name} in .${g.section} at ${hex(g.address)}, ${g.size} bytes, value ${g.value.text}`;
    }
    default: {
      const never: never = row;
      return never;
    }
  }
}
