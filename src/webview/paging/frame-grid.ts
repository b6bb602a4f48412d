// Physical memory as a grid of frames (and swap as a grid of slots): one cell per frame, 32 to a row,
// in a virtual list so a machine with many frames costs only the rows in view. A cell shows who uses
// the frame by colour and by a letter — the owner's pid, S for a frame shared by several processes,
// T for a page-table page, K for the kernel, blank when free — and clicking it shows the owners.

import { el, replaceChildren } from '../dom';
import { hex } from '../format';
import { VirtualList } from '../virtual-list';

export const CELLS_PER_ROW = 32;
/** Rows in view before the grid scrolls. */
const MAX_ROWS_SHOWN = 12;

export interface GridRow {
  readonly first: number;
  readonly count: number;
}

export interface Cell {
  readonly text: string;
  readonly className: string;
  readonly label: string;
}

export interface GridOptions {
  readonly label: string;
  readonly idPrefix: string;
  readonly rowHeight: number;
  readonly cell: (index: number) => Cell;
  readonly changed: (index: number) => boolean;
  readonly rowSummary: (row: GridRow) => string;
  readonly onSelect: (index: number) => void;
}

export class FrameGrid {
  readonly list: VirtualList<GridRow>;
  private selected = -1;
  private total = -1;

  constructor(private readonly options: GridOptions) {
    this.list = new VirtualList<GridRow>({
      label: options.label,
      rowHeight: options.rowHeight,
      className: 'grid-list',
      idPrefix: options.idPrefix,
      renderRow: (node, row) => this.renderRow(node, row),
      rowLabel: (row) => options.rowSummary(row),
      onAction: (row, action) => {
        const index = action.startsWith('cell:') ? Number(action.slice(5)) : this.firstUsed(row);
        if (index >= 0) this.select(index);
      },
    });
  }

  get element(): HTMLElement {
    return this.list.element;
  }

  /** Lays out `total` cells; `restyle` redraws the rows in view (what they show changed). */
  setTotal(total: number, restyle: boolean): void {
    if (total === this.total && !restyle) return;
    this.total = total;
    const rows: GridRow[] = [];
    for (let first = 0; first < total; first += CELLS_PER_ROW) rows.push({ first, count: Math.min(CELLS_PER_ROW, total - first) });
    this.list.setRows(rows, true);
    this.list.element.style.height = `${Math.min(rows.length, MAX_ROWS_SHOWN) * this.options.rowHeight + 2}px`;
  }

  select(index: number): void {
    this.selected = index;
    this.list.restyle();
    this.options.onSelect(index);
  }

  private firstUsed(row: GridRow): number {
    for (let i = row.first; i < row.first + row.count; i++) if (!this.options.cell(i).className.includes('cell-free')) return i;
    return row.first;
  }

  private renderRow(node: HTMLElement, row: GridRow): void {
    const cells: HTMLElement[] = [el('span', { class: 'grid-label', text: hex(row.first) })];
    for (let i = row.first; i < row.first + row.count; i++) {
      const c = this.options.cell(i);
      let cls = `cell ${c.className}`;
      if (this.options.changed(i)) cls += ' changed';
      if (i === this.selected) cls += ' cell-selected';
      cells.push(el('span', { class: cls, text: c.text, attrs: { 'data-action': `cell:${i}`, 'data-index': undefined, title: c.label } }));
    }
    replaceChildren(node, ...cells);
    node.classList.add('grid-row');
  }
}
