// The stack of a snapshot: each frame of the fp chain laid out slot by slot as docs/abi.md draws it,
// and the tombstones of returned frames that pointers still aim at.
//
// How it works. The machine's backtrace gives every live frame's function, fp and sp. A frame that ran
// its ENTER owns, from high to low addresses: its arguments at fp+16 (one 8-byte slot per scalar, as
// many as a struct needs; gaps are the hidden struct-return address or padding), the return address at
// fp+8 (naming the caller's line), the saved fp at fp, its locals in the F bytes below fp (gaps are
// padding), and below them the outgoing area it reserved for a call — minus the part that is already
// the callee's arguments, which the callee's frame shows. A frame that has not run ENTER yet (a library
// stub, or a function stopped on its first instruction) has its return address at sp and its
// arguments above it. _start was never called: above its saved fp sit argc and the argv pointers the
// loader put there. A tombstone is rebuilt the same way from the fp of a dead local that a pointer
// still holds (its object records the variable, so fp = start − fpOffset); its bytes are whatever the
// stack holds there now.

import type { FunctionInfo, VariableInfo } from '../program';
import type { FrameInfo } from '../machine/frames';
import { LONG, pointerTo, CHAR, type Type } from '../lang/types';
import { DEAD, KIND_LOCAL } from '../check/objects';
import { instructionAt } from '../machine/decode';
import { hexBytes, site, valueAt, type ProcessContext } from './take-context';
import type { ElidedFrames, FrameSlot, SourceSite, StackFrame } from './types';

const CHAR_POINTER = pointerTo(CHAR);

/** Live frames drawn at most: the innermost ones, and the outermost few (main and what called it). */
const INNERMOST = 1024;
const OUTERMOST = 16;

/**
 * The live frames of the fp chain (`infos`, innermost first), and what is left out of a stack too deep
 * to draw: a runaway recursion has thousands of identical frames, and a snapshot of all of them would
 * be tens of megabytes for the panel to receive at every stop.
 */
export function liveFrames(ctx: ProcessContext, infos: readonly FrameInfo[]): { frames: StackFrame[]; elided?: ElidedFrames } {
  const frames: StackFrame[] = [];
  const gap = infos.length > INNERMOST + OUTERMOST ? { from: INNERMOST, to: infos.length - OUTERMOST } : undefined;
  for (let i = 0; i < infos.length; i++) {
    if (gap && i >= gap.from && i < gap.to) continue;
    const f = infos[i]!;
    const caller = infos[i + 1];
    const calleeHigh = i === 0 ? undefined : gap && i === gap.to ? infos[i - 1]!.high : frames[frames.length - 1]!.high;
    frames.push(frameOf(ctx, f, caller, calleeHigh));
  }
  if (!gap) return { frames };
  // The left-out frames fill the addresses between the inner frames drawn (below: the stack grows down)
  // and the outer ones drawn above them.
  return { frames, elided: { frames: gap.to - gap.from, low: frames[gap.from - 1]!.high, high: frames[gap.from]!.low } };
}

function entrySite(ctx: ProcessContext, f: FrameInfo): SourceSite {
  return site(f.site.file ? ctx.fileIndex(f.site.file) : 0, f.site.line, f.site.column);
}

function frameOf(ctx: ProcessContext, f: FrameInfo, caller: FrameInfo | undefined, calleeHigh: number | undefined): StackFrame {
  const fn = ctx.program.functions[f.functionIndex];
  const returnsTo = caller ? { function: caller.function, site: entrySite(ctx, caller) } : undefined;
  const slots: FrameSlot[] = [];
  const pc = f.site.pc;
  if (f.fp === undefined) {
    // Before ENTER: the return address at sp, the arguments above it; a prologue-less stub has no more.
    slots.push(...argumentSlots(ctx, fn, f.sp - 8, pc));
    slots.push(linkSlot(ctx, 'return-address', f.sp, returnsTo));
  } else if (fn?.origin === 'start') {
    slots.push(...startSlots(ctx, f.fp, f.high));
    slots.push(linkSlot(ctx, 'saved-fp', f.fp));
    slots.push(...localSlots(ctx, fn, f.fp, pc, true));
  } else {
    slots.push(...argumentSlots(ctx, fn, f.fp, pc));
    slots.push(linkSlot(ctx, 'return-address', f.fp + 8, returnsTo));
    slots.push(linkSlot(ctx, 'saved-fp', f.fp));
    slots.push(...localSlots(ctx, fn, f.fp, pc, true));
  }
  const lowestLocal = f.fp === undefined ? f.sp : f.fp - (fn?.frameSize ?? 0);
  const outgoingBottom = calleeHigh ?? f.sp;
  if (f.fp !== undefined && outgoingBottom < lowestLocal) slots.push(rawSlot(ctx, 'outgoing', outgoingBottom, lowestLocal - outgoingBottom));
  return finish({
    key: f.depth,
    function: f.function,
    origin: f.origin === 'unknown' ? 'native' : f.origin,
    site: entrySite(ctx, f),
    pc,
    fp: f.fp ?? f.sp - 8,
    slots,
  });
}

