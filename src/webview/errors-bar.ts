// The latest memory errors of the run, in valgrind's words and in plain ones, newest first, each with
// a button to its source line. Shown in both panels so a fault is never missed.

import { el, replaceChildren } from './dom';
import type { Snapshot } from '../protocol/messages';

const SHOWN = 3;

export function renderErrors(container: HTMLElement, snapshot: Snapshot, onReveal: (file: string, line: number, column: number) => void): void {
  const errors = snapshot.errors.slice(-SHOWN).reverse();
  container.hidden = errors.length === 0;
  replaceChildren(container, ...errors.map((e) => {
    const top = e.stack[0];
    const site = top && top.line > 0
      ? el('button', { class: 'site-link', text: `${top.function}() ${top.file.split(/[\\/]/).pop()}:${top.line}`, attrs: { type: 'button' } })
      : null;
    site?.addEventListener('click', () => onReveal(top!.file, top!.line, top!.column));
    return el('div', { class: `error-item${e.fatal ? ' fatal' : ''}`, attrs: { 'data-kind': e.kind } },
      el('span', { class: 'error-kind', text: e.fatal ? `${e.kind} (fatal${e.signal ? `, ${e.signal}` : ''})` : e.kind }),
      el('span', { class: 'error-message', text: e.message }),
      el('span', { class: 'error-explanation', text: e.explanation }),
      site,
    );
  }));
}
