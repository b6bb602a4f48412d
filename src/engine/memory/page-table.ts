// The x86-64 4-level page table of one address space, stored in simulated physical frames.
//
// How it works. A virtual address of 48 bits is cut into four 9-bit indices and a 12-bit offset:
//   bits 47–39 index the PML4, 38–30 the PDPT, 29–21 the PD, 20–12 the PT, 11–0 the byte in the page.
// Each table is one 4 KiB frame of 512 8-byte entries (layout in pte.ts). A non-leaf entry holds the frame
// of the next table; the leaf (PT) entry holds the page's frame and its permission bits. The root's frame
// plays the role of CR3. Tables are created on demand when a page is first mapped, using frames from the
// same physical memory as the pages (they count in the process's page-table size, as on Linux). Frames for
// tables come from an `allocate` function: the address space passes the pager's, which may evict a user
// page to make room (tables themselves are never evicted) or call the OOM killer.
//
// `walk` is for display and tests: it returns every step (table frame, index, entry value, decoded bits,
// next frame) and where and why it stops. The MMU's miss path uses `leafSlot`, which returns the physical
// address of the leaf entry so the caller can read and update it in place.

import { PAGE_SIZE, FRAME_TABLE, type PhysicalMemory } from './physical';
import { PTE_PRESENT, PTE_WRITABLE, PTE_USER, pteFrame, pteLo, pteHi, pteFlags, pteValue, type PteFlags } from './pte';

/** Level names, from the root (level 4) down to the leaf table (level 1). */
export const LEVEL_NAMES = { 4: 'PML4', 3: 'PDPT', 2: 'PD', 1: 'PT' } as const;
export type Level = 4 | 3 | 2 | 1;

/** One past the highest user address: 2^47. */
export const USER_TOP = 2 ** 47;

/** Index into the table of `level` for virtual address `va` (0 ≤ va < 2^48). */
export function tableIndex(va: number, level: Level): number {
  // Division, not shifts: addresses exceed 32 bits. `& 511` is exact on any safe integer.
  return Math.floor(va / 2 ** (12 + 9 * (level - 1))) & 511;
}

export interface WalkStep {
  readonly level: Level;
  readonly table: (typeof LEVEL_NAMES)[Level];
  /** Frame holding this table, and the index of the entry used. */
  readonly tableFrame: number;
  readonly index: number;
  /** Physical address of the entry. */
  readonly entryAddress: number;
  readonly entry: bigint;
  readonly flags: PteFlags;
  /** Frame the entry points to (the next table, or the page at the leaf); undefined if not present. */
  readonly nextFrame?: number;
}

export type WalkResult =
  | { readonly ok: true; readonly va: number; readonly steps: readonly WalkStep[]; readonly frame: number; readonly physical: number; readonly offset: number }
  | { readonly ok: false; readonly va: number; readonly steps: readonly WalkStep[]; readonly reason: 'non-canonical' | 'not-present'; readonly level?: Level };

/** Takes a zeroed frame for a table of `level`; -1 if there is none. */
export type TableAllocator = (level: Level) => number;

export class PageTable {
  readonly root: number;
  private tables = 1;

  private constructor(
    private readonly mem: PhysicalMemory,
    private readonly allocate: TableAllocator,
    root: number,
  ) {
    this.root = root;
  }

  /** A new empty table (one frame for the PML4), or null if no frame can be had. */
  static create(mem: PhysicalMemory, pid: number, allocate: TableAllocator = (level) => mem.allocate(FRAME_TABLE, pid, level)): PageTable | null {
    const root = allocate(4);
    return root < 0 ? null : new PageTable(mem, allocate, root);
  }

  /** Frames used by the tables themselves. */
  get tableFrames(): number {
    return this.tables;
  }

