// The Memory Map's two lists as rows of one height. The left list is the stack and the static data in
// address order from high to low, as the address space is drawn: frames outermost first down to the
// current one and the `sp` marker, tombstones of returned frames below `sp` where their bytes still lie,
// then .bss, .data and .rodata. Each stack slot takes one row per 8 bytes ("byte by byte", as docs/abi.md
// draws a frame). The right list is the heap in address order from low to high: chunks from the heap
// start up to `brk`, then the blocks malloc placed in mmap regions.
//
// `AddressIndex` maps an address to the row that holds it (binary search over row ranges), which is how
// pointer arrows find both of their ends.

import type { FrameSlot, Global, HeapChunk, ProcessView, StackFrame } from '../../protocol/messages';
import { bytes, count, hex } from '../format';

/** Bytes drawn per row: one 64-bit word, as a stack is drawn in textbooks. */
export const BYTES_PER_ROW = 8;
/** A large slot (an array) shows at most this many rows; the last says how much is left out. */
export const MAX_ROWS_PER_SLOT = 16;

export type LeftRow =
  | { readonly kind: 'section'; readonly title: string; readonly detail: string }
  | { readonly kind: 'frame'; readonly frame: StackFrame; readonly current: boolean; readonly depth: number }
  | {
      readonly kind: 'slot';
      readonly frame: StackFrame;
      readonly slot: FrameSlot;
      /** Which 8-byte line of the slot this row shows, and how many the slot has (after the cap). */
      readonly line: number;
      readonly lines: number;
      readonly current: boolean;
    }
  | { readonly kind: 'marker'; readonly name: 'sp'; readonly address: number }
  | { readonly kind: 'global'; readonly global: Global };

export type HeapRow =
  | { readonly kind: 'section'; readonly title: string; readonly detail: string }
  | { readonly kind: 'chunk'; readonly chunk: HeapChunk }
  | { readonly kind: 'marker'; readonly name: 'heap start' | 'brk'; readonly address: number };

/** Rows of one frame, cached by frame object so unchanged frames keep their row objects between stops. */
const frameRowCache = new WeakMap<StackFrame, { current: boolean; depth: number; rows: LeftRow[] }>();

function slotLines(slot: FrameSlot): number {
  const start = slot.address % BYTES_PER_ROW;
  return Math.min(MAX_ROWS_PER_SLOT, Math.max(1, Math.ceil((start + slot.size) / BYTES_PER_ROW)));
}

function frameRows(frame: StackFrame, current: boolean, depth: number): LeftRow[] {
  const cached = frameRowCache.get(frame);
  if (cached && cached.current === current && cached.depth === depth) return cached.rows;
  const rows: LeftRow[] = [{ kind: 'frame', frame, current, depth }];
  for (const slot of frame.slots) {
    const lines = slotLines(slot);
    // Slots are listed highest address first; within a slot the lines go from its highest word down too.
    for (let line = lines - 1; line >= 0; line--) rows.push({ kind: 'slot', frame, slot, line, lines, current });
  }
  frameRowCache.set(frame, { current, depth, rows });
  return rows;
}

const SECTION_TITLES: { readonly [K in Global['section']]: string } = {
  bss: '.bss — zero-initialised globals and statics',
  data: '.data — initialised globals and statics',
  rodata: '.rodata — string literals and constants (read-only)',
};

export function leftRows(process: ProcessView): LeftRow[] {
  const rows: LeftRow[] = [];
  const live = process.stack.filter((f) => !f.dead);
  const dead = process.stack.filter((f) => f.dead);
  const stackRegion = process.regions.find((r) => r.kind === 'stack');
  const elided = process.elided;
  const frames = live.length + (elided?.frames ?? 0);
  rows.push({
    kind: 'section',
    title: 'Stack — grows down',
    detail: stackRegion ? `${count(frames)} frame${frames === 1 ? '' : 's'}, limit ${(stackRegion.end - stackRegion.start) >> 10} KiB mapped` : `${count(frames)} frames`,
  });
  // Outermost frame (highest addresses) first: the snapshot lists live frames innermost first. Frames a
  // too-deep stack left out are one row, where they sit: below the outer frames, above the inner ones.
  let gapPlaced = !elided;
  for (let i = live.length - 1; i >= 0; i--) {
    const frame = live[i]!;
    if (elided && !gapPlaced && frame.high <= elided.low) {
      rows.push({ kind: 'section', title: `⋯ ${count(elided.frames)} more frames, not drawn`, detail: `${bytes(elided.high - elided.low)} of stack, ${hex(elided.low)}–${hex(elided.high)}` });
      gapPlaced = true;
    }
    rows.push(...frameRows(frame, i === 0, frame.key));
  }
  rows.push({ kind: 'marker', name: 'sp', address: process.registers.sp });
  const tombstones = [...dead].sort((a, b) => b.high - a.high);
  for (const frame of tombstones) rows.push(...frameRows(frame, false, -1));
  for (const section of ['bss', 'data', 'rodata'] as const) {
    const globals = process.globals.filter((g) => g.section === section).sort((a, b) => b.address - a.address);
    if (globals.length === 0) continue;
    rows.push({ kind: 'section', title: SECTION_TITLES[section], detail: `${globals.length} object${globals.length === 1 ? '' : 's'}` });
    for (const g of globals) rows.push({ kind: 'global', global: g });
  }
  return rows;
}

const chunkRowCache = new WeakMap<HeapChunk, HeapRow>();

