// The machine's NativeCall: how a library function implemented in TypeScript sees its call.
//
// How it works. Arguments are the 8-byte slots of the caller's argument area (docs/abi.md): slot n is at
// (sp when the stub was entered) + 8 + 8n, right above the return address. They are read from simulated
// memory, with the pointer tag memcheck stored beside a pointer slot, so a pointer argument keeps its
// provenance. Memory operations go through access.ts's checked range functions, exactly like the
// program's own loads and stores: a bad access is reported as made by this function, called from the
// caller's line (the stub's frame is the innermost of the backtrace). One object serves every call; the
// CPU calls `begin` before each. What a function reads and writes reaches the watchpoints the same way.

import type { ErrorKind, SignalName } from '../errors';
import type { HeapCalls, NativeCall, Pointer, ProcessIO, VarArgs } from '../libc/native';
import type { HeapCallContext } from '../check/heap';
import { UNDEFINED } from '../check/shadow';
import { ACCESS_READ } from '../memory/fault';
import { PAGE_SIZE } from '../memory/physical';
import { checkRange, readRange, writeRange, moveRange, translateLive } from './access';
import { report, userLine } from './report';
import { callStackId } from './frames';
import { freedOwner, userSite } from './lost-pointers';
import { ProcessExit, ProcessKill } from './ending';
import type { Cpu } from './cpu';

const view = new DataView(new ArrayBuffer(8));

export class MachineNativeCall implements NativeCall {
  name = '';
  readonly io: ProcessIO;
  readonly heap: HeapCalls;
  private readonly context: HeapCallContext;

  constructor(private readonly cpu: Cpu, io: ProcessIO) {
    this.io = io;
    const context: HeapCallContext = {
      stack: (stacks) => callStackId(cpu, stacks),
      lineOf: (s) => userLine(cpu, s),
      report: (kind, message, details, explanation, extra) => report(cpu, kind, message, details, explanation, extra),
      dropSite: (cause) => userSite(cpu) * 4 + cause,
      lost: (objects, slots) => freedOwner(cpu, objects, slots),
    };
    this.context = context;
    this.heap = {
      malloc: (size) => cpu.proc.heap.malloc(size, context),
      calloc: (count, size) => cpu.proc.heap.calloc(count, size, context),
      realloc: (p, size) => cpu.proc.heap.realloc(p, size, context),
      free: (p) => cpu.proc.heap.free(p, context),
    };
  }

  begin(name: string): void {
    this.name = name;
  }

  // ---- argument slots ----

  /** Address of argument slot n. */
  slotAddress(n: number): number {
    const S = this.cpu.proc.state;
    return S.csEntrySp[S.depth]! + 8 + 8 * n;
  }

  /** Loads the 8 bytes at va into `view`; returns the slot's pointer tag. */
  private load(va: number): number {
    const cpu = this.cpu;
    cpu.accessSize = 8;
    if (cpu.watch.active) cpu.watch.access(cpu, va, 8, false);
    const space = cpu.proc.space;
    const pa = space.translate(va, ACCESS_READ);
    if ((pa & 7) === 0) {
      view.setInt32(0, cpu.mem.i32[pa >> 2]!, true);
      view.setInt32(4, cpu.mem.i32[(pa >> 2) + 1]!, true);
    } else if (va % PAGE_SIZE <= PAGE_SIZE - 8) {
      for (let k = 0; k < 8; k++) view.setUint8(k, cpu.mem.bytes[pa + k]!);
    } else {
      for (let k = 0; k < 8; k++) view.setUint8(k, cpu.mem.bytes[space.translate(va + k, ACCESS_READ)]!);
    }
    return va % 8 === 0 ? cpu.shadow.tags[pa >> 3]! : 0;
  }

  private slot(n: number): number {
    return this.load(this.slotAddress(n));
  }

  int(n: number): number {
    this.slot(n);
    return view.getInt32(0, true);
  }
  uint(n: number): number {
    this.slot(n);
    return view.getUint32(0, true);
  }
  long(n: number): bigint {
    this.slot(n);
    return view.getBigInt64(0, true);
  }
  ulong(n: number): bigint {
    this.slot(n);
    return view.getBigUint64(0, true);
  }
  size(n: number): number {
    this.slot(n);
    // Sizes below 2^53 (every real one) read without a BigInt: malloc and free are called millions of times.
    const hi = view.getUint32(4, true);
    return hi < 0x200000 ? hi * 4294967296 + view.getUint32(0, true) : Number(view.getBigUint64(0, true));
  }
  double(n: number): number {
    this.slot(n);
    return view.getFloat64(0, true);
  }
  float(n: number): number {
    this.slot(n);
    return view.getFloat32(0, true);
  }
  pointer(n: number): Pointer {
    const tag = this.slot(n);
    return { address: pointerValue(), object: tag };
  }

  varargs(n: number): VarArgs {
    return this.cursor(this.slotAddress(n));
  }

  vaList(list: Pointer): VarArgs {
    // A va_list is the address of the next variadic argument slot (lang/parse-type.ts, docs/abi.md).
    return this.cursor(list.address);
  }

  private cursor(start: number): VarArgs {
    let at = start;
    const next = (): number => {
      const tag = this.load(at);
      at += 8;
      return tag;
    };
    return {
      int: () => (next(), view.getInt32(0, true)),
      uint: () => (next(), view.getUint32(0, true)),
      long: () => (next(), view.getBigInt64(0, true)),
      ulong: () => (next(), view.getBigUint64(0, true)),
      double: () => (next(), view.getFloat64(0, true)),
      pointer: () => {
        const tag = next();
        return { address: pointerValue(), object: tag };
      },
    };
  }