  /**
   * Physical address of the leaf entry for `va`. Missing tables are created when `create` is set
   * (returns -2 if a frame for them cannot be found); otherwise -1 means a table on the way is missing.
   */
  leafSlot(va: number, create: boolean): number {
    const u32 = this.mem.u32;
    // The three upper indices, unrolled with constant divisors (this runs on every TLB miss).
    let frame = this.root;
    for (let level = 4; level > 1; level--) {
      const index = level === 4 ? Math.floor(va / 549755813888) & 511 : level === 3 ? Math.floor(va / 1073741824) & 511 : Math.floor(va / 2097152) & 511;
      const slot = frame * 4096 + index * 8;
      const lo = u32[slot >> 2]!;
      if ((lo & 1) !== 0) {
        frame = (lo >>> 12) + (u32[(slot >> 2) + 1]! & 0xfffff) * 1048576;
        continue;
      }
      if (!create) return -1;
      const next = this.allocate((level - 1) as Level);
      if (next < 0) return -2;
      this.tables++;
      // Intermediate entries allow everything; permissions are decided at the leaf, as Linux does.
      u32[slot >> 2] = pteLo(next, PTE_PRESENT | PTE_WRITABLE | PTE_USER);
      u32[(slot >> 2) + 1] = pteHi(next, false);
      frame = next;
    }
    return frame * 4096 + (Math.floor(va / 4096) & 511) * 8;
  }

  /** The full walk of `va`, for display. */
  walk(va: number): WalkResult {
    const steps: WalkStep[] = [];
    if (!Number.isSafeInteger(va) || va < 0 || va >= USER_TOP) return { ok: false, va, steps, reason: 'non-canonical' };
    const u32 = this.mem.u32;
    let frame = this.root;
    for (let level = 4 as Level; ; level = (level - 1) as Level) {
      const index = tableIndex(va, level);
      const slot = frame * PAGE_SIZE + index * 8;
      const lo = u32[slot >> 2]!;
      const hi = u32[(slot >> 2) + 1]!;
      const present = (lo & PTE_PRESENT) !== 0;
      const next = pteFrame(lo, hi);
      steps.push({
        level,
        table: LEVEL_NAMES[level],
        tableFrame: frame,
        index,
        entryAddress: slot,
        entry: pteValue(lo, hi),
        flags: pteFlags(lo, hi),
        nextFrame: present ? next : undefined,
      });
      if (!present) return { ok: false, va, steps, reason: 'not-present', level };
      if (level === 1) {
        const offset = va % PAGE_SIZE;
        return { ok: true, va, steps, frame: next, physical: next * PAGE_SIZE + offset, offset };
      }
      frame = next;
    }
  }

  /**
   * Calls `visit(va, slot)` for every leaf entry that is not zero (present, swapped or PROT_NONE), in
   * address order; `slot` is the entry's physical address.
   */
  forEachLeaf(visit: (va: number, slot: number) => void, from = 0, to = USER_TOP): void {
    this.visitTable(this.root, 4, 0, from, to, visit);
  }

  private visitTable(frame: number, level: Level, baseVa: number, from: number, to: number, visit: (va: number, slot: number) => void): void {
    const u32 = this.mem.u32;
    const span = 2 ** (12 + 9 * (level - 1));
    const first = Math.max(0, Math.floor((from - baseVa) / span));
    const last = Math.min(511, Math.floor((to - 1 - baseVa) / span));
    for (let i = first; i <= last; i++) {
      const slot = frame * PAGE_SIZE + i * 8;
      const lo = u32[slot >> 2]!;
      const hi = u32[(slot >> 2) + 1]!;
      const va = baseVa + i * span;
      if (level === 1) {
        if (lo !== 0 || hi !== 0) visit(va, slot);
      } else if ((lo & PTE_PRESENT) !== 0) {
        this.visitTable(pteFrame(lo, hi), (level - 1) as Level, va, from, to, visit);
      }
    }
  }

  /** Frees the frames of the tables (the pages' frames are released by the address space). */
  destroy(): void {
    this.freeTable(this.root, 4);
    this.tables = 0;
  }

  private freeTable(frame: number, level: Level): void {
    if (level > 1) {
      const u32 = this.mem.u32;
      for (let i = 0; i < 512; i++) {
        const slot = frame * PAGE_SIZE + i * 8;
        const lo = u32[slot >> 2]!;
        if ((lo & PTE_PRESENT) !== 0) this.freeTable(pteFrame(lo, u32[(slot >> 2) + 1]!), (level - 1) as Level);
      }
    }
    this.mem.release(frame);
  }
}
