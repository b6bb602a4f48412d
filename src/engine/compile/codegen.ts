// Code generation for one function: the frame layout, the register stack, and the statements.
//
// How it works. Like gcc -O0, every variable lives in memory and every use loads it, but expression
// temporaries live in the function's register window (isa.ts), allocated as a stack: `gen` of an
// expression always leaves its value in the register just above the ones in use before, so nested
// expressions never move values around and `?:` or `&&` need no copies (both branches produce into the
// same register). The frame is laid out once, before any code (docs/abi.md): parameters at fp+16 and up,
// one 8-byte slot per scalar; every local of every block its own slot below fp, in declaration order,
// aligned; the frame size rounded to 16. Loops test their condition once before the first iteration and
// then at the bottom, so each iteration costs one fused compare-and-branch. Expressions are in codegen-expr.ts, conditions in codegen-cond.ts,
// calls and variadic arguments in codegen-call.ts.

import type { DiagnosticSink, SourceLocation } from '../diagnostics';
import type { BlockScope, FunctionDef, FunctionSymbol, Initialization, Stmt, StringLiteral, Variable } from '../lang/ast';
import type { StaticTarget } from '../lang/check-const';
import { alignOf, alignTo, isRecord, sizeOf, unqualified, type Type } from '../lang/types';
import { Emitter } from './codegen-emit';
import { genBranch } from './codegen-cond';
import { argumentSlots, genReturn } from './codegen-call';
import { gen, genVoid, store, type Place } from './codegen-expr';
import { fitsImm32, loadInt } from './codegen-value';
import { BASE_ABS, BASE_FP, MAX_REGISTER, Op } from './isa';

/** A variable's place in the frame. */
export interface FrameSlot {
  readonly fpOffset: number;
  /** 1-based index into FunctionInfo.variables (ADDR's provenance operand), 0 for unnamed objects. */
  readonly index: number;
}

/** What the code generator produces for one function, before the linker places it. */
export interface GeneratedFunction {
  readonly symbol: FunctionSymbol;
  readonly def: FunctionDef;
  readonly code: Emitter;
  readonly nregs: number;
  readonly frameSize: number;
  readonly argBytes: number;
  /** Parameters, then named locals, in declaration order, with their slots and scope labels. */
  readonly variables: readonly { variable: Variable; slot: FrameSlot; scope: { start: number; end: number } | null }[];
  /** Functions and static objects the code refers to (the linker follows them). */
  readonly functionRefs: Map<FunctionSymbol, SourceLocation>;
  readonly staticRefs: Set<Variable | StringLiteral>;
}

interface JumpTargets {
  readonly breakLabel: number;
  readonly continueLabel: number | null;
}

/** The largest frame ENTER can reserve (its operand is 32 bits; the stack is megabytes anyway). */
const MAX_FRAME = 0x7fff0000;
/** Expressions nested deeper than this are "too complex" (the JavaScript stack is finite). */
const MAX_EXPRESSION_DEPTH = 1000;

export class FunctionGen {
  readonly em = new Emitter();
  /** Registers r0 … r(top-1) are in use. */
  top = 0;
  private maxTop = 0;
  private tooComplex = false;
  depth = 0;
  readonly slots = new Map<Variable, FrameSlot>();
  readonly frameSize: number;
  readonly argBytes: number;
  /** Argument slots taken by the hidden struct-return pointer and the named parameters (va_start). */
  readonly namedSlots: number;
  readonly returnsRecord: boolean;
  private readonly jumps: JumpTargets[] = [];
  private readonly gotoLabels = new Map<string, number>();
  private readonly caseLabels = new Map<Stmt, number>();
  private readonly scopeLabels = new Map<BlockScope, { start: number; end: number }>();
  readonly functionRefs = new Map<FunctionSymbol, SourceLocation>();
  readonly staticRefs = new Set<Variable | StringLiteral>();

