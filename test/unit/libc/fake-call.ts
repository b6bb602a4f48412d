// A small stand-in for the machine, to run libc natives without the CPU: a flat byte array with
// definedness per byte, a table of objects (so reads past an object are reported as out of bounds, as
// memcheck does), argument slots as the ABI lays them out (8 bytes each, with definedness and
// provenance), stdin/stdout/stderr, a bump heap, and per-process library state.
// Faults end the native the way the real machine does: by throwing (FakeFault, FakeExit, FakeSignal).

import type { ErrorKind, SignalName } from '../../../src/engine/errors';
import type { NativeCall, NativeResult, NativeSpec, Pointer, VarArgs } from '../../../src/engine/libc/native';

export class FakeFault extends Error {
  constructor(readonly kind: ErrorKind, readonly address: number) {
    super(`${kind} at 0x${address.toString(16)}`);
  }
}
export class FakeExit extends Error {
  constructor(readonly status: number) {
    super(`exit(${status})`);
  }
}
export class FakeSignal extends Error {
  constructor(readonly signal: SignalName, readonly explanation: string) {
    super(signal);
  }
}

export interface FakeObject {
  readonly id: number;
  readonly start: number;
  readonly size: number;
  readonly name: string;
  live: boolean;
}

export interface FakeError {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly address?: number;
}

/** One argument slot: 8 bytes, with the provenance of a pointer and whether the value is defined. */
export interface Slot {
  readonly bits: bigint;
  readonly object: number;
  readonly defined: boolean;
}

export const int = (v: number): Slot => ({ bits: BigInt.asUintN(64, BigInt(v | 0)), object: 0, defined: true });
export const uint = (v: number): Slot => ({ bits: BigInt(v >>> 0), object: 0, defined: true });
export const long = (v: bigint | number): Slot => ({ bits: BigInt.asUintN(64, BigInt(v)), object: 0, defined: true });
export const ptr = (p: Pointer): Slot => ({ bits: BigInt(p.address), object: p.object, defined: true });
export const undef = (): Slot => ({ bits: 0n, object: 0, defined: false });
export function dbl(x: number): Slot {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x, true);
  return { bits: view.getBigUint64(0, true), object: 0, defined: true };
}
export const NULL: Pointer = { address: 0, object: 0 };

const BASE = 0x10000;
const SIZE = 1 << 20;

export class FakeMachine {
  readonly memory = new Uint8Array(SIZE);
  /** 1 where the byte is defined. */
  readonly defined = new Uint8Array(SIZE);
  readonly objects: FakeObject[] = [];
  readonly errors: FakeError[] = [];
  readonly stdout: number[] = [];
  readonly stderr: number[] = [];
  private stdin: number[] = [];
  private next = BASE;
  private readonly libraryState = new Map<string, unknown>();
  private readonly vaLists = new Map<number, Slot[]>();
  programName: string | undefined = 'prog';

  constructor(stdin = '') {
    this.stdin = [...Buffer.from(stdin, 'latin1')];
  }

  /** A new object of `size` bytes (16-byte aligned, with a gap after it), undefined unless initialised. */
  allocate(size: number, name = 'object', init?: Uint8Array | string): Pointer {
    const start = this.next;
    this.next += Math.ceil((size + 16) / 16) * 16;
    const id = this.objects.length + 1;
    this.objects.push({ id, start, size, name, live: true });
    if (init !== undefined) {
      const bytes = typeof init === 'string' ? Buffer.from(init, 'latin1') : init;
      this.memory.set(bytes, start - BASE);
      this.defined.fill(1, start - BASE, start - BASE + bytes.length);
    }
    return { address: start, object: id };
  }

  /** A C string object: the text and its NUL. */
  string(text: string): Pointer {
    return this.allocate(text.length + 1, JSON.stringify(text), text + '\0');
  }

