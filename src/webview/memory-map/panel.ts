// The Memory Map panel: the address-space strip, the stack-and-globals list and the heap list side by
// side with pointer arrows between them, the heap's figures, and the selection line. A stop rebuilds the
// row arrays (cheap, plain objects) and lets the two virtual lists redraw only rows in view; the arrows
// are redrawn from row indices. Selecting a row highlights what it points at, or what points at it, asks
// the host for the page walk of its address and tells the other panel; Shift+Enter or a site button
// reveals the source line.

import { el, svg, setText } from '../dom';
import { bytes, hex, siteText } from '../format';
import type { HostLink } from '../host';
import type { Picture } from '../picture';
import { VirtualList } from '../virtual-list';
import { Chrome } from '../chrome';
import { renderErrors } from '../errors-bar';
import type { AddressOrigin, HostMessage, PointerEdge, ProcessView, Region, SessionStatus, SourceSite } from '../../protocol/messages';
import { revealMessage } from '../../protocol/messages';
import { renderAddressSpace } from './address-space';
import { arrowDefs, drawArrows, type ColumnBox } from './arrows';
import { chunkFacts, renderHeapSummary } from './heap-summary';
import { heapIndex, heapRows, leftIndex, leftRows, type AddressIndex, type HeapRow, type LeftIndex, type LeftRow } from './rows';
import { renderHeapRow, heapRowLabel, STATE_WORDS } from './render-heap';
import { renderStackRow, stackRowLabel } from './render-stack';

export const ROW_HEIGHT = 22;
/** Room kept right of the heap rows for heap-to-heap arrows. */
const HEAP_ARROW_MARGIN = 34;

interface SavedView {
  pid: number | null;
  selected: number | null;
}

interface Selection {
  readonly pid: number;
  readonly address: number;
  readonly size: number;
  readonly side: 'stack' | 'heap';
}

type WalkMessage = Extract<HostMessage, { kind: 'walk' }>;

export class MemoryMapPanel {
  private readonly chrome: Chrome;
  private readonly strip = el('nav', { class: 'address-space', attrs: { 'aria-label': 'Address space, low to high addresses' } });
  private readonly errors = el('section', { class: 'errors', attrs: { 'aria-label': 'Memory errors' } });
  private readonly selectionLine = el('p', { class: 'selection-line', attrs: { 'aria-live': 'polite' } });
  private readonly heapSummary = el('section', { class: 'heap-summary', attrs: { 'aria-label': 'Heap figures' } });
  private readonly arrowLayer = svg('g', { class: 'arrow-layer' });
  private readonly arrowSvg: SVGSVGElement;
  private readonly columns: HTMLElement;
  private readonly stackList: VirtualList<LeftRow>;
  private readonly heapList: VirtualList<HeapRow>;
  private picture: Picture | null = null;
  private process: ProcessView | null = null;
  private left: LeftRow[] = [];
  private heap: HeapRow[] = [];
  private leftAt: LeftIndex | null = null;
  private heapAt: AddressIndex | null = null;
  /** What the rows were built from (see show). */
  private leftKey: readonly unknown[] = [];
  private heapKey: readonly unknown[] = [];
  private stackBox: ColumnBox = { left: 0, right: 0, top: 0, height: 0 };
  private heapBox: ColumnBox = { left: 0, right: 0, top: 0, height: 0 };
  private wantedPid: number | null;
  private selection: Selection | null = null;
  private pendingSelection: number | null;
  private selectedRows = { stack: new Set<number>(), heap: new Set<number>() };
  private relatedRows = { stack: new Set<number>(), heap: new Set<number>() };
  private emphasised = new Set<number>();
  private lastWalk: WalkMessage | null = null;
  private lastCurrentFrame: string | null = null;
  private arrowFrame = false;

