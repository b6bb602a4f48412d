// A scrolling list that keeps only the rows in view in the DOM, so ten thousand heap blocks cost what
// forty do. Every row has the same height, so a row's position is `index * rowHeight` — computed, never
// measured — which also lets the pointer arrows find rows without reading layout. The viewport height is
// read once per resize (ResizeObserver) and the scroll offset in the scroll event, so an update writes to
// the DOM and never forces a layout in between.
//
// Rendered rows are keyed by index; a row whose object and render epoch are unchanged is not touched.
// The list is one tab stop (ARIA listbox with aria-activedescendant): arrows, Page Up/Down, Home/End
// move the active row, Enter or Space selects it, Shift+Enter asks for its source line.

import { el } from './dom';

export type RowAction = 'select' | 'reveal';

export interface VirtualListOptions<Row> {
  /** What a screen reader calls the list. */
  readonly label: string;
  readonly rowHeight: number;
  readonly className: string;
  /** Prefix of the rows' element ids (unique per list). */
  readonly idPrefix: string;
  /** Fills a row element (reused between rows: set every part it shows). */
  readonly renderRow: (element: HTMLElement, row: Row, index: number) => void;
  /**
   * What else decides how the row looks (changed, selected…), as a short string: a row in view whose
   * object and state are unchanged is not redrawn at a stop.
   */
  readonly rowState?: (row: Row, index: number) => string;
  /** The sentence a screen reader reads for the row. */
  readonly rowLabel: (row: Row) => string;
  /** Called when the user selects a row, asks for its source, or clicks an element with `data-action`. */
  readonly onAction: (row: Row, action: RowAction | string, index: number) => void;
  /** Called after the visible range changed (scroll or resize). */
  readonly onViewportChange?: () => void;
}

interface Rendered<Row> {
  row: Row;
  epoch: number;
  state: string;
}

const OVERSCAN = 6;

export class VirtualList<Row> {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private rows: readonly Row[] = [];
  private readonly rendered = new Map<number, HTMLElement>();
  private readonly state = new WeakMap<HTMLElement, Rendered<Row>>();
  private readonly free: HTMLElement[] = [];
  private epoch = 0;
  private scrollOffset = 0;
  private viewportHeight = 0;
  private active = -1;
  private frameRequested = false;
  private scrollRequested = false;
  private pendingScroll: number | null = null;

  constructor(private readonly options: VirtualListOptions<Row>) {
    this.spacer = el('div', { class: 'vlist-spacer', attrs: { role: 'presentation' } });
    this.element = el('div', {
      class: `vlist ${options.className}`,
      attrs: { role: 'listbox', tabindex: 0, 'aria-label': options.label, 'aria-keyshortcuts': 'ArrowUp ArrowDown PageUp PageDown Home End Enter Shift+Enter' },
    }, this.spacer);
    this.element.addEventListener('scroll', () => {
      if (this.pendingScroll !== null) return;
      this.scrollOffset = this.element.scrollTop;
      this.scheduleRender();
    });
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    this.element.addEventListener('click', (e) => this.onClick(e));
    new ResizeObserver(() => {
      this.viewportHeight = this.element.clientHeight;
      this.scrollOffset = this.element.scrollTop;
      this.render();
      this.options.onViewportChange?.();
    }).observe(this.element);
  }

  get length(): number {
    return this.rows.length;
  }

  get rowHeight(): number {
    return this.options.rowHeight;
  }

  /** Current scroll offset and height, as last observed (no layout read). */
  get viewport(): { top: number; height: number } {
    return { top: this.scrollOffset, height: this.viewportHeight };
  }

  /** First and last index in view (inclusive); last < first when empty. */
  get visibleRange(): { first: number; last: number } {
    const h = this.options.rowHeight;
    const first = Math.max(0, Math.floor(this.scrollOffset / h));
    const last = Math.min(this.rows.length - 1, Math.ceil((this.scrollOffset + this.viewportHeight) / h) - 1);
    return { first, last };
  }

  rowAt(index: number): Row | undefined {
    return this.rows[index];
  }

  get activeIndex(): number {
    return this.active;
  }

  /** Replaces the rows. `restyle` re-renders rows whose object did not change (selection or highlight moved). */
  setRows(rows: readonly Row[], restyle: boolean): void {
    this.rows = rows;
    if (restyle) this.epoch++;
    if (this.active >= rows.length) this.active = rows.length - 1;
    this.spacer.style.height = `${rows.length * this.options.rowHeight}px`;
    this.render();
  }

  /** Re-renders the rows in view on the next call to render, even if their objects are unchanged. */
  restyle(): void {
    this.epoch++;
    this.render();
  }

