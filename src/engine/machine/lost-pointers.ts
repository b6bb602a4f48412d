// The leak moment in the machine: the pointer counts kept by the CPU's stores, returns and frees, and
// the report made when a heap block's last pointer goes.
//
// How it works. The CPU's fast paths only handle stores that leave a slot's pointer tag unchanged, or
// change it without taking the last tagged pointer from a live heap block (check/pointer-counts.ts,
// `retagQuietly`); everything else comes here with the CPU state stored (pc, sp, fp, depth), so the
// report names the statement exactly. Memory below sp is dead, so when a frame returns (RET) or an
// argument area is released (ADJSP), its slots' tags are removed: a block whose only pointer was a
// local variable or an argument is lost at that moment ("went out of scope"); a returned pointer is
// excused, since it travels on in the caller's register. When the heap glue frees a block, the pointers
// inside it go too ("its owner was freed").
//
// A block whose count fell to zero is lost only if nothing reaches it any more (check/lost.ts): a
// pointer copied byte by byte has no tag but still counts. The scan reads the roots and the reachable
// heap, so it costs as much as a leak check; it runs only at these rare moments, and within a budget
// proportional to the instructions executed (a program that leaks in a hot loop would otherwise scan at
// every iteration). Past the budget a moment is still recorded — the exit report shows it — but not
// checked and reported on the spot.

import type { Program, TypeId } from '../program';
import { NO_DEST, Op } from '../compile/isa';
import { realOp } from './decode';
import { CAUSE_FREED, CAUSE_OVERWRITTEN, CAUSE_SCOPE, causeName, lastPointerGone, releaseSlots, retag } from '../check/pointer-counts';
import { unreachable } from '../check/lost';
import { count, hex } from '../check/describe';
import { PAGE_SIZE } from '../memory/physical';
import { report, userLine } from './report';
import { callStackId, walkFrames } from './frames';
import { scanInput } from './leak-scan';
import type { Cpu } from './cpu';

/** Words a leak-moment scan may read in all: this many plus two per instruction executed. */
const SCAN_ALLOWANCE = 4_000_000;

/** Candidates met during one operation: object ids and the address of the slot each was lost from. */
const lostIds: number[] = [];
const lostSlots: number[] = [];

function note(id: number, slot: number): void {
  lostIds.push(id);
  lostSlots.push(slot);
}

/** An 8-byte store's tag write at physical slot `slot` (virtual `va`), from the interpreter or a slow path. */
export function storeTag(cpu: Cpu, slot: number, tag: number, va: number): void {
  const S = cpu.proc.state;
  retag(cpu.shadow.tags, cpu.proc.objects, slot, tag, S.pc * 4 + CAUSE_OVERWRITTEN, (id) => note(id, va));
  if (lostIds.length > 0) confirm(cpu, CAUSE_OVERWRITTEN, S.sp);
}

/**
 * The stack [lo, hi) died (a returning frame, a released argument area): its tags are removed. `keep` is
 * the tag of a returned pointer (not a loss). Roots start at `hi`.
 */
export function releaseStack(cpu: Cpu, lo: number, hi: number, keep: number): void {
  const space = cpu.proc.space;
  const tags = cpu.shadow.tags;
  const objects = cpu.proc.objects;
  const site = cpu.proc.state.pc * 4 + CAUSE_SCOPE;
  for (let va = lo; va < hi; ) {
    const end = Math.min(hi, va - (va % PAGE_SIZE) + PAGE_SIZE);
    // Clearing tags is a write, but only where there are tags: a page still shared with another process
    // (after fork) is copied only then, as a data write would copy it (check/page-contents.ts).
    let pa = space.peek(va);
    if (pa >= 0 && space.mem.sharers[Math.floor(pa / PAGE_SIZE)]! > 1 && tags.subarray(pa >> 3, (pa + (end - va)) >> 3).some((t) => t !== 0)) pa = space.physical(va, false);
    if (pa >= 0) {
      const base = va - pa;
      releaseSlots(tags, objects, pa >> 3, (pa + (end - va)) >> 3, site, (id, slot) => note(id, base + slot * 8), keep);
    }
    va = end;
  }
  if (lostIds.length > 0) confirm(cpu, CAUSE_SCOPE, hi);
}