  constructor(
    readonly def: FunctionDef,
    readonly sink: DiagnosticSink,
  ) {
    const returns = unqualified(def.symbol.type.returns);
    this.returnsRecord = isRecord(returns);
    let slot = this.returnsRecord ? 1 : 0;
    let index = 0;
    for (const p of def.params) {
      this.slots.set(p, { fpOffset: 16 + 8 * slot, index: ++index });
      slot += argumentSlots(p.type);
    }
    this.namedSlots = slot;
    this.argBytes = 8 * slot;
    let used = 0;
    for (const v of def.locals) {
      const size = Math.max(1, sizeOf(v.type));
      used = alignTo(used + size, alignOf(v.type));
      this.slots.set(v, { fpOffset: -used, index: v.anonymous ? 0 : ++index });
    }
    this.frameSize = alignTo(used, 16);
    if (this.frameSize > MAX_FRAME) {
      sink.error(def.loc, `the stack frame of '${def.symbol.name}' is too large (${this.frameSize} bytes)`, { code: 'frame-size', hint: 'allocate big arrays with malloc or make them static' });
    }
  }

  // Registers.

  alloc(): number {
    if (this.top > MAX_REGISTER) {
      this.complexityError(this.def.loc);
      return MAX_REGISTER;
    }
    const r = this.top++;
    this.maxTop = Math.max(this.maxTop, this.top);
    return r;
  }

  /** Releases every register from r up. */
  freeFrom(r: number): void {
    this.top = Math.min(this.top, r);
  }

  get nregs(): number {
    return Math.max(1, this.maxTop);
  }

  complexityError(loc: SourceLocation): void {
    if (this.tooComplex) return;
    this.tooComplex = true;
    this.sink.error(loc, 'expression too complex: nesting too deep for the register window', { code: 'nesting', hint: 'split it into several statements with temporary variables' });
  }

  /** Guards the recursion of expression generation; false when the expression is too deep. */
  enter(loc: SourceLocation): boolean {
    if (this.depth >= MAX_EXPRESSION_DEPTH) {
      this.complexityError(loc);
      return false;
    }
    this.depth++;
    return true;
  }

  // References the linker follows.

  refFunction(fn: FunctionSymbol, loc: SourceLocation): void {
    if (!this.functionRefs.has(fn)) this.functionRefs.set(fn, loc);
  }

  refStatic(target: StaticTarget): void {
    if (target.kind === 'func') this.refFunction(target.fn, target.fn.loc);
    else this.staticRefs.add(target.kind === 'var' ? target.variable : target.literal);
  }

  // Statements.

  generate(): GeneratedFunction {
    const em = this.em;
    // The prologue belongs to the function's line, but is not a statement: stepping into a call stops at
    // the first statement, as debuggers skip a prologue.
    em.line(this.def.loc, false);
    em.emit(Op.ENTER, this.frameSize);
    const body = this.def.body;
    this.scopeOf(body.scope);
    this.genBlock(body);
    if (em.reachable) {
      em.line(body.endLoc, true);
      const returns = unqualified(this.def.symbol.type.returns);
      if (this.def.symbol.name === 'main') {
        const r = this.alloc();
        em.emit(Op.LI, r, 0);
        em.emit(Op.RET, r);
        this.freeFrom(r);
      } else if (returns.kind === 'void') {
        em.emit(Op.RETV);
      } else {
        if (this.def.symbol.name !== 'main') this.sink.warning(body.endLoc, 'control reaches end of non-void function', { code: 'return-type', hint: `add a return statement: the caller of '${this.def.symbol.name}' would read a value that was never set` });
        em.emit(Op.TRAP, 1);
      }
    }
    const variables = [...this.def.params, ...this.def.locals.filter((v) => !v.anonymous)].map((variable) => ({
      variable,
      slot: this.slots.get(variable)!,
      scope: variable.scope ? this.scopeLabels.get(variable.scope) ?? null : null,
    }));
    return {
      symbol: this.def.symbol, def: this.def, code: em, nregs: this.nregs, frameSize: this.frameSize, argBytes: this.argBytes,
      variables, functionRefs: this.functionRefs, staticRefs: this.staticRefs,
    };
  }

