// The CPU's out-of-line memory paths: everything the inline fast path of cpu.ts does not handle.
//
// How it works. `accessSlow` redoes a load or store in full generality: it translates through the MMU
// (TLB miss → walk → demand paging or a fault), handles an access that straddles two pages, checks the
// pointer's provenance (bounds and liveness of its object) and the shadow (addressability), reports what
// is wrong, and then performs the access byte by byte: a load sets the register's definedness mask from
// the shadow (a value read from an invalid place counts as defined, so one bug gives one report); a store
// writes definedness from the register's mask, and is NOT performed when a byte is not addressable —
// that is how heap headers and freed blocks are protected from a program's stray writes.
//
// An access to a freed block whose pages are gone (free unmaps a large, mmapped block) is a use after
// free, reported like any other and survived — never a segmentation fault, as in valgrind.
//
// The same checks serve library functions (`checkRange`, `readRange`, `writeRange`, `moveRange`) and
// the COPY/ZERO instructions, so `strcpy` into a short buffer is reported exactly like a user store.
// Every slow path that moves data tells the watchpoints (watchpoints.ts) what it touched; pages with a
// watched byte come here for every access because the fast paths never hit them.
// Errors from here never throw except real faults (MemoryFault), which end the process.

import { ACCESS_READ, ACCESS_WRITE, ACCESS_EXECUTE, MemoryFault } from '../memory/fault';
import { PAGE_SIZE } from '../memory/physical';
import { DEFINED, UNDEFINED, NOACCESS } from '../check/shadow';
import { LIVE, FREED, KIND_HEAP } from '../check/objects';
import { accessVerdict, hex } from '../check/describe';
import { canonical } from './int64';
import { report, userLine } from './report';
import { reportUninitialised, nonInstructionTarget } from './calls';
import { storeTag } from './lost-pointers';
import type { Cpu } from './cpu';

const OP_ST8 = 93;
const OP_ST64 = 96;
const SIZE = new Uint8Array(256);
SIZE.set([1, 1, 2, 2, 4, 8, 4, 8, 1, 2, 4, 8, 4, 8], 85);

const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

/** Reports are made at most once per access; these flags say what checkRange found. */
export const RANGE_REPORTED = 1;
export const RANGE_NOACCESS = 2;

