// The byte layout of the heap: the arena words, block headers, boundary-tag footers and free-list links.
//
// How it works. Every block starts with an 8-byte header holding its size (a multiple of 16) plus flag
// bits in the low 4 bits: ALLOCATED, and MMAPPED for blocks in their own region. Heap blocks end with an
// 8-byte footer that repeats the header (a boundary tag), in allocated blocks too: then every block costs
// exactly 16 bytes of overhead, which is what OSTEP's malloc.py models with `-H 16 -a 16`, and free()
// can find the previous block's size by reading the word just below its own header. A free block keeps
// the free-list links in what was its payload: `next` at +8 and `prev` at +16, both block addresses (0
// ends the list). So the smallest block that can be free is 32 bytes, and that is the minimum block.
//
// The heap begins with a 24-byte arena: the free-list head (+0), the next-fit rover (+8) and 8 bytes of
// padding (+16), so the first block starts at arena+24 and its payload at arena+32, 16-byte aligned. All
// block sizes are multiples of 16, so every block starts at 8 mod 16 and every payload is 16-aligned.
// (glibc keeps the same words in its `main_arena` in libc's data; memscope keeps them in the heap so the
// views can draw them.) Words are numbers below 2^53; sizes and flags combine with + and %, never with
// JavaScript's 32-bit bitwise operators, so blocks above 2 GiB keep their size.

import type { HeapChunk, HeapHost } from './host';

export const WORD = 8;
export const ALIGNMENT = 16;
export const HEADER_SIZE = 8;
export const FOOTER_SIZE = 8;
/** Header + footer: the bytes every heap block spends on bookkeeping. */
export const BLOCK_OVERHEAD = HEADER_SIZE + FOOTER_SIZE;
/** Header, next link, prev link, footer: the smallest block that can sit in the free list. */
export const MIN_BLOCK = 32;

/** Offsets inside the arena at the start of the heap. */
export const ARENA = {
  freeListHead: 0,
  rover: 8,
  /** Bytes before the first block (the third word is padding for alignment). */
  size: 24,
} as const;

/** Offsets inside a free block (from its header). */
export const LINK = { next: 8, prev: 16 } as const;

export const FLAG_ALLOCATED = 1;
export const FLAG_MMAPPED = 2;

/** An mmapped block: 8 bytes of padding at the region's start, then the header, then the payload. */
export const MMAP_HEADER_OFFSET = 8;
export const MMAP_PAYLOAD_OFFSET = 16;

/** Requests above this can never be met (the user address space is 2^47 bytes). */
export const MAX_REQUEST = 2 ** 47;

export function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/** Size of the heap block that holds a request of `request` bytes: payload + 16, 16-aligned, at least 32. */
export function blockSizeFor(request: number): number {
  return Math.max(MIN_BLOCK, roundUp(request + BLOCK_OVERHEAD, ALIGNMENT));
}

/** Bytes of payload a heap block of `size` bytes offers. */
export function payloadCapacity(size: number): number {
  return size - BLOCK_OVERHEAD;
}

export function payloadOf(blockStart: number): number {
  return blockStart + HEADER_SIZE;
}

export function headerWord(size: number, flags: number): number {
  return size + flags;
}

export interface Header {
  readonly size: number;
  readonly allocated: boolean;
  readonly mmapped: boolean;
}

export function decodeHeader(word: number): Header {
  const flags = word % ALIGNMENT;
  return {
    size: word - flags,
    allocated: flags % 2 === 1,
    mmapped: Math.floor(flags / 2) % 2 === 1,
  };
}

/** Smallest block start at or above `address` that keeps payloads 16-aligned (a start at 8 mod 16). */
export function alignBlockStart(address: number): number {
  return roundUp(address + HEADER_SIZE, ALIGNMENT) - HEADER_SIZE;
}

/** Writes a heap block's header and its matching footer. */
export function writeTags(host: HeapHost, start: number, size: number, allocated: boolean): void {
  const word = headerWord(size, allocated ? FLAG_ALLOCATED : 0);
  host.writeWord(start, word);
  host.writeWord(start + size - FOOTER_SIZE, word);
}

/**
 * Where a chunk of `Allocator.chunks()` keeps its payload and how many bookkeeping bytes come before it
 * (8 for a heap block's header; 16 for an mmapped block: padding, then the header), for the views.
 */
export function chunkPayload(chunk: HeapChunk): { readonly payload: number; readonly headerSize: number } {
  const headerSize = chunk.block?.mmapped ? MMAP_PAYLOAD_OFFSET : HEADER_SIZE;
  return { payload: chunk.start + headerSize, headerSize };
}
