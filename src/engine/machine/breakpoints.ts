// Breakpoints and stepping goals, at zero cost to instructions that are not breakpoints.
//
// How it works. A breakpoint is a patch: the decoded opcode of its instruction is replaced by the
// internal BREAK opcode (its real opcode saved in `breakOp`), so the CPU loop never tests "is there a
// breakpoint here?" — only a BREAK instruction stops it. Two sets share the patches: the user's
// breakpoints and temporary ones placed for a step. A statement step patches every statement start of
// the program's own code (line table rows with isStatement), a step out patches the instruction the
// current frame returns to; when the CPU stops at a patch, `Stepping.reached` decides whether the goal is
// met (right frame depth) or execution simply goes on over it.

import { BREAK, type DecodedText } from './decode';
import type { Symbols } from './symbols';

export type StepKind = 'instruction' | 'statement-in' | 'statement-over' | 'statement-out';

export interface StepGoal {
  readonly kind: StepKind;
  /** Call depth when the step began. */
  readonly depth: number;
}

export class Breakpoints {
  private readonly user = new Set<number>();
  private readonly temporary = new Set<number>();
  private statements: number[] | undefined;

  constructor(
    private readonly text: DecodedText,
    private readonly symbols: Symbols,
  ) {}

  /** Replaces the user's breakpoints; returns the instruction numbers that were set. */
  setUser(indices: readonly number[]): number[] {
    const old = [...this.user];
    this.user.clear();
    for (const k of old) this.sync(k);
    const set: number[] = [];
    for (const k of indices) {
      if (k < 0 || k >= this.text.count) continue;
      this.user.add(k);
      this.sync(k);
      set.push(k);
    }
    return set;
  }

  isUser(k: number): boolean {
    return this.user.has(k);
  }

  /** True while any instruction is patched (compiled code, which ignores patches, must not run). */
  get active(): boolean {
    return this.user.size > 0 || this.temporary.size > 0;
  }

  /** Installs the temporary patches a step needs. */
  beginStep(goal: StepGoal, returnTo: number): void {
    this.endStep();
    if (goal.kind === 'statement-in' || goal.kind === 'statement-over') {
      for (const k of this.statementStarts()) this.temporary.add(k);
    }
    if ((goal.kind === 'statement-out' || goal.kind === 'statement-over') && returnTo >= 0) this.temporary.add(returnTo);
    for (const k of this.temporary) this.sync(k);
  }

  endStep(): void {
    const old = [...this.temporary];
    this.temporary.clear();
    for (const k of old) this.sync(k);
  }

  /** Instruction numbers of every statement start in the program's own code. */
  statementStarts(): number[] {
    if (!this.statements) {
      const out: number[] = [];
      for (let k = 0; k < this.text.count; k++) {
        if (this.symbols.fn(k)?.origin === 'user' && this.symbols.isStatement(k)) out.push(k);
      }
      this.statements = out;
    }
    return this.statements;
  }

  private sync(k: number): void {
    const text = this.text;
    const wanted = this.user.has(k) || this.temporary.has(k);
    const patched = text.op[k] === BREAK;
    if (wanted && !patched) {
      text.breakOp[k] = text.op[k]!;
      text.op[k] = BREAK;
    } else if (!wanted && patched) {
      text.op[k] = text.breakOp[k]!;
    }
  }
}

/** Whether stopping at instruction `k` at call depth `depth` completes the step. */
export function stepReached(goal: StepGoal, k: number, depth: number, symbols: Symbols): boolean {
  switch (goal.kind) {
    case 'instruction':
      return true;
    case 'statement-in':
      return symbols.isStatement(k);
    case 'statement-over':
      return depth <= goal.depth && (symbols.isStatement(k) || depth < goal.depth);
    case 'statement-out':
      return depth < goal.depth;
    default: {
      const never: never = goal.kind;
      return never;
    }
  }
}
