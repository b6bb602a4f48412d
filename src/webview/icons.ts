// Icons as inline SVG symbols drawn in `currentColor`, so they follow the theme's colours and stay
// crisp at any zoom. The sprite is added once per page; `icon(name)` returns a `<use>` of a symbol.
// Every state that has a colour also has an icon and a word beside it: colour is never the only cue.

import { svg } from './dom';

export type IconName =
  | 'allocated'
  | 'free'
  | 'leaked'
  | 'dangling'
  | 'tombstone'
  | 'pointer'
  | 'wild'
  | 'null'
  | 'uninitialized'
  | 'current'
  | 'shared'
  | 'swap'
  | 'fault';

/** 16×16 paths, one per icon. */
const PATHS: { readonly [K in IconName]: string } = {
  allocated: 'M8 2a6 6 0 1 1 0 12A6 6 0 0 1 8 2z',
  free: 'M8 2a6 6 0 1 1 0 12A6 6 0 0 1 8 2zm0 2a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
  leaked: 'M8 1l7 13H1L8 1zm-1 5v4h2V6H7zm0 5v2h2v-2H7z',
  dangling: 'M3 3l10 10-1.4 1.4L1.6 4.4 3 3zm9.5-1.5a3 3 0 0 1 0 4.2L11 8.2 9.6 6.8l1.5-1.5a1 1 0 0 0-1.4-1.4L8.2 5.4 6.8 4l1.5-1.5a3 3 0 0 1 4.2 0zM3.5 14.5a3 3 0 0 1 0-4.2L5 8.8l1.4 1.4-1.5 1.5a1 1 0 0 0 1.4 1.4l1.5-1.5L9.2 13l-1.5 1.5a3 3 0 0 1-4.2 0z',
  tombstone: 'M4 15V6a4 4 0 0 1 8 0v9H4zm3-9v2H5.5v1.5H7V13h2V9.5h1.5V8H9V6H7z',
  pointer: 'M2 7h8V4l5 4-5 4V9H2V7z',
  wild: 'M8 1a5 5 0 0 1 5 5c0 2-1.3 3-2.4 3.8C9.7 10.4 9 11 9 12H7c0-2 1.3-3 2.4-3.8C10.3 7.6 11 7 11 6a3 3 0 0 0-6 0H3a5 5 0 0 1 5-5zM7 13h2v2H7v-2z',
  null: 'M8 2a6 6 0 1 1 0 12A6 6 0 0 1 8 2zm3.5 3.9L5.9 11.5A4 4 0 0 0 11.5 5.9zM4.5 10.1l5.6-5.6a4 4 0 0 0-5.6 5.6z',
  uninitialized: 'M2 2h12v12H2V2zm2 2v8h8V4H4zm1 3h6v2H5V7z',
  current: 'M4 2l9 6-9 6V2z',
  shared: 'M5 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4zm6 6a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM11 3a2 2 0 1 1 0 4 2 2 0 0 1 0-4zM5 9a2 2 0 1 1 0 4 2 2 0 0 1 0-4z',
  swap: 'M2 4h9V2l4 3-4 3V6H2V4zm12 8H5v2l-4-3 4-3v2h9v2z',
  fault: 'M8 1a7 7 0 1 1 0 14A7 7 0 0 1 8 1zM5.2 3.8L3.8 5.2 6.6 8l-2.8 2.8 1.4 1.4L8 9.4l2.8 2.8 1.4-1.4L9.4 8l2.8-2.8-1.4-1.4L8 6.6 5.2 3.8z',
};

/** Adds the symbol sprite to the page (once). */
export function installIcons(): void {
  if (document.getElementById('memscope-icons')) return;
  const sprite = svg('svg', { attrs: { id: 'memscope-icons', 'aria-hidden': 'true', width: 0, height: 0, class: 'icon-sprite' } });
  for (const [name, d] of Object.entries(PATHS)) {
    sprite.appendChild(svg('symbol', { attrs: { id: `icon-${name}`, viewBox: '0 0 16 16' } }, svg('path', { attrs: { d, 'fill-rule': 'evenodd' } })));
  }
  document.body.prepend(sprite);
}

/** A decorative icon: the word beside it carries the meaning for screen readers. */
export function icon(name: IconName, className = ''): SVGSVGElement {
  return svg('svg', { class: `icon icon-${name} ${className}`.trim(), attrs: { 'aria-hidden': 'true', focusable: 'false', viewBox: '0 0 16 16' } },
    svg('use', { attrs: { href: `#icon-${name}` } }));
}
