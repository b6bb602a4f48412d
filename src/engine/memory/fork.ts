// fork's half of memory: a child address space that shares every page of its parent, copy-on-write.
//
// How it works. The child gets a copy of the parent's VMAs, brk and stack layout, and a page table of its
// own whose leaf entries name the parent's frames: nothing is copied but the tables. Every shared page
// loses its writable bit and gains PTE_COW in both tables (text and read-only pages too, so that no later
// mprotect can make a shared frame writable), and the frame's sharer count goes up; the first write on
// either side then copies the page (address-space.ts, `breakSharing`). A page that is in swap is shared
// the same way: both entries name the slot, and the first process to touch it reads it back for both.
// The parent's TLB is flushed, since its cached writable translations are no longer allowed.
//
// Taking frames for the child's tables may evict pages (including the parent's, whose entries then
// change under the copy: each entry is read again after the child's table slot exists) or call the OOM
// killer; if the fork fails half-way the child's memory is released again.

import { PTE_PRESENT, PTE_WRITABLE, PTE_COW, PTE_SWAPPED, PTE_PROTNONE, pteFrame } from './pte';
import { AddressSpace, type PageHooks } from './address-space';

export function forkSpace(parent: AddressSpace, childPid: number, hooks: PageHooks): AddressSpace {
  const child = new AddressSpace(parent.pager, childPid, hooks, parent.mmapTop);
  child.vmas = parent.vmas.clone();
  child.heapStart = parent.heapStart;
  child.brk = parent.brk;
  child.stack = parent.stack;
  child.heapFill = parent.heapFill;
  child.heapReady = parent.heapReady;
  const u32 = parent.mem.u32;
  const mem = parent.mem;
  try {
    parent.table.forEachLeaf((va, slot) => {
      const childSlot = child.table.leafSlot(va, true);
      if (childSlot < 0) throw new RangeError('no frame for a page table of the child');
      // Read the parent's entry only now: making the child's table may have evicted this very page.
      let lo = u32[slot >> 2]!;
      const hi = u32[(slot >> 2) + 1]!;
      if ((lo & (PTE_PRESENT | PTE_PROTNONE | PTE_SWAPPED)) === 0) return;
      lo = ((lo & ~PTE_WRITABLE) | PTE_COW) >>> 0;
      u32[slot >> 2] = lo;
      u32[childSlot >> 2] = lo;
      u32[(childSlot >> 2) + 1] = hi;
      const number = pteFrame(lo, hi);
      if ((lo & PTE_SWAPPED) !== 0) {
        parent.pager.swap.share(number);
        child.counters.swappedPages++;
      } else {
        mem.sharers[number]++;
        child.counters.residentPages++;
      }
    });
  } catch (e) {
    child.destroy();
    throw e;
  }
  child.counters.peakResidentPages = child.counters.residentPages;
  parent.tlb.flush();
  return child;
}
