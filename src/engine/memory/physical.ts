// Simulated physical memory: one ArrayBuffer cut into 4 KiB frames, and the table of who owns each frame.
//
// How it works. All of RAM is a single ArrayBuffer; typed-array views of it (bytes, 32-bit words,
// doubles, floats) and a DataView let the CPU read and write naturally aligned values with one indexed
// access — no copying, no per-access objects. A physical address is an index into `bytes`, so it stays
// below 2^31 and every index computation is a cheap 32-bit operation (the size is capped at 1 GiB).
//
// Frames are handed out lowest-free-first, which makes runs deterministic and keeps the views readable
// (the first frames go to the first pages touched). A `lowestFree` cursor makes allocation amortised
// constant time: it only moves back when a lower frame is freed. Each frame has an ownership record
// (use, process, virtual page, number of sharers, last use) kept in parallel typed arrays: views draw
// them, copy-on-write reads the sharer count and page replacement the rest (pager.ts). When RAM is full
// `allocate` returns -1; making room (evicting a page to swap) is the pager's decision, not this file's.

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
/** Largest supported physical memory: physical addresses must stay valid 32-bit signed indices. */
export const MAX_PHYSICAL = 1 << 30;

/** What a frame holds. */
export const FRAME_FREE = 0;
export const FRAME_PAGE = 1;
export const FRAME_TABLE = 2;
export type FrameUse = typeof FRAME_FREE | typeof FRAME_PAGE | typeof FRAME_TABLE;

export interface FrameRecord {
  readonly frame: number;
  readonly use: 'free' | 'page' | 'page-table';
  readonly pid: number;
  /** For pages: the virtual address of the page; for page tables: the level (4 = PML4 … 1 = PT). */
  readonly page: number;
  readonly sharers: number;
}

export class PhysicalMemory {
  readonly size: number;
  readonly frameCount: number;
  readonly buffer: ArrayBuffer;
  readonly bytes: Uint8Array;
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly i16: Int16Array;
  readonly u16: Uint16Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  readonly view: DataView;

  /** Ownership records, one entry per frame. */
  readonly use: Uint8Array;
  readonly ownerPid: Int32Array;
  /** Virtual address of the page (for FRAME_PAGE) or the table level (for FRAME_TABLE). */
  readonly ownerPage: Float64Array;
  /** Number of address spaces mapping the frame (more than one after fork, copy-on-write). */
  readonly sharers: Uint16Array;
  /** Instruction count of the last access to the page in the frame, for LRU (tlb.ts merges into it). */
  readonly lastUse: Float64Array;

  private lowestFree = 0;
  private used = 0;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < PAGE_SIZE * 4 || size > MAX_PHYSICAL || size % PAGE_SIZE !== 0) {
      throw new RangeError(`physical memory must be a multiple of 4 KiB between 16 KiB and 1 GiB, got ${size}`);
    }
    this.size = size;
    this.frameCount = size / PAGE_SIZE;
    this.buffer = new ArrayBuffer(size);
    this.bytes = new Uint8Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
    this.u32 = new Uint32Array(this.buffer);
    this.i16 = new Int16Array(this.buffer);
    this.u16 = new Uint16Array(this.buffer);
    this.f32 = new Float32Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
    this.view = new DataView(this.buffer);
    this.use = new Uint8Array(this.frameCount);
    this.ownerPid = new Int32Array(this.frameCount);
    this.ownerPage = new Float64Array(this.frameCount);
    this.sharers = new Uint16Array(this.frameCount);
    this.lastUse = new Float64Array(this.frameCount);
  }

  get usedFrames(): number {
    return this.used;
  }

  get freeFrames(): number {
    return this.frameCount - this.used;
  }

  /**
   * Takes the lowest free frame, zeroes it and records its owner. Returns -1 when RAM is full (the caller
   * decides: evict to swap later, or out of memory now).
   */
  allocate(use: typeof FRAME_PAGE | typeof FRAME_TABLE, pid: number, page: number): number {
    let f = this.lowestFree;
    const n = this.frameCount;
    while (f < n && this.use[f] !== FRAME_FREE) f++;
    if (f >= n) {
      this.lowestFree = n;
      return -1;
    }
    this.lowestFree = f + 1;
    this.use[f] = use;
    this.ownerPid[f] = pid;
    this.ownerPage[f] = page;
    this.sharers[f] = 1;
    this.used++;
    this.bytes.fill(0, f * PAGE_SIZE, (f + 1) * PAGE_SIZE);
    return f;
  }

  /** Drops one sharer; the frame becomes free when none is left. Returns true if it was freed. */
  release(frame: number): boolean {
    if (this.use[frame] === FRAME_FREE) return false;
    if (this.sharers[frame] > 1) {
      this.sharers[frame]--;
      return false;
    }
    this.use[frame] = FRAME_FREE;
    this.sharers[frame] = 0;
    this.ownerPid[frame] = 0;
    this.ownerPage[frame] = 0;
    this.used--;
    if (frame < this.lowestFree) this.lowestFree = frame;
    return true;
  }

  record(frame: number): FrameRecord {
    const u = this.use[frame];
    return {
      frame,
      use: u === FRAME_PAGE ? 'page' : u === FRAME_TABLE ? 'page-table' : 'free',
      pid: this.ownerPid[frame]!,
      page: this.ownerPage[frame]!,
      sharers: this.sharers[frame]!,
    };
  }
}
