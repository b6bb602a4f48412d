// The Paging panel: per-process counters and their charts over the stops, the page walk of a chosen
// address, the page table of the process shown, physical memory as a grid of frames with swap beside
// it, and the TLB. Choosing a page or a frame walks it or highlights it in the Memory Map; a walk that
// arrives (from either panel) also marks its page and frame here.

import { el, setText } from '../dom';
import { hex } from '../format';
import type { HostLink } from '../host';
import type { Picture } from '../picture';
import { VirtualList } from '../virtual-list';
import { Chrome } from '../chrome';
import { renderErrors } from '../errors-bar';
import type { HostMessage, PhysicalFrame, ProcessView, SessionStatus, Snapshot, SwapSlot } from '../../protocol/messages';
import { Charts } from './charts';
import { renderCounters } from './counters';
import { CELLS_PER_ROW, FrameGrid, type Cell, type GridRow } from './frame-grid';
import { pageRowLabel, pageRows, renderPageRow, type PageRow } from './page-table';
import { renderTlb } from './tlb';
import { WalkView } from './walk';

const ROW_HEIGHT = 22;
const PAGE = 4096;

interface SavedView {
  pid: number | null;
  typed: string;
}

/** Binary search in a key-sorted collection. */
function byKey<T extends { readonly key: number }>(items: readonly T[], key: number): T | undefined {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = items[mid]!.key;
    if (k === key) return items[mid];
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function section(title: string, id: string, ...children: Node[]): HTMLElement {
  return el('section', { class: `paging-section section-${id}`, attrs: { 'aria-labelledby': `${id}-heading` } },
    el('h2', { text: title, attrs: { id: `${id}-heading` } }), ...children);
}

export class PagingPanel {
  private readonly chrome: Chrome;
  private readonly errors = el('section', { class: 'errors', attrs: { 'aria-label': 'Memory errors' } });
  private readonly counters = el('div', { class: 'counters-box' });
  private readonly charts = new Charts();
  private readonly walkView: WalkView;
  private readonly pageList: VirtualList<PageRow>;
  private readonly frames: FrameGrid;
  private readonly swap: FrameGrid;
  private readonly frameDetail = el('p', { class: 'frame-detail', attrs: { 'aria-live': 'polite' } });
  private readonly physicalSummary = el('p', { class: 'physical-summary' });
  private readonly tlb = el('div', { class: 'tlb-box' });
  private picture: Picture | null = null;
  private process: ProcessView | null = null;
  private rows: PageRow[] = [];
  private wantedPid: number | null;
  private selectedPages = new Set<number>();
  private markedFrame = -1;
  /** The collections drawn at the previous stop, to skip redrawing what did not change. */
  private shown: { frames: Snapshot['physical']['frames']; slots: Snapshot['swap']['slots']; highlighted: boolean } | null = null;

  constructor(root: HTMLElement, private readonly host: HostLink) {
    const saved = host.restore<SavedView>('paging');
    this.wantedPid = typeof saved.pid === 'number' ? saved.pid : null;
    this.chrome = new Chrome('Paging', (pid) => this.selectProcess(pid));
    this.walkView = new WalkView((address) => this.walk(address, 'typed'));
    if (typeof saved.typed === 'string') this.walkView.typed = saved.typed;
    this.pageList = new VirtualList<PageRow>({
      label: 'Page table: mapped pages grouped by region',
      rowHeight: ROW_HEIGHT,
      className: 'page-list',
      idPrefix: 'page-row',
      renderRow: (node, row, index) => renderPageRow(node, row, index, {
        changed: this.picture?.changes.processes.get(this.process?.pid ?? -1)?.pages ?? new Set(),
        selected: this.selectedPages,
      }),
      rowLabel: pageRowLabel,
      rowState: (row, index) => `${this.selectedPages.has(index) ? 's' : ''}${row.kind === 'page' && this.picture?.changes.processes.get(this.process?.pid ?? -1)?.pages.has(row.page.key) ? 'c' : ''}`,
      onAction: (row) => {
        if (row.kind !== 'page' || !this.process) return;
        const address = row.page.vpn * PAGE;
        this.walk(address, 'page');
        this.host.post({ kind: 'highlight', pid: this.process.pid, address, size: PAGE });
      },
    });
    this.frames = new FrameGrid({
      label: 'Physical frames, 32 per row',
      idPrefix: 'frame-row',
      rowHeight: ROW_HEIGHT,
      cell: (n) => this.frameCell(n),
      changed: (n) => this.picture?.changes.physical.has(n) ?? false,
      rowSummary: (row) => this.frameRowSummary(row),
      onSelect: (n) => this.describeFrame(n),
    });
    this.swap = new FrameGrid({
      label: 'Swap slots, 32 per row',
      idPrefix: 'swap-row',
      rowHeight: ROW_HEIGHT,
      cell: (n) => this.swapCell(n),
      changed: (n) => this.picture?.changes.swap.has(n) ?? false,
      rowSummary: (row) => this.swapRowSummary(row),
      onSelect: (n) => this.describeSwap(n),
    });
    root.append(
      this.chrome.element,
      this.errors,
      el('div', { class: 'paging-columns' },
        section('Counters', 'counters', this.counters),
        section('Page walk', 'walk', this.walkView.element)),
      section('Over the steps', 'charts', this.charts.element),
      el('div', { class: 'paging-columns' },
        section('Page table', 'pages', this.pageList.element),
        section('Physical memory', 'physical', this.physicalSummary, this.frames.element, this.frameDetail,
          el('h3', { text: 'Swap' }), this.swap.element)),
      section('TLB', 'tlb', this.tlb),
    );
    this.errors.hidden = true;
  }

  session(status: SessionStatus): void {
    this.chrome.showSession(status);
  }

  show(picture: Picture): void {
    this.picture = picture;
    const s = picture.snapshot;
    const pid = this.chrome.showProcesses(s.processes, s.current, this.wantedPid);
    const process = s.processes.find((p) => p.pid === pid) ?? null;
    const before = this.shown;
    this.shown = { frames: s.physical.frames, slots: s.swap.slots, highlighted: picture.changes.physical.size + picture.changes.swap.size > 0 };
    renderErrors(this.errors, s, (file, line, column) => this.host.post({ kind: 'reveal', file, line, column }));
    renderCounters(this.counters, s.processes, picture.history, s.step);
    const previous = this.process;
    if (process) {
      this.charts.show(picture.history, process.pid);
      // Rows in view are redrawn only when the pages changed (or another process is shown).
      const pagesChanged = previous?.pid !== process.pid || previous.pages !== process.pages || (picture.changes.processes.get(process.pid)?.pages.size ?? 0) > 0;
      if (pagesChanged || this.rows.length === 0) this.rows = pageRows(process.pages);
      this.pageList.setRows(this.rows, pagesChanged);
      this.pageList.element.style.height = `${Math.min(this.rows.length, 14) * ROW_HEIGHT + 2}px`;
    }
    this.process = process;
    // Redraw when the cells changed now, or changed at the previous stop (their highlight goes).
    this.frames.setTotal(s.physical.frameCount, before?.frames !== s.physical.frames || (before?.highlighted ?? false));
    this.swap.setTotal(s.swap.slotCount, before?.slots !== s.swap.slots || (before?.highlighted ?? false));
    this.physicalSummary.textContent = this.physicalText(s);
    renderTlb(this.tlb, s.tlb, picture.changes.tlb);
    const rss = process ? `RSS ${Math.round(process.counters.rss / 1024)} KiB, ${process.counters.minorFaults + process.counters.majorFaults} page faults so far` : '';
    this.chrome.announce(`Step ${s.step}: ${rss}.`);
  }

  walk(address: number, origin: 'typed' | 'page'): void {
    if (!this.process) return;
    this.walkView.showPending(address);
    this.saveState();
    this.host.post({ kind: 'select-address', pid: this.process.pid, address, origin });
  }

  showWalk(message: Extract<HostMessage, { kind: 'walk' }>): void {
    if (message.result.kind === 'error') {
      this.walkView.showError(message.address, message.result.message);
      return;
    }
    const walk = message.result.walk;
    this.walkView.show(walk, message.origin);
    // Mark the page and the frame the walk went through.
    const vpn = Math.floor(walk.address / PAGE);
    const index = this.rows.findIndex((r) => r.kind === 'page' && r.page.vpn === vpn);
    this.selectedPages = new Set(index >= 0 ? [index] : []);
    if (index >= 0) this.pageList.setActive(index, true);
    else this.pageList.restyle();
    if (walk.result.kind === 'mapped') {
      this.markedFrame = walk.result.frame;
      this.frames.list.scrollIntoView(Math.floor(walk.result.frame / CELLS_PER_ROW), true);
      this.frames.select(walk.result.frame);
    }
  }

  highlight(message: Extract<HostMessage, { kind: 'highlight' }>): void {
    if (!this.process || message.pid !== this.process.pid) return;
    const vpn = Math.floor(message.address / PAGE);
    const index = this.rows.findIndex((r) => r.kind === 'page' && r.page.vpn === vpn);
    if (index >= 0) {
      this.selectedPages = new Set([index]);
      this.pageList.setActive(index, true);
    }
  }

  private selectProcess(pid: number): void {
    this.wantedPid = pid;
    this.saveState();
    if (this.picture) this.show(this.picture);
  }

  private saveState(): void {
    this.host.save('paging', { pid: this.wantedPid, typed: this.walkView.typed } satisfies SavedView);
  }

  // ---- physical memory and swap ----

  private frameOf(n: number): PhysicalFrame | undefined {
    return this.picture ? byKey(this.picture.snapshot.physical.frames, n) : undefined;
  }

  private frameCell(n: number): Cell {
    const f = this.frameOf(n);
    const marked = n === this.markedFrame ? ' cell-walked' : '';
    if (!f || f.use === 'free') return { text: '', className: `cell-free${marked}`, label: `frame ${hex(n)}: free` };
    switch (f.use) {
      case 'page-table':
        return { text: 'T', className: `cell-page-table${marked}`, label: `frame ${hex(n)}: page-table page${f.owners[0] ? ` of pid ${f.owners[0].pid}` : ''}` };
      case 'kernel':
        return { text: 'K', className: `cell-kernel${marked}`, label: `frame ${hex(n)}: kernel` };
      case 'page': {
        const shared = f.owners.length > 1;
        const owner = f.owners[0];
        const who = f.owners.map((o) => `pid ${o.pid} page ${hex(o.vpn * PAGE)}`).join(', ');
        return {
          text: shared ? 'S' : owner ? String(owner.pid % 10) : '?',
          className: `cell-page owner-${(owner?.pid ?? 0) % 6}${shared ? ' cell-shared' : ''}${f.dirty ? ' cell-dirty' : ''}${marked}`,
          label: `frame ${hex(n)}: ${shared ? `shared by ${f.owners.length} processes: ` : ''}${who}${f.dirty ? ', dirty' : ''}`,
        };
      }
      default: {
        const never: never = f.use;
        return never;
      }
    }
  }

  private frameRowSummary(row: GridRow): string {
    let used = 0;
    let shared = 0;
    let tables = 0;
    for (let n = row.first; n < row.first + row.count; n++) {
      const f = this.frameOf(n);
      if (!f || f.use === 'free') continue;
      if (f.use === 'page-table') tables++;
      else used++;
      if (f.owners.length > 1) shared++;
    }
    return `frames ${hex(row.first)} to ${hex(row.first + row.count - 1)}: ${used} in use (${shared} shared), ${tables} page tables, ${row.count - used - tables} free`;
  }

  private describeFrame(n: number): void {
    const cell = this.frameCell(n);
    this.frameDetail.textContent = cell.label;
    const f = this.frameOf(n);
    const owner = f?.owners.find((o) => o.pid === this.process?.pid) ?? f?.owners[0];
    if (f?.use === 'page' && owner) this.host.post({ kind: 'highlight', pid: owner.pid, address: owner.vpn * PAGE, size: PAGE });
  }

  private slotOf(n: number): SwapSlot | undefined {
    return this.picture ? byKey(this.picture.snapshot.swap.slots, n) : undefined;
  }

  private swapCell(n: number): Cell {
    const s = this.slotOf(n);
    if (!s || !s.owner) return { text: '', className: 'cell-free', label: `swap slot ${n}: free` };
    return { text: String(s.owner.pid % 10), className: `cell-page owner-${s.owner.pid % 6}`, label: `swap slot ${n}: pid ${s.owner.pid} page ${hex(s.owner.vpn * PAGE)}` };
  }

  private swapRowSummary(row: GridRow): string {
    let used = 0;
    for (let n = row.first; n < row.first + row.count; n++) if (this.slotOf(n)?.owner) used++;
    return `swap slots ${row.first} to ${row.first + row.count - 1}: ${used} in use`;
  }

  private describeSwap(n: number): void {
    setText(this.frameDetail, this.swapCell(n).label);
  }

  private physicalText(s: Snapshot): string {
    let used = 0;
    let tables = 0;
    let shared = 0;
    for (const f of s.physical.frames) {
      if (f.use === 'page') used++;
      else if (f.use === 'page-table') tables++;
      if (f.owners.length > 1) shared++;
    }
    const swapUsed = s.swap.slots.filter((x) => x.owner !== null).length;
    return `${s.physical.frameCount} frames of ${s.physical.frameSize / 1024} KiB: ${used} hold pages (${shared} shared), ${tables} hold page tables, ${s.physical.frameCount - used - tables} free · swap ${swapUsed} of ${s.swap.slotCount} slots used`;
  }
}
