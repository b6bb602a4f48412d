// Virtual memory as the views and the debugger see it: page-table entries with their bits, physical frames
// with their owners, swap slots, the TLB, faults per source line, and what translating an address would do.
//
// How it works. Everything is read from the structures the MMU and the pager use, never re-derived:
// leaf entries of each process's page table (decoded by pte.ts), physical memory's ownership records,
// the swap device's slots, the TLB's tags. Owners of a shared frame or slot are found as the pager finds
// them, by looking at each process's entry for the page's address. Nothing here changes the machine:
// `translation` predicts the outcome of an access from the entry, the VMA and the TLB without making it.

import { PAGE_SIZE, FRAME_FREE, FRAME_TABLE } from '../memory/physical';
import { PTE_PRESENT, PTE_PROTNONE, PTE_SWAPPED, PTE_COW, PTE_WRITABLE, pteFlags, pteFrame, pteValue } from '../memory/pte';
import { NULL_GUARD_END } from '../memory/address-space';
import { USER_TOP, type WalkResult } from '../memory/page-table';
import { MemoryFault, type Access, type FaultReason } from '../memory/fault';
import type { Pager } from '../memory/pager';
import { permissionText, type VmaKind } from '../memory/vma';
import type { ShadowMemory } from '../check/shadow';
import type { Tlb } from '../memory/tlb';
import type { Process } from './process';
import type { Symbols } from './symbols';
import type { PageEntry } from '../snapshot/types';

/** A mapped page as the snapshot shows it (its bits, frame or slot, region), and what only the engine's views add. */
export interface PageInfo extends Omit<PageEntry, 'key'> {
  readonly va: number;
  /** The 64-bit entry, as hex. */
  readonly entry: string;
  readonly protnone: boolean;
  /** Processes mapping the same frame or slot (1 when private). */
  readonly sharers: number;
}

export interface FrameInfoView {
  readonly frame: number;
  readonly use: 'page' | 'page-table';
  /** For a page: every process mapping it and at which virtual page; for a table: its process. */
  readonly owners: { readonly pid: number; readonly vpn: number }[];
  /** For a page table: its level (4 = PML4 … 1 = PT). */
  readonly level?: number;
  readonly dirty: boolean;
  readonly accessed: boolean;
  /** Instruction count of the last access (exact with the LRU policy; the last walk otherwise). */
  readonly lastUse: number;
}

export interface SwapSlotInfo {
  readonly slot: number;
  readonly owners: { readonly pid: number; readonly vpn: number }[];
}

export interface TlbEntryInfo {
  readonly index: number;
  readonly vpn: number;
  readonly frame: number;
  readonly read: boolean;
  readonly write: boolean;
  readonly execute: boolean;
  readonly lastUse: number;
}

export interface LineFaults {
  readonly file: string;
  readonly line: number;
  readonly minor: number;
  readonly major: number;
  readonly cow: number;
  readonly invalid: number;
}

export type ProcessState = 'running' | 'ready' | 'waiting' | 'zombie' | 'exited' | 'killed';

/** What an access would do now. */
export type AccessOutcome =
  | { readonly kind: 'tlb-hit'; readonly physical: number }
  | { readonly kind: 'walk'; readonly physical: number }
  | { readonly kind: 'minor-fault'; readonly why: 'first-touch' | 'stack-growth' | 'no-longer-shared' }
  | { readonly kind: 'cow-fault' }
  | { readonly kind: 'major-fault'; readonly slot: number }
  | { readonly kind: 'invalid-fault'; readonly reason: FaultReason; readonly description: string };

export interface Translation {
  readonly pid: number;
  readonly va: number;
  readonly access: Access;
  readonly walk: WalkResult;
  readonly outcome: AccessOutcome;
}

export interface RegionInfo {
  readonly start: number;
  readonly end: number;
  readonly permissions: string;
  readonly name: string;
  readonly kind: VmaKind;
  readonly residentPages: number;
}

/** The mappings (/proc/self/maps) with their resident pages, counted from the page entries. */
export function regionList(proc: Process): RegionInfo[] {
  const resident = new Map<number, number>();
  for (const page of pageList(proc)) {
    if (page.frame === undefined) continue;
    const v = proc.space.vmas.find(page.va);
    if (v) resident.set(v.start, (resident.get(v.start) ?? 0) + 1);
  }
  return proc.space.vmas.all().map((v) => ({ start: v.start, end: v.end, permissions: permissionText(v), name: v.name, kind: v.kind, residentPages: resident.get(v.start) ?? 0 }));
}

