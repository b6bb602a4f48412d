// The loader: from a linked Program to a process ready to run at _start, laid out as Linux lays out a
// non-PIE executable (docs/abi.md, "Address space" and "Process start").
//
// How it works. Text (r-x), rodata (r--), data (rw-) and bss (rw-) become VMAs at the addresses the
// linker chose. Text, rodata and data are copied in at load (privileged writes, as exec maps the file);
// bss pages get their frames on first touch. The heap starts empty on the page after bss; the stack VMA
// covers the first 128 KiB below the top and grows on demand to its limit, with a guard page below.
// argv strings go to the very top of the stack, then (going down, 16-byte aligned) envp's NULL, argv's
// NULL, the argv pointers and argc, where sp points at _start.
//
// Memcheck state at start: every loaded byte is defined; globals, string literals and argv strings are
// objects (ids 1…n are Program.objects in order, so ADDR's object index is the tag); pointers stored in
// data by the linker (Program.relocations, when the compiler provides it) carry their target's tag.

import { LAYOUT, type Program } from '../program';
import type { PhysicalMemory } from '../memory/physical';
import { PAGE_SIZE } from '../memory/physical';
import type { Pager } from '../memory/pager';
import { AddressSpace, pageUp } from '../memory/address-space';
import { DEFINED, UNDEFINED, NOACCESS, ProcessShadow, type ShadowMemory } from '../check/shadow';
import { ObjectTable, KIND_STATIC, KIND_ARGV } from '../check/objects';
import { HeapGlue, type AllocatorFactory } from '../check/heap';
import type { AllocatorOptions } from '../heap/host';
import { CpuState } from './state';
import { Process } from './process';
import type { DecodedText } from './decode';
import { instructionAt } from './decode';

export interface LoadOptions {
  readonly argv: readonly string[];
  readonly stackSize: number;
  readonly allocator: AllocatorFactory;
  readonly allocatorOptions: AllocatorOptions;
}

/** Where the initial stack VMA starts below the top (it grows from there). */
const INITIAL_STACK = 128 * 1024;

/** Relocations the compiler may attach to a Program (optional field, see program.ts's consumers). */
interface Relocation {
  readonly address: number;
  /** 1-based index into Program.objects, or 0 for a function. */
  readonly target: number;
}