  private scopeOf(scope: BlockScope): { start: number; end: number } {
    let labels = this.scopeLabels.get(scope);
    if (!labels) {
      labels = { start: this.em.newLabel(), end: this.em.newLabel() };
      this.scopeLabels.set(scope, labels);
    }
    return labels;
  }

  private genBlock(s: Stmt & { kind: 'block' }): void {
    const labels = this.scopeOf(s.scope);
    this.em.mark(labels.start);
    for (const item of s.items) this.genStmt(item);
    this.em.mark(labels.end);
  }

  genStmt(s: Stmt): void {
    const em = this.em;
    const base = this.top;
    switch (s.kind) {
      case 'expr':
        em.line(s.loc, true);
        genVoid(this, s.expr);
        break;
      case 'decl':
        if (s.init) {
          em.line(s.loc, true);
          this.genLocalInit(s.variable, s.init);
        }
        break;
      case 'block':
        this.genBlock(s);
        break;
      case 'if': {
        em.line(s.loc, true);
        const otherwise = em.newLabel();
        genBranch(this, s.cond, otherwise, false);
        this.genStmt(s.then);
        if (s.else) {
          const end = em.newLabel();
          if (em.reachable) em.emit(Op.JMP, em.target(end));
          em.bind(otherwise);
          this.genStmt(s.else);
          em.bind(end);
        } else {
          em.bind(otherwise);
        }
        break;
      }
      case 'while': {
        // A test before the loop, the body, then the test again at the bottom: one branch per iteration.
        em.line(s.loc, true);
        const body = em.newLabel();
        const cond = em.newLabel();
        const end = em.newLabel();
        genBranch(this, s.cond, end, false);
        em.bind(body);
        this.loop(s.body, end, cond);
        em.bindIfReferenced(cond);
        em.line(s.cond.loc, true);
        genBranch(this, s.cond, body, true);
        em.bind(end);
        break;
      }
      case 'do': {
        em.line(s.loc, true);
        const body = em.newLabel();
        const cond = em.newLabel();
        const end = em.newLabel();
        em.bind(body);
        this.loop(s.body, end, cond);
        em.bind(cond);
        em.line(s.condLoc, true);
        genBranch(this, s.cond, body, true);
        em.bind(end);
        break;
      }
      case 'for': {
        const labels = this.scopeOf(s.scope);
        this.em.mark(labels.start);
        if (s.init) this.genStmt(s.init);
        else em.line(s.loc, true);
        const body = em.newLabel();
        const step = em.newLabel();
        const end = em.newLabel();
        if (s.cond) {
          em.line(s.cond.loc, true);
          genBranch(this, s.cond, end, false);
        }
        em.bind(body);
        this.loop(s.body, end, step);
        // No label between the step and the test unless a `continue` needs one: `i++` then `i < n`
        // then reads i from the register the step just stored.
        em.bindIfReferenced(step);
        if (s.step) {
          em.line(s.step.loc, true);
          genVoid(this, s.step);
        }
        if (s.cond) {
          em.line(s.cond.loc, true);
          genBranch(this, s.cond, body, true);
        } else {
          em.emit(Op.JMP, em.target(body));
        }
        em.bind(end);
        this.em.mark(labels.end);
        break;
      }
      case 'switch':
        em.line(s.loc, true);
        this.genSwitch(s);
        break;
      case 'case': {
        const label = this.caseLabels.get(s);
        if (label !== undefined) em.bind(label);
        this.genStmt(s.body);
        break;
      }
      case 'break':
      case 'continue': {
        em.line(s.loc, true);
        const j = [...this.jumps].reverse().find((t) => s.kind === 'break' || t.continueLabel !== null);
        const label = s.kind === 'break' ? j?.breakLabel : j?.continueLabel;
        if (label !== undefined && label !== null) em.emit(Op.JMP, em.target(label));
        break;
      }
      case 'return':
        em.line(s.loc, true);
        genReturn(this, s.value);
        break;
      case 'goto':
        em.line(s.loc, true);
        em.emit(Op.JMP, em.target(this.gotoLabel(s.label)));
        break;
      case 'label':
        // A goto may come later and jump back here: a label is always reachable.
        em.bind(this.gotoLabel(s.name), true);
        this.genStmt(s.body);
        break;
      case 'empty':
        break;
      default: {
        const never: never = s;
        return never;
      }
    }
    this.freeFrom(base);
  }