export function accessSlow(cpu: Cpu, op: number, va: number, tag: number, r: number): void {
  const size = SIZE[op]!;
  const write = op >= OP_ST8;
  const S = cpu.proc.state;
  cpu.accessSize = size;
  if (!Number.isFinite(va)) va = -1;
  if (cpu.watch.active) cpu.watch.access(cpu, va, size, write);
  const access = write ? ACCESS_WRITE : ACCESS_READ;
  const pa0 = translateLive(cpu, va, access, tag);
  const pageRest = PAGE_SIZE - (va % PAGE_SIZE);
  const next = size > pageRest ? translateLive(cpu, va + pageRest, access, tag) : 0;
  if (pa0 < 0 || next < 0) {
    // The page went with a freed block (an mmapped block is unmapped by free): a use after free, as in
    // valgrind, not a crash. A load gives 0, counted as defined; a store is not made.
    checkProvenance(cpu, freedBlock(cpu, tag, pa0 < 0 ? va : va + pageRest), va, size, write);
    if (!write) {
      S.R[r] = 0;
      S.M[r] = 0;
      S.T[r] = 0;
    }
    return;
  }
  const pa1 = size > pageRest ? next - pageRest : pa0;
  const state = cpu.shadow.state;
  const u8 = cpu.mem.bytes;

  // The common slow case is a TLB miss on an ordinary access: once translated, do it as the fast path.
  if ((pa0 & (size - 1)) === 0 && (tag === 0 || inBounds(cpu, tag, va, size)) && direct(cpu, op, pa0, r)) return;

  let reported = false;
  if (tag !== 0) reported = checkProvenance(cpu, tag, va, size, write);
  let noaccess = false;
  for (let k = 0; k < size; k++) if ((state[k < pageRest ? pa0 + k : pa1 + k]! & NOACCESS) !== 0) noaccess = true;
  if (noaccess && !reported) {
    reportUntagged(cpu, va, size, write);
    reported = true;
  }

  if (write) {
    if (noaccess) return;
    const m = S.M[r]!;
    const v = S.R[r]!;
    switch (op) {
      case OP_ST64:
        scratchView.setBigInt64(0, S.bigValue(r), true);
        break;
      case 97:
        scratchView.setFloat32(0, v, true);
        break;
      case 98:
        scratchView.setFloat64(0, v, true);
        break;
      default:
        scratchView.setInt32(0, v === v ? v | 0 : Number(BigInt.asIntN(32, S.bigValue(r))), true);
    }
    const tags = cpu.shadow.tags;
    for (let k = 0; k < size; k++) {
      const p = k < pageRest ? pa0 + k : pa1 + k;
      u8[p] = scratch[k]!;
      state[p] = (m >> k) & 1 ? UNDEFINED : DEFINED;
      // Only a whole aligned 8-byte store keeps a pointer tag; anything else over a slot clears it.
      if (tags[p >> 3] !== 0 && !(op === OP_ST64 && va % 8 === 0)) storeTag(cpu, p >> 3, 0, va + k - (p & 7));
    }
    if (op === OP_ST64 && va % 8 === 0) storeTag(cpu, pa0 >> 3, S.T[r]!, va);
    return;
  }

  let mask = 0;
  for (let k = 0; k < size; k++) {
    const p = k < pageRest ? pa0 + k : pa1 + k;
    scratch[k] = u8[p]!;
    if (!reported && (state[p]! & UNDEFINED) !== 0) mask |= 1 << k;
  }
  let value: number;
  switch (op) {
    case 85: value = scratchView.getInt8(0); mask = mask ? 255 : 0; break;
    case 86: value = scratchView.getUint8(0); break;
    case 87: value = scratchView.getInt16(0, true); mask = mask ? 255 : 0; break;
    case 88: value = scratchView.getUint16(0, true); break;
    case 89: value = scratchView.getInt32(0, true); break;
    case 90: {
      const c = canonical(scratchView.getBigInt64(0, true));
      if (typeof c === 'number') value = c;
      else {
        value = NaN;
        S.big[r] = c;
      }
      break;
    }
    case 91: value = scratchView.getFloat32(0, true); mask = mask ? 255 : 0; break;
    default: value = scratchView.getFloat64(0, true); mask = mask ? 255 : 0; break;
  }
  S.R[r] = value;
  S.M[r] = mask;
  S.T[r] = op === 90 && va % 8 === 0 ? cpu.shadow.tags[pa0 >> 3]! : 0;
}

function inBounds(cpu: Cpu, tag: number, va: number, size: number): boolean {
  const objs = cpu.proc.objects;
  return tag < objs.count && va >= objs.start[tag]! && va + size <= objs.end[tag]! && objs.state[tag] === LIVE;
}

/**
 * An aligned access at physical `pa` whose bytes are all addressable, and for a load all defined, and for
 * a store from a fully defined register: done as the CPU's fast path does it. False if not that case.
 */
function direct(cpu: Cpu, op: number, pa: number, r: number): boolean {
  const S = cpu.proc.state;
  const sh = cpu.shadow;
  const mem = cpu.mem;
  const q = pa >> 2;
  switch (op) {
    case 85: case 86:
      if (sh.state[pa] !== 0) return false;
      S.R[r] = op === 85 ? (mem.bytes[pa]! << 24) >> 24 : mem.bytes[pa]!;
      break;
    case 87: case 88:
      if (sh.state16[pa >> 1] !== 0) return false;
      S.R[r] = op === 87 ? mem.i16[pa >> 1]! : mem.u16[pa >> 1]!;
      break;
    case 89:
      if (sh.state32[q] !== 0) return false;
      S.R[r] = mem.i32[q]!;
      break;
    case 91:
      if (sh.state32[q] !== 0) return false;
      S.R[r] = mem.f32[q]!;
      break;
    case 92:
      if ((sh.state32[q]! | sh.state32[q + 1]!) !== 0) return false;
      S.R[r] = mem.f64[pa >> 3]!;
      break;
    case 93: case 94: case 95: case 97: case 98: {
      const size = op === 93 ? 1 : op === 94 ? 2 : op === 98 ? 8 : 4;
      // A store over a pointer's slot takes the general path, which keeps the pointer counts.
      if (S.M[r] !== 0 || sh.tags[pa >> 3] !== 0) return false;
      for (let k = 0; k < size; k++) if ((sh.state[pa + k]! & NOACCESS) !== 0) return false;
      const v = S.R[r]!;
      if (op === 93) mem.bytes[pa] = v;
      else if (op === 94) mem.u16[pa >> 1] = v;
      else if (op === 95) mem.i32[q] = v;
      else if (op === 97) mem.f32[q] = v;
      else mem.f64[pa >> 3] = v;
      sh.state.fill(DEFINED, pa, pa + size);
      return true;
    }
    default:
      // LD64/ST64 keep the general path (values beyond 2^53, pointer tags).
      return false;
  }
  S.M[r] = 0;
  S.T[r] = 0;
  return true;
}

