// A model of the free-space simulator of OSTEP chapter 17, "Free-Space Management" (malloc.py in the
// ostep-homework repository, folder vm-freespace), used as the test oracle for memscope's allocator.
//
// What it reproduces, step for step, with the free list ordered by address (malloc.py's `-l ADDRSORT`):
// - malloc(n): n is rounded up to the alignment (`-a`, -1 for none), then the header size (`-H`) is
//   added. The list is scanned from the front, counting every element looked at; FIRST stops at the
//   first element that is large enough, BEST and WORST scan the whole list and keep the first smallest
//   (largest) element that is large enough. The block is carved from the front of the chosen element;
//   the element keeps the rest (or leaves the list on an exact fit). The result is the block's address
//   (header included) and the count, or -1 when nothing fits: the heap never grows.
// - free(addr): -1 for an address malloc did not return; otherwise the block goes back into the list,
//   the list is sorted by address and, with coalescing (`-C`), one pass merges every element that ends
//   where the next begins.
// The other list orders of malloc.py (SIZESORT±, INSERT-FRONT/BACK) are not modelled: memscope keeps its
// free list by address.

export type OstepPolicy = 'FIRST' | 'BEST' | 'WORST';

export interface OstepExtent {
  readonly addr: number;
  readonly size: number;
}

export interface OstepOptions {
  /** Size of the space (`-S`). */
  readonly size: number;
  /** Base address (`-b`). */
  readonly base: number;
  /** Per-block header bytes (`-H`). */
  readonly headerSize: number;
  /** Alignment of requests (`-a`); -1 for none. */
  readonly align: number;
  readonly policy: OstepPolicy;
  /** Coalesce the list on free (`-C`). */
  readonly coalesce: boolean;
}

export class OstepModel {
  freeList: OstepExtent[];
  private readonly sizes = new Map<number, number>();

  constructor(private readonly options: OstepOptions) {
    this.freeList = [{ addr: options.base, size: options.size }];
  }

  /** An independent copy (to ask what malloc would do without doing it). */
  clone(): OstepModel {
    const copy = new OstepModel(this.options);
    copy.freeList = [...this.freeList];
    for (const [addr, size] of this.sizes) copy.sizes.set(addr, size);
    return copy;
  }

  malloc(request: number): { addr: number; searched: number } {
    const { align, headerSize, policy } = this.options;
    let size = request;
    if (align !== -1 && size % align !== 0) size += align - (size % align);
    size += headerSize;

    let chosen = -1;
    let searched = 0;
    for (let i = 0; i < this.freeList.length; i++) {
      const candidate = this.freeList[i];
      searched++;
      if (candidate.size < size) continue;
      if (policy === 'FIRST') {
        chosen = i;
        break;
      }
      const best = chosen === -1 ? undefined : this.freeList[chosen];
      if (best === undefined || (policy === 'BEST' ? candidate.size < best.size : candidate.size > best.size)) chosen = i;
    }
    if (chosen === -1) return { addr: -1, searched };

    const extent = this.freeList[chosen];
    if (extent.size > size) this.freeList[chosen] = { addr: extent.addr + size, size: extent.size - size };
    else this.freeList.splice(chosen, 1);
    this.sizes.set(extent.addr, size);
    return { addr: extent.addr, searched };
  }

  free(addr: number): 0 | -1 {
    const size = this.sizes.get(addr);
    if (size === undefined) return -1;
    this.freeList = [...this.freeList, { addr, size }].sort((a, b) => a.addr - b.addr);
    if (this.options.coalesce) {
      const merged: OstepExtent[] = [];
      let current = this.freeList[0];
      for (const next of this.freeList.slice(1)) {
        if (next.addr === current.addr + current.size) current = { addr: current.addr, size: current.size + next.size };
        else {
          merged.push(current);
          current = next;
        }
      }
      merged.push(current);
      this.freeList = merged;
    }
    this.sizes.delete(addr);
    return 0;
  }
}
