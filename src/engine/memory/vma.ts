// Virtual memory areas: the /proc/self/maps of a process.
//
// How it works. A VMA is a page-aligned range [start, end) with permissions, a name ("text", "[heap]",
// "[stack]", "[mmap]"…) and a kind. The list is kept sorted by address and never overlapping, so a lookup
// is a binary search. munmap and mprotect over part of a VMA split it, exactly as the kernel does, so the
// maps view shows what the program did. VMAs describe what MAY be accessed; whether a page is resident is
// the page table's business (demand paging: the first touch of a page inside a VMA gets it a frame).
//
// `shadowFill` is the memcheck state of a page's bytes when the page is first touched (check/shadow.ts):
// addressable and defined for zero-filled data, not addressable for heap space the allocator has not
// handed out. It lives here because "what a fresh page of this area means" is a property of the area.

export type VmaKind = 'text' | 'rodata' | 'data' | 'bss' | 'heap' | 'mmap' | 'stack' | 'guard';

export interface Vma {
  start: number;
  end: number;
  read: boolean;
  write: boolean;
  execute: boolean;
  name: string;
  kind: VmaKind;
  /** Memcheck state of the bytes of a page of this area when it is first touched. */
  shadowFill: number;
  /** Heap blocks' own mmap regions belong to the allocator (for the views and leak roots). */
  allocatorOwned?: boolean;
}

export interface Permissions {
  readonly read: boolean;
  readonly write: boolean;
  readonly execute: boolean;
}

/** `r-xp`-style permission text, as /proc/self/maps prints it (all mappings are private). */
export function permissionText(v: Permissions): string {
  return `${v.read ? 'r' : '-'}${v.write ? 'w' : '-'}${v.execute ? 'x' : '-'}p`;
}

export class VmaList {
  private list: Vma[] = [];

  all(): readonly Vma[] {
    return this.list;
  }

  /** The VMA containing `va`, or undefined. */
  find(va: number): Vma | undefined {
    const list = this.list;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = list[mid]!;
      if (va < v.start) hi = mid - 1;
      else if (va >= v.end) lo = mid + 1;
      else return v;
    }
    return undefined;
  }

  /** True if any VMA overlaps [start, end). */
  overlaps(start: number, end: number): boolean {
    for (const v of this.list) if (v.start < end && start < v.end) return true;
    return false;
  }

  /** Adds a VMA; the range must be free. */
  insert(v: Vma): Vma {
    if (v.end <= v.start) throw new RangeError('empty VMA');
    if (this.overlaps(v.start, v.end)) throw new RangeError(`VMA ${v.name} overlaps an existing mapping`);
    let i = 0;
    while (i < this.list.length && this.list[i]!.start < v.start) i++;
    this.list.splice(i, 0, v);
    return v;
  }

  /** Removes the parts of VMAs that lie in [start, end), splitting where needed; returns removed pieces. */
  remove(start: number, end: number): Vma[] {
    const removed: Vma[] = [];
    const kept: Vma[] = [];
    for (const v of this.list) {
      if (v.end <= start || v.start >= end) {
        kept.push(v);
        continue;
      }
      if (v.start < start) kept.push({ ...v, end: start });
      removed.push({ ...v, start: Math.max(v.start, start), end: Math.min(v.end, end) });
      if (v.end > end) kept.push({ ...v, start: end });
    }
    this.list = kept;
    return removed;
  }

  /** Applies `change` to the parts of VMAs in [start, end), splitting them; returns the changed pieces. */
  modify(start: number, end: number, change: (v: Vma) => void): Vma[] {
    const changed: Vma[] = [];
    const out: Vma[] = [];
    for (const v of this.list) {
      if (v.end <= start || v.start >= end) {
        out.push(v);
        continue;
      }
      if (v.start < start) out.push({ ...v, end: start });
      const mid = { ...v, start: Math.max(v.start, start), end: Math.min(v.end, end) };
      change(mid);
      out.push(mid);
      changed.push(mid);
      if (v.end > end) out.push({ ...v, start: end });
    }
    this.list = out;
    return changed;
  }

  /** Total mapped bytes (VSZ), not counting guard areas. */
  virtualSize(): number {
    let n = 0;
    for (const v of this.list) if (v.kind !== 'guard') n += v.end - v.start;
    return n;
  }

  clone(): VmaList {
    const c = new VmaList();
    c.list = this.list.map((v) => ({ ...v }));
    return c;
  }
}