  constructor(root: HTMLElement, private readonly host: HostLink) {
    const saved = host.restore<SavedView>('memory-map');
    this.wantedPid = typeof saved.pid === 'number' ? saved.pid : null;
    this.pendingSelection = typeof saved.selected === 'number' ? saved.selected : null;
    this.chrome = new Chrome('Memory map', (pid) => this.selectProcess(pid));
    this.stackList = new VirtualList<LeftRow>({
      label: 'Stack frames byte by byte, then globals and strings, from high to low addresses',
      rowHeight: ROW_HEIGHT,
      className: 'stack-list',
      idPrefix: 'stack-row',
      renderRow: (node, row, index) => renderStackRow(node, row, index, this.marks('stack')),
      rowLabel: (row) => stackRowLabel(row, this.picture?.snapshot.files ?? []),
      rowState: (row, index) => this.stackRowState(row, index),
      onAction: (row, action, index) => this.onStackAction(row, action, index),
      onViewportChange: () => this.scheduleArrows(),
    });
    this.heapList = new VirtualList<HeapRow>({
      label: 'Heap blocks from low to high addresses',
      rowHeight: ROW_HEIGHT,
      className: 'heap-list',
      idPrefix: 'heap-row',
      renderRow: (node, row, index) => renderHeapRow(node, row, index, { ...this.marks('heap'), heap: this.process!.heap }),
      rowLabel: (row) => heapRowLabel(row, this.picture?.snapshot.files ?? [], this.process!.heap),
      rowState: (row, index) => this.heapRowState(row, index),
      onAction: (row, action, index) => this.onHeapAction(row, action, index),
      onViewportChange: () => this.scheduleArrows(),
    });
    this.arrowSvg = svg('svg', { class: 'arrows', attrs: { 'aria-hidden': 'true' } }, arrowDefs(), this.arrowLayer);
    this.columns = el('div', { class: 'columns' },
      el('section', { class: 'column stack-column', attrs: { 'aria-labelledby': 'stack-heading' } },
        el('h2', { text: 'Stack and globals', attrs: { id: 'stack-heading' } }),
        el('p', { class: 'column-note', text: 'high addresses at the top · 8 bytes per row, lowest address first' }),
        this.stackList.element),
      el('div', { class: 'gutter', attrs: { 'aria-hidden': 'true' } }),
      el('section', { class: 'column heap-column', attrs: { 'aria-labelledby': 'heap-heading' } },
        el('h2', { text: 'Heap', attrs: { id: 'heap-heading' } }),
        this.heapSummary,
        this.heapList.element),
      this.arrowSvg,
    );
    root.append(
      this.chrome.element,
      this.strip,
      this.errors,
      this.selectionLine,
      this.columns,
      el('p', { class: 'keys-hint', text: 'Lists: ↑ ↓ move · Enter selects (shows what it points to) · Shift+Enter opens the source line' }),
    );
    // The lists move when the figures above them change height, not only when the panel resizes.
    const layout = new ResizeObserver(() => this.measure());
    for (const e of [this.columns, this.stackList.element, this.heapList.element, this.heapSummary]) layout.observe(e);
    this.errors.hidden = true;
    setText(this.selectionLine, 'Select a variable or a block to see what it points to.');
  }

  session(status: SessionStatus): void {
    this.chrome.showSession(status);
  }

  show(picture: Picture): void {
    this.picture = picture;
    const snapshot = picture.snapshot;
    const pid = this.chrome.showProcesses(snapshot.processes, snapshot.current, this.wantedPid);
    const process = snapshot.processes.find((p) => p.pid === pid) ?? null;
    this.process = process;
    if (!process) return;
    // A step usually changes a frame or two and a block or none: the rows and their address indices are
    // rebuilt only for a list whose inputs changed (the picture keeps untouched collections as they were).
    const leftKey = leftRowsKey(process);
    if (!this.leftAt || !sameKey(leftKey, this.leftKey)) {
      this.left = leftRows(process);
      this.leftAt = leftIndex(this.left);
      this.leftKey = leftKey;
    }
    const heapKey: readonly unknown[] = [process.chunks, process.heap.start, process.heap.brk];
    if (!this.heapAt || !sameKey(heapKey, this.heapKey)) {
      this.heap = heapRows(process);
      this.heapAt = heapIndex(this.heap);
      this.heapKey = heapKey;
    }
    renderAddressSpace(this.strip, process, (region) => this.pickRegion(region));
    renderHeapSummary(this.heapSummary, process.heap, process.chunks);
    renderErrors(this.errors, snapshot, (file, line, column) => this.host.post({ kind: 'reveal', file, line, column }));
    if (this.pendingSelection !== null) {
      const address = this.pendingSelection;
      this.pendingSelection = null;
      this.selectAddress(address, false);
    } else {
      this.refreshSelection();
    }
    this.stackList.setRows(this.left, false);
    this.heapList.setRows(this.heap, false);
    this.keepCurrentFrameInView(process);
    this.drawArrowsNow();
    this.chrome.announce(this.stopSentence(process));
  }

