// Reads the heap back from raw memory, knowing only the documented byte layout (docs/heap.md), so tests
// can check that what the allocator wrote in memory is what it says the heap is.
//
// How it works. From the first block (arena + 24) up to the break, each header gives the block's size
// and allocated bit; the footer must repeat it. Then the free list is followed from the head word at
// arena + 0 through the `next` links at +8, checking each `prev` link at +16 and stopping after as many
// steps as there are blocks, so a broken list cannot hang a test. The literal offsets here are the
// documented layout on purpose, written independently of the allocator's constants.

import type { FakeHost } from './fake-host';

export interface WalkedBlock {
  readonly start: number;
  readonly size: number;
  readonly allocated: boolean;
}

export interface WalkedHeap {
  readonly head: number;
  readonly rover: number;
  readonly blocks: WalkedBlock[];
  readonly freeList: number[];
}

export function walkHeap(host: FakeHost, arena = host.heapBase, end = host.breakAddress): WalkedHeap {
  const blocks: WalkedBlock[] = [];
  for (let at = arena + 24; at < end; ) {
    const header = host.readWord(at);
    const size = header - (header % 16);
    if (size < 32) throw new Error(`block at 0x${at.toString(16)}: size ${size} below the minimum`);
    const footer = host.readWord(at + size - 8);
    if (footer !== header) throw new Error(`block at 0x${at.toString(16)}: footer ${footer} != header ${header}`);
    blocks.push({ start: at, size, allocated: header % 2 === 1 });
    at += size;
  }
  const freeList: number[] = [];
  let prev = 0;
  for (let at = host.readWord(arena); at !== 0; at = host.readWord(at + 8)) {
    if (freeList.length > blocks.length) throw new Error('free list longer than the heap: a cycle');
    if (host.readWord(at + 16) !== prev) throw new Error(`free block 0x${at.toString(16)}: prev link is not 0x${prev.toString(16)}`);
    freeList.push(at);
    prev = at;
  }
  return { head: host.readWord(arena), rover: host.readWord(arena + 8), blocks, freeList };
}
