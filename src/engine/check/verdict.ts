// Pointer verdicts: what a pointer value points to, in one word and one plain sentence, for hovers,
// the variables view and the arrows of the memory map.
//
// How it works. The object a pointer belongs to is its provenance tag when memcheck knows one (the
// object the pointer was derived from, kept beside the slot it is stored in), because only provenance
// tells a pointer that walked off the end of `a` from one into its neighbour `b`. Without a tag the
// object is the one containing the address: a heap block (live ones first, then the newest freed one
// there), a global or string literal, an argv string, a variable of a live frame, or code. Then:
//   - a freed heap block                         → dangling-heap ("freed at line 31")
//   - a local of a frame that returned            → dangling-stack ("the frame of make_node(), which returned")
//   - outside the object's bytes                  → out-of-bounds (by how many bytes, before or after);
//                                                   one past the end is valid: C allows it for comparisons
//   - a live heap block the leak check finds unreachable → leaked-target (with the line that lost its
//                                                   last pointer, when memscope saw that moment)
//   - otherwise                                   → valid (object, offset)
// Addresses in no object are wild; the sentence says where they land (unmapped, below sp, a heap gap).
// Undefined pointer bytes make the verdict 'uninitialized' whatever the bits happen to point to.

import type { Machine, LeakSummary } from '../machine/machine';
import type { Process } from '../machine/process';
import type { PointerVerdict } from '../snapshot/types';
import { DEAD, FREED, KIND_ARGV, KIND_HEAP, KIND_LOCAL, KIND_STATIC } from './objects';
import { hex } from './describe';

export interface VerdictOptions {
  /** The process the pointer belongs to (default: the one running). */
  readonly process?: Process;
  /** False when some byte of the pointer itself is uninitialised. */
  readonly defined?: boolean;
  /** A leak check of this moment (computed on demand when a verdict needs one). */
  readonly leaks?: LeakSummary;
}

type Target = NonNullable<PointerVerdict['target']>;

export function pointerVerdict(machine: Machine, value: number, provenanceTag = 0, options: VerdictOptions = {}): PointerVerdict {
  const address = value;
  if (options.defined === false) {
    return { kind: 'uninitialized', address, explanation: `uninitialized: this pointer was never given a value; its bytes are leftovers (${hex(address)})` };
  }
  if (address === 0) return { kind: 'null', address, explanation: 'null: points to nothing' };
  const proc = options.process ?? machine.current;
  const objects = proc.objects;
  const id = provenanceTag > 0 && provenanceTag < objects.count ? provenanceTag : objectContaining(machine, proc, address);
  if (id > 0) return objectVerdict(machine, proc, id, address, options);
  return (
    liveLocalVerdict(machine, proc, address) ??
    codeVerdict(machine, address) ??
    wildVerdict(proc, address)
  );
}

/** The object of the object table whose bytes contain `address` (0 if none). */
function objectContaining(machine: Machine, proc: Process, address: number): number {
  const heap = proc.heap.objectAt(address);
  if (heap > 0) return heap;
  const statics = machine.program.objects;
  for (let i = 0; i < statics.length; i++) {
    const o = statics[i]!;
    if (address >= o.address && address < o.address + Math.max(1, o.size)) return i + 1;
  }
  const objects = proc.objects;
  // argv's strings and vector follow the statics in the table (check/objects.ts).
  for (let id = statics.length + 1; id < objects.count && objects.kind[id] === KIND_ARGV; id++) {
    if (address >= objects.start[id]! && address < objects.end[id]!) return id;
  }
  return 0;
}

