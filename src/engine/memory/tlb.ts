// The simulated TLB: a direct-mapped cache of virtual page → physical frame translations.
//
// How it works. Entry i caches the page whose virtual page number (vpn) is ≡ i modulo the entry count
// (a power of two). The entry is split in parallel typed arrays so the CPU can test it inline without
// calling anything:
//   readTag[i]   the vpn if the entry may be read through, else NaN (NaN equals nothing, not even a
//                negative vpn computed from a bad address)
//   writeTag[i]  the vpn only if the page is writable AND its dirty bit is already set: the first write
//                to a clean page misses here, so it goes through the walk, which sets D in the entry
//   execTag[i]   the vpn if the page may be executed (no NX bit)
//   frameBase[i] physical address of the frame
// A hit costs `vpn = Math.floor(va / 4096)` (addresses reach 2^47, beyond 32-bit operations), `i = vpn &
// mask` (exact: ToInt32 keeps the low bits of any safe integer), one compare and one add. These ARE the
// TLB hits and misses that memscope reports: every user access and every instruction-page entry is
// looked up here first, and a miss walks the page tables in simulated memory (address-space.ts).
//
// The CPU counts fast-path hits in a local variable and adds them here when it leaves its loop, so the
// counters cost nothing per access; `hits` and `misses` are exact after every run slice.
//
// Last use, for the LRU policy. `stamp[i]` is the instruction count of the last access through entry i:
// set by the walk that fills it and, while the LRU policy is chosen, by every hit (the CPU's fast path
// writes it beside its hit count; compiled code does too). When an entry is dropped — replaced by another
// page, invalidated or flushed — its stamp is merged into the frame's `lastUse` (an array per physical
// frame, owned by physical memory), so a page's last use is exact whether or not it is still cached.
// Without LRU nothing is stamped on hits or merged, and a frame's last use is its last walk.
// The only TLB entries that exist belong to the process that runs: the TLB is flushed on every switch.

export class Tlb {
  readonly size: number;
  readonly mask: number;
  readonly readTag: Float64Array;
  readonly writeTag: Float64Array;
  readonly execTag: Float64Array;
  readonly frameBase: Int32Array;
  /** Instruction count of the last access through each entry (see the header). */
  readonly stamp: Float64Array;
  /** Last use of each physical frame, into which dropped entries' stamps are merged. */
  readonly lastUse: Float64Array;
  /** True while the CPU must stamp entries on hits (the LRU policy). */
  stampHits = false;
  hits = 0;
  misses = 0;
  flushes = 0;

  constructor(entries: number, lastUse: Float64Array = new Float64Array(0)) {
    if (!Number.isInteger(entries) || entries < 1 || entries > 1 << 20 || (entries & (entries - 1)) !== 0) {
      throw new RangeError(`TLB entries must be a power of two between 1 and 2^20, got ${entries}`);
    }
    this.size = entries;
    this.mask = entries - 1;
    this.readTag = new Float64Array(entries).fill(NaN);
    this.writeTag = new Float64Array(entries).fill(NaN);
    this.execTag = new Float64Array(entries).fill(NaN);
    this.frameBase = new Int32Array(entries);
    this.stamp = new Float64Array(entries);
    this.lastUse = lastUse;
  }

  /** Caches a translation after a walk at instruction `now`. */
  fill(vpn: number, frameBase: number, readable: boolean, writableAndDirty: boolean, executable: boolean, now = 0): void {
    const i = vpn & this.mask;
    if (this.stampHits) this.retire(i);
    this.readTag[i] = readable ? vpn : NaN;
    this.writeTag[i] = writableAndDirty ? vpn : NaN;
    this.execTag[i] = executable ? vpn : NaN;
    this.frameBase[i] = frameBase;
    this.stamp[i] = now;
  }

  /** Drops the entry of one page (after its entry changed: unmap, mprotect, copy-on-write, eviction). */
  invalidate(vpn: number): void {
    const i = vpn & this.mask;
    if (this.readTag[i] === vpn || this.writeTag[i] === vpn || this.execTag[i] === vpn) this.drop(i);
  }

  /** Drops the entry of page `vpn` only if it translates to physical frame `frame`. */
  invalidateFrame(vpn: number, frame: number): void {
    const i = vpn & this.mask;
    if ((this.readTag[i] === vpn || this.writeTag[i] === vpn || this.execTag[i] === vpn) && this.frameBase[i] === frame * 4096) this.drop(i);
  }

  /** Drops every entry (on an address-space switch, as a CR3 load does). */
  flush(): void {
    if (this.stampHits) for (let i = 0; i < this.size; i++) this.retire(i);
    this.readTag.fill(NaN);
    this.writeTag.fill(NaN);
    this.execTag.fill(NaN);
    this.flushes++;
  }

  /** Merges every valid entry's stamp into its frame's last use (before a replacement decision). */
  mergeStamps(): void {
    for (let i = 0; i < this.size; i++) this.retire(i);
  }

  private drop(i: number): void {
    if (this.stampHits) this.retire(i);
    this.readTag[i] = NaN;
    this.writeTag[i] = NaN;
    this.execTag[i] = NaN;
  }

  /** Merges entry i's stamp into its frame's last use, if the entry is valid. */
  private retire(i: number): void {
    const r = this.readTag[i]!;
    const w = this.writeTag[i]!;
    const x = this.execTag[i]!;
    if (r !== r && w !== w && x !== x) return;
    const f = this.frameBase[i]! >> 12;
    if (f < this.lastUse.length && this.stamp[i]! > this.lastUse[f]!) this.lastUse[f] = this.stamp[i]!;
  }

  /** The valid entries, for the views. */
  entries(): { index: number; vpn: number; frame: number; read: boolean; write: boolean; execute: boolean; lastUse: number }[] {
    const out = [];
    for (let i = 0; i < this.size; i++) {
      const r = this.readTag[i]!;
      const w = this.writeTag[i]!;
      const x = this.execTag[i]!;
      const vpn = r === r ? r : w === w ? w : x;
      if (vpn !== vpn) continue;
      out.push({ index: i, vpn, frame: this.frameBase[i]! / 4096, read: r === r, write: w === w, execute: x === x, lastUse: this.stamp[i]! });
    }
    return out;
  }
}
