// A HeapHost over plain byte arrays, for the allocator's unit tests.
//
// How it works. The brk heap is one Uint8Array of `heapLimit` bytes starting at `heapBase`; sbrk moves
// the break inside it and fails (-1) past the limit, as a process under a memory limit would. mmap hands
// out zeroed regions top-down below `mmapTop` until `mmapLimit` bytes are mapped, then fails. Every
// access outside the break or a mapped region throws, so a test fails loudly if the allocator touches
// memory it does not own. Words are read and written as 64-bit little-endian integers.

import type { HeapHost } from '../../../src/engine/heap/host';

export interface FakeHostOptions {
  heapBase?: number;
  /** Bytes the break may move above heapBase. */
  heapLimit?: number;
  mmapTop?: number;
  /** Total bytes mmap may hand out at once (0: mmap always fails). */
  mmapLimit?: number;
  /** Offer the optional byte copy (on by default). */
  byteCopy?: boolean;
}

interface Mapping {
  readonly start: number;
  readonly bytes: Uint8Array;
}

export class FakeHost implements HeapHost {
  readonly heapBase: number;
  readonly heapLimit: number;
  breakAddress: number;
  heap: Uint8Array;
  mappings: Mapping[] = [];
  private nextMmap: number;
  private readonly mmapLimit: number;
  sbrkCalls: number[] = [];
  copy?: (dst: number, src: number, length: number) => void;

  constructor(options: FakeHostOptions = {}) {
    this.heapBase = options.heapBase ?? 0x405000;
    this.heapLimit = options.heapLimit ?? 1 << 20;
    this.breakAddress = this.heapBase;
    this.heap = new Uint8Array(this.heapLimit);
    this.nextMmap = options.mmapTop ?? 0x7ffff7fff000;
    this.mmapLimit = options.mmapLimit ?? 64 << 20;
    if (options.byteCopy ?? true) {
      this.copy = (dst, src, length) => this.writeBytes(dst, this.readBytes(src, length));
    }
  }

  readWord(address: number): number {
    const { bytes, offset } = this.locate(address, 8);
    return Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(offset, true));
  }

  writeWord(address: number, value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`writeWord(${hex(address)}): bad value ${value}`);
    const { bytes, offset } = this.locate(address, 8);
    new DataView(bytes.buffer, bytes.byteOffset).setBigUint64(offset, BigInt(value), true);
  }

  sbrk(increment: number): number {
    this.sbrkCalls.push(increment);
    const old = this.breakAddress;
    const next = old + increment;
    if (next < this.heapBase || next > this.heapBase + this.heapLimit) return -1;
    if (increment < 0) this.heap.fill(0, next - this.heapBase, old - this.heapBase);
    this.breakAddress = next;
    return old;
  }

  mmap(length: number): number {
    if (length % 4096 !== 0 || length <= 0) throw new Error(`mmap(${length}): not a whole number of pages`);
    if (this.mappedBytes() + length > this.mmapLimit) return -1;
    this.nextMmap -= length;
    this.mappings.push({ start: this.nextMmap, bytes: new Uint8Array(length) });
    return this.nextMmap;
  }

  munmap(address: number, length: number): void {
    const i = this.mappings.findIndex((m) => m.start === address && m.bytes.length === length);
    if (i < 0) throw new Error(`munmap(${hex(address)}, ${length}): no such mapping`);
    this.mappings.splice(i, 1);
  }

  mappedBytes(): number {
    return this.mappings.reduce((sum, m) => sum + m.bytes.length, 0);
  }

  readBytes(address: number, length: number): Uint8Array {
    const { bytes, offset } = this.locate(address, length);
    return bytes.slice(offset, offset + length);
  }

  writeBytes(address: number, data: Uint8Array): void {
    const { bytes, offset } = this.locate(address, data.length);
    bytes.set(data, offset);
  }

  /** An independent copy, as fork gives the child. */
  fork(): FakeHost {
    const child = Object.create(FakeHost.prototype) as FakeHost;
    Object.assign(child, this);
    child.heap = this.heap.slice();
    child.mappings = this.mappings.map((m) => ({ start: m.start, bytes: m.bytes.slice() }));
    child.sbrkCalls = [...this.sbrkCalls];
    if (this.copy) child.copy = (dst, src, length) => child.writeBytes(dst, child.readBytes(src, length));
    return child;
  }

  private locate(address: number, length: number): { bytes: Uint8Array; offset: number } {
    if (address >= this.heapBase && address + length <= this.breakAddress) {
      return { bytes: this.heap, offset: address - this.heapBase };
    }
    for (const m of this.mappings) {
      if (address >= m.start && address + length <= m.start + m.bytes.length) return { bytes: m.bytes, offset: address - m.start };
    }
    throw new Error(`access to ${hex(address)} (${length} bytes) outside the heap and every mapping`);
  }
}

export function hex(n: number): string {
  return '0x' + n.toString(16);
}