/**
 * ADJSP released the argument area [lo, hi) after a call. The call's result may be one of the pointers
 * passed (a function that returns its argument): it travels on in the result register, so it is no loss.
 */
export function releaseArguments(cpu: Cpu, lo: number, hi: number): void {
  const S = cpu.proc.state;
  const text = cpu.text;
  const call = S.pc - 1;
  const op = call >= 0 ? realOp(text, call) : -1;
  const dest = op === Op.CALL ? text.a[call]! : op === Op.CALLR ? text.b[call]! : NO_DEST;
  releaseStack(cpu, lo, hi, dest === NO_DEST ? 0 : S.T[S.base + dest]!);
}

/** Blocks the heap glue found without their last pointer when their owner was freed. */
export function freedOwner(cpu: Cpu, ids: readonly number[], slots: readonly number[]): void {
  for (let i = 0; i < ids.length; i++) note(ids[i]!, slots[i]!);
  confirm(cpu, CAUSE_FREED, cpu.proc.state.sp);
}

/**
 * The instruction a moment is remembered by: the current one, or inside a library function (free) the
 * caller's call, so that the exit report can name the program's line.
 */
export function userSite(cpu: Cpu): number {
  const S = cpu.proc.state;
  return cpu.nativeName !== undefined && S.depth > 0 ? S.csReturn[S.depth]! - 1 : S.pc;
}

/** Decides which candidates are lost, records their moment and reports each lost group once. */
function confirm(cpu: Cpu, cause: number, stackFrom: number): void {
  const ids = lostIds.splice(0);
  const slots = lostSlots.splice(0);
  const proc = cpu.proc;
  const objects = proc.objects;
  const glue = proc.heap;
  const candidates = ids.filter((id, i) => ids.indexOf(id) === i && lastPointerGone(objects, id) && !glue.losses.has(id));
  if (candidates.length === 0) return;
  const site = userSite(cpu);
  const stack = callStackId(cpu, objects.stacks);
  const whereOf = (id: number): string => slotWhere(cpu, slots[ids.indexOf(id)]!, cause);
  if (glue.scanWords > SCAN_ALLOWANCE + 2 * cpu.steps) {
    for (const id of candidates) glue.losses.set(id, { site, stack, cause: causeName(cause), where: whereOf(id), leader: 0 });
    return;
  }
  const input = scanInput(cpu, proc, { stackFrom, registers: false });
  const lost = unreachable(input, candidates);
  glue.scanWords += input.words;
  for (const [id, members] of lost) {
    const where = whereOf(id);
    glue.losses.set(id, { site, stack, cause: causeName(cause), where, leader: 0 });
    for (const m of members) if (!glue.losses.has(m)) glue.losses.set(m, { site, stack, cause: causeName(cause), where, leader: id });
    reportLeak(cpu, id, members, where, cause);
  }
}

function reportLeak(cpu: Cpu, id: number, members: readonly number[], where: string, cause: number): void {
  const objects = cpu.proc.objects;
  const size = objects.size(id);
  const address = objects.start[id]!;
  const indirect = members.reduce((n, m) => n + objects.size(m), 0);
  const allocStack = objects.stacks.get(objects.allocStack[id]!);
  const allocLine = userLine(cpu, allocStack);
  const bytes = indirect > 0 ? `${count(size + indirect)} (${count(size)} direct, ${count(indirect)} indirect) bytes` : `${count(size)} bytes`;
  const block = `this ${size}-byte block${allocLine ? ` allocated at line ${allocLine}` : ''}`;
  const along = members.length > 0 ? ` ${members.length === 1 ? 'One more block' : `${members.length} more blocks`} (${indirect} bytes) reachable only through it ${members.length === 1 ? 'is' : 'are'} lost with it.` : '';
  let how: string;
  let why: string;
  const gone = 'nothing points to it any more, so it can never be freed.';
  switch (cause) {
    case CAUSE_SCOPE: {
      const returning = realOp(cpu.text, cpu.proc.state.pc);
      const fn = returning === Op.RET || returning === Op.RETV ? cpu.symbols.fn(cpu.proc.state.pc)?.name : undefined;
      if (fn) {
        how = `the last pointer to it, ${where}, went out of scope when ${fn}() returned`;
        why = `When ${fn}() returned, its ${where.replace(/ of \w+\(\)$/, '')} — the last pointer to ${block} — ceased to exist: ${gone}`;
      } else {
        how = `the last pointer to it was ${where}, gone when the call returned`;
        why = `The last pointer to ${block} was ${where}; when the call returned, ${gone}`;
      }
      break;
    }
    case CAUSE_FREED:
      how = `the last pointer to it was inside ${where}, freed here`;
      why = `The last pointer to ${block} was stored inside ${where}, which this statement freed: free what a block points to before the block itself, or keep another pointer to it.`;
      break;
    default:
      how = `the last pointer to it, in ${where}, was overwritten`;
      why = `This statement overwrote ${where}, which held the last pointer to ${block}: ${gone}`;
  }
  report(cpu, 'leak', `${bytes} in 1 blocks are definitely lost`, [`Address ${hex(address)} is 0 bytes inside a block of size ${count(size)} alloc'd`, how], why + along, { address, size, allocStack, key: `:${objects.allocStack[id]}` });
}