function objectVerdict(machine: Machine, proc: Process, id: number, address: number, options: VerdictOptions): PointerVerdict {
  const objects = proc.objects;
  const start = objects.start[id]!;
  const size = objects.size(id);
  const offset = address - start;
  const kind = objects.kind[id];
  const state = objects.state[id];
  const info = objects.infoOf(id);

  if (kind === KIND_HEAP && info?.kind === 'heap') {
    const blockId = info.block.id;
    const allocLine = userLine(machine, info.allocStack);
    const freeLine = userLine(machine, info.freeStack);
    const target: Target = { kind: 'heap', name: `block #${blockId}`, start, size, offset, blockId, ...(allocLine ? { allocLine } : {}), ...(freeLine ? { freeLine } : {}) };
    const block = `${size}-byte block`;
    if (state === FREED) {
      return { kind: 'dangling-heap', address, explanation: `dangling: points ${offsetWords(offset, size)}a ${block} freed${at(freeLine)}`, target };
    }
    const allocated = `${block} allocated${at(allocLine)}`;
    if (offset < 0 || offset > size) return outOfBounds(address, offset, size, `a ${allocated}`, target);
    const leaks = options.leaks ?? machine.leakCheck(proc);
    const leak = leaks.blocks.get(start);
    if (offset < size && (leak === 'definite' || leak === 'indirect')) {
      // The leak moment, when memscope saw it happen (check/lost.ts).
      const moment = proc.heap.losses.get(id);
      const lostLine = moment ? machine.symbols.entry(moment.site).line : 0;
      const when = lostLine ? ` (its last pointer was lost at line ${lostLine})` : '';
      return { kind: 'leaked-target', address, explanation: `leaked: nothing else points to this ${allocated}${when}`, target };
    }
    return { kind: 'valid', address, explanation: validText(offset, size, `a ${allocated} (block #${blockId})`), target };
  }

  if (kind === KIND_LOCAL && info?.kind === 'local') {
    const what = `${info.param ? 'parameter' : 'local variable'} '${info.name}'`;
    const target: Target = { kind: info.param ? 'param' : 'local', name: info.name, start, size, offset, function: info.function };
    if (state === DEAD) {
      return { kind: 'dangling-stack', address, explanation: `dangling: points into the frame of ${info.function}(), which returned (its ${what} no longer exists)`, target };
    }
    if (offset < 0 || offset > size) return outOfBounds(address, offset, size, `${what} of ${info.function}() (${size} bytes)`, target);
    return { kind: 'valid', address, explanation: validText(offset, size, `${what} of ${info.function}()`), target };
  }

  if (kind === KIND_STATIC && info?.kind === 'static') {
    const o = info.object;
    const targetKind = o.kind === 'compound-literal' ? 'global' : o.kind;
    const target: Target = { kind: targetKind, name: o.name, start, size, offset, ...(o.function ? { function: o.function } : {}) };
    const what =
      o.kind === 'string-literal' ? `the string literal ${o.name}`
        : o.kind === 'static-local' ? `static variable '${o.name}' of ${o.function ?? '?'}()`
          : o.kind === 'compound-literal' ? `a compound literal (${size} bytes)`
            : `global variable '${o.name}'`;
    if (offset < 0 || offset > size) return outOfBounds(address, offset, size, `${what} (${size} bytes)`, target);
    return { kind: 'valid', address, explanation: validText(offset, size, what), target };
  }

  const name = info?.kind === 'argv' ? info.name : `object #${id}`;
  const target: Target = { kind: 'global', name, start, size, offset };
  if (offset < 0 || offset > size) return outOfBounds(address, offset, size, `${name} (${size} bytes)`, target);
  return { kind: 'valid', address, explanation: validText(offset, size, name === 'argv' ? 'the argument vector argv' : `the argument string ${name}`), target };
}

function outOfBounds(address: number, offset: number, size: number, what: string, target: Target): PointerVerdict {
  const by = offset < 0 ? `${-offset} byte${offset === -1 ? '' : 's'} before the start of` : `${offset - size} byte${offset - size === 1 ? '' : 's'} past the end of`;
  return { kind: 'out-of-bounds', address, explanation: `out of bounds: ${by} ${what}`, target };
}