export function heapRows(process: ProcessView): HeapRow[] {
  const heap = process.heap;
  const rows: HeapRow[] = [{ kind: 'marker', name: 'heap start', address: heap.start }];
  let brkPlaced = false;
  let mmapPlaced = false;
  for (const chunk of process.chunks) {
    if (!brkPlaced && (chunk.mmapped || chunk.start >= heap.brk)) {
      rows.push({ kind: 'marker', name: 'brk', address: heap.brk });
      brkPlaced = true;
    }
    if (chunk.mmapped && !mmapPlaced) {
      rows.push({ kind: 'section', title: 'mmap — large blocks get their own mapping', detail: '' });
      mmapPlaced = true;
    }
    let row = chunkRowCache.get(chunk);
    if (!row) {
      row = { kind: 'chunk', chunk };
      chunkRowCache.set(chunk, row);
    }
    rows.push(row);
  }
  if (!brkPlaced) rows.push({ kind: 'marker', name: 'brk', address: heap.brk });
  return rows;
}

/** Sorted address ranges of rows, for finding the row that holds an address. */
export class AddressIndex {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly rowIndex: Int32Array;

  /** `starts`, `ends` and `rows` of ranges in ascending address order. */
  constructor(starts: Float64Array, ends: Float64Array, rows: Int32Array) {
    this.starts = starts;
    this.ends = ends;
    this.rowIndex = rows;
  }

  /** Builds the index from ranges listed in ascending or descending order (sorted when neither). */
  static of(ranges: { start: number; end: number; row: number }[]): AddressIndex {
    let ascending = true;
    let descending = true;
    for (let i = 1; i < ranges.length; i++) {
      if (ranges[i]!.start < ranges[i - 1]!.start) ascending = false;
      if (ranges[i]!.start > ranges[i - 1]!.start) descending = false;
    }
    if (descending && !ascending) ranges.reverse();
    else if (!ascending) ranges.sort((a, b) => a.start - b.start || a.row - b.row);
    return new AddressIndex(Float64Array.from(ranges, (r) => r.start), Float64Array.from(ranges, (r) => r.end), Int32Array.from(ranges, (r) => r.row));
  }

  /** The row holding `address`, or -1 (ranges do not overlap within one index). */
  find(address: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= address) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at >= 0 && address < this.ends[at]! ? this.rowIndex[at]! : -1;
  }
}

/** Live frames and globals first; a tombstone holds an address only where no live slot does. */
export class LeftIndex {
  constructor(private readonly live: AddressIndex, private readonly dead: AddressIndex) {}

  find(address: number): number {
    const row = this.live.find(address);
    return row >= 0 ? row : this.dead.find(address);
  }
}

export function leftIndex(rows: readonly LeftRow[]): LeftIndex {
  const live = new RangeList(rows.length);
  const dead = new RangeList(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    switch (row.kind) {
      case 'slot': {
        const base = row.slot.address - (row.slot.address % BYTES_PER_ROW);
        const start = Math.max(row.slot.address, base + row.line * BYTES_PER_ROW);
        const lastLine = row.line === row.lines - 1;
        const end = lastLine ? row.slot.address + row.slot.size : base + (row.line + 1) * BYTES_PER_ROW;
        (row.frame.dead ? dead : live).add(start, end, i);
        break;
      }
      case 'global':
        live.add(row.global.address, row.global.address + Math.max(1, row.global.size), i);
        break;
      case 'section':
      case 'frame':
      case 'marker':
        break;
      default: {
        const never: never = row;
        return never;
      }
    }
  }
  return new LeftIndex(live.index(), dead.index());
}

/**
 * Ranges collected straight into typed arrays: the left list has one range per row (tens of thousands
 * with a deep stack), rebuilt at every step that changes a frame, so no object per range. They arrive
 * in descending address order (the list runs from high to low addresses) and are reversed in place.
 */
class RangeList {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly rows: Int32Array;
  private n = 0;

  constructor(capacity: number) {
    this.starts = new Float64Array(capacity);
    this.ends = new Float64Array(capacity);
    this.rows = new Int32Array(capacity);
  }

  add(start: number, end: number, row: number): void {
    this.starts[this.n] = start;
    this.ends[this.n] = end;
    this.rows[this.n++] = row;
  }

  index(): AddressIndex {
    const n = this.n;
    let descending = true;
    for (let i = 1; i < n && descending; i++) if (this.starts[i]! > this.starts[i - 1]!) descending = false;
    if (!descending) {
      const ranges = Array.from({ length: n }, (_, i) => ({ start: this.starts[i]!, end: this.ends[i]!, row: this.rows[i]! }));
      return AddressIndex.of(ranges);
    }
    const starts = this.starts.slice(0, n).reverse();
    const ends = this.ends.slice(0, n).reverse();
    const rows = this.rows.slice(0, n).reverse();
    return new AddressIndex(starts, ends, rows);
  }
}

/** Heap rows list chunks in ascending address order already: fill the arrays directly. */
export function heapIndex(rows: readonly HeapRow[]): AddressIndex {
  const starts = new Float64Array(rows.length);
  const ends = new Float64Array(rows.length);
  const index = new Int32Array(rows.length);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.kind !== 'chunk') continue;
    starts[n] = row.chunk.start;
    ends[n] = row.chunk.start + row.chunk.size;
    index[n++] = i;
  }
  return new AddressIndex(starts.subarray(0, n), ends.subarray(0, n), index.subarray(0, n));
}