/** Where a slot is, as a learner names it: a variable (with the element or field), a global, a block. */
function slotWhere(cpu: Cpu, va: number, cause: number): string {
  const program = cpu.program;
  const S = cpu.proc.state;
  for (const frame of walkFrames(cpu, 64)) {
    const fn = program.functions[frame.functionIndex];
    if (!fn || frame.fp === undefined) continue;
    for (const v of fn.variables) {
      const start = frame.fp + v.fpOffset;
      if (va < start || va >= start + v.size) continue;
      const name = `'${v.name}${memberPath(program, v.type, va - start)}'`;
      const what = v.kind === 'param' ? 'parameter' : 'variable';
      return frame.depth === S.depth && cause !== CAUSE_SCOPE ? `${what} ${name}` : `${what} ${name} of ${fn.name}()`;
    }
  }
  if (cause === CAUSE_SCOPE) {
    // An argument slot released after a call: name the function it was passed to.
    const callee = calledBefore(cpu);
    return callee ? `an argument passed to ${callee}()` : 'an argument of a call';
  }
  for (const o of program.objects) {
    if (va < o.address || va >= o.address + o.size) continue;
    const name = `'${o.name}${memberPath(program, o.type, va - o.address)}'`;
    return o.kind === 'static-local' ? `static variable ${name}` : `global variable ${name}`;
  }
  const owner = cpu.proc.heap.objectAt(va);
  if (owner > 0) {
    const objects = cpu.proc.objects;
    const line = userLine(cpu, objects.stacks.get(objects.allocStack[owner]!));
    return `the ${objects.size(owner)}-byte block${line ? ` allocated at line ${line}` : ''}`;
  }
  return `memory at ${hex(va)}`;
}

/** The function called by the CALL just before the current instruction (an ADJSP after a call). */
function calledBefore(cpu: Cpu): string | undefined {
  const k = cpu.proc.state.pc - 1;
  if (k < 0 || realOp(cpu.text, k) !== Op.CALL) return undefined;
  const t = cpu.text.target[k]!;
  return t >= 0 ? cpu.symbols.fn(t)?.name : undefined;
}

/** "[3]", ".next", "[2].name" for a byte offset into an object of type `type`, "" at a scalar. */
function memberPath(program: Program, type: TypeId, offset: number): string {
  const t = program.types[type];
  if (!t) return '';
  if (t.kind === 'array') {
    const of = program.types[t.of];
    const size = of && 'size' in of ? of.size : 0;
    if (!(size > 0)) return '';
    const i = Math.floor(offset / size);
    return `[${i}]${memberPath(program, t.of, offset - i * size)}`;
  }
  if (t.kind === 'struct' || t.kind === 'union') {
    for (const f of t.fields) {
      const ft = program.types[f.type];
      const size = ft && 'size' in ft ? ft.size : 0;
      if (offset >= f.offset && offset < f.offset + size) return `.${f.name}${memberPath(program, f.type, offset - f.offset)}`;
    }
  }
  return '';
}

export { CAUSE_FREED, CAUSE_OVERWRITTEN, CAUSE_SCOPE };
