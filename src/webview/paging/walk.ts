// The 4-level page walk of one address, as the MMU does it: the address split into four 9-bit indices
// and a 12-bit offset, then one row per level — the table's frame, the index, the 64-bit entry read there
// with its flags, and the frame it leads to — ending in the physical address or the fault and its reason.
// The address can come from the Memory Map (a variable, a block), a page row here, or be typed in.

import { el, replaceChildren, setText } from '../dom';
import { hex, parseAddress } from '../format';
import type { AddressOrigin, PageWalk, WalkLevel } from '../../protocol/messages';

/** Which bits of the virtual address index each level (x86-64 4-level paging). */
const LEVEL_BITS: { readonly [L in WalkLevel['level']]: { readonly high: number; readonly low: number } } = {
  4: { high: 47, low: 39 },
  3: { high: 38, low: 30 },
  2: { high: 29, low: 21 },
  1: { high: 20, low: 12 },
};

const ORIGIN_WORDS: { readonly [K in AddressOrigin]: string } = {
  variable: 'a variable',
  block: 'a heap block',
  typed: 'typed in',
  page: 'a page',
  frame: 'a stack frame',
  region: 'a region',
};

function bitsOf(address: number, high: number, low: number): string {
  const width = high - low + 1;
  return Math.floor(address / 2 ** low % 2 ** width).toString(2).padStart(width, '0');
}

function flagText(level: WalkLevel): string {
  return [level.present ? 'P' : '-', level.writable ? 'W' : '-', level.user ? 'U' : '-', level.noExecute ? 'NX' : '--'].join(' ');
}

export class WalkView {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly error: HTMLElement;
  private readonly result: HTMLElement;

  constructor(private readonly onWalk: (address: number) => void) {
    this.input = el('input', { class: 'walk-input', attrs: { type: 'text', id: 'walk-address', spellcheck: 'false', autocomplete: 'off', placeholder: '0x4052a0', 'aria-describedby': 'walk-error' } });
    this.error = el('span', { class: 'input-error', attrs: { id: 'walk-error', role: 'alert' } });
    const button = el('button', { class: 'button', text: 'Walk', attrs: { type: 'submit' } });
    const form = el('form', { class: 'walk-form', attrs: { 'aria-label': 'Walk an address' } },
      el('label', { text: 'Virtual address (hex) ', attrs: { for: 'walk-address' } }), this.input, button, this.error);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.result = el('div', { class: 'walk-result', attrs: { 'aria-live': 'polite' } },
      el('p', { class: 'placeholder', text: 'Pick a variable or block in the Memory Map, a page below, or type an address.' }));
    this.element = el('div', { class: 'walk' }, form, this.result);
  }

  get typed(): string {
    return this.input.value;
  }

  set typed(text: string) {
    this.input.value = text;
  }

  private submit(): void {
    const address = parseAddress(this.input.value);
    if (address === null) {
      this.input.setAttribute('aria-invalid', 'true');
      setText(this.error, 'Type a hexadecimal address below 0x1000000000000, like 0x4052a0.');
      return;
    }
    this.input.removeAttribute('aria-invalid');
    setText(this.error, '');
    this.showPending(address);
    this.onWalk(address);
  }

  showPending(address: number): void {
    replaceChildren(this.result, el('p', { class: 'placeholder', text: `Walking ${hex(address)}…` }));
  }

  showError(address: number, message: string): void {
    replaceChildren(this.result, el('p', { class: 'walk-fault', text: `No walk for ${hex(address)}: ${message}` }));
  }

  show(walk: PageWalk, origin: AddressOrigin): void {
    const a = walk.address;
    const split = el('div', { class: 'address-split', attrs: { 'aria-label': `Address ${hex(a)} split into indices` } },
      ...walk.levels.map((l) => {
        const bits = LEVEL_BITS[l.level];
        return el('span', { class: `split split-l${l.level}` },
          el('span', { class: 'split-name', text: l.name }),
          el('span', { class: 'split-bits', text: bitsOf(a, bits.high, bits.low) }),
          el('span', { class: 'split-value', text: `${bits.high}–${bits.low} = ${l.index}` }));
      }),
      el('span', { class: 'split split-offset' },
        el('span', { class: 'split-name', text: 'offset' }),
        el('span', { class: 'split-bits', text: bitsOf(a, 11, 0) }),
        el('span', { class: 'split-value', text: `11–0 = ${hex(walk.offset)}` })));
    const rows = walk.levels.map((l, i) => {
      const next = walk.levels[i + 1];
      const leadsTo = !l.present ? 'not present: fault'
        : next ? `table in frame ${hex(next.tableFrame)}`
          : walk.result.kind === 'mapped' ? `page in frame ${hex(walk.result.frame)}` : '—';
      return el('tr', { class: l.present ? 'level-present' : 'level-missing', attrs: { 'data-level': l.name } },
        el('th', { text: l.name, attrs: { scope: 'row' } }),
        el('td', { text: hex(l.tableFrame) }),
        el('td', { text: `${l.index} (${hex(l.index)})` }),
        el('td', { class: 'mono', text: `0x${l.entry.replace(/^0x/, '').padStart(16, '0')}` }),
        el('td', { class: 'mono', text: flagText(l) }),
        el('td', { text: leadsTo }));
    });
    const table = el('table', { class: 'walk-table' },
      el('caption', { text: `Page walk of ${hex(a)} in pid ${walk.pid} (from ${ORIGIN_WORDS[origin]}) — TLB ${walk.tlbHit ? 'hit: the walk was not needed' : 'miss'}` }),
      el('thead', {}, el('tr', {}, ...['level', 'table frame', 'index', 'entry', 'flags', 'leads to'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })))),
      el('tbody', {}, ...rows));
    const outcome = walk.result.kind === 'mapped'
      ? el('p', { class: 'walk-mapped', attrs: { 'data-physical': hex(walk.result.physical) } },
        `${hex(a)} → frame ${hex(walk.result.frame)} + offset ${hex(walk.offset)} = physical `,
        el('strong', { text: hex(walk.result.physical) }))
      : el('p', { class: 'walk-fault', attrs: { 'data-fault': walk.result.reason } }, `${hex(a)} does not translate: `, el('strong', { text: walk.result.reason }));
    replaceChildren(this.result, split, table, outcome);
  }
}