  walk(message: WalkMessage): void {
    this.lastWalk = message;
    this.describeSelection();
  }

  highlight(message: Extract<HostMessage, { kind: 'highlight' }>): void {
    if (!this.process || message.pid !== this.process.pid) return;
    this.selectAddress(message.address, true);
  }

  /** What besides the row object decides how a stack row looks (see VirtualList's rowState). */
  private stackRowState(row: LeftRow, index: number): string {
    const c = this.picture?.changes.processes.get(this.process?.pid ?? -1);
    let changed = '';
    if (c) {
      if (row.kind === 'slot') changed = `${c.newFrames.has(row.frame.key) ? 'n' : ''}${[...(c.slotBytes.get(row.slot.address) ?? [])].join(',')}${row.slot.address === this.process?.registers.fp ? 'f' : ''}`;
      else if (row.kind === 'frame') changed = c.frames.has(row.frame.key) ? 'c' : '';
      else if (row.kind === 'global') changed = c.globals.has(row.global.address) ? 'c' : '';
    }
    return `${this.selectedRows.stack.has(index) ? 's' : ''}${this.relatedRows.stack.has(index) ? 'r' : ''}${changed}`;
  }

  private heapRowState(row: HeapRow, index: number): string {
    const c = this.picture?.changes.processes.get(this.process?.pid ?? -1);
    const changed = row.kind === 'chunk' && c?.chunks.has(row.chunk.key) ? 'c' : '';
    const searched = row.kind === 'chunk' ? this.process?.heap.lastSearch.indexOf(row.chunk.start) ?? -1 : -1;
    return `${this.selectedRows.heap.has(index) ? 's' : ''}${this.relatedRows.heap.has(index) ? 'r' : ''}${changed}${searched}`;
  }

  // ---- selection ----

  private marks(side: 'stack' | 'heap') {
    const changes = this.picture?.changes.processes.get(this.process?.pid ?? -1);
    return {
      files: this.picture?.snapshot.files ?? [],
      changes,
      selected: this.selectedRows[side],
      related: this.relatedRows[side],
      fp: this.process?.registers.fp ?? 0,
    };
  }

  private onStackAction(row: LeftRow, action: string, index: number): void {
    if (!this.process || !this.picture) return;
    const files = this.picture.snapshot.files;
    if (action === 'reveal') {
      let site: SourceSite | undefined;
      if (row.kind === 'frame') site = row.frame.site;
      else if (row.kind === 'slot') site = row.slot.returnsTo?.site ?? row.frame.site;
      else if (row.kind === 'global') site = row.global.site;
      if (site) this.reveal(files, site);
      return;
    }
    switch (row.kind) {
      case 'slot':
        this.select({ pid: this.process.pid, address: row.slot.address, size: row.slot.size, side: 'stack' }, 'variable', index, 'stack');
        break;
      case 'global':
        this.select({ pid: this.process.pid, address: row.global.address, size: row.global.size, side: 'stack' }, 'variable', index, 'stack');
        break;
      case 'frame':
        this.select({ pid: this.process.pid, address: row.frame.low, size: row.frame.high - row.frame.low, side: 'stack' }, 'frame', index, 'stack');
        break;
      case 'marker':
        this.select({ pid: this.process.pid, address: row.address, size: 1, side: 'stack' }, 'frame', index, 'stack');
        break;
      case 'section':
        break;
      default: {
        const never: never = row;
        return never;
      }
    }
  }

  private onHeapAction(row: HeapRow, action: string, index: number): void {
    if (!this.process || !this.picture) return;
    const files = this.picture.snapshot.files;
    if (row.kind !== 'chunk') {
      if (row.kind === 'marker' && action === 'select') this.select({ pid: this.process.pid, address: row.address, size: 1, side: 'heap' }, 'block', index, 'heap');
      return;
    }
    const c = row.chunk;
    if (action === 'reveal-free') {
      if (c.freeSite) this.reveal(files, c.freeSite);
      return;
    }
    if (action === 'reveal') {
      const site = c.allocSite ?? c.freeSite;
      if (site) this.reveal(files, site);
      return;
    }
    this.select({ pid: this.process.pid, address: c.start, size: c.size, side: 'heap' }, 'block', index, 'heap');
  }