  /** A FILE object whose first field is the descriptor, as <libc>/stdio.c defines them. */
  stream(fd: number): Pointer {
    return this.allocate(4, `FILE ${fd}`, Uint8Array.of(fd, 0, 0, 0));
  }

  /** A va_list value whose arguments are `slots` (vprintf and friends). */
  vaList(slots: Slot[]): Pointer {
    const p = this.allocate(24, 'va_list');
    this.vaLists.set(p.address, slots);
    return p;
  }

  bytes(p: Pointer, length: number): Uint8Array {
    return this.memory.slice(p.address - BASE, p.address - BASE + length);
  }

  text(p: Pointer): string {
    const start = p.address - BASE;
    const end = this.memory.indexOf(0, start);
    return Buffer.from(this.memory.subarray(start, end)).toString('latin1');
  }

  int32(p: Pointer, offset = 0): number {
    return new DataView(this.memory.buffer).getInt32(p.address - BASE + offset, true);
  }

  int64(p: Pointer, offset = 0): bigint {
    return new DataView(this.memory.buffer).getBigInt64(p.address - BASE + offset, true);
  }

  out(): string {
    return Buffer.from(this.stdout).toString('latin1');
  }

  err(): string {
    return Buffer.from(this.stderr).toString('latin1');
  }

  /** Runs a native with these argument slots, as the CPU would; returns what the native returned. */
  run(name: string, spec: NativeSpec | undefined, slots: Slot[]): NativeResult {
    if (!spec) throw new Error(`no native ${name}`);
    return spec.run(this.call(name, slots));
  }

  /** The byte range check every access makes: null page, unmapped memory, out of the pointer's object. */
  private check(p: Pointer, offset: number, length: number, write: boolean): number {
    const address = p.address + offset;
    if (address < 0x1000) throw new FakeFault('null-deref', address);
    if (address < BASE || address + length > BASE + SIZE) throw new FakeFault('segfault', address);
    const object = p.object ? this.objects[p.object - 1] : this.objects.find((o) => address >= o.start && address < o.start + o.size);
    if (!object || !object.live || address < object.start || address + length > object.start + object.size) {
      const kind: ErrorKind = object && !object.live ? 'use-after-free' : write ? 'invalid-write' : 'invalid-read';
      this.errors.push({ kind, message: `Invalid ${write ? 'write' : 'read'} of size ${length}`, address });
    }
    return address - BASE;
  }

  private undefinedUse(what: string, address?: number): void {
    this.errors.push({ kind: 'uninitialized', message: `Uninitialised value: ${what}`, address });
  }

  private slotReader(slots: Slot[], first: number): VarArgs {
    let n = first;
    const take = (): Slot => {
      const s = slots[n++];
      if (!s) throw new Error(`variadic argument ${n - 1} missing`);
      return s;
    };
    return {
      int: () => Number(BigInt.asIntN(32, take().bits)),
      uint: () => Number(BigInt.asUintN(32, take().bits)),
      long: () => BigInt.asIntN(64, take().bits),
      ulong: () => take().bits,
      double: () => slotDouble(take()),
      pointer: () => {
        const s = take();
        return { address: Number(s.bits), object: s.object };
      },
    };
  }

