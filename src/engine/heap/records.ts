// The allocator's history: one BlockRecord per allocation, kept for the whole run, freed ones included.
//
// How it works. Records are appended in allocation order (ids are 1-based positions). A map from payload
// address to the most recent record at that address answers free() and realloc(): allocated means a
// valid free, freed means a double free, absent means an invalid free. This is the authority free()
// checks before it touches memory, so a bad free can never damage the heap. The allocator asks it only
// when the pointer is not a live block's payload (a bad free), so the map is built on the first such
// question, from the whole history, and kept up to date from then on: a program that never frees
// wrongly never pays for it (it was a fifth of the cost of each malloc). `latestCovering` answers
// "which block is this address in" by scanning back from the newest record; the caller first asks the
// live blocks (a live block covering an address is always the newest record there, because memory is
// only reused after the block that held it was freed). The map's keys are payload addresses less the
// first one: heap addresses are beyond 2^30, which V8 would box on every lookup, and their differences
// within the heap are small integers.

import type { BlockRecord } from './host';

export interface HeapTotals {
  allocatedBytes: number;
  allocatedBlocks: number;
  totalAllocs: number;
  totalFrees: number;
  totalBytesAllocated: number;
}

export class BlockRecords {
  private readonly list: BlockRecord[] = [];
  /** Newest record by payload address less `origin`; null until `atPayload` is first asked. */
  private byPayload: Map<number, BlockRecord> | null = null;
  /** The first payload address recorded (0 before any). */
  private origin = 0;
  readonly totals: HeapTotals = { allocatedBytes: 0, allocatedBlocks: 0, totalAllocs: 0, totalFrees: 0, totalBytesAllocated: 0 };

  all(): readonly BlockRecord[] {
    return this.list;
  }

  /** Records a new allocation and counts it as valgrind does (one alloc, `requested` bytes). */
  add(fields: Omit<BlockRecord, 'id' | 'state'>): BlockRecord {
    const record: BlockRecord = {
      id: this.list.length + 1,
      address: fields.address,
      requested: fields.requested,
      blockSize: fields.blockSize,
      blockStart: fields.blockStart,
      state: 'allocated',
      mmapped: fields.mmapped,
      searched: fields.searched,
    };
    this.list.push(record);
    if (this.list.length === 1) this.origin = record.address;
    this.byPayload?.set(record.address - this.origin, record);
    this.totals.allocatedBytes += record.requested;
    this.totals.allocatedBlocks += 1;
    this.totals.totalAllocs += 1;
    this.totals.totalBytesAllocated += record.requested;
    return record;
  }

  markFreed(record: BlockRecord): void {
    record.state = 'freed';
    this.totals.allocatedBytes -= record.requested;
    this.totals.allocatedBlocks -= 1;
    this.totals.totalFrees += 1;
  }

  /** The newest record whose payload starts at `address`. */
  atPayload(address: number): BlockRecord | undefined {
    if (!this.byPayload) {
      this.byPayload = new Map();
      for (const r of this.list) this.byPayload.set(r.address - this.origin, r);
    }
    return this.byPayload.get(address - this.origin);
  }

  /** The newest record whose block (header to end) contains `address`. */
  latestCovering(address: number): BlockRecord | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) {
      const r = this.list[i];
      if (address >= r.blockStart && address < r.blockStart + r.blockSize) return r;
    }
    return undefined;
  }

  /** A deep copy (for fork); `twin` gives the copy of each record so other structures can follow. */
  clone(): { records: BlockRecords; twin: (r: BlockRecord) => BlockRecord } {
    const copy = new BlockRecords();
    for (const r of this.list) copy.list.push({ ...r });
    copy.origin = this.origin;
    Object.assign(copy.totals, this.totals);
    return { records: copy, twin: (r) => copy.list[r.id - 1] };
  }
}