  private reveal(files: readonly string[], site: SourceSite): void {
    const message = revealMessage(files, site);
    if (message) this.host.post(message);
  }

  private select(selection: Selection, origin: AddressOrigin, index: number, side: 'stack' | 'heap'): void {
    this.selection = selection;
    this.lastWalk = null;
    this.refreshSelection();
    (side === 'stack' ? this.stackList : this.heapList).setActive(index, false);
    this.stackList.restyle();
    this.heapList.restyle();
    this.drawArrowsNow();
    this.saveState();
    // A heap block is walked at its payload, the address the program holds.
    const chunk = side === 'heap' ? this.heap[index] : undefined;
    const address = chunk?.kind === 'chunk' ? chunk.chunk.payload : selection.address;
    this.host.post({ kind: 'select-address', pid: selection.pid, address, origin });
    this.host.post({ kind: 'highlight', pid: selection.pid, address: selection.address, size: selection.size });
  }

  /** Selects whatever holds `address` (from another panel or a restored state); `scroll` brings it into view. */
  private selectAddress(address: number, scroll: boolean): void {
    if (!this.process || !this.leftAt || !this.heapAt) return;
    const s = this.leftAt.find(address);
    const h = s < 0 ? this.heapAt.find(address) : -1;
    if (s >= 0) {
      const row = this.left[s]!;
      const range = row.kind === 'slot' ? { address: row.slot.address, size: row.slot.size } : row.kind === 'global' ? { address: row.global.address, size: row.global.size } : { address, size: 1 };
      this.selection = { pid: this.process.pid, ...range, side: 'stack' };
      this.refreshSelection();
      this.stackList.setActive(s, scroll);
    } else if (h >= 0) {
      const row = this.heap[h]!;
      const range = row.kind === 'chunk' ? { address: row.chunk.start, size: row.chunk.size } : { address, size: 1 };
      this.selection = { pid: this.process.pid, ...range, side: 'heap' };
      this.refreshSelection();
      this.heapList.setActive(h, scroll);
    } else {
      this.selection = null;
      this.refreshSelection();
    }
    this.stackList.restyle();
    this.heapList.restyle();
    this.drawArrowsNow();
    this.saveState();
  }

  /** Recomputes the rows and arrows tied to the selection (after a stop or a new selection). */
  private refreshSelection(): void {
    this.selectedRows = { stack: new Set(), heap: new Set() };
    this.relatedRows = { stack: new Set(), heap: new Set() };
    this.emphasised = new Set();
    const sel = this.selection;
    const process = this.process;
    if (!sel || !process || sel.pid !== process.pid || !this.leftAt || !this.heapAt) {
      this.describeSelection();
      return;
    }
    const find = (address: number): { side: 'stack' | 'heap'; row: number } | null => {
      const s = this.leftAt!.find(address);
      if (s >= 0) return { side: 'stack', row: s };
      const h = this.heapAt!.find(address);
      return h >= 0 ? { side: 'heap', row: h } : null;
    };
    // Every row of the selected range (a slot may span several 8-byte rows).
    for (let a = sel.address; a < sel.address + Math.min(sel.size, 256); a += sel.side === 'stack' ? 1 : sel.size) {
      const at = find(a);
      if (at && at.side === sel.side) this.selectedRows[at.side].add(at.row);
    }
    const end = sel.address + sel.size;
    for (const edge of process.pointers) {
      const outgoing = edge.from >= sel.address && edge.from < end;
      const incoming = edge.to >= sel.address && edge.to < end;
      if (!outgoing && !incoming) continue;
      this.emphasised.add(edge.key);
      const other = find(outgoing ? edge.to : edge.from);
      if (other) this.relatedRows[other.side].add(other.row);
    }
    this.describeSelection();
  }