  setActive(index: number, scroll: boolean): void {
    if (this.rows.length === 0) return;
    this.active = Math.max(0, Math.min(this.rows.length - 1, index));
    if (scroll) this.scrollIntoView(this.active);
    this.epoch++;
    this.render();
  }

  /** Scrolls so that `index` is in view; `center` puts it in the middle. */
  scrollIntoView(index: number, center = false): void {
    const h = this.options.rowHeight;
    const top = index * h;
    let target = this.scrollOffset;
    if (center) target = Math.max(0, top - this.viewportHeight / 2 + h / 2);
    else if (top < this.scrollOffset) target = top;
    else if (top + h > this.scrollOffset + this.viewportHeight) target = top + h - this.viewportHeight;
    target = Math.max(0, Math.min(target, this.rows.length * h - this.viewportHeight));
    if (target !== this.scrollOffset) {
      // The offset is known arithmetically; the element scrolls at the next frame, when the browser
      // lays out anyway — setting scrollTop now would force a layout in the middle of an update.
      this.scrollOffset = target;
      this.pendingScroll = target;
      if (!this.scrollRequested) {
        this.scrollRequested = true;
        requestAnimationFrame(() => {
          this.scrollRequested = false;
          if (this.pendingScroll !== null) this.element.scrollTop = this.pendingScroll;
          this.pendingScroll = null;
        });
      }
      this.render();
      this.options.onViewportChange?.();
    }
  }

  private scheduleRender(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      this.frameRequested = false;
      this.render();
      this.options.onViewportChange?.();
    });
  }

  /** Brings the DOM in line with the rows in view. */
  render(): void {
    const h = this.options.rowHeight;
    const first = Math.max(0, Math.floor(this.scrollOffset / h) - OVERSCAN);
    const last = Math.min(this.rows.length - 1, Math.ceil((this.scrollOffset + Math.max(this.viewportHeight, h)) / h) + OVERSCAN);
    for (const [index, node] of this.rendered) {
      if (index < first || index > last) {
        this.rendered.delete(index);
        node.remove();
        this.free.push(node);
      }
    }
    if (this.active >= 0 && this.rows.length > 0) this.element.setAttribute('aria-activedescendant', this.rowId(this.active));
    else this.element.removeAttribute('aria-activedescendant');
    for (let i = first; i <= last; i++) {
      const row = this.rows[i]!;
      let node = this.rendered.get(i);
      if (!node) {
        node = this.free.pop() ?? el('div', { attrs: { role: 'option' } });
        node.style.top = `${i * h}px`;
        node.style.height = `${h}px`;
        this.rendered.set(i, node);
        this.spacer.appendChild(node);
      }
      const state = this.options.rowState?.(row, i) ?? '';
      const seen = this.state.get(node);
      if (seen && seen.row === row && seen.epoch === this.epoch && seen.state === state && node.parentNode) continue;
      this.state.set(node, { row, epoch: this.epoch, state });
      node.id = this.rowId(i);
      node.dataset.index = String(i);
      node.setAttribute('aria-posinset', String(i + 1));
      node.setAttribute('aria-setsize', String(this.rows.length));
      node.setAttribute('aria-selected', String(i === this.active));
      node.setAttribute('aria-label', this.options.rowLabel(row));
      node.className = 'vrow';
      if (i === this.active) node.classList.add('active');
      this.options.renderRow(node, row, i);
    }
  }

  private rowId(index: number): string {
    return `${this.options.idPrefix}-${index}`;
  }

  private onKey(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewportHeight / this.options.rowHeight) - 1);
    const at = this.active < 0 ? -1 : this.active;
    let next: number | null = null;
    switch (e.key) {
      case 'ArrowDown': next = at + 1; break;
      case 'ArrowUp': next = Math.max(0, at - 1); break;
      case 'PageDown': next = at + page; break;
      case 'PageUp': next = Math.max(0, at - page); break;
      case 'Home': next = 0; break;
      case 'End': next = this.rows.length - 1; break;
      case 'Enter':
      case ' ': {
        const row = this.rows[at];
        if (row !== undefined) this.options.onAction(row, e.key === 'Enter' && e.shiftKey ? 'reveal' : 'select', at);
        e.preventDefault();
        return;
      }
      default:
        return;
    }
    e.preventDefault();
    this.setActive(next, true);
  }

  private onClick(e: MouseEvent): void {
    const target = e.target as Element | null;
    const rowNode = target?.closest<HTMLElement>('.vrow');
    if (!rowNode || rowNode.dataset.index === undefined) return;
    const index = Number(rowNode.dataset.index);
    const row = this.rows[index];
    if (row === undefined) return;
    const action = target?.closest<HTMLElement>('[data-action]')?.dataset.action;
    this.active = index;
    this.epoch++;
    this.render();
    this.options.onAction(row, action ?? 'select', index);
  }
}
