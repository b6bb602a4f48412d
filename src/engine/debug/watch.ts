// Watchpoints (data breakpoints): stop when the program reads or writes a range of memory, built on the
// Machine's public API without touching the CPU.
//
// How it works. While any watchpoint is set, the program runs one instruction at a time (the machine's
// instruction step). Before each instruction, its decoded operands say which bytes it will touch: a load
// or store computes base + displacement from the registers exactly as the CPU will, COPY reads one
// range and writes another, ZERO writes one. A predicted access that overlaps a watched range of the
// right kind stops the run after the instruction, so the user sees the access done. Library functions
// (memcpy, strcpy, scanf…) run as one NATIVE instruction whose accesses cannot be predicted; a write by
// them is still caught because every watched range is compared with its bytes before the instruction.
// A read by a library function is the one access not seen.
//
// Stepping goals (next, step in/out) keep working while watchpoints are set: the goal is checked after
// every instruction with the machine's own `stepReached`, so a watch hit or the goal, whichever comes
// first, ends the run. The cost is the price of single-stepping, paid only while watchpoints exist.

import type { Machine, StopEvent } from '../machine/machine';
import { stepReached, type StepGoal } from '../machine/breakpoints';
import { realOp } from '../machine/decode';
import { BASE_ABS, BASE_FP, BASE_SP, Op } from '../compile/isa';

export type WatchAccess = 'read' | 'write' | 'readWrite';

export interface Watchpoint {
  readonly id: number;
  readonly address: number;
  readonly size: number;
  readonly access: WatchAccess;
  /** What the user watches, for the stop message ("total", "0x4052a0 (8 bytes)"). */
  readonly label: string;
}

export interface WatchHit {
  readonly watch: Watchpoint;
  readonly access: 'read' | 'write';
  /** The watched bytes before and after the instruction. */
  readonly before: Uint8Array;
  readonly after: Uint8Array;
  /** Text address of the instruction that made the access. */
  readonly pc: number;
}

export type WatchedStop = { readonly kind: 'watch'; readonly hit: WatchHit } | StopEvent;

const LOAD_SIZES: ReadonlyMap<number, number> = new Map([
  [Op.LD8S, 1], [Op.LD8U, 1], [Op.LD16S, 2], [Op.LD16U, 2], [Op.LD32, 4], [Op.LD64, 8], [Op.LDF32, 4], [Op.LDF64, 8],
]);
const STORE_SIZES: ReadonlyMap<number, number> = new Map([
  [Op.ST8, 1], [Op.ST16, 2], [Op.ST32, 4], [Op.ST64, 8], [Op.STF32, 4], [Op.STF64, 8],
]);

interface Access {
  readonly kind: 'read' | 'write';
  readonly address: number;
  readonly size: number;
}

export class Watchpoints {
  private list: Watchpoint[] = [];
  /** Each watched range's bytes as last seen (a write shows as a difference after an instruction). */
  private seen: Uint8Array[] = [];

  constructor(private readonly machine: Machine) {}

  get active(): boolean {
    return this.list.length > 0;
  }

  get all(): readonly Watchpoint[] {
    return this.list;
  }

  set(list: readonly Watchpoint[]): void {
    this.list = list.filter((w) => w.size > 0 && Number.isSafeInteger(w.address));
    this.seen = this.list.map((w) => this.machine.readMemory(w.address, w.size).bytes);
  }

  /**
   * Runs at most `budget` instructions one by one. Returns a watch hit, `goal` reached ({ kind: 'step' };
   * its depth is the call depth where the step began), or whatever else stopped the machine (an error,
   * the end). The machine's own breakpoints do not stop an instruction step, so `isBreakpoint` names
   * them: reaching one (other than where the run resumes) stops before it, as the machine would.
   */
  run(budget: number, goal: StepGoal | undefined, isBreakpoint: (address: number) => boolean): WatchedStop {
    const machine = this.machine;
    const text = machine.text;
    // Bytes may have changed while the program was stopped (the user set a variable).
    this.seen = this.list.map((w) => machine.readMemory(w.address, w.size).bytes);
    for (let n = 0; n < budget; n++) {
      const pc = text.address[machine.current.state.pc]!;
      if (n > 0 && isBreakpoint(pc)) return { kind: 'breakpoint', address: pc };
      const predicted = this.predict();
      machine.step('instruction');
      const stop = machine.run(1);
      if (stop.kind !== 'step') return stop;
      for (let i = 0; i < this.list.length; i++) {
        const w = this.list[i]!;
        const touched = predicted !== undefined && overlaps(predicted, w) && (w.access === 'readWrite' || w.access === predicted.kind)
          ? predicted.kind
          : predicted?.also !== undefined && overlaps(predicted.also, w) && w.access !== 'read' ? 'write' : undefined;
        const changed = w.access !== 'read' && this.changed(i);
        if (touched || changed) {
          const before = this.seen[i]!;
          const after = machine.readMemory(w.address, w.size).bytes;
          this.seen[i] = after;
          return { kind: 'watch', hit: { watch: w, access: touched ?? 'write', before, after, pc } };
        }
      }
      const S = machine.current.state;
      if (goal && stepReached(goal, S.pc, S.depth, machine.symbols)) return { kind: 'step' };
    }
    return { kind: 'budget' };
  }

  /** Whether watched range i differs from its bytes as last seen (read in place, without copying). */
  private changed(i: number): boolean {
    const w = this.list[i]!;
    const seen = this.seen[i]!;
    const bytes = this.machine.memory.bytes;
    for (let k = 0; k < w.size; k++) {
      // A page without a frame yet reads as zeros, as readMemory (and the kernel) gives it.
      const pa = this.machine.translate(w.address + k);
      if ((pa === undefined ? 0 : bytes[pa]!) !== (seen[k] ?? 0)) return true;
    }
    return false;
  }

  /**
   * The memory access the next instruction will make, from its decoded operands and the registers; a
   * COPY also writes a second range (`also`). Undefined for an instruction that touches no data memory.
   */
  private predict(): (Access & { also?: Access }) | undefined {
    const machine = this.machine;
    const text = machine.text;
    const S = machine.current.state;
    const k = S.pc;
    if (k < 0 || k >= text.count) return undefined;
    const op = realOp(text, k);
    const load = LOAD_SIZES.get(op);
    if (load !== undefined) return { kind: 'read', address: base(S, text.b[k]!) + text.imm[k]!, size: load };
    const store = STORE_SIZES.get(op);
    if (store !== undefined) return { kind: 'write', address: base(S, text.b[k]!) + text.imm[k]!, size: store };
    if (op === Op.COPY) {
      const size = text.imm[k]!;
      return { kind: 'read', address: register(S, text.b[k]!), size, also: { kind: 'write', address: register(S, text.a[k]!), size } };
    }
    if (op === Op.ZERO) return { kind: 'write', address: register(S, text.a[k]!), size: text.imm[k]! };
    return undefined;
  }
}

type CpuState = Machine['current']['state'];

function register(S: CpuState, r: number): number {
  const v = S.R[S.base + r]!;
  return Number.isNaN(v) ? Number(S.big[S.base + r] ?? 0n) : v;
}

function base(S: CpuState, b: number): number {
  return b === BASE_FP ? S.fp : b === BASE_SP ? S.sp : b === BASE_ABS ? 0 : register(S, b);
}

function overlaps(a: Access, w: Watchpoint): boolean {
  return a.address < w.address + w.size && w.address < a.address + a.size;
}
