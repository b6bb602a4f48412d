// Arguments for the formatters given as a plain list of typed values, for tests without a machine.
// Each accessor checks that the next value has the kind the conversion asks for, so a formatter that
// reads the wrong type (an int where glibc reads a long) fails loudly instead of printing by luck.

import type { Pointer } from '../../../src/engine/libc/native';
import type { PrintfArgs } from '../../../src/engine/libc/printf';

export type ArgValue =
  | { kind: 'int'; value: number }
  | { kind: 'long'; value: bigint }
  | { kind: 'double'; value: number }
  | { kind: 'string'; value: string | null }
  | { kind: 'pointer'; value: number };

export class ListArgs implements PrintfArgs {
  private next = 0;
  readonly counts: { address: number; size: number; count: number }[] = [];
  private readonly strings = new Map<number, Uint8Array>();

  constructor(private readonly values: readonly ArgValue[]) {
    values.forEach((v, i) => {
      if (v.kind === 'string' && v.value !== null) this.strings.set(0x1000 * (i + 1), new TextEncoder().encode(v.value));
    });
  }

  private take<K extends ArgValue['kind']>(kind: K): Extract<ArgValue, { kind: K }> {
    const v = this.values[this.next];
    if (!v) throw new Error(`argument ${this.next} is missing`);
    if (v.kind !== kind && !(kind === 'pointer' && v.kind === 'string')) throw new Error(`argument ${this.next} is ${v.kind}, read as ${kind}`);
    this.next++;
    return v as Extract<ArgValue, { kind: K }>;
  }

  get used(): number {
    return this.next;
  }

  int(): number {
    return this.take('int').value | 0;
  }
  uint(): number {
    return this.take('int').value >>> 0;
  }
  long(): bigint {
    return BigInt.asIntN(64, this.take('long').value);
  }
  ulong(): bigint {
    return BigInt.asUintN(64, this.take('long').value);
  }
  double(): number {
    return this.take('double').value;
  }
  pointer(): Pointer {
    const index = this.next;
    const v = this.take('pointer') as ArgValue;
    if (v.kind === 'string') return { address: v.value === null ? 0 : 0x1000 * (index + 1), object: 0 };
    return { address: (v as { value: number }).value, object: 0 };
  }
  string(p: Pointer, limit: number | undefined): Uint8Array {
    const s = this.strings.get(p.address);
    if (!s) throw new Error(`no string at ${p.address}`);
    return limit === undefined ? s : s.subarray(0, limit);
  }
  storeCount(p: Pointer, size: 1 | 2 | 4 | 8, count: number): void {
    this.counts.push({ address: p.address, size, count });
  }
}