  call(name: string, slots: Slot[]): NativeCall {
    const slot = (n: number): Slot => {
      const s = slots[n];
      if (!s) throw new Error(`${name}: argument ${n} missing`);
      return s;
    };
    const heap = {
      malloc: (size: number): Pointer | null => (size > 1 << 18 ? null : this.allocate(size, 'heap block')),
      calloc: (count: number, size: number): Pointer | null => {
        if (count * size > 1 << 18) return null;
        return this.allocate(count * size, 'heap block', new Uint8Array(count * size));
      },
      realloc: (p: Pointer, size: number): Pointer | null => {
        const fresh = this.allocate(size, 'heap block');
        if (p.address !== 0) {
          const old = this.objects[p.object - 1]!;
          const n = Math.min(old.size, size);
          this.memory.copyWithin(fresh.address - BASE, old.start - BASE, old.start - BASE + n);
          this.defined.copyWithin(fresh.address - BASE, old.start - BASE, old.start - BASE + n);
          old.live = false;
        }
        return fresh;
      },
      free: (p: Pointer): void => {
        const o = this.objects.find((x) => x.start === p.address);
        if (!o || !o.live) this.errors.push({ kind: o ? 'double-free' : 'invalid-free', message: 'Invalid free()', address: p.address });
        else o.live = false;
      },
    };
    const machine = this;
    const call: NativeCall = {
      name,
      programName: this.programName,
      int: (n) => Number(BigInt.asIntN(32, slot(n).bits)),
      uint: (n) => Number(BigInt.asUintN(32, slot(n).bits)),
      long: (n) => BigInt.asIntN(64, slot(n).bits),
      ulong: (n) => slot(n).bits,
      size: (n) => Number(slot(n).bits),
      double: (n) => slotDouble(slot(n)),
      float: (n) => new DataView(new BigUint64Array([slot(n).bits]).buffer).getFloat32(0, true),
      pointer: (n) => ({ address: Number(slot(n).bits), object: slot(n).object }),
      varargs: (n) => this.slotReader(slots, n),
      vaList: (list) => this.slotReader(this.vaLists.get(list.address) ?? [], 0),
      read: (p, offset, length) => {
        const at = this.check(p, offset, length, false);
        return this.memory.slice(at, at + length);
      },
      write: (p, offset, bytes) => {
        const at = this.check(p, offset, bytes.length, true);
        this.memory.set(bytes, at);
        this.defined.fill(1, at, at + bytes.length);
      },
      fill: (p, offset, length, byte) => {
        const at = this.check(p, offset, length, true);
        this.memory.fill(byte, at, at + length);
        this.defined.fill(1, at, at + length);
      },
      move: (dst, src, length) => {
        const from = this.check(src, 0, length, false);
        const to = this.check(dst, 0, length, true);
        this.memory.copyWithin(to, from, from + length);
        this.defined.copyWithin(to, from, from + length);
      },
      cstring: (p, limit) => {
        const out: number[] = [];
        for (let i = 0; limit === undefined || i < limit; i++) {
          const at = this.check(p, i, 1, false);
          if (!this.defined[at]) this.undefinedUse(`byte ${i} of a string read by ${name}`, p.address + i);
          const b = this.memory[at]!;
          if (b === 0) break;
          out.push(b);
        }
        return Uint8Array.from(out);
      },
      requireDefined: (p, offset, length, what) => {
        const at = p.address + offset - BASE;
        for (let k = 0; k < length; k++) {
          if (!this.defined[at + k]) {
            this.undefinedUse(what, p.address + offset + k);
            return;
          }
        }
      },
      argDefined: (n, what) => {
        if (slot(n).defined) return true;
        this.undefinedUse(what);
        return false;
      },
      derive: (from, address) => ({ address, object: from.object }),
      report: (kind, message, _details, _explanation, address) => {
        this.errors.push({ kind, message, address });
      },
      raise: (signal, explanation) => {
        throw new FakeSignal(signal, explanation);
      },
      exit: (status) => {
        throw new FakeExit(status);
      },
      io: {
        write: (fd, bytes) => (fd === 1 ? machine.stdout : machine.stderr).push(...bytes),
        readByte: () => machine.stdin.shift() ?? -1,
        unreadByte: (byte) => {
          machine.stdin.unshift(byte);
        },
      },
      heap,
      state: <T>(key: string, init: () => T): T => {
        if (!this.libraryState.has(key)) this.libraryState.set(key, init());
        return this.libraryState.get(key) as T;
      },
    };
    return call;
  }
}

function slotDouble(s: Slot): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, s.bits, true);
  return view.getFloat64(0, true);
}