  // ---- memory ----

  read(p: Pointer, offset: number, length: number): Uint8Array {
    return readRange(this.cpu, p.address + offset, length, p.object).bytes;
  }

  write(p: Pointer, offset: number, bytes: Uint8Array): void {
    writeRange(this.cpu, p.address + offset, bytes, p.object);
  }

  fill(p: Pointer, offset: number, length: number, byte: number): void {
    writeRange(this.cpu, p.address + offset, new Uint8Array(Math.max(0, length)).fill(byte), p.object);
  }

  move(dst: Pointer, src: Pointer, length: number): void {
    moveRange(this.cpu, dst.address, dst.object, src.address, src.object, length);
  }

  cstring(p: Pointer, limit = Infinity): Uint8Array {
    const cpu = this.cpu;
    const u8 = cpu.mem.bytes;
    cpu.accessSize = 1;
    // Fast path: the NUL is on the first page and every byte up to it is in bounds and defined.
    const first = translateLive(cpu, p.address, ACCESS_READ, p.object);
    if (first < 0) {
      // The string was in a freed block whose pages are gone: reported as a use after free; it reads as "".
      readRange(cpu, p.address, 1, p.object);
      return new Uint8Array(0);
    }
    const stop = first + Math.min(PAGE_SIZE - (p.address % PAGE_SIZE), limit);
    let end = first;
    while (end < stop && u8[end] !== 0) end++;
    if (end < stop) {
      const objs = cpu.proc.objects;
      const tag = p.object;
      const span = end - first + 1;
      if (tag === 0 || (tag < objs.count && p.address >= objs.start[tag]! && p.address + span <= objs.end[tag]! && objs.state[tag] === 0)) {
        const state = cpu.shadow.state;
        let any = 0;
        for (let k = first; k <= end; k++) any |= state[k]!;
        if (any === 0) {
          if (cpu.watch.active) cpu.watch.access(cpu, p.address, span, false);
          return u8.slice(first, end);
        }
      }
    }
    // Find the terminating NUL page by page (faults if the string runs into unmapped memory).
    let length = 0;
    let found = false;
    let va = p.address;
    while (length < limit) {
      const pa = translateLive(cpu, va, ACCESS_READ, p.object);
      if (pa < 0) {
        found = true;
        break;
      }
      const n = Math.min(PAGE_SIZE - (va % PAGE_SIZE), limit - length);
      const at = u8.subarray(pa, pa + n).indexOf(0);
      if (at >= 0) {
        length += at;
        found = true;
        break;
      }
      length += n;
      va += n;
    }
    const span = found ? length + 1 : length;
    const { bytes, states, reported } = readRange(cpu, p.address, span, p.object);
    if (!reported && states.some((s) => (s & UNDEFINED) !== 0)) {
      report(cpu, 'uninitialized', 'Conditional jump or move depends on uninitialised value(s)', [`the string passed to ${this.name}() contains uninitialised bytes`], `${this.name}() read a string whose bytes were never all initialised (a missing '\\0'?).`, { address: p.address });
    }
    return bytes.subarray(0, length);
  }

  requireDefined(p: Pointer, offset: number, length: number, what: string): void {
    const { states, reported } = readRange(this.cpu, p.address + offset, length, p.object);
    if (!reported && states.some((s) => (s & UNDEFINED) !== 0)) {
      report(this.cpu, 'uninitialized', 'Conditional jump or move depends on uninitialised value(s)', [`${what} contains uninitialised byte(s)`], `${this.name}() used ${what}, which was never fully initialised.`, { address: p.address + offset, size: length });
    }
  }

  argDefined(n: number, what: string, message = 'Conditional jump or move depends on uninitialised value(s)'): boolean {
    const cpu = this.cpu;
    const va = this.slotAddress(n);
    let defined = true;
    for (let k = 0; k < 8; k++) if ((cpu.proc.shadow.get(va + k) & UNDEFINED) !== 0) defined = false;
    if (!defined) {
      report(cpu, 'uninitialized', message, [`${what} is uninitialised`], `${this.name}() was given ${what}, a value that was never initialised.`);
    }
    return defined;
  }

  derive(from: Pointer, address: number): Pointer {
    return { address, object: from.object };
  }

  /** Checks that [p+offset, +length) may be accessed, reporting like a user access (no data moved). */
  check(p: Pointer, offset: number, length: number, write: boolean): void {
    checkRange(this.cpu, p.address + offset, length, p.object, write);
  }

  report(kind: ErrorKind, message: string, details: string[], explanation: string, address?: number, size?: number): void {
    report(this.cpu, kind, message, details, explanation, { address, size });
  }

  raise(signal: SignalName, explanation: string): never {
    throw new ProcessKill(signal, explanation);
  }

  exit(status: number): never {
    throw new ProcessExit(status);
  }

  state<T>(key: string, init: () => T): T {
    const lib = this.cpu.proc.library;
    if (!lib.has(key)) lib.set(key, init());
    return lib.get(key) as T;
  }

  /** The heap context, for kernel functions that allocate. */
  get heapContext(): HeapCallContext {
    return this.context;
  }
}

/** The loaded slot as an address: the unsigned 64-bit value (addresses are below 2^47, exact). */
function pointerValue(): number {
  const hi = view.getUint32(4, true);
  const lo = view.getUint32(0, true);
  return hi < 0x200000 ? hi * 4294967296 + lo : Number(view.getBigUint64(0, true));
}
