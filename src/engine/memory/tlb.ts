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

export class Tlb {
  readonly size: number;
  readonly mask: number;
  readonly readTag: Float64Array;
  readonly writeTag: Float64Array;
  readonly execTag: Float64Array;
  readonly frameBase: Int32Array;
  hits = 0;
  misses = 0;
  flushes = 0;

  constructor(entries: number) {
    if (!Number.isInteger(entries) || entries < 1 || entries > 1 << 20 || (entries & (entries - 1)) !== 0) {
      throw new RangeError(`TLB entries must be a power of two between 1 and 2^20, got ${entries}`);
    }
    this.size = entries;
    this.mask = entries - 1;
    this.readTag = new Float64Array(entries).fill(NaN);
    this.writeTag = new Float64Array(entries).fill(NaN);
    this.execTag = new Float64Array(entries).fill(NaN);
    this.frameBase = new Int32Array(entries);
  }

  /** Caches a translation after a walk. */
  fill(vpn: number, frameBase: number, readable: boolean, writableAndDirty: boolean, executable: boolean): void {
    const i = vpn & this.mask;
    this.readTag[i] = readable ? vpn : NaN;
    this.writeTag[i] = writableAndDirty ? vpn : NaN;
    this.execTag[i] = executable ? vpn : NaN;
    this.frameBase[i] = frameBase;
  }

  /** Drops the entry of one page (after its entry changed: unmap, mprotect, copy-on-write, eviction). */
  invalidate(vpn: number): void {
    const i = vpn & this.mask;
    if (this.readTag[i] === vpn || this.writeTag[i] === vpn || this.execTag[i] === vpn) {
      this.readTag[i] = NaN;
      this.writeTag[i] = NaN;
      this.execTag[i] = NaN;
    }
  }

  /** Drops every entry (on an address-space switch, as a CR3 load does). */
  flush(): void {
    this.readTag.fill(NaN);
    this.writeTag.fill(NaN);
    this.execTag.fill(NaN);
    this.flushes++;
  }

  /** The valid entries, for the views. */
  entries(): { index: number; vpn: number; frame: number; read: boolean; write: boolean; execute: boolean }[] {
    const out = [];
    for (let i = 0; i < this.size; i++) {
      const r = this.readTag[i]!;
      const w = this.writeTag[i]!;
      const x = this.execTag[i]!;
      const vpn = r === r ? r : w === w ? w : x;
      if (vpn !== vpn) continue;
      out.push({ index: i, vpn, frame: this.frameBase[i]! / 4096, read: r === r, write: w === w, execute: x === x });
    }
    return out;
  }
}
