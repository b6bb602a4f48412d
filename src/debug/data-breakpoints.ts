// Data breakpoints as the protocol names them: a `dataId` for what can be watched (a variable, any
// lvalue expression, or an address range) and the watchpoints a list of dataIds asks for.
//
// How it works. A dataId carries everything needed to watch again later, "address:size:label", so it
// stays valid after the stop that made it (the protocol lets breakpoints outlive their dataId's stop).
// The label is what the stop says: "total (int, 4 bytes)". Only objects in memory can be watched: an
// expression without an address (`a + 1`) has no dataId, and says why.

import type { Machine } from '../engine/machine/machine';
import type { FrameInfo } from '../engine/machine/frames';
import type { Process } from '../engine/machine/process';
import { evaluate } from '../engine/debug/evaluate';
import type { Watchpoint, WatchAccess } from '../engine/debug/watch';
import { sizeOf, typeName } from '../engine/lang/types';

export type DataInfo = { readonly dataId: string; readonly description: string } | { readonly dataId: null; readonly description: string };

/** The dataId of an lvalue expression evaluated in `frame`. */
export function expressionData(machine: Machine, expression: string, frame: FrameInfo | undefined, bytes?: number, process?: Process): DataInfo {
  const result = evaluate(machine, expression, { frame, process });
  if (!result.ok) return { dataId: null, description: result.message };
  const address = result.value.address;
  const size = bytes ?? sizeOf(result.value.type);
  if (address === undefined || !(size > 0)) return { dataId: null, description: `${expression} has no address: only objects in memory can be watched` };
  const label = `${expression} (${typeName(result.value.type)}, ${size} bytes)`;
  return { dataId: `${address}:${size}:${label}`, description: label };
}

/** The dataId of an address range typed by the user. */
export function addressData(text: string, address: number | undefined, bytes = 1): DataInfo {
  if (address === undefined || !(bytes > 0)) return { dataId: null, description: `${text} is not an address` };
  const label = `${text} (${bytes} bytes)`;
  return { dataId: `${address}:${bytes}:${label}`, description: label };
}

/** The watchpoint a dataId stands for, or undefined for one memscope did not make. */
export function watchpointOf(dataId: unknown, id: number, access: WatchAccess | undefined): Watchpoint | undefined {
  const m = /^(\d+):(\d+):(.*)$/s.exec(String(dataId));
  if (!m) return undefined;
  return { id, address: Number(m[1]), size: Number(m[2]), label: m[3]!, access: access ?? 'write' };
}
