// The Variables view of a stop: scopes (Locals, Arguments, Globals, Registers, Heap) and the variables
// in them, as DAP values with their C types, addresses and verdicts.
//
// How it works. Every expandable thing shown gets a handle (a variablesReference) that is valid until the
// program runs again: a scope of a frame, a value (type + place in memory or loose bytes), or the heap.
// A variable's text is the engine's formatting (values.ts); a pointer that is not simply valid carries its
// verdict in words ("0x4052a0 (dangling: points into a 24-byte block freed at line 31)"), a value with
// uninitialised bytes says so. `memoryReference` is the variable's own address (a pointer's: the address
// it holds, as the protocol suggests), so the binary view opens there. `evaluateName` is the C expression
// that names the variable, which watches, "set value" and data breakpoints reuse.
//
// Every handle belongs to a process: after fork each process is a thread with its own frames, and a
// frame of a process off the CPU is read through that process's own page tables (ProcessMemory's quiet
// reads: nothing faults in, no counter moves), so the parent and the child show their own values at the
// same addresses. The memory reference of such a value names its process (protocol-values.ts).

import { Handles } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { Machine } from '../engine/machine/machine';
import type { FrameInfo } from '../engine/machine/frames';
import type { Process } from '../engine/machine/process';
import { pointerVerdict } from '../engine/check/verdict';
import { programTypes } from '../engine/snapshot/program-types';
import { ProcessMemory } from '../engine/snapshot/memory';
import { atAddress, formatValue, hexText, partCount, partsOf, pointerAddress, readScalar, type Place, type ValueContext } from '../engine/snapshot/values';
import { UCHAR, arrayOf, isReadOnly, typeName, type Type } from '../engine/lang/types';
import { userLine } from '../engine/check/verdict';
import type { PointerVerdict } from '../engine/snapshot/types';
import { memoryReference } from './protocol-values';

export type ScopeName = 'Locals' | 'Arguments' | 'Globals' | 'Registers' | 'Heap';

/** A frame of a stop: the process it belongs to and its index in that process's backtrace. */
export interface FrameAt {
  readonly process: Process;
  readonly frame: number;
}

type Container =
  | { readonly kind: 'scope'; readonly scope: ScopeName; readonly at: FrameAt }
  | { readonly kind: 'value'; readonly type: Type; readonly place: Place; readonly at: FrameAt; readonly evaluateName?: string };

/** Arrays longer than this are paged by VS Code (indexedVariables). */
const PAGED = 100;
/** Bytes of a heap block shown when it is expanded. */
const HEAP_BYTES = 4096;

export interface Shown {
  readonly value: string;
  readonly type: string;
  readonly variablesReference: number;
  readonly indexedVariables?: number;
  readonly memoryReference?: string;
  readonly verdict?: PointerVerdict;
}

export class VariableStore {
  private handles = new Handles<Container>();

  constructor(
    private readonly machine: Machine,
    /** The backtrace of a process at the stop (frame numbers are indices into it). */
    private readonly frames: (process: Process) => readonly FrameInfo[],
  ) {}

  /** Drops every handle: the program is about to run. */
  reset(): void {
    this.handles.reset();
  }

  private ctx(process: Process): ValueContext {
    return { memory: new ProcessMemory(process, this.machine.memory, this.machine.shadow), program: this.machine.program };
  }

  private frameInfo(at: FrameAt): FrameInfo | undefined {
    return this.frames(at.process)[at.frame];
  }

  scopes(at: FrameAt): DebugProtocol.Scope[] {
    const info = this.frameInfo(at);
    const fn = info ? this.machine.program.functions[info.functionIndex] : undefined;
    const own = fn && fn.origin !== 'native';
    const scope = (name: ScopeName, hint: DebugProtocol.Scope['presentationHint'], expensive = false): DebugProtocol.Scope => ({
      name,
      variablesReference: this.handles.create({ kind: 'scope', scope: name, at }),
      expensive,
      ...(hint ? { presentationHint: hint } : {}),
    });
    return [
      ...(own ? [scope('Locals', 'locals'), scope('Arguments', 'arguments')] : []),
      scope('Globals', undefined),
      scope('Registers', 'registers'),
      scope('Heap', undefined, true),
    ];
  }

