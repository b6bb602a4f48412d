// A bare address space for memory tests: physical memory, a TLB, swap, a pager and shadow hooks, without a
// CPU. The pager's clock is a counter the test advances (`tick`), standing for the instruction count.

import { PhysicalMemory } from '../../../src/engine/memory/physical';
import { Tlb } from '../../../src/engine/memory/tlb';
import { AddressSpace } from '../../../src/engine/memory/address-space';
import { Pager } from '../../../src/engine/memory/pager';
import { Swap } from '../../../src/engine/memory/swap';
import { createPolicy } from '../../../src/engine/memory/replacement';
import { ProcessShadow, ShadowMemory } from '../../../src/engine/check/shadow';
import type { PagePolicy } from '../../../src/engine/settings';

export const RW = { read: true, write: true, execute: false };
export const RX = { read: true, write: false, execute: true };
export const RO = { read: true, write: false, execute: false };
export const NONE = { read: false, write: false, execute: false };

export interface SpaceOptions {
  swapBytes?: number;
  policy?: PagePolicy;
}

export interface TestMachine {
  mem: PhysicalMemory;
  tlb: Tlb;
  pager: Pager;
  shadowMemory: ShadowMemory;
  space: AddressSpace;
  shadow: ProcessShadow;
  /** Advances the pager's clock by one "instruction". */
  tick(): number;
  /** A new address space (another process) on the same pager. */
  another(pid: number): { space: AddressSpace; shadow: ProcessShadow };
  /** Makes `space` the running one: the TLB is flushed, as on a process switch. */
  switchTo(space: AddressSpace): void;
}

export function makeSpace(physBytes = 1024 * 1024, tlbEntries = 64, options: SpaceOptions = {}): TestMachine {
  const mem = new PhysicalMemory(physBytes);
  const tlb = new Tlb(tlbEntries, mem.lastUse);
  const shadowMemory = new ShadowMemory(mem);
  const pager = new Pager(mem, tlb, shadowMemory, new Swap(options.swapBytes ?? 0), createPolicy(options.policy ?? 'clock', mem.frameCount));
  let clock = 0;
  pager.now = () => clock;
  const another = (pid: number) => {
    const shadow = new ProcessShadow(shadowMemory);
    const space = new AddressSpace(pager, pid, shadow, 0x7ffff7fff000);
    shadow.attach(space);
    return { space, shadow };
  };
  const first = another(1);
  pager.current = first.space;
  const switchTo = (space: AddressSpace) => {
    pager.current = space;
    tlb.flush();
  };
  return { mem, tlb, pager, shadowMemory, space: first.space, shadow: first.shadow, tick: () => ++clock, another, switchTo };
}