/** Bytes of [address, address+length) from frames or swap slots; stops at the first unmapped byte. */
export function readQuietly(proc: Process, pager: Pager, address: number, length: number): { bytes: Uint8Array; unreadable: number } {
  const space = proc.space;
  const out = new Uint8Array(length);
  for (let k = 0; k < length; k++) {
    const va = address + k;
    const at = space.locate(va);
    if (at?.kind === 'frame') out[k] = pager.mem.bytes[at.physical]!;
    else if (at?.kind === 'swap') out[k] = pager.swap.byte(at.slot, at.offset);
    else {
      const v = space.vmas.find(va);
      if (!v || v.kind === 'guard') return { bytes: out.subarray(0, k), unreadable: length - k };
    }
  }
  return { bytes: out, unreadable: 0 };
}

/** Memcheck state of each byte, from frames or swap slots (or what a fresh page would have). */
export function definednessQuietly(proc: Process, pager: Pager, shadow: ShadowMemory, address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const space = proc.space;
  for (let k = 0; k < length; k++) {
    const at = space.locate(address + k);
    if (at?.kind === 'frame') out[k] = shadow.state[at.physical]!;
    else if (at?.kind === 'swap') out[k] = pager.swap.state(at.slot, at.offset);
    else out[k] = proc.shadow.get(address + k);
  }
  return out;
}

export function pageList(proc: Process): PageInfo[] {
  const space = proc.space;
  if (!space.alive) return [];
  const u32 = space.mem.u32;
  const out: PageInfo[] = [];
  space.table.forEachLeaf((va, slot) => {
    const lo = u32[slot >> 2]!;
    const hi = u32[(slot >> 2) + 1]!;
    const f = pteFlags(lo, hi);
    const number = pteFrame(lo, hi);
    const swapped = f.swapped;
    const hasFrame = !swapped && (f.present || f.protnone);
    out.push({
      va,
      vpn: va / PAGE_SIZE,
      entry: pteValue(lo, hi).toString(16).padStart(16, '0'),
      present: f.present,
      writable: f.writable,
      user: f.user,
      accessed: f.accessed,
      dirty: f.dirty,
      noExecute: f.nx,
      cow: f.cow,
      swapped,
      protnone: f.protnone,
      ...(hasFrame ? { frame: number } : {}),
      ...(swapped ? { swapSlot: number } : {}),
      sharers: hasFrame ? space.mem.sharers[number]! : swapped ? space.pager.swap.sharers[number]! : 1,
      region: space.vmas.find(va)?.name ?? '?',
    });
  });
  return out;
}

/** Owners of every frame and slot, from each live process's leaf entries. */
function owners(processes: readonly Process[]): { frames: Map<number, { pid: number; vpn: number; lo: number }[]>; slots: Map<number, { pid: number; vpn: number }[]> } {
  const frames = new Map<number, { pid: number; vpn: number; lo: number }[]>();
  const slots = new Map<number, { pid: number; vpn: number }[]>();
  for (const proc of processes) {
    const space = proc.space;
    if (!space.alive) continue;
    const u32 = space.mem.u32;
    space.table.forEachLeaf((va, slot) => {
      const lo = u32[slot >> 2]!;
      const number = pteFrame(lo, u32[(slot >> 2) + 1]!);
      const owner = { pid: proc.pid, vpn: va / PAGE_SIZE };
      if ((lo & PTE_SWAPPED) !== 0) {
        const list = slots.get(number) ?? [];
        list.push(owner);
        slots.set(number, list);
      } else if ((lo & (PTE_PRESENT | PTE_PROTNONE)) !== 0) {
        const list = frames.get(number) ?? [];
        list.push({ ...owner, lo });
        frames.set(number, list);
      }
    });
  }
  return { frames, slots };
}

export function frameList(pager: Pager, processes: readonly Process[]): FrameInfoView[] {
  const mem = pager.mem;
  const map = owners(processes).frames;
  pager.tlb.mergeStamps();
  const out: FrameInfoView[] = [];
  for (let frame = 0; frame < mem.frameCount; frame++) {
    const use = mem.use[frame];
    if (use === FRAME_FREE) continue;
    if (use === FRAME_TABLE) {
      out.push({ frame, use: 'page-table', owners: [{ pid: mem.ownerPid[frame]!, vpn: 0 }], level: mem.ownerPage[frame]!, dirty: true, accessed: true, lastUse: 0 });
      continue;
    }
    const list = map.get(frame) ?? [];
    out.push({
      frame,
      use: 'page',
      owners: list.map(({ pid, vpn }) => ({ pid, vpn })),
      dirty: list.some((o) => (o.lo & 0x40) !== 0),
      accessed: list.some((o) => (o.lo & 0x20) !== 0),
      lastUse: mem.lastUse[frame]!,
    });
  }
  return out;
}

