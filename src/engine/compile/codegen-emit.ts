// The instruction buffer of one function: instructions whose addresses are not known yet, labels, and
// the function's line table.
//
// How it works. Every MS-64 instruction has a fixed length (isa.ts), so the byte offset of each
// instruction inside its function is known as soon as it is emitted, and a label is just an offset.
// What is not known until the linker has placed everything are absolute addresses: those operands are
// `Symbolic` (a label, a function, a static object's address or its 1-based object index) and the
// linker (link.ts) resolves them before encoding. The emitter also tracks reachability (nothing falls
// through an unconditional jump or a return until a label is bound) so the code generator can skip dead
// jumps and knows whether control can reach the end of a function. One peephole lives here: a load
// from the frame slot the previous instruction just stored to is dropped (or becomes a MOV), since the
// value is still in the register (`x = f(); if (x > 0)` loads nothing).

import type { SourceLocation } from '../diagnostics';
import type { FunctionSymbol } from '../lang/ast';
import type { StaticTarget } from '../lang/check-const';
import { BASE_FP, Op, instructionLength } from './isa';

export type Symbolic =
  /** A branch target inside this function. */
  | { readonly sym: 'label'; readonly label: number }
  /** The entry address of a function (CALL target, or a function pointer value). */
  | { readonly sym: 'function'; readonly fn: FunctionSymbol }
  /** The absolute address of a static object plus a byte offset. */
  | { readonly sym: 'address'; readonly target: StaticTarget; readonly offset: number }
  /** The 1-based index of a static object in Program.objects (ADDR's provenance operand). */
  | { readonly sym: 'object'; readonly target: StaticTarget };

export type PendingOperand = number | bigint | Symbolic;

export interface PendingInstruction {
  readonly op: number;
  readonly operands: PendingOperand[];
  /** Byte offset from the start of the function. */
  readonly offset: number;
}

/** A row of the function's line table, by byte offset. */
export interface PendingLine {
  readonly offset: number;
  readonly loc: SourceLocation;
  readonly isStatement: boolean;
}

const TERMINATORS = new Set<number>([Op.JMP, Op.RET, Op.RETV, Op.TRAP]);

/** Loads that read back exactly what the matching store wrote (same width, same register kind). */
const RELOAD_OF = new Map<number, number>([[Op.LD32, Op.ST32], [Op.LD64, Op.ST64], [Op.LDF32, Op.STF32], [Op.LDF64, Op.STF64]]);

export class Emitter {
  readonly code: PendingInstruction[] = [];
  readonly lines: PendingLine[] = [];
  private readonly labels: number[] = [];
  private readonly referenced = new Set<number>();
  /** Byte length of the code so far. */
  size = 0;
  /** False right after an unconditional jump or a return, until a label is bound. */
  reachable = true;
  private lastLine: SourceLocation | null = null;
  /** Offset where a label was last bound (a jump may arrive there). */
  private boundAt = -1;

  emit(op: number, ...operands: PendingOperand[]): void {
    if (this.isReload(op, operands)) {
      // `x = …; … x …`: the value is still in the register the store wrote from.
      const from = this.code[this.code.length - 1]!.operands[0] as number;
      if (from !== operands[0]) this.emit(Op.MOV, operands[0]!, from);
      return;
    }
    this.code.push({ op, operands, offset: this.size });
    this.size += instructionLength(op);
    if (TERMINATORS.has(op)) this.reachable = false;
  }

  /**
   * True for a load from the frame slot that the previous instruction stored to, with nothing in between
   * (no label bound since, so no other path reaches the load).
   */
  private isReload(op: number, operands: readonly PendingOperand[]): boolean {
    const store = RELOAD_OF.get(op);
    const last = this.code[this.code.length - 1];
    if (store === undefined || !last || last.op !== store || this.boundAt === this.size) return false;
    return last.operands[1] === BASE_FP && operands[1] === BASE_FP && last.operands[2] === operands[2];
  }

  newLabel(): number {
    this.labels.push(-1);
    return this.labels.length - 1;
  }

  /**
   * Binds a label here. Code after it is reachable if it was already (fall-through) or if a jump emitted
   * so far targets the label; a label that only later, backward, jumps reach must say so (`reachable`).
   */
  bind(label: number, reachable = false): void {
    this.labels[label] = this.size;
    this.boundAt = this.size;
    this.reachable ||= reachable || this.referenced.has(label);
  }

  labelOffset(label: number): number {
    return this.labels[label]!;
  }

  /** A symbolic branch target for `label`. */
  target(label: number): Symbolic {
    this.referenced.add(label);
    return { sym: 'label', label };
  }

  /** Binds a label only if a jump already targets it (a `continue` label), so a reload can be elided. */
  bindIfReferenced(label: number): void {
    if (this.referenced.has(label)) this.bind(label);
    else this.labels[label] = this.size;
  }

  /** Binds a label that no jump can reach (a scope boundary): nothing changes but its offset. */
  mark(label: number): void {
    this.labels[label] = this.size;
  }

  /**
   * Records that code for `loc` starts here. A statement always gets a row (replacing a row at the same
   * offset that no instruction follows); inside an expression, a row only when the line changes.
   */
  line(loc: SourceLocation, isStatement: boolean): void {
    const last = this.lines[this.lines.length - 1];
    if (!isStatement) {
      if (this.lastLine && this.lastLine.line === loc.line && this.lastLine.file === loc.file) return;
      if (last && last.offset === this.size) return;
    }
    if (last && last.offset === this.size) this.lines.pop();
    this.lines.push({ offset: this.size, loc, isStatement });
    this.lastLine = loc;
  }
}