function finish(frame: Omit<StackFrame, 'low' | 'high'>): StackFrame {
  const slots = frame.slots.sort((a, b) => b.address - a.address);
  const low = slots.length ? slots[slots.length - 1]!.address : frame.fp;
  const high = slots.length ? slots[0]!.address + slots[0]!.size : frame.fp;
  return { ...frame, low, high, slots };
}

function rawSlot(ctx: ProcessContext, kind: FrameSlot['kind'], address: number, size: number): FrameSlot {
  return { kind, address, size, bytes: hexBytes(ctx.memory.read(address, size).bytes) };
}

function linkSlot(ctx: ProcessContext, kind: 'return-address' | 'saved-fp', address: number, returnsTo?: FrameSlot['returnsTo']): FrameSlot {
  const slot = rawSlot(ctx, kind, address, 8);
  return returnsTo ? { ...slot, returnsTo } : slot;
}

function typeOf(ctx: ProcessContext, v: VariableInfo): Type {
  return ctx.types.type(v.type);
}

function variableSlot(ctx: ProcessContext, kind: 'argument' | 'local', v: VariableInfo, address: number, size: number, pc: number, scoped: boolean): FrameSlot {
  const type = typeOf(ctx, v);
  const slot: FrameSlot = {
    kind,
    address,
    size,
    name: v.name,
    bytes: hexBytes(ctx.memory.read(address, size).bytes),
    value: valueAt(ctx, type, address, ctx.program.types[v.type]?.name),
  };
  return kind === 'local' ? { ...slot, inScope: scoped && pc >= v.scopeStart && pc < v.scopeEnd } : slot;
}

/** The argument area [fp+16, fp+16+argBytes): parameters, the hidden struct-return address, padding. */
function argumentSlots(ctx: ProcessContext, fn: FunctionInfo | undefined, fp: number, pc: number): FrameSlot[] {
  if (!fn) return [];
  const start = fp + 16;
  const end = start + fn.argBytes;
  const slots: FrameSlot[] = [];
  const params = fn.variables.filter((v) => v.kind === 'param').sort((a, b) => a.fpOffset - b.fpOffset);
  let at = start;
  const returnsStruct = isRecordReturn(ctx, fn);
  for (const p of params) {
    const address = fp + p.fpOffset;
    if (address > at) slots.push(...gapSlots(ctx, at, address - at, at === start && returnsStruct));
    const size = Math.ceil(p.size / 8) * 8;
    slots.push(variableSlot(ctx, 'argument', p, address, size, pc, false));
    at = address + size;
  }
  if (fn.origin === 'native') {
    // A library stub has no parameter names: one unnamed slot per argument word.
    for (; at + 8 <= end; at += 8) slots.push(rawSlot(ctx, 'argument', at, 8));
  }
  if (end > at) slots.push(...gapSlots(ctx, at, end - at, at === start && returnsStruct));
  return slots;
}

function isRecordReturn(ctx: ProcessContext, fn: FunctionInfo): boolean {
  const t = ctx.types.type(fn.type);
  return t.kind === 'function' && (t.returns.kind === 'struct' || t.returns.kind === 'union');
}