  private describeSelection(): void {
    const sel = this.selection;
    const process = this.process;
    if (!sel || !process) {
      setText(this.selectionLine, 'Select a variable or a block to see what it points to.');
      return;
    }
    const end = sel.address + sel.size;
    const out: PointerEdge[] = [];
    const into: PointerEdge[] = [];
    for (const edge of process.pointers) {
      if (edge.from >= sel.address && edge.from < end) out.push(edge);
      else if (edge.to >= sel.address && edge.to < end) into.push(edge);
    }
    const chunk = sel.side === 'heap' ? process.chunks.find((c) => c.start === sel.address) : undefined;
    let text = chunk
      ? `Block${chunk.blockId !== undefined ? ` #${chunk.blockId}` : ''} at ${hex(chunk.start)} (${STATE_WORDS[chunk.state]}, ${bytes(chunk.size)})`
      : `${bytes(sel.size)} at ${hex(sel.address)}`;
    if (out.length > 0) text += ` → points to ${out.map((e) => `${hex(e.to)} (${e.verdict})`).join(', ')}`;
    if (into.length > 0) text += ` ← pointed to by ${into.slice(0, 6).map((e) => e.fromName).join(', ')}${into.length > 6 ? ` and ${into.length - 6} more` : ''}`;
    else if (chunk) text += ' ← nothing points to it';
    const walk = this.lastWalk;
    if (walk && walk.pid === sel.pid) {
      text += walk.result.kind === 'ok'
        ? walk.result.walk.result.kind === 'mapped'
          ? ` · virtual ${hex(walk.address)} → physical ${hex(walk.result.walk.result.physical)} (frame ${hex(walk.result.walk.result.frame)})`
          : ` · ${hex(walk.address)} does not translate: ${walk.result.walk.result.reason}`
        : ` · no page walk: ${walk.result.message}`;
    }
    setText(this.selectionLine, text);
  }

  private selectProcess(pid: number): void {
    this.wantedPid = pid;
    this.selection = null;
    this.saveState();
    if (this.picture) this.show(this.picture);
  }

  private pickRegion(region: Region): void {
    if (!this.process) return;
    if (region.kind === 'heap' || region.kind === 'mmap') {
      const at = this.heapAt?.find(region.start) ?? -1;
      this.heapList.scrollIntoView(Math.max(0, at), true);
    } else if (region.kind === 'stack') {
      const sp = this.left.findIndex((r) => r.kind === 'marker');
      this.stackList.scrollIntoView(Math.max(0, sp), true);
    } else {
      const at = this.left.findIndex((r) => r.kind === 'global' && r.global.address >= region.start && r.global.address < region.end);
      if (at >= 0) this.stackList.scrollIntoView(at, true);
    }
    this.host.post({ kind: 'select-address', pid: this.process.pid, address: region.start, origin: 'region' });
  }

  private saveState(): void {
    this.host.save('memory-map', { pid: this.wantedPid, selected: this.selection?.address ?? null } satisfies SavedView);
  }

  // ---- layout and arrows ----

  private keepCurrentFrameInView(process: ProcessView): void {
    const current = process.stack.find((f) => !f.dead);
    const id = current ? `${process.pid}:${current.key}:${current.fp}` : null;
    // The sp marker and the current frame sit near the end of the list (only tombstones and statics
    // follow), so both are looked for from there: a deep stack has tens of thousands of rows above them.
    const sp = lastIndex(this.left, (r) => r.kind === 'marker');
    if (sp < 0) return;
    const first = this.lastCurrentFrame === null;
    if (id !== this.lastCurrentFrame) {
      // Show the current frame's header and its slots down to sp.
      const header = lastIndex(this.left, (r) => r.kind === 'frame' && r.current, sp);
      this.stackList.scrollIntoView(sp, first);
      if (header >= 0) this.stackList.scrollIntoView(header);
      this.stackList.scrollIntoView(sp);
    }
    this.lastCurrentFrame = id;
  }

  private measure(): void {
    const base = this.arrowSvg.getBoundingClientRect();
    const s = this.stackList.element.getBoundingClientRect();
    const h = this.heapList.element.getBoundingClientRect();
    this.stackBox = { left: s.left - base.left, right: s.left - base.left + this.stackList.element.clientWidth, top: s.top - base.top, height: this.stackList.element.clientHeight };
    this.heapBox = { left: h.left - base.left, right: h.left - base.left + this.heapList.element.clientWidth - HEAP_ARROW_MARGIN, top: h.top - base.top, height: this.heapList.element.clientHeight };
    this.drawArrowsNow();
  }

  private scheduleArrows(): void {
    if (this.arrowFrame) return;
    this.arrowFrame = true;
    requestAnimationFrame(() => {
      this.arrowFrame = false;
      this.drawArrowsNow();
    });
  }

