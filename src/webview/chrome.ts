// What both panels share around their content: a title, the session line, a polite live region that
// announces each stop to screen readers, and the process tabs (several processes after a fork). The tabs
// follow the ARIA tabs pattern: one tab stop, arrows move between processes.

import { el, replaceChildren, setText } from './dom';
import type { ProcessView, SessionStatus } from '../protocol/messages';

export class Chrome {
  readonly element: HTMLElement;
  private readonly statusLine: HTMLElement;
  private readonly announcer: HTMLElement;
  private readonly tabs: HTMLElement;
  private pids: number[] = [];
  private selectedPid: number | null = null;

  constructor(title: string, private readonly onSelectProcess: (pid: number) => void) {
    this.statusLine = el('span', { class: 'session-status', text: 'No memscope debug session' });
    this.announcer = el('div', { class: 'visually-hidden', attrs: { role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' } });
    this.tabs = el('div', { class: 'process-tabs', attrs: { role: 'tablist', 'aria-label': 'Processes' } });
    this.tabs.addEventListener('keydown', (e) => this.onTabKey(e));
    this.element = el('header', { class: 'chrome' },
      el('h1', { text: title }),
      this.statusLine,
      this.tabs,
      this.announcer,
    );
  }

  showSession(status: SessionStatus): void {
    switch (status.kind) {
      case 'none':
        setText(this.statusLine, 'No memscope debug session');
        break;
      case 'running':
        setText(this.statusLine, `${status.name}: running…`);
        break;
      case 'stopped':
        setText(this.statusLine, `${status.name}: paused (${status.reason})${status.description ? ` — ${status.description}` : ''}`);
        break;
      case 'ended':
        setText(this.statusLine, `${status.name}: ended — showing the last stop`);
        this.announce(`${status.name} ended`);
        break;
      case 'problem':
        setText(this.statusLine, `${status.name}: ${status.message}`);
        this.announce(status.message);
        break;
      default: {
        const never: never = status;
        return never;
      }
    }
    this.statusLine.dataset.state = status.kind;
  }

  /** Says something to screen-reader users without moving focus. */
  announce(text: string): void {
    // Clearing first makes a repeated sentence be read again.
    this.announcer.textContent = '';
    this.announcer.textContent = text;
  }

  /** Shows one tab per process; returns the pid to display (the kept selection, or the current process). */
  showProcesses(processes: readonly ProcessView[], current: number, wanted: number | null): number {
    const pids = processes.map((p) => p.pid);
    const pid = wanted !== null && pids.includes(wanted) ? wanted : pids.includes(current) ? current : pids[0] ?? current;
    const same = pids.length === this.pids.length && pids.every((p, i) => p === this.pids[i]);
    if (!same || this.selectedPid !== pid || this.tabs.childElementCount === 0) {
      this.pids = pids;
      replaceChildren(this.tabs, ...processes.map((p) => {
        const selected = p.pid === pid;
        const tab = el('button', {
          class: 'process-tab',
          text: `pid ${p.pid} ${p.name}${p.pid === current ? ' (on CPU)' : ''} — ${p.state}`,
          attrs: { role: 'tab', type: 'button', 'aria-selected': String(selected), tabindex: selected ? 0 : -1, 'data-pid': p.pid },
        });
        tab.addEventListener('click', () => this.onSelectProcess(p.pid));
        return tab;
      }));
    } else {
      for (const tab of Array.from(this.tabs.children)) {
        const p = processes.find((q) => q.pid === Number((tab as HTMLElement).dataset.pid));
        if (p) setText(tab, `pid ${p.pid} ${p.name}${p.pid === current ? ' (on CPU)' : ''} — ${p.state}`);
      }
    }
    this.tabs.hidden = processes.length < 2;
    this.selectedPid = pid;
    return pid;
  }

  private onTabKey(e: KeyboardEvent): void {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const at = this.pids.indexOf(this.selectedPid ?? -1);
    const next = this.pids[(at + (e.key === 'ArrowRight' ? 1 : this.pids.length - 1)) % this.pids.length];
    if (next === undefined) return;
    e.preventDefault();
    this.onSelectProcess(next);
    this.tabs.querySelector<HTMLElement>(`[data-pid="${next}"]`)?.focus();
  }
}
