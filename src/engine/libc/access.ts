// Small readers and writers of C values over a NativeCall, shared by the natives. Every access goes
// through the call's checked memory operations, so a bad pointer given to a library function is
// reported as an access made by that function, exactly like one made by the program.

import type { NativeCall, Pointer } from './native';

/** The null pointer as natives return it. */
export const NULL_POINTER: Pointer = { address: 0, object: 0 };

export function isNull(p: Pointer): boolean {
  return p.address === 0;
}

/** A pointer `offset` bytes further into the same object (strchr's result, strtol's end pointer …). */
export function offsetPointer(call: NativeCall, p: Pointer, offset: number): Pointer {
  return call.derive(p, p.address + offset);
}

/** One byte at p + offset, as unsigned char. */
export function readByte(call: NativeCall, p: Pointer, offset: number): number {
  return call.read(p, offset, 1)[0]!;
}

/** A little-endian integer of `size` bytes at p, sign-extended when `signed`. */
export function readInteger(call: NativeCall, p: Pointer, offset: number, size: 1 | 2 | 4 | 8, signed: boolean): bigint {
  const bytes = call.read(p, offset, size);
  let value = 0n;
  for (let k = size - 1; k >= 0; k--) value = (value << 8n) | BigInt(bytes[k]!);
  return signed ? BigInt.asIntN(size * 8, value) : value;
}

/** Stores the low `size` bytes of `value` at p, little-endian. */
export function writeInteger(call: NativeCall, p: Pointer, offset: number, size: 1 | 2 | 4 | 8, value: bigint | number): void {
  let v = BigInt.asUintN(size * 8, BigInt(value));
  const bytes = new Uint8Array(size);
  for (let k = 0; k < size; k++) {
    bytes[k] = Number(v & 0xffn);
    v >>= 8n;
  }
  call.write(p, offset, bytes);
}

/** Stores a pointer value (8 bytes) at p, e.g. strtol's *endptr. */
export function writePointer(call: NativeCall, p: Pointer, value: Pointer): void {
  writeInteger(call, p, 0, 8, value.address);
}

export function writeDouble(call: NativeCall, p: Pointer, size: 4 | 8, value: number): void {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  if (size === 4) view.setFloat32(0, value, true);
  else view.setFloat64(0, value, true);
  call.write(p, 0, bytes);
}

/** The bytes followed by a terminating NUL, ready to be written as a C string. */
export function withNul(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) out[k] = text.charCodeAt(k) & 0xff;
  return out;
}

/** Address in valgrind's style, e.g. 0x1ffefffa50. */
export function hex(address: number): string {
  return '0x' + address.toString(16);
}