function validText(offset: number, size: number, what: string): string {
  if (offset === size && size > 0) return `points just past the end of ${what} (fine to compare, not to dereference)`;
  return offset === 0 ? `points to ${what}` : `points ${offset} byte${offset === 1 ? '' : 's'} into ${what}`;
}

function offsetWords(offset: number, size: number): string {
  if (offset > 0 && offset < size) return `${offset} bytes into `;
  return offset === 0 ? 'into ' : 'near ';
}

function at(line: number): string {
  return line ? ` at line ${line}` : '';
}

/** Line of the innermost frame of a recorded call stack that is in the program's own code (0 if none). */
export function userLine(machine: Machine, stack: readonly number[] | undefined): number {
  for (const k of stack ?? []) {
    if (machine.symbols.fn(k)?.origin === 'user') return machine.symbols.entry(k).line;
  }
  return 0;
}

/** A variable of a live frame of the running process containing `address` (no provenance known). */
function liveLocalVerdict(machine: Machine, proc: Process, address: number): PointerVerdict | undefined {
  for (const frame of machine.backtrace(Infinity, proc)) {
    const fn = machine.program.functions[frame.functionIndex];
    if (!fn || frame.fp === undefined) continue;
    for (const v of fn.variables) {
      const start = frame.fp + v.fpOffset;
      if (address < start || address >= start + v.size) continue;
      const offset = address - start;
      const what = `${v.kind === 'param' ? 'parameter' : 'local variable'} '${v.name}' of ${fn.name}()`;
      return { kind: 'valid', address, explanation: validText(offset, v.size, what), target: { kind: v.kind, name: v.name, start, size: v.size, offset, function: fn.name } };
    }
  }
  return undefined;
}

function codeVerdict(machine: Machine, address: number): PointerVerdict | undefined {
  const fn = machine.program.functions.find((f) => address >= f.address && address < f.address + Math.max(1, f.size));
  if (!fn) return undefined;
  const offset = address - fn.address;
  return {
    kind: 'valid',
    address,
    explanation: offset === 0 ? `points to the code of function ${fn.name}()` : `points ${offset} bytes into the code of function ${fn.name}()`,
    target: { kind: 'text', name: fn.name, start: fn.address, size: fn.size, offset },
  };
}

function wildVerdict(proc: Process, address: number): PointerVerdict {
  const space = proc.space;
  const vma = space.vmas.find(address);
  const where = `${hex(address)}`;
  if (!vma) {
    if (address > 0 && address < 0x1000) return { kind: 'wild', address, explanation: `wild: ${where} is in the first page, where nothing is ever mapped (a null pointer plus an offset?)` };
    if (address >= 2 ** 47 || address < 0) return { kind: 'wild', address, explanation: `wild: ${where} is not an address a program can use` };
    return { kind: 'wild', address, explanation: `wild: ${where} is not mapped in the address space; using it is a segmentation fault` };
  }
  switch (vma.kind) {
    case 'stack':
      if (address < proc.state.sp) {
        return { kind: 'dangling-stack', address, explanation: `dangling: points below the stack pointer, into a frame that has returned` };
      }
      return { kind: 'wild', address, explanation: `wild: ${where} is on the stack but inside no variable` };
    case 'guard':
      return { kind: 'wild', address, explanation: `wild: ${where} is in the guard page below the stack` };
    case 'heap':
      return { kind: 'wild', address, explanation: `wild: ${where} is in the heap but inside no allocated block` };
    case 'mmap':
      return { kind: 'wild', address, explanation: `wild: ${where} is in a memory mapping but inside no allocated block` };
    case 'text':
    case 'rodata':
    case 'data':
    case 'bss':
      return { kind: 'wild', address, explanation: `wild: ${where} is in the ${vma.kind} section but inside no object` };
    default: {
      const never: never = vma.kind;
      return never;
    }
  }
}