export function loadProcess(program: Program, text: DecodedText, pager: Pager, shadowMemory: ShadowMemory, options: LoadOptions, pid = 1): Process {
  const mem = pager.mem;
  const shadow = new ProcessShadow(shadowMemory);
  const space = new AddressSpace(pager, pid, shadow, LAYOUT.mmapTop);
  shadow.attach(space);
  const objects = new ObjectTable(Math.max(1024, program.objects.length * 2 + 64));

  // Sections.
  const textEnd = program.text.address + program.text.bytes.length;
  const base = Math.floor(program.text.address / PAGE_SIZE) * PAGE_SIZE;
  if (textEnd > base) space.map(base, pageUp(textEnd), { read: true, write: false, execute: true }, 'text', 'text', DEFINED);
  mapSection(space, program.rodata.address, program.rodata.bytes.length, false, 'rodata', 'rodata');
  mapSection(space, program.data.address, program.data.bytes.length, true, 'data', 'data');
  mapSection(space, program.bss.address, program.bss.size, true, 'bss', 'bss');
  copyIn(space, mem, program.text.address, program.text.bytes);
  copyIn(space, mem, program.rodata.address, program.rodata.bytes);
  copyIn(space, mem, program.data.address, program.data.bytes);

  const imageEnd = Math.max(textEnd, program.rodata.address + program.rodata.bytes.length, program.data.address + program.data.bytes.length, program.bss.address + program.bss.size);
  space.initHeap(pageUp(imageEnd), NOACCESS);
  space.initStack(LAYOUT.stackTop, options.stackSize, Math.min(INITIAL_STACK, options.stackSize), UNDEFINED);

  // Static objects: ids 1…n in Program.objects order.
  for (const o of program.objects) objects.add(o.address, o.size, KIND_STATIC, { kind: 'static', object: o });
  const relocations = (program as Program & { relocations?: readonly Relocation[] }).relocations ?? [];
  for (const r of relocations) {
    if (r.target <= 0 || r.target > program.objects.length || r.address % 8 !== 0) continue;
    const pa = space.physical(r.address, true);
    if (pa >= 0) shadowMemory.tags[pa >> 3] = r.target;
  }

  // The initial stack: strings at the top, then envp, argv, argc.
  const encoder = new TextEncoder();
  const strings = options.argv.map((a) => encoder.encode(a + '\0'));
  // In argv order going up, the last string ending at the very top (as Linux lays them out).
  const top = LAYOUT.stackTop - strings.reduce((n, s) => n + s.length, 0);
  const addresses: number[] = [];
  let at = top;
  for (const s of strings) {
    addresses.push(at);
    at += s.length;
  }
  const slots = 1 + strings.length + 1 + 1;
  const sp = Math.floor((top - slots * 8) / 16) * 16;
  strings.forEach((s, i) => copyIn(space, mem, addresses[i]!, s));
  writeWord(space, mem, sp, strings.length);
  const argvIds = strings.map((s, i) => objects.add(addresses[i]!, s.length, KIND_ARGV, { kind: 'argv', name: `argv[${i}]` }));
  objects.add(sp + 8, (strings.length + 1) * 8, KIND_ARGV, { kind: 'argv', name: 'argv' });
  for (let i = 0; i < strings.length; i++) {
    const pa = writeWord(space, mem, sp + 8 + 8 * i, addresses[i]!);
    shadowMemory.tags[pa >> 3] = argvIds[i]!;
  }
  writeWord(space, mem, sp + 8 + 8 * strings.length, 0);
  writeWord(space, mem, sp + 16 + 8 * strings.length, 0);
  shadow.set(sp, LAYOUT.stackTop - sp, DEFINED);

  const state = new CpuState();
  const entry = instructionAt(text, program.entry);
  state.pc = entry < 0 ? text.count : entry;
  state.sp = sp;
  state.fp = 0;
  state.base = 0;
  state.depth = 0;
  state.csFunc[0] = entry < 0 ? -1 : text.func[entry]!;
  state.csEntrySp[0] = sp;
  state.csDest[0] = -1;
  state.csReturn[0] = -1;

  const heap = new HeapGlue(space, mem, shadowMemory, shadow, objects, options.allocator, options.allocatorOptions);
  const name = options.argv[0]?.split('/').pop() ?? 'a.out';
  // The loader's own page touches (and any eviction they caused) are part of exec, not of the program.
  space.counters.minorFaults = 0;
  space.counters.majorFaults = 0;
  space.counters.swapOuts = 0;
  return new Process(pid, 0, name, space, shadow, objects, state, heap, options.stackSize);
}

function mapSection(space: AddressSpace, address: number, size: number, write: boolean, name: string, kind: 'rodata' | 'data' | 'bss'): void {
  if (size <= 0) return;
  const start = Math.floor(address / PAGE_SIZE) * PAGE_SIZE;
  const end = pageUp(address + size);
  // A section may share its first page with the previous one (the linker packs bss after data).
  const existing = space.vmas.find(start);
  const from = existing ? existing.end : start;
  if (end > from) space.map(from, end, { read: true, write, execute: false }, name, kind, DEFINED);
}

function copyIn(space: AddressSpace, mem: PhysicalMemory, address: number, bytes: Uint8Array): void {
  for (let k = 0; k < bytes.length; ) {
    const n = Math.min(bytes.length - k, PAGE_SIZE - ((address + k) % PAGE_SIZE));
    const pa = space.physical(address + k, true);
    if (pa >= 0) mem.bytes.set(bytes.subarray(k, k + n), pa);
    k += n;
  }
}

function writeWord(space: AddressSpace, mem: PhysicalMemory, address: number, value: number): number {
  const pa = space.physical(address, true);
  mem.i32[pa >> 2] = value % 4294967296;
  mem.i32[(pa >> 2) + 1] = Math.floor(value / 4294967296);
  return pa;
}
