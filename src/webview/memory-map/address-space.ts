// The address space of one process as a strip from low addresses (left) to high (right). Mapped
// regions keep a width that grows with the logarithm of their size, and the unmapped gaps between them
// (terabytes between the heap and the stack) are drawn as short breaks labelled with their true size, so
// a 4 KiB .data stays visible beside a 128 TiB hole. Markers for sp, fp and brk sit at their true offset
// inside their region. Each region is a button: it scrolls the lists to it and picks its start address.

import { el, replaceChildren } from '../dom';
import { bytes, hex } from '../format';
import type { ProcessView, Region } from '../../protocol/messages';

const PAGE = 4096;

function regionWeight(size: number): number {
  return 1.2 + Math.log2(Math.max(size, PAGE) / PAGE) * 0.5;
}

const GAP_WEIGHT = 0.7;

const KIND_WORDS: { readonly [K in Region['kind']]: string } = {
  text: 'code (read-only, executable)',
  rodata: 'read-only data',
  data: 'initialised data',
  bss: 'zero-initialised data',
  heap: 'heap',
  mmap: 'mmap region',
  stack: 'stack',
  guard: 'guard page',
};

function marker(name: string, address: number, region: Region): HTMLElement {
  const m = el('span', { class: `as-marker as-marker-${name.replace(' ', '-')}`, text: name, attrs: { title: `${name} = ${hex(address)}` } });
  const share = Math.min(1, Math.max(0, (address - region.start) / Math.max(1, region.end - region.start)));
  m.style.left = `${share * 100}%`;
  if (share > 0.9) m.classList.add('at-end');
  else if (share < 0.1) m.classList.add('at-start');
  return m;
}

export function renderAddressSpace(container: HTMLElement, process: ProcessView, onPick: (region: Region) => void): void {
  const regions = [...process.regions].sort((a, b) => a.start - b.start);
  const { sp, fp, brk } = process.registers;
  const parts: HTMLElement[] = [];
  let previousEnd: number | null = null;
  for (const region of regions) {
    if (previousEnd !== null && region.start > previousEnd) {
      const gap = el('span', { class: 'as-gap', attrs: { title: `unmapped ${hex(previousEnd)}–${hex(region.start)}` } },
        el('span', { class: 'as-gap-size', text: `≈ ${bytes(region.start - previousEnd)}` }));
      gap.style.flexGrow = String(GAP_WEIGHT);
      parts.push(gap);
    }
    const size = region.end - region.start;
    const button = el('button', {
      class: `as-region as-${region.kind}`,
      attrs: {
        type: 'button',
        'data-kind': region.kind,
        'aria-label': `${region.name}: ${KIND_WORDS[region.kind]}, ${hex(region.start)} to ${hex(region.end)}, ${bytes(size)}, permissions ${region.permissions}, ${region.residentPages} pages resident`,
      },
    },
      el('span', { class: 'as-name', text: region.name }),
      el('span', { class: 'as-size', text: `${bytes(size)} ${region.permissions}` }),
      el('span', { class: 'as-start', text: hex(region.start) }),
    );
    if (region.kind === 'stack' && sp >= region.start && sp < region.end) {
      // sp and fp are usually a few bytes apart in megabytes of stack: one label for both then.
      const together = fp >= region.start && fp < region.end && Math.abs(fp - sp) / (region.end - region.start) < 0.05;
      button.appendChild(marker(together ? 'sp fp' : 'sp', sp, region));
      if (!together && fp >= region.start && fp < region.end) button.appendChild(marker('fp', fp, region));
    }
    if (region.kind === 'heap' && brk >= region.start && brk <= region.end) button.appendChild(marker('brk', brk, region));
    button.style.flexGrow = String(regionWeight(size));
    button.addEventListener('click', () => onPick(region));
    parts.push(button);
    previousEnd = region.end;
  }
  replaceChildren(container, ...parts);
}
