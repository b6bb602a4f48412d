// Small translations between the protocol's values and memscope's: memory references (addresses as
// "0x…" text; "0x…@pid2" for memory of a process that is not on the CPU), the stopped event of each kind of stop, and the text of memscope's library sources for
// frames inside them.

import { StoppedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { HEADERS, LIBC_SOURCES } from '../engine/libc/index';
import { hexText } from '../engine/snapshot/values';
import type { StopReason } from './debuggee';

/** A memory reference or address: hex with 0x, or decimal. */
export function parseAddress(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t.slice(2), 16) : /^\d+$/.test(t) ? Number(t) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * The memory reference of `address`: plain hex for the process on the CPU, with "@pid<n>" for another
 * one, so that the memory views opened from a variable of a process off the CPU read that process.
 */
export function memoryReference(address: number, pid?: number): string {
  return pid === undefined ? hexText(address) : `${hexText(address)}@pid${pid}`;
}

/** An address and the process it is in (none said: the one on the CPU), from a memory reference. */
export function parseMemoryReference(text: unknown): { address: number; pid?: number } | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(.*)@pid(\d+)$/.exec(text.trim());
  const address = parseAddress(m ? m[1] : text);
  if (address === undefined) return undefined;
  return m ? { address, pid: Number(m[2]) } : { address };
}

/** The text of memscope's own headers and C library sources ('<builtin>/stdio.h', '<libc>/stdio.c'). */
export function librarySource(name: string): string | undefined {
  if (name.startsWith('<builtin>/')) return HEADERS.get(name.slice('<builtin>/'.length));
  return LIBC_SOURCES.find((s) => s.path === name || `<libc>/${s.path}` === name)?.text;
}

/** The protocol's stopped event for a stop: its reason, the text VS Code shows, the breakpoints hit. */
export function stoppedEvent(reason: StopReason, threadId: number): DebugProtocol.StoppedEvent {
  const event = new StoppedEvent(reasonWord(reason), threadId) as DebugProtocol.StoppedEvent;
  const body = event.body;
  body.allThreadsStopped = true;
  switch (reason.kind) {
    case 'entry':
    case 'step':
    case 'pause':
      break;
    case 'breakpoint':
      body.hitBreakpointIds = reason.ids;
      break;
    case 'exception':
      body.text = reason.error.explanation;
      body.description = `Paused on ${reason.filter.label.toLowerCase()}: ${reason.error.kind}`;
      break;
    case 'data': {
      const h = reason.hit;
      body.text = h.access === 'read' ? `${h.watch.label} was read` : `${h.watch.label} was written: ${bytesText(h.before)} → ${bytesText(h.after)}`;
      body.hitBreakpointIds = reason.ids;
      break;
    }
    default: {
      const never: never = reason;
      return never;
    }
  }
  return event;
}

function reasonWord(reason: StopReason): string {
  switch (reason.kind) {
    case 'breakpoint':
      return reason.breakpointKind === 'line' ? 'breakpoint' : `${reason.breakpointKind} breakpoint`;
    case 'data':
      return 'data breakpoint';
    default:
      return reason.kind;
  }
}

function bytesText(bytes: Uint8Array): string {
  return Array.from(bytes.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join(' ') + (bytes.length > 16 ? ' …' : '');
}
