// The page-table entry layout: the ONE place that says which bit means what.
//
// How it works. An x86-64 page-table entry is 8 bytes, little-endian. memscope stores entries in simulated
// physical frames exactly so, and handles each entry as two unsigned 32-bit halves (`lo` = bits 0–31,
// `hi` = bits 32–63) because JavaScript bit operations are 32-bit. The frame number occupies bits 12–51,
// so it straddles the halves: its low 20 bits are lo's bits 12–31 and its high 20 bits are hi's bits 0–19.
// No-execute is bit 63, hi's bit 31. Bits 9–11 are free for the operating system on x86-64; memscope uses
// three of them (copy-on-write, swapped, PROT_NONE) so later mechanisms need no new layout.

/** Flag bits of the low half, as masks. */
export const PTE_PRESENT = 1 << 0;
export const PTE_WRITABLE = 1 << 1;
export const PTE_USER = 1 << 2;
export const PTE_ACCESSED = 1 << 5;
export const PTE_DIRTY = 1 << 6;
/** Software bit: the page is shared copy-on-write (writable in its VMA, read-only in the entry). */
export const PTE_COW = 1 << 9;
/** Software bit: the page is in swap; the frame field then holds the swap slot. */
export const PTE_SWAPPED = 1 << 10;
/**
 * Software bit: the page is mapped PROT_NONE. As Linux does, such an entry is not present (x86 has no
 * "readable" bit), but keeps its frame so mprotect can make it accessible again without losing the data.
 */
export const PTE_PROTNONE = 1 << 11;
/** No-execute is bit 63: bit 31 of the high half. */
export const PTE_NX_HI = 1 << 31;

/** Bit positions, for display. */
export const PTE_BITS: readonly { readonly name: PteFlagName; readonly bit: number }[] = [
  { name: 'present', bit: 0 },
  { name: 'writable', bit: 1 },
  { name: 'user', bit: 2 },
  { name: 'accessed', bit: 5 },
  { name: 'dirty', bit: 6 },
  { name: 'cow', bit: 9 },
  { name: 'swapped', bit: 10 },
  { name: 'protnone', bit: 11 },
  { name: 'nx', bit: 63 },
];

export type PteFlagName = 'present' | 'writable' | 'user' | 'accessed' | 'dirty' | 'cow' | 'swapped' | 'protnone' | 'nx';

export type PteFlags = { readonly [K in PteFlagName]: boolean };

const TWO_20 = 1 << 20;

/** Frame number held in an entry. */
export function pteFrame(lo: number, hi: number): number {
  return (lo >>> 12) + (hi & 0xfffff) * TWO_20;
}

/** Low half of an entry for `frame` with the given low flag bits. */
export function pteLo(frame: number, flags: number): number {
  return ((frame % TWO_20) * 4096 + (flags & 0xfff)) >>> 0;
}

/** High half of an entry for `frame`, with NX set if `noExecute`. */
export function pteHi(frame: number, noExecute: boolean): number {
  return ((Math.floor(frame / TWO_20) & 0xfffff) | (noExecute ? PTE_NX_HI : 0)) >>> 0;
}

export function pteFlags(lo: number, hi: number): PteFlags {
  return {
    present: (lo & PTE_PRESENT) !== 0,
    writable: (lo & PTE_WRITABLE) !== 0,
    user: (lo & PTE_USER) !== 0,
    accessed: (lo & PTE_ACCESSED) !== 0,
    dirty: (lo & PTE_DIRTY) !== 0,
    cow: (lo & PTE_COW) !== 0,
    swapped: (lo & PTE_SWAPPED) !== 0,
    protnone: (lo & PTE_PROTNONE) !== 0,
    nx: (hi & PTE_NX_HI) !== 0,
  };
}

/** The entry as one 64-bit value (for display). */
export function pteValue(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