/** Checks an access through a pointer derived from object `tag`; reports and returns true if it is bad. */
function checkProvenance(cpu: Cpu, tag: number, va: number, size: number, write: boolean, range = false): boolean {
  const objs = cpu.proc.objects;
  if (tag >= objs.count) return false;
  if (va >= objs.start[tag]! && va + size <= objs.end[tag]! && objs.state[tag] === LIVE) return false;
  // For a range (a library function's or a block copy's access), name the first byte outside the
  // object, as valgrind names the first invalid byte, and count the bytes from there on.
  let at = va;
  if (range && objs.state[tag] === LIVE) at = va < objs.start[tag]! ? va : Math.max(va, objs.end[tag]!);
  const bad = range ? va + size - at : size;
  const by = cpu.nativeName !== undefined ? `${cpu.nativeName}()` : range ? 'The copy' : undefined;
  const verdict = accessVerdict(objs, tag, at, bad, write, (s) => userLine(cpu, s), range ? { start: va, length: size, by } : undefined);
  const info = objs.infoOf(tag);
  const heap = info?.kind === 'heap' ? info : undefined;
  report(cpu, verdict.kind, `Invalid ${write ? 'write' : 'read'} of size ${bad}`, [verdict.detail], verdict.explanation, {
    address: at,
    size: bad,
    allocStack: heap?.allocStack,
    freeStack: heap?.freeStack,
  });
  return true;
}

/** Reports an access to non-addressable bytes made without provenance, describing where they are. */
function reportUntagged(cpu: Cpu, va: number, size: number, write: boolean): void {
  const id = cpu.proc.heap.objectAt(va);
  if (id !== 0) {
    checkProvenance(cpu, id, va, size, write);
    return;
  }
  const vma = cpu.proc.space.vmas.find(va);
  const detail = vma?.kind === 'stack' ? `Address ${hex(va)} is on thread 1's stack` : `Address ${hex(va)} is not stack'd, malloc'd or (recently) free'd`;
  report(cpu, write ? 'invalid-write' : 'invalid-read', `Invalid ${write ? 'write' : 'read'} of size ${size}`, [detail], `The program ${write ? 'wrote to' : 'read'} memory that it has no right to use at address ${hex(va)}.`, { address: va, size });
}

/**
 * Translates `va` for an access through a pointer derived from `tag` (0: none), throwing on a fault —
 * except where the page is gone because it held a heap block that was freed (free unmaps an mmapped
 * block): then -1, and the caller reports a use after free (the freed block stays known for the whole
 * run, check/objects.ts).
 */
export function translateLive(cpu: Cpu, va: number, access: number, tag: number): number {
  try {
    return cpu.proc.space.translate(va, access);
  } catch (e) {
    if (e instanceof MemoryFault && e.reason === 'unmapped' && freedBlock(cpu, tag, va) > 0) return -1;
    throw e;
  }
}

/** The freed heap block an access at `va` through `tag` is in (its provenance, else its address), or 0. */
function freedBlock(cpu: Cpu, tag: number, va: number): number {
  const objs = cpu.proc.objects;
  if (tag > 0 && tag < objs.count) return objs.kind[tag] === KIND_HEAP && objs.state[tag] === FREED ? tag : 0;
  const id = cpu.proc.heap.objectAt(va);
  return id > 0 && objs.state[id] === FREED ? id : 0;
}

