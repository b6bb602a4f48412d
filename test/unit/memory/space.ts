// A bare address space for memory tests: physical memory, a TLB and shadow hooks, without a CPU.

import { PhysicalMemory } from '../../../src/engine/memory/physical';
import { Tlb } from '../../../src/engine/memory/tlb';
import { AddressSpace } from '../../../src/engine/memory/address-space';
import { ProcessShadow, ShadowMemory } from '../../../src/engine/check/shadow';

export const RW = { read: true, write: true, execute: false };
export const RX = { read: true, write: false, execute: true };
export const RO = { read: true, write: false, execute: false };
export const NONE = { read: false, write: false, execute: false };

export function makeSpace(physBytes = 1024 * 1024, tlbEntries = 64): { mem: PhysicalMemory; tlb: Tlb; space: AddressSpace; shadow: ProcessShadow } {
  const mem = new PhysicalMemory(physBytes);
  const tlb = new Tlb(tlbEntries);
  const shadow = new ProcessShadow(new ShadowMemory(mem));
  const space = new AddressSpace(mem, tlb, 1, shadow, 0x7ffff7fff000);
  shadow.attach(space);
  return { mem, tlb, space, shadow };
}
