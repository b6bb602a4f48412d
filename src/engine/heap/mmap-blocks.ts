// Large blocks, each in its own mmap region, as glibc does for requests of at least M_MMAP_THRESHOLD.
//
// How it works. A request of n bytes maps round_up(n + 16, page) bytes. The region starts with 8 bytes
// of padding, then the header (the region's length | MMAPPED | ALLOCATED), then the payload at +16, so
// the payload is 16-aligned like every other. The record's block is the whole region (blockStart is the
// region's first byte, blockSize its length). free() checks the header against the record and unmaps the
// region, so every later access to it faults; there is no footer and no free list here.

import { FLAG_ALLOCATED, FLAG_MMAPPED, MMAP_HEADER_OFFSET, MMAP_PAYLOAD_OFFSET, headerWord, roundUp } from './block';
import type { BlockRecord, HeapCorruption, HeapHost } from './host';
import { LAYOUT } from '../program';

export interface Region {
  readonly start: number;
  readonly length: number;
}

export class MmapBlocks {
  /** Live mmapped blocks by payload address. */
  private readonly live = new Map<number, BlockRecord>();

  constructor(private readonly host: HeapHost) {}

  /** Maps a region for `request` bytes and writes its header; null if mmap fails. */
  map(request: number): Region | null {
    const length = roundUp(request + MMAP_PAYLOAD_OFFSET, LAYOUT.pageSize);
    const start = this.host.mmap(length);
    if (start === -1) return null;
    this.host.writeWord(start + MMAP_HEADER_OFFSET, headerWord(length, FLAG_ALLOCATED + FLAG_MMAPPED));
    return { start, length };
  }

  /** Makes `record` the live block of its region (a new block, or a realloc that stayed in place). */
  adopt(record: BlockRecord): void {
    this.live.set(record.address, record);
  }

  /** Bytes of payload the region of `record` can hold. */
  capacity(record: BlockRecord): number {
    return record.blockSize - MMAP_PAYLOAD_OFFSET;
  }

  /** Checks the header of a live block before anything trusts it. */
  check(record: BlockRecord, message: string): HeapCorruption | null {
    const address = record.blockStart + MMAP_HEADER_OFFSET;
    const expected = headerWord(record.blockSize, FLAG_ALLOCATED + FLAG_MMAPPED);
    const found = this.host.readWord(address);
    return found === expected ? null : { address, expected, found, message };
  }

  /** Unmaps the region of a live block whose header has been checked. */
  unmap(record: BlockRecord): void {
    this.live.delete(record.address);
    this.host.munmap(record.blockStart, record.blockSize);
  }

  /** The live block whose payload starts at `address`. */
  at(address: number): BlockRecord | undefined {
    return this.live.get(address);
  }

  containing(address: number): BlockRecord | undefined {
    for (const record of this.live.values()) {
      if (address >= record.blockStart && address < record.blockStart + record.blockSize) return record;
    }
    return undefined;
  }

  /** Live blocks in address order. */
  list(): BlockRecord[] {
    return [...this.live.values()].sort((a, b) => a.blockStart - b.blockStart);
  }

  cloneFor(host: HeapHost, twin: (r: BlockRecord) => BlockRecord): MmapBlocks {
    const copy = new MmapBlocks(host);
    for (const [address, record] of this.live) copy.live.set(address, twin(record));
    return copy;
  }
}