/** Instruction fetch through the MMU when control enters a page (throws on a fault). */
export function fetchSlow(cpu: Cpu, va: number): void {
  cpu.accessSize = 0;
  cpu.proc.space.translate(Number.isFinite(va) ? va : -1, ACCESS_EXECUTE);
}

/** Fetch at a return address: a fault there means the saved return address was not one. */
export function fetchReturn(cpu: Cpu, va: number): void {
  try {
    fetchSlow(cpu, va);
  } catch (e) {
    if (e instanceof MemoryFault) throw nonInstructionTarget(cpu, va, 'return', e.describe());
    throw e;
  }
}

/** The CPU's own 8-byte push (return address, saved fp): a write through the MMU, defined, no pointer tag. */
export function pushSlow(cpu: Cpu, va: number, value: number): void {
  cpu.accessSize = 8;
  if (cpu.watch.active) cpu.watch.access(cpu, va, 8, true);
  const space = cpu.proc.space;
  scratchView.setBigInt64(0, BigInt(value), true);
  for (let k = 0; k < 8; k++) {
    const p = space.translate(va + k, ACCESS_WRITE);
    cpu.mem.bytes[p] = scratch[k]!;
    cpu.shadow.state[p] = DEFINED;
    if (cpu.shadow.tags[p >> 3] !== 0) storeTag(cpu, p >> 3, 0, va + k);
  }
}

/** Reads an 8-byte value as the CPU does for RET (through the MMU, no memcheck). */
function read64(cpu: Cpu, va: number): number {
  const space = cpu.proc.space;
  for (let k = 0; k < 8; k++) scratch[k] = cpu.mem.bytes[space.translate(va + k, ACCESS_READ)]!;
  return Number(scratchView.getBigInt64(0, true));
}

/** The saved fp and return address of the frame at `fp`. */
export function readLinksSlow(cpu: Cpu, fp: number): { savedFp: number; ret: number } {
  cpu.accessSize = 8;
  if (!Number.isFinite(fp)) fp = -1;
  if (cpu.watch.active) cpu.watch.access(cpu, fp, 16, false);
  const savedFp = read64(cpu, fp);
  const ret = read64(cpu, fp + 8);
  return { savedFp, ret };
}

/** ENTER's marking of new locals as undefined, when the fast path cannot do it in place. */
export function markFrameSlow(cpu: Cpu, sp: number, size: number): void {
  cpu.proc.shadow.set(sp, size, UNDEFINED);
  cpu.proc.shadow.clearTags(sp, size);
}

// ---- ranges: library functions and block instructions ----

/**
 * Virtual address and length of each page piece of [va, va+length), each translated once for `access` so
 * that faults come before anything else. Users translate a piece again where they use it: with little
 * physical memory a long range may not fit in RAM at once, and a page met earlier may have been evicted.
 */
function pieces(cpu: Cpu, va: number, length: number, access: number, tag: number): number[] {
  const out: number[] = [];
  cpu.accessSize = length;
  if (length <= 0) return out;
  if (!Number.isFinite(va)) va = -1;
  let a = va;
  const end = va + length;
  while (a < end) {
    const n = Math.min(end - a, PAGE_SIZE - (a % PAGE_SIZE));
    translateLive(cpu, a, access, tag);
    out.push(a, n);
    a += n;
  }
  return out;
}

/**
 * Checks an access to [va, va+length) through a pointer derived from `tag` (0: none): translates every
 * page (faults are thrown), checks bounds/liveness and addressability, reports once. Returns RANGE_ flags.
 */
export function checkRange(cpu: Cpu, va: number, length: number, tag: number, write: boolean): number {
  if (length <= 0) return 0;
  return checkPieces(cpu, va, length, tag, write, pieces(cpu, va, length, write ? ACCESS_WRITE : ACCESS_READ, tag));
}

