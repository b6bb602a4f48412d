// The virtual-memory part of a snapshot: regions, the page table's mapped pages, physical frames, swap
// slots, the TLB, and the 4-level walk of one address.
//
// How it works. Everything comes from the machine's own views of its memory (machine/vm-views.ts), which
// read the structures the MMU itself uses without changing anything: pages are the non-zero leaf entries
// of the process's page table, decoded with pte.ts (the one place that says which bit means what); frames
// are physical memory's ownership records, with the owners of page frames taken from every process's page
// table so frames shared after a fork list each sharer; swapped pages are entries with the swapped bit,
// whose frame field holds the swap slot. Only frames and slots in use are listed: the views draw the
// others as free.

import type { Machine } from '../machine/machine';
import type { Process } from '../machine/process';
import type { WalkResult } from '../memory/page-table';
import { PAGE_SIZE } from '../memory/physical';
import { pteFrame } from '../memory/pte';
import { permissionText } from '../memory/vma';
import type { PageEntry, PageWalk, PhysicalFrame, Region, SwapSlot, TlbEntry } from './types';

/**
 * The process's mappings with how many of their pages are in memory, counted from its page entries
 * (`pages`, from pagesOf) rather than Machine.regions, whose walk of resident pages reads swapped ones
 * back in: a snapshot must not move pages.
 */
export function regionsOf(proc: Process, pages: readonly PageEntry[]): Region[] {
  const vmas = proc.space.vmas.all();
  const resident = new Map<number, number>();
  for (const page of pages) {
    if (!page.present) continue;
    const v = proc.space.vmas.find(page.vpn * PAGE_SIZE);
    if (v) resident.set(v.start, (resident.get(v.start) ?? 0) + 1);
  }
  return vmas.map((v) => ({ start: v.start, end: v.end, permissions: permissionText(v).slice(0, 3), name: v.name, kind: v.kind, residentPages: resident.get(v.start) ?? 0 }));
}

export function pagesOf(machine: Machine, proc: Process): PageEntry[] {
  return machine.pages(proc).map((p) => ({
    key: p.vpn,
    vpn: p.vpn,
    present: p.present,
    writable: p.writable,
    user: p.user,
    accessed: p.accessed,
    dirty: p.dirty,
    noExecute: p.noExecute,
    swapped: p.swapped,
    cow: p.cow,
    ...(p.frame !== undefined ? { frame: p.frame } : {}),
    ...(p.swapSlot !== undefined ? { swapSlot: p.swapSlot } : {}),
    region: p.region,
  }));
}

export function physicalFrames(machine: Machine): PhysicalFrame[] {
  return machine.frames().map((f) => ({ key: f.frame, frame: f.frame, use: f.use, owners: f.owners, dirty: f.dirty }));
}

/** Swap slots in use, one per slot: a slot shared after fork names its first owner. */
export function swapSlots(machine: Machine): SwapSlot[] {
  return machine.swapSlots().map((s) => ({ key: s.slot, slot: s.slot, owner: s.owners[0] ?? null }));
}

export function tlbView(machine: Machine): { size: number; entries: TlbEntry[]; hits: number; misses: number } {
  const tlb = machine.tlb;
  return {
    size: tlb.size,
    entries: machine.tlbEntries().map((e) => ({ index: e.index, vpn: e.vpn, frame: e.frame, writable: e.write })),
    hits: tlb.hits,
    misses: tlb.misses,
  };
}

/** The walk of `address` in `proc`'s page table as the views show it, and whether the TLB holds it. */
export function pageWalk(machine: Machine, proc: Process, address: number): PageWalk {
  const walk: WalkResult = proc.space.walk(address);
  const levels = walk.steps.map((s) => ({
    level: s.level,
    name: s.table,
    tableFrame: s.tableFrame,
    index: s.index,
    entry: s.entry.toString(16).padStart(16, '0'),
    present: s.flags.present,
    writable: s.flags.writable,
    user: s.flags.user,
    noExecute: s.flags.nx,
  }));
  const offset = Number.isSafeInteger(address) && address >= 0 ? address % PAGE_SIZE : 0;
  const vpn = Math.floor(address / PAGE_SIZE);
  const tlb = machine.tlb;
  const tlbHit = proc === machine.current && tlb.readTag[vpn & tlb.mask] === vpn;
  const result: PageWalk['result'] = walk.ok
    ? { kind: 'mapped', physical: walk.physical, frame: walk.frame }
    : { kind: 'fault', reason: walkFailure(proc, address, walk) };
  return { pid: proc.pid, address, levels, offset, result, tlbHit };
}

function walkFailure(proc: Process, address: number, walk: Extract<WalkResult, { ok: false }>): string {
  if (walk.reason === 'non-canonical') return `0x${address.toString(16)} is not a canonical user address: no page table covers it`;
  const last = walk.steps[walk.steps.length - 1];
  const where = last ? `${last.table} entry ${last.index} is not present` : 'no entry';
  const vma = proc.space.vmas.find(address);
  if (last && last.flags.swapped) return `${where}: the page is in swap slot ${pteFrame(Number(last.entry & 0xffffffffn), Number(last.entry >> 32n))}; touching it is a major fault`;
  if (vma && vma.kind !== 'guard') return `${where}: the page is mapped (${vma.name}) but was never touched, so it has no frame yet; the first access is a minor fault`;
  if (vma?.kind === 'guard') return `${where}: the address is in the stack's guard page; touching it is a stack overflow`;
  return `${where}: 0x${address.toString(16)} is not mapped; touching it is a segmentation fault`;
}