/** A gap in the argument area: the hidden struct-return address when it is the first slot, else padding. */
function gapSlots(ctx: ProcessContext, address: number, size: number, hiddenReturn: boolean): FrameSlot[] {
  if (!hiddenReturn) return [rawSlot(ctx, 'padding', address, size)];
  const first: FrameSlot = { ...rawSlot(ctx, 'argument', address, 8), name: '(struct return address)' };
  return size > 8 ? [first, rawSlot(ctx, 'padding', address + 8, size - 8)] : [first];
}

/** The F bytes below fp: locals in declaration order going down, padding in the gaps. */
function localSlots(ctx: ProcessContext, fn: FunctionInfo | undefined, fp: number, pc: number, scoped: boolean): FrameSlot[] {
  if (!fn) return [];
  const bottom = fp - fn.frameSize;
  const locals = fn.variables.filter((v) => v.kind === 'local').sort((a, b) => b.fpOffset - a.fpOffset);
  const slots: FrameSlot[] = [];
  let top = fp;
  for (const v of locals) {
    const address = fp + v.fpOffset;
    if (address + v.size > top || address < bottom) continue;
    if (address + v.size < top) slots.push(rawSlot(ctx, 'padding', address + v.size, top - (address + v.size)));
    slots.push(variableSlot(ctx, 'local', v, address, v.size, pc, scoped));
    top = address;
  }
  if (top > bottom) slots.push(rawSlot(ctx, 'padding', bottom, top - bottom));
  return slots;
}

/** _start's area above its saved fp: argc, then the argv pointers the loader wrote (docs/abi.md). */
function startSlots(ctx: ProcessContext, fp: number, high: number): FrameSlot[] {
  const slots: FrameSlot[] = [{ ...rawSlot(ctx, 'argument', fp + 8, 8), name: 'argc', value: valueAt(ctx, LONG, fp + 8, 'long') }];
  for (let at = fp + 16, i = 0; at + 8 <= high; at += 8, i++) {
    slots.push({ ...rawSlot(ctx, 'argument', at, 8), name: `argv[${i}]`, value: valueAt(ctx, CHAR_POINTER, at, 'char *') });
  }
  return slots;
}

/**
 * The call a return address stored at `at` comes back to: the instruction before it, as the backtrace
 * names a caller (the caller itself may have moved on to later lines since).
 */
function callSite(ctx: ProcessContext, at: number): FrameSlot['returnsTo'] {
  const bytes = ctx.memory.read(at, 8).bytes;
  const k = instructionAt(ctx.machine.text, Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true)));
  if (k <= 0) return undefined;
  const entry = ctx.machine.symbols.entry(k - 1);
  return { function: entry.function, site: site(entry.file ? ctx.fileIndex(entry.file) : 0, entry.line, entry.column) };
}

/**
 * Frames that returned while a pointer still aims into them: one per dead activation, rebuilt from its
 * dead locals' objects. A live frame at the same depth (`live`: the whole fp chain) has taken their
 * place and is shown instead.
 */
export function tombstones(ctx: ProcessContext, deadLocals: ReadonlySet<number>, live: readonly { readonly depth: number }[]): StackFrame[] {
  const objects = ctx.process.objects;
  const taken = new Set(live.map((f) => f.depth));
  const byDepth = new Map<number, StackFrame>();
  for (const id of deadLocals) {
    const info = objects.info[id];
    if (objects.kind[id] !== KIND_LOCAL || objects.state[id] !== DEAD || info?.kind !== 'local') continue;
    if (taken.has(info.depth) || byDepth.has(info.depth)) continue;
    const fn = ctx.program.functions.find((f) => f.name === info.function && f.origin !== 'native');
    const v = fn?.variables[info.variable - 1];
    if (!fn || !v) continue;
    const fp = objects.start[id]! - v.fpOffset;
    const slots = [
      ...argumentSlots(ctx, fn, fp, -1),
      linkSlot(ctx, 'return-address', fp + 8, callSite(ctx, fp + 8)),
      linkSlot(ctx, 'saved-fp', fp),
      ...localSlots(ctx, fn, fp, -1, false),
    ];
    byDepth.set(info.depth, { ...finish({ key: info.depth, function: fn.name, origin: fn.origin, site: site(fn.file, fn.endLine, 1), pc: fn.address, fp, slots }), dead: true });
  }
  return [...byDepth.values()].sort((a, b) => b.key - a.key);
}