function checkPieces(cpu: Cpu, va: number, length: number, tag: number, write: boolean, parts: number[]): number {
  let flags = 0;
  if (tag !== 0 && checkProvenance(cpu, tag, va, length, write, true)) flags |= RANGE_REPORTED;
  const state = cpu.shadow.state;
  let offset = 0;
  let bad = -1;
  for (let i = 0; i < parts.length && bad < 0; i += 2) {
    const pa = translateLive(cpu, parts[i]!, write ? ACCESS_WRITE : ACCESS_READ, tag);
    const n = parts[i + 1]!;
    if (pa < 0) {
      // A page of a freed (unmapped) block: named by the provenance check, or here.
      if (!(flags & RANGE_REPORTED)) checkProvenance(cpu, freedBlock(cpu, tag, parts[i]!), parts[i]!, length - offset, write, true);
      flags |= RANGE_REPORTED | RANGE_NOACCESS;
      break;
    }
    for (let k = 0; k < n; k++) {
      if ((state[pa + k]! & NOACCESS) !== 0) {
        bad = offset + k;
        break;
      }
    }
    offset += n;
  }
  if (bad >= 0) {
    flags |= RANGE_NOACCESS;
    if (!(flags & RANGE_REPORTED)) {
      reportUntagged(cpu, va + bad, length - bad, write);
      flags |= RANGE_REPORTED;
    }
  }
  return flags;
}

/** True if [va, va+length) lies in one page and a pointer derived from `tag` may access all of it. */
function inOnePage(cpu: Cpu, va: number, length: number, tag: number): boolean {
  if (!(length > 0 && length <= PAGE_SIZE - (va % PAGE_SIZE))) return false;
  if (tag === 0) return true;
  const objs = cpu.proc.objects;
  return tag < objs.count && va >= objs.start[tag]! && va + length <= objs.end[tag]! && objs.state[tag] === LIVE;
}

const EMPTY = new Uint8Array(0);

/** Bytes and shadow states of a range (checked as a read). */
export function readRange(cpu: Cpu, va: number, length: number, tag: number): { bytes: Uint8Array; states: Uint8Array; reported: boolean } {
  if (length <= 0) return { bytes: EMPTY, states: EMPTY, reported: false };
  if (cpu.watch.active) cpu.watch.access(cpu, va, length, false);
  if (inOnePage(cpu, va, length, tag)) {
    // Fast path: one translation, no error possible unless a byte is not addressable.
    cpu.accessSize = length;
    const pa = translateLive(cpu, va, ACCESS_READ, tag);
    const state = cpu.shadow.state;
    let any = pa < 0 ? NOACCESS : 0;
    for (let k = pa; k < pa + length; k++) any |= state[k]!;
    if ((any & NOACCESS) === 0) {
      return { bytes: cpu.mem.bytes.slice(pa, pa + length), states: any === 0 ? new Uint8Array(length) : state.slice(pa, pa + length), reported: false };
    }
  }
  const parts = pieces(cpu, va, length, ACCESS_READ, tag);
  const flags = checkPieces(cpu, va, length, tag, false, parts);
  const bytes = new Uint8Array(length);
  const states = new Uint8Array(length);
  let o = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const pa = translateLive(cpu, parts[i]!, ACCESS_READ, tag);
    const n = parts[i + 1]!;
    if (pa < 0) {
      o += n;
      continue;
    }
    bytes.set(cpu.mem.bytes.subarray(pa, pa + n), o);
    states.set(cpu.shadow.state.subarray(pa, pa + n), o);
    o += n;
  }
  if (flags & RANGE_REPORTED) states.fill(DEFINED);
  return { bytes, states, reported: (flags & RANGE_REPORTED) !== 0 };
}

/**
 * Writes bytes at va (checked as a write). `states` gives each byte's definedness (default: defined);
 * `slotTags`, if given, the pointer tags of the 8-byte slots (only when va is 8-aligned). Bytes that are
 * not addressable are left alone.
 */
