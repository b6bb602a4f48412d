// Reading a process's memory the way a debugger does: privileged, without faults, counters or memcheck
// reports, and with each byte's memcheck state beside it — and without changing anything, so looking
// at memory never alters the lesson: a shared copy-on-write page stays shared, a page in swap stays in
// swap (its bytes are read from the swap slot), an untouched page gets no frame.
//
// How it works. A virtual address is located through the process's own page table without the TLB
// (AddressSpace.locate): a resident byte is read from physical memory and its state from the shadow at
// the same index; a swapped byte from its swap slot. A byte inside a mapping whose page was never
// touched reads as the zero the kernel would hand out, with the state memcheck would give it (pending
// ranges, the mapping's fill). A byte outside every mapping (or in a guard page) cannot be read:
// reading stops there. Within one read, each page is located once.

import type { Process } from '../machine/process';
import type { PhysicalMemory } from '../memory/physical';
import type { ShadowMemory } from '../check/shadow';

/** Memcheck state of a byte, as ShadowMemory stores it: 0 defined, 1 undefined, 2 not addressable. */
export const BYTE_DEFINED = 0;
export const BYTE_UNDEFINED = 1;
export const BYTE_NOACCESS = 2;

/** Bytes read from memory; possibly a view of physical memory, valid until the program runs again. */
export interface MemoryBytes {
  readonly bytes: Uint8Array;
  /** One memcheck state per byte read. */
  readonly state: Uint8Array;
}

export class ProcessMemory {
  constructor(
    readonly process: Process,
    private readonly physical: PhysicalMemory,
    private readonly shadow: ShadowMemory,
  ) {}

  /** Bytes of [address, address+length); shorter when it runs into unmapped memory. */
  read(address: number, length: number): MemoryBytes {
    const n = Math.max(0, Math.min(length, 1 << 24));
    const space = this.process.space;
    // The common case, a range inside one resident page, is a view of physical memory and its shadow:
    // no copy (callers only read it, before the program runs again).
    if (n > 0 && Number.isSafeInteger(address) && (address % 4096) + n <= 4096) {
      const at = space.locate(address);
      if (at?.kind === 'frame') return { bytes: this.physical.bytes.subarray(at.physical, at.physical + n), state: this.shadow.state.subarray(at.physical, at.physical + n) };
    }
    const bytes = new Uint8Array(n);
    const state = new Uint8Array(n);
    for (let k = 0; k < n; ) {
      const va = address + k;
      if (!Number.isSafeInteger(va)) return { bytes: bytes.subarray(0, k), state: state.subarray(0, k) };
      const inPage = Math.min(n - k, 4096 - (va % 4096));
      const at = space.locate(va);
      if (at?.kind === 'frame') {
        bytes.set(this.physical.bytes.subarray(at.physical, at.physical + inPage), k);
        state.set(this.shadow.state.subarray(at.physical, at.physical + inPage), k);
        k += inPage;
        continue;
      }
      if (at?.kind === 'swap') {
        const swap = space.pager.swap;
        for (let j = 0; j < inPage; j++) {
          bytes[k + j] = swap.byte(at.slot, at.offset + j);
          state[k + j] = swap.state(at.slot, at.offset + j);
        }
        k += inPage;
        continue;
      }
      const vma = space.vmas.find(va);
      if (!vma || vma.kind === 'guard') return { bytes: bytes.subarray(0, k), state: state.subarray(0, k) };
      for (let j = 0; j < inPage; j++) state[k + j] = this.process.shadow.get(va + j);
      k += inPage;
    }
    return { bytes, state };
  }

  /** True when every byte of the range can be read (some mapping covers it). */
  readable(address: number, length: number): boolean {
    return this.read(address, length).bytes.length === length;
  }

  /** Provenance tag memcheck keeps for the 8-byte slot at `address` (0: none, not resident, or in swap). */
  tag(address: number): number {
    if (address % 8 !== 0) return 0;
    const at = this.process.space.locate(address);
    return at?.kind === 'frame' ? this.shadow.tags[at.physical >> 3]! : 0;
  }
}
