// What every part of `takeSnapshot` reads for one process: its memory, the program's types as compiler
// types, one leak check of this moment, and the one way values and pointer verdicts are made, so a
// slot, a global and a heap word holding the same pointer are described alike.

import type { Machine, LeakSummary } from '../machine/machine';
import type { Process } from '../machine/process';
import type { Type } from '../lang/types';
import { typeName } from '../lang/types';
import { pointerVerdict } from '../check/verdict';
import { BYTE_DEFINED, ProcessMemory } from './memory';
import { programTypes, type ProgramTypes } from './program-types';
import { formatValue, atAddress, type ValueContext } from './values';
import type { PointerVerdict, SourceSite, Value } from './types';

export interface ProcessContext extends ValueContext {
  readonly machine: Machine;
  readonly process: Process;
  readonly types: ProgramTypes;
  /** The leak check of this moment (computed on first use: a view without heap pointers never needs it). */
  leaks(): LeakSummary;
  /** Index of a file path in Program.files (0 when unknown). */
  fileIndex(path: string): number;
  /** The innermost frame of a recorded call stack in the program's own code (interned stacks share it). */
  userSite(stack: readonly number[] | undefined): { site: SourceSite; function: string } | undefined;
}

export function processContext(machine: Machine, process: Process): ProcessContext {
  let leaks: LeakSummary | undefined;
  const files = new Map(machine.program.files.map((f, i) => [f, i]));
  // Stacks are interned (check/objects.ts): blocks allocated at one place share one array.
  const sites = new Map<readonly number[], { site: SourceSite; function: string } | undefined>();
  const fileIndex = (path: string) => files.get(path) ?? 0;
  const userSite = (stack: readonly number[] | undefined) => {
    if (!stack) return undefined;
    if (sites.has(stack)) return sites.get(stack);
    let found: { site: SourceSite; function: string } | undefined;
    for (const k of stack) {
      const fn = machine.symbols.fn(k);
      if (fn?.origin !== 'user') continue;
      const e = machine.symbols.entry(k);
      found = { site: site(fileIndex(e.file), e.line, e.column), function: fn.name };
      break;
    }
    sites.set(stack, found);
    return found;
  };
  return {
    machine,
    process,
    program: machine.program,
    memory: new ProcessMemory(process, machine.memory, machine.shadow),
    types: programTypes(machine.program),
    leaks: () => (leaks ??= machine.leakCheck(process)),
    fileIndex,
    userSite,
  };
}

/**
 * The verdict of the pointer stored at `address` (its tag and definedness read from there). The eight
 * bytes are decoded as two 32-bit halves, not through BigInt: a snapshot reads tens of thousands of
 * pointers (every frame slot, global and tagged heap word), and this is most of its time.
 */
export function verdictAt(ctx: ProcessContext, type: Type, address: number): PointerVerdict | undefined {
  if (type.kind !== 'pointer') return undefined;
  const { bytes, state } = ctx.memory.read(address, 8);
  if (bytes.length < 8) return undefined;
  const lo = (bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0;
  const hi = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24)) >>> 0;
  if (hi > 0x1fffff) {
    // Beyond 2^53: no user address, and not exact as a number.
    const value = (BigInt(hi) << 32n) | BigInt(lo);
    return { kind: 'wild', address: Number(value), explanation: `wild: ${value.toString(16)} is not an address a program can use` };
  }
  const value = hi * 0x1_0000_0000 + lo;
  let defined = true;
  for (let i = 0; i < 8; i++) if (state[i] !== BYTE_DEFINED) defined = false;
  return pointerVerdict(ctx.machine, value, ctx.memory.tag(address), { process: ctx.process, defined, leaks: value === 0 || !defined ? undefined : ctx.leaks() });
}

/** A value in memory as the snapshot carries it: type, text, definedness and, for pointers, the verdict. */
export function valueAt(ctx: ProcessContext, type: Type, address: number, spelled?: string): Value {
  const shown = formatValue(ctx, type, atAddress(address));
  const pointer = type.kind === 'pointer' ? verdictAt(ctx, type, address) : undefined;
  return { type: spelled ?? typeName(type), text: shown.text, defined: shown.defined, ...(pointer ? { pointer } : {}) };
}

export function site(file: number, line: number, column: number): SourceSite {
  return { file, line, column };
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** Bytes as lowercase hex, lowest address first. */
export function hexBytes(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]!];
  return s;
}