  /** The variables of a handle; arrays may be asked for a page (`start`, `count`). */
  variables(reference: number, options: { start?: number; count?: number; hex?: boolean } = {}): DebugProtocol.Variable[] | undefined {
    const c = this.handles.get(reference);
    if (!c) return undefined;
    if (c.kind === 'value') {
      return partsOf(this.ctx(c.at.process), c.type, c.place, options.start ?? 0, options.count || Infinity).map((part) =>
        this.variable(part.name, part.type, part.place, c.at, c.evaluateName === undefined ? undefined : childName(c.evaluateName, part.access), options.hex),
      );
    }
    switch (c.scope) {
      case 'Locals':
      case 'Arguments':
        return this.frameVariables(c.at, c.scope === 'Arguments' ? 'param' : 'local', options.hex);
      case 'Globals':
        return this.globals(c.at, options.hex);
      case 'Registers':
        return this.registers(c.at.process);
      case 'Heap':
        return this.heap(c.at.process);
      default: {
        const never: never = c.scope;
        return never;
      }
    }
  }

  /** The C expression naming variable `name` of a handle (for setVariable and data breakpoints). */
  evaluateName(reference: number, name: string): { expression: string; at: FrameAt } | undefined {
    const c = this.handles.get(reference);
    if (!c) return undefined;
    if (c.kind === 'scope') return c.scope === 'Locals' || c.scope === 'Arguments' || c.scope === 'Globals' ? { expression: name, at: c.at } : undefined;
    if (c.evaluateName === undefined) return undefined;
    const part = partsOf(this.ctx(c.at.process), c.type, c.place).find((p) => p.name === name);
    return part ? { expression: childName(c.evaluateName, part.access), at: c.at } : undefined;
  }

  /** A value as the variables view, hovers and watches show it (with a handle when it expands). */
  show(type: Type, place: Place, at: FrameAt, evaluateName: string | undefined, options: { hex?: boolean; tag?: number } = {}): Shown {
    const ctx = this.ctx(at.process);
    const shown = formatValue(ctx, type, place, { hex: options.hex });
    const verdict = type.kind === 'pointer' ? this.verdict(ctx, at.process, type, place, options.tag) : undefined;
    let value = shown.text;
    if (verdict && verdict.kind !== 'valid' && verdict.kind !== 'null') {
      // What a bad pointer's target holds means nothing (a freed block, a dead frame): only its address is shown.
      value = `${hexText(verdict.address)} (${verdict.kind === 'uninitialized' ? 'uninitialized' : verdict.explanation})`;
    } else if (!shown.defined) value += ' (uninitialized)';
    // A pointer into a freed block or a dead frame, or to nowhere, does not expand: what it would show
    // there is not the program's data (a freed block's leftovers read as "uninitialized").
    const bad = verdict !== undefined && verdict.kind !== 'valid' && verdict.kind !== 'null';
    const parts = bad ? 0 : partCount(ctx, type, place);
    const target = type.kind === 'pointer' ? readScalar(ctx, type, place) : undefined;
    const targetAddress = target ? pointerAddress(target.scalar) : undefined;
    const memory = type.kind === 'pointer' ? targetAddress : place.kind === 'memory' ? place.address : undefined;
    return {
      value,
      type: typeName(type),
      variablesReference: parts > 0 ? this.handles.create({ kind: 'value', type, place, at, evaluateName }) : 0,
      ...(type.kind === 'array' && parts > PAGED ? { indexedVariables: parts } : {}),
      ...(memory !== undefined && memory !== 0 ? { memoryReference: this.reference(memory, at.process) } : {}),
      ...(verdict ? { verdict } : {}),
    };
  }

  /** A memory reference in `process` (one off the CPU says which it is). */
  private reference(address: number, process: Process): string {
    return memoryReference(address, process === this.machine.current ? undefined : process.pid);
  }

  private verdict(ctx: ValueContext, process: Process, type: Type, place: Place, tag?: number): PointerVerdict | undefined {
    const read = readScalar(ctx, type, place);
    if (!read) return undefined;
    const address = pointerAddress(read.scalar);
    if (address === undefined) return { kind: 'wild', address: Number(read.scalar.value), explanation: 'wild: not an address a program can use' };
    const slotTag = tag ?? (place.kind === 'memory' ? ctx.memory.tag(place.address) : 0);
    return pointerVerdict(this.machine, address, slotTag, { defined: read.defined, process });
  }

  private variable(name: string, type: Type, place: Place, at: FrameAt, evaluateName: string | undefined, hex?: boolean): DebugProtocol.Variable {
    const s = this.show(type, place, at, evaluateName, { hex });
    return {
      name,
      value: s.value,
      type: s.type,
      variablesReference: s.variablesReference,
      ...(s.indexedVariables !== undefined ? { indexedVariables: s.indexedVariables } : {}),
      ...(s.memoryReference ? { memoryReference: s.memoryReference } : {}),
      ...(evaluateName !== undefined ? { evaluateName } : {}),
      presentationHint: { kind: 'data', ...(isReadOnly(type) ? { attributes: ['readOnly'] } : {}) },
    };
  }

