// The initial bytes of static objects (globals, static locals, file-scope compound literals, string
// literals) and the relocations inside them.
//
// How it works. A static object's initializer was flattened by the parser into items at byte offsets;
// each item is evaluated at compile time (check-const.ts evalStatic) and written little-endian into the
// object's image. An item that is an address (`int *p = &x;`, `char *s = "hi";`, a function pointer)
// cannot be written yet: it becomes a relocation, and the linker writes the 8-byte address once every
// object and function has one. An object whose image is all zeros and has no relocation goes to bss,
// as gcc puts `int x = 0;` there.

import type { StringLiteral, Variable } from '../lang/ast';
import { evalStatic, type StaticTarget } from '../lang/check-const';
import { INT_SIZE, sizeOf, type Type } from '../lang/types';

export interface Relocation {
  /** Byte offset inside the object where the 8-byte address goes. */
  readonly offset: number;
  readonly target: StaticTarget;
  readonly addend: number;
}

export interface StaticImage {
  readonly bytes: Uint8Array;
  readonly relocations: readonly Relocation[];
  /** True if every byte is zero and nothing is relocated (the object belongs in bss). */
  readonly zero: boolean;
}

/** Builds the image of a global or static local from its initializer. */
export function staticImage(v: Variable): StaticImage {
  const bytes = new Uint8Array(Math.max(0, sizeOf(v.type)));
  const relocations: Relocation[] = [];
  const view = new DataView(bytes.buffer);
  for (const item of v.init?.items ?? []) {
    if (item.kind === 'bytes') {
      bytes.set(item.literal.bytes.subarray(0, item.count), item.offset);
      continue;
    }
    const value = evalStatic(item.expr);
    if (!value) continue; // reported by the parser
    switch (value.kind) {
      case 'int': writeInt(view, item.offset, item.type, value.value); break;
      case 'float':
        if (item.type.kind === 'float' && item.type.size === 4) view.setFloat32(item.offset, value.value, true);
        else view.setFloat64(item.offset, value.value, true);
        break;
      case 'address':
        relocations.push({ offset: item.offset, target: value.target, addend: value.offset });
        break;
      default: {
        const never: never = value;
        return never;
      }
    }
  }
  return { bytes, relocations, zero: relocations.length === 0 && bytes.every((b) => b === 0) };
}

function writeInt(view: DataView, offset: number, t: Type, value: bigint): void {
  const size = t.kind === 'int' ? INT_SIZE[t.rank] : t.kind === 'enum' ? 4 : 8;
  switch (size) {
    case 1: view.setUint8(offset, Number(BigInt.asUintN(8, value))); break;
    case 2: view.setUint16(offset, Number(BigInt.asUintN(16, value)), true); break;
    case 4: view.setUint32(offset, Number(BigInt.asUintN(32, value)), true); break;
    default: view.setBigUint64(offset, BigInt.asUintN(64, value), true);
  }
}

/** The image of a string literal: its bytes, NUL included. */
export function stringImage(s: StringLiteral): StaticImage {
  return { bytes: s.bytes, relocations: [], zero: false };
}

/** A short C spelling of a string literal for the views ("hello\n"), cut at 40 characters. */
export function stringName(s: StringLiteral): string {
  let out = '';
  for (const b of s.bytes.subarray(0, -1)) {
    if (out.length > 40) {
      out += '…';
      break;
    }
    if (b === 0x0a) out += '\\n';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `"${out}"`;
}