  private loop(body: Stmt, breakLabel: number, continueLabel: number): void {
    this.jumps.push({ breakLabel, continueLabel });
    this.genStmt(body);
    this.jumps.pop();
  }

  private gotoLabel(name: string): number {
    let label = this.gotoLabels.get(name);
    if (label === undefined) {
      label = this.em.newLabel();
      this.gotoLabels.set(name, label);
    }
    return label;
  }

  /** A chain of compare-with-immediate branches, one per case, then the default (or the end). */
  private genSwitch(s: Stmt & { kind: 'switch' }): void {
    const em = this.em;
    const end = em.newLabel();
    const r = gen(this, s.expr);
    const wide = sizeOf(s.expr.type) === 8;
    for (const c of s.cases) {
      const label = em.newLabel();
      this.caseLabels.set(c.label, label);
      if (fitsImm32(BigInt.asIntN(wide ? 64 : 32, c.value))) {
        em.emit(wide ? Op.JEQI64 : Op.JEQI32, r, Number(BigInt.asIntN(wide ? 64 : 32, c.value)), em.target(label));
      } else {
        const t = this.alloc();
        loadInt(em, t, c.value, 'i64');
        em.emit(Op.JEQ64, r, t, em.target(label));
        this.freeFrom(t);
      }
    }
    let fallback = end;
    if (s.defaultCase) {
      fallback = em.newLabel();
      this.caseLabels.set(s.defaultCase, fallback);
    }
    em.emit(Op.JMP, em.target(fallback));
    this.freeFrom(r);
    this.jumps.push({ breakLabel: end, continueLabel: null });
    this.genStmt(s.body);
    this.jumps.pop();
    em.bind(end);
  }

  /** The place of a local variable in the frame. */
  framePlace(v: Variable): Place & { kind: 'frame' } {
    const slot = this.slots.get(v)!;
    return { kind: 'frame', offset: slot.fpOffset, index: slot.index };
  }

  /** Runs a local's initializer: zero the object if the list is partial, then store each element. */
  genLocalInit(v: Variable, init: Initialization): void {
    this.genInitAt(this.framePlace(v), v.type, init);
  }

  genInitAt(place: Place & { kind: 'frame' }, type: Type, init: Initialization): void {
    const em = this.em;
    const base = this.top;
    if (init.partial) {
      const r = this.alloc();
      em.emit(Op.ADDR, r, BASE_FP, place.offset, place.index);
      em.emit(Op.ZERO, r, sizeOf(type));
      this.freeFrom(r);
    }
    for (const item of init.items) {
      const at: Place = { ...place, offset: place.offset + item.offset };
      if (item.kind === 'bytes') {
        const target: StaticTarget = { kind: 'string', literal: item.literal };
        this.refStatic(target);
        const dst = this.alloc();
        const src = this.alloc();
        em.emit(Op.ADDR, dst, BASE_FP, at.offset, place.index);
        em.emit(Op.ADDR, src, BASE_ABS, { sym: 'address', target, offset: 0 }, { sym: 'object', target });
        em.emit(Op.COPY, dst, src, item.count);
        this.freeFrom(base);
        continue;
      }
      if (init.partial && item.expr.kind === 'int' && item.expr.value === 0n) continue; // already zero
      if (init.partial && item.expr.kind === 'float' && Object.is(item.expr.value, 0)) continue;
      if (isRecord(item.type)) {
        const src = gen(this, item.expr);
        const dst = this.alloc();
        em.emit(Op.ADDR, dst, BASE_FP, at.offset, place.index);
        em.emit(Op.COPY, dst, src, sizeOf(item.type));
      } else {
        const value = gen(this, item.expr);
        store(this, at, item.type, value);
      }
      this.freeFrom(base);
    }
  }
}

/** Generates one function definition. */
export function generateFunction(def: FunctionDef, sink: DiagnosticSink): GeneratedFunction {
  return new FunctionGen(def, sink).generate();
}