export function writeRange(cpu: Cpu, va: number, bytes: Uint8Array, tag: number, states?: Uint8Array, slotTags?: Int32Array): void {
  const length = bytes.length;
  if (length <= 0) return;
  if (cpu.watch.active) cpu.watch.access(cpu, va, length, true);
  const u8 = cpu.mem.bytes;
  const state = cpu.shadow.state;
  if (!slotTags && inOnePage(cpu, va, length, tag)) {
    cpu.accessSize = length;
    const pa = translateLive(cpu, va, ACCESS_WRITE, tag);
    let any = pa < 0 ? NOACCESS : 0;
    for (let k = pa; k < pa + length; k++) any |= state[k]!;
    if ((any & NOACCESS) === 0) {
      u8.set(bytes, pa);
      if (states) for (let k = 0; k < length; k++) state[pa + k] = states[k]! & UNDEFINED;
      else state.fill(DEFINED, pa, pa + length);
      retagPiece(cpu, va, pa, length, va, length, undefined);
      return;
    }
  }
  const parts = pieces(cpu, va, length, ACCESS_WRITE, tag);
  const flags = checkPieces(cpu, va, length, tag, true, parts);
  let o = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const pa = translateLive(cpu, parts[i]!, ACCESS_WRITE, tag);
    const n = parts[i + 1]!;
    if (pa < 0) {
      o += n;
      continue;
    }
    let written = false;
    for (let k = 0; k < n; k++) {
      const p = pa + k;
      if ((flags & RANGE_NOACCESS) && (state[p]! & NOACCESS) !== 0) continue;
      u8[p] = bytes[o + k]!;
      state[p] = states ? states[o + k]! & UNDEFINED : DEFINED;
      written = true;
    }
    if (written) retagPiece(cpu, va + o, pa, n, va, length, va % 8 === 0 ? slotTags : undefined);
    o += n;
  }
}

/**
 * Gives the slots overlapping a written piece (virtual `at`, physical `pa`, `n` bytes, within the write
 * [va, va+length)) their new tags, keeping the pointer counts: a slot the write covers whole takes its
 * tag from `slotTags` (a copy), every other touched slot loses its tag. Slots that are not addressable
 * were not written and keep theirs.
 */
function retagPiece(cpu: Cpu, at: number, pa: number, n: number, va: number, length: number, slotTags: Int32Array | undefined): void {
  const tags = cpu.shadow.tags;
  const state = cpu.shadow.state;
  for (let s = pa >> 3, e = (pa + n + 7) >> 3; s < e; s++) {
    const slotVa = at + (s * 8 - pa);
    const whole = slotVa >= va && slotVa + 8 <= va + length;
    const tag = whole && slotTags ? slotTags[(slotVa - va) >> 3]! : 0;
    if (tags[s] === tag) continue;
    if ((state[Math.max(s * 8, pa)]! & NOACCESS) !== 0) continue;
    storeTag(cpu, s, tag, slotVa);
  }
}

/** Slot tags of an 8-aligned range (resident pages only). */
function readSlotTags(cpu: Cpu, va: number, length: number): Int32Array {
  const out = new Int32Array(Math.floor(length / 8));
  for (let s = 0; s < out.length; s++) {
    const pa = cpu.proc.space.physical(va + s * 8, false);
    if (pa >= 0) out[s] = cpu.shadow.tags[pa >> 3]!;
  }
  return out;
}

/** memmove with definedness and pointer tags travelling with the bytes. */
export function moveRange(cpu: Cpu, dst: number, dstTag: number, src: number, srcTag: number, length: number): void {
  if (length <= 0) return;
  const from = readRange(cpu, src, length, srcTag);
  const sameAlignment = src % 8 === 0 && dst % 8 === 0;
  const slotTags = sameAlignment ? readSlotTags(cpu, src, length) : undefined;
  writeRange(cpu, dst, from.bytes, dstTag, from.states, slotTags);
}

/** COPY: the registers hold the destination and source addresses. */
export function copyBytes(cpu: Cpu, dstReg: number, srcReg: number, size: number): void {
  const S = cpu.proc.state;
  if ((S.M[dstReg]! | S.M[srcReg]!) !== 0) reportUninitialised(cpu, 'address');
  moveRange(cpu, S.R[dstReg]!, S.T[dstReg]!, S.R[srcReg]!, S.T[srcReg]!, size);
}

/** ZERO: the register holds the destination address. */
export function zeroBytes(cpu: Cpu, dstReg: number, size: number): void {
  const S = cpu.proc.state;
  if (S.M[dstReg] !== 0) reportUninitialised(cpu, 'address');
  writeRange(cpu, S.R[dstReg]!, new Uint8Array(size), S.T[dstReg]!);
}