  private drawArrowsNow(): void {
    const process = this.process;
    if (!process || !this.leftAt || !this.heapAt) return;
    const leftAt = this.leftAt;
    const heapAt = this.heapAt;
    const { freeLinks } = chunkFacts(process.chunks);
    const drawn = drawArrows(this.arrowLayer, {
      stack: { box: this.stackBox, scrollTop: this.stackList.viewport.top, rowHeight: ROW_HEIGHT, find: (a) => leftAt.find(a) },
      heap: { box: this.heapBox, scrollTop: this.heapList.viewport.top, rowHeight: ROW_HEIGHT, find: (a) => heapAt.find(a) },
      edges: process.pointers,
      freeLinks,
      emphasised: this.emphasised,
      inView: [...visibleRanges(this.left, this.stackList.viewport, leftRowRange), ...visibleRanges(this.heap, this.heapList.viewport, heapRowRange)],
    });
    this.arrowSvg.dataset.arrows = String(drawn);
  }

  private stopSentence(process: ProcessView): string {
    const snapshot = this.picture!.snapshot;
    const where = snapshot.position ? `in ${snapshot.position.function} at ${siteText(snapshot.files, snapshot.position.site)}` : 'outside the program';
    const frames = process.stack.filter((f) => !f.dead).length + (process.elided?.frames ?? 0);
    const { leaked, free, pointedTo } = chunkFacts(process.chunks);
    const changed = this.picture!.changes.processes.get(process.pid);
    const stackItems = changed ? changed.slotBytes.size + changed.newFrames.size : 0;
    const changes = changed ? `, ${plural(changed.chunks.size, 'block')} and ${plural(stackItems, 'stack item')} changed` : '';
    const freed = pointedTo > 0 ? `, ${pointedTo} freed but still pointed to` : '';
    return `Step ${snapshot.step}: stopped ${where}. ${plural(frames, 'frame')}, ${plural(process.heap.allocatedBlocks, 'heap block')} allocated, ${leaked} leaked, ${free} free${freed}${changes}.`;
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Everything leftRows reads, as values compared one by one (collections by identity, globals by value). */
function leftRowsKey(process: ProcessView): readonly unknown[] {
  const stack = process.regions.find((r) => r.kind === 'stack');
  const key: unknown[] = [process.stack, process.registers.sp, stack?.start, stack?.end, process.elided?.frames, process.elided?.low, process.globals.length];
  for (const g of process.globals) key.push(g.address, g.size, g.name, g.value.text, g.value.defined, g.value.pointer?.kind);
  return key;
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type Range = readonly [number, number];

/** The address ranges the rows in view cover, merged where they touch (usually one or two). */
function visibleRanges<R>(rows: readonly R[], viewport: { top: number; height: number }, rangeOf: (row: R) => Range | null): Range[] {
  const first = Math.max(0, Math.floor(viewport.top / ROW_HEIGHT) - 1);
  const last = Math.min(rows.length - 1, Math.ceil((viewport.top + viewport.height) / ROW_HEIGHT) + 1);
  const ranges: [number, number][] = [];
  for (let i = first; i <= last; i++) {
    const r = rangeOf(rows[i]!);
    if (r) ranges.push([r[0], r[1]]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const top = merged[merged.length - 1];
    if (top && r[0] <= top[1]) top[1] = Math.max(top[1], r[1]);
    else merged.push(r);
  }
  return merged;
}

function leftRowRange(row: LeftRow): Range | null {
  switch (row.kind) {
    case 'slot':
      return [row.slot.address, row.slot.address + row.slot.size];
    case 'frame':
      return [row.frame.low, row.frame.high];
    case 'global':
      return [row.global.address, row.global.address + Math.max(1, row.global.size)];
    case 'marker':
    case 'section':
      return null;
    default: {
      const never: never = row;
      return never;
    }
  }
}

function heapRowRange(row: HeapRow): Range | null {
  switch (row.kind) {
    case 'chunk':
      return [row.chunk.start, row.chunk.start + row.chunk.size];
    case 'marker':
    case 'section':
      return null;
    default: {
      const never: never = row;
      return never;
    }
  }
}

/** The last index before `end` whose row matches, or -1. */
function lastIndex<R>(rows: readonly R[], match: (row: R) => boolean, end = rows.length): number {
  for (let i = Math.min(end, rows.length) - 1; i >= 0; i--) if (match(rows[i]!)) return i;
  return -1;
}