  private frameVariables(at: FrameAt, kind: 'param' | 'local', hex?: boolean): DebugProtocol.Variable[] {
    const info = this.frameInfo(at);
    const fn = info ? this.machine.program.functions[info.functionIndex] : undefined;
    if (!info || !fn) return [];
    const types = programTypes(this.machine.program);
    // Before ENTER the frame pointer is not set yet: it will be sp - 8 (docs/abi.md).
    const fp = info.fp ?? info.sp - 8;
    const pc = info.site.pc;
    return fn.variables
      .filter((v) => v.kind === kind && (kind === 'param' || (pc >= v.scopeStart && pc < v.scopeEnd)))
      .map((v) => this.variable(v.name, types.type(v.type), atAddress(fp + v.fpOffset), at, v.name, hex));
  }

  private globals(at: FrameAt, hex?: boolean): DebugProtocol.Variable[] {
    const program = this.machine.program;
    const info = this.frameInfo(at);
    const fn = info ? program.functions[info.functionIndex] : undefined;
    const types = programTypes(program);
    return program.objects
      .filter((o) => (o.kind === 'global' && !(program.files[o.file] ?? '').startsWith('<')) || (o.kind === 'static-local' && o.function === fn?.name))
      .map((o) => this.variable(o.kind === 'static-local' ? `${o.name} (static)` : o.name, types.type(o.type), atAddress(o.address), at, o.name, hex));
  }

  /** A process's registers: the CPU's for the running one, those saved at its last switch for another. */
  private registers(process: Process): DebugProtocol.Variable[] {
    const S = process.state;
    const r = { pc: this.machine.text.address[S.pc] ?? 0, sp: S.sp, fp: S.fp, brk: process.space.brk };
    const register = (name: string, value: number, meaning: string): DebugProtocol.Variable => ({
      name,
      value: hexText(value),
      type: meaning,
      variablesReference: 0,
      memoryReference: this.reference(value, process),
      presentationHint: { kind: 'property', attributes: ['readOnly'] },
    });
    return [
      register('pc', r.pc, 'address of the next instruction'),
      register('sp', r.sp, 'stack pointer'),
      register('fp', r.fp, 'frame pointer'),
      register('brk', r.brk, 'program break (end of the heap)'),
      { name: 'depth', value: String(S.depth), type: 'call depth (0 = _start)', variablesReference: 0, presentationHint: { kind: 'property', attributes: ['readOnly'] } },
    ];
  }

  /** Every live heap block: its payload as bytes, with its size, allocation site and leak state. */
  private heap(proc: Process): DebugProtocol.Variable[] {
    const blocks = proc.heap.liveBlocks();
    if (blocks.length === 0) return [];
    const leaks = this.machine.leakCheck(proc);
    return blocks.map(({ block, object }) => {
      const info = proc.objects.infoOf(object);
      const line = info?.kind === 'heap' ? userLine(this.machine, info.allocStack) : 0;
      const leak = leaks.blocks.get(block.address);
      const lost = leak === 'definite' || leak === 'indirect' ? ' — leaked: nothing reachable points to it' : '';
      const type = arrayOf(UCHAR, Math.max(1, Math.min(block.requested, HEAP_BYTES)));
      const s = this.show(type, atAddress(block.address), { process: proc, frame: 0 }, undefined, { hex: true });
      return {
        name: `#${block.id} ${hexText(block.address)}`,
        value: `${block.requested} bytes${line ? `, allocated at line ${line}` : ''}${block.mmapped ? ' (mmap)' : ''}${lost}`,
        type: `unsigned char[${block.requested}]`,
        variablesReference: s.variablesReference,
        ...(s.indexedVariables !== undefined ? { indexedVariables: s.indexedVariables } : {}),
        memoryReference: this.reference(block.address, proc),
        presentationHint: { kind: 'data' },
      };
    });
  }
}

/** The C expression of a part of the value named `parent`. */
function childName(parent: string, access: { kind: 'member' | 'index' | 'arrow' | 'deref'; text: string }): string {
  const simple = /^[A-Za-z_][\w]*(?:(?:\.|->)[A-Za-z_]\w*|\[\d+\])*$/.test(parent);
  const base = simple ? parent : `(${parent})`;
  return access.kind === 'deref' ? `*${base}` : `${base}${access.text}`;
}
