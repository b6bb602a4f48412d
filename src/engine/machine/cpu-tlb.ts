// The TLB as the CPU's inline fast paths see it: the TLB's own read and write tags, except on pages that
// hold a watched byte (watchpoints.ts).
//
// How it works. The interpreter (cpu.ts) and compiled code (jit-translate.ts) test `fastRead`/`fastWrite`
// where they would test the TLB's `readTag`/`writeTag`. The two pairs are equal entry by entry, except
// that an entry caching a watched page has NaN in the fast pair: every load and store to that page then
// misses the fast path and takes the slow path (access.ts), which checks the watched ranges. The MMU
// (memory/address-space.ts), the allocator and the views keep reading the real tags, so a watched page
// still hits in the TLB and the hits, misses and the simulated clock are what they would be without
// watchpoints. The fast pair follows every change of the TLB (fill, invalidate, flush): those happen on
// misses and switches only, so the fast path itself pays nothing. Execute tags are not copied: watchpoints
// watch data, never instruction fetch.

import { Tlb } from '../memory/tlb';

export class CpuTlb extends Tlb {
  readonly fastRead: Float64Array;
  readonly fastWrite: Float64Array;
  /** Virtual page numbers the fast paths must not hit (pages with a watched byte). */
  private hidden: ReadonlySet<number> = new Set();

  constructor(entries: number, lastUse?: Float64Array) {
    super(entries, lastUse);
    this.fastRead = new Float64Array(this.size).fill(NaN);
    this.fastWrite = new Float64Array(this.size).fill(NaN);
  }

  /** Hides these pages from the fast paths (and shows every other page again). */
  hidePages(pages: ReadonlySet<number>): void {
    this.hidden = pages;
    for (let i = 0; i < this.size; i++) this.sync(i);
  }

  override fill(vpn: number, frameBase: number, readable: boolean, writableAndDirty: boolean, executable: boolean, now = 0): void {
    super.fill(vpn, frameBase, readable, writableAndDirty, executable, now);
    this.sync(vpn & this.mask);
  }

  override invalidate(vpn: number): void {
    super.invalidate(vpn);
    this.sync(vpn & this.mask);
  }

  override invalidateFrame(vpn: number, frame: number): void {
    super.invalidateFrame(vpn, frame);
    this.sync(vpn & this.mask);
  }

  override flush(): void {
    super.flush();
    this.fastRead.fill(NaN);
    this.fastWrite.fill(NaN);
  }

  private sync(i: number): void {
    const r = this.readTag[i]!;
    const w = this.writeTag[i]!;
    const hide = this.hidden.size > 0 && this.hidden.has(r === r ? r : w);
    this.fastRead[i] = hide ? NaN : r;
    this.fastWrite[i] = hide ? NaN : w;
  }
}