export function swapList(pager: Pager, processes: readonly Process[]): SwapSlotInfo[] {
  const map = owners(processes).slots;
  const out: SwapSlotInfo[] = [];
  for (let slot = 0; slot < pager.swap.slotCount; slot++) {
    if (pager.swap.inUse[slot] === 0) continue;
    out.push({ slot, owners: map.get(slot) ?? [] });
  }
  return out;
}

export function tlbList(tlb: Tlb): TlbEntryInfo[] {
  return tlb.entries().map((e) => ({ index: e.index, vpn: e.vpn, frame: e.frame, read: e.read, write: e.write, execute: e.execute, lastUse: e.lastUse }));
}

export function faultLines(proc: Process, symbols: Symbols): LineFaults[] {
  const byLine = new Map<string, { file: string; line: number; minor: number; major: number; cow: number; invalid: number }>();
  for (const [k, counts] of proc.faultSites) {
    const site = symbols.entry(k);
    const key = `${site.file}:${site.line}`;
    let row = byLine.get(key);
    if (!row) {
      row = { file: site.file, line: site.line, minor: 0, major: 0, cow: 0, invalid: 0 };
      byLine.set(key, row);
    }
    row.minor += counts[0];
    row.major += counts[1];
    row.cow += counts[2];
    row.invalid += counts[3];
  }
  return [...byLine.values()].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

export function processState(proc: Process, current: boolean, first: Process): ProcessState {
  const s = proc.status;
  if (s.kind === 'running') return proc.waitingFor !== undefined ? 'waiting' : current ? 'running' : 'ready';
  if (!proc.reaped && proc !== first) return 'zombie';
  return s.kind === 'exited' ? 'exited' : 'killed';
}

/** The walk of `va` and what an access would do, predicted from the entry, the VMA and the TLB. */
export function translation(proc: Process, va: number, access: Access, current: boolean): Translation {
  const space = proc.space;
  const walk = space.walk(va);
  const result = (outcome: AccessOutcome): Translation => ({ pid: proc.pid, va, access, walk, outcome });
  const invalid = (reason: FaultReason) => result({ kind: 'invalid-fault', reason, description: new MemoryFault(va, access, reason).describe() });
  if (!(va >= NULL_GUARD_END && va < USER_TOP)) return invalid(va >= 0 && va < NULL_GUARD_END ? 'null' : 'non-canonical');
  const vma = space.vmas.find(va);
  const allowed = vma ? (access === 'read' ? vma.read : access === 'write' ? vma.write : vma.execute) : false;
  const leaf = walk.steps[walk.steps.length - 1];
  const lo = leaf && leaf.level === 1 ? Number(leaf.entry & 0xffffffffn) : 0;
  if (walk.ok) {
    if (access === 'write' && (lo & PTE_WRITABLE) === 0) {
      if ((lo & PTE_COW) === 0 || !vma?.write) return invalid('write-protected');
      return result(space.mem.sharers[walk.frame]! > 1 ? { kind: 'cow-fault' } : { kind: 'minor-fault', why: 'no-longer-shared' });
    }
    if (access === 'execute' && leaf!.flags.nx) return invalid('execute-protected');
    const tlb = space.tlb;
    const vpn = Math.floor(va / PAGE_SIZE);
    const i = vpn & tlb.mask;
    const tag = access === 'read' ? tlb.readTag[i] : access === 'write' ? tlb.writeTag[i] : tlb.execTag[i];
    return result({ kind: current && tag === vpn ? 'tlb-hit' : 'walk', physical: walk.physical });
  }
  if (!vma) {
    const stack = space.vmas.all().find((v) => v.kind === 'stack');
    if (stack && va < stack.start && va >= space.stack.limit) return result({ kind: 'minor-fault', why: 'stack-growth' });
    return invalid('unmapped');
  }
  if (vma.kind === 'guard') return invalid('guard-page');
  if (!allowed) return invalid(access === 'write' ? 'write-protected' : access === 'execute' ? 'execute-protected' : 'read-protected');
  if ((lo & PTE_SWAPPED) !== 0) return result({ kind: 'major-fault', slot: pteFrame(lo, Number(leaf!.entry >> 32n)) });
  return result({ kind: 'minor-fault', why: 'first-touch' });
}
