// Code generation for conditions: `if`, loops, `?:`, `&&`, `||` and `!` compile to branches, not values.
//
// How it works. `genBranch(e, label, jumpIf)` emits code that jumps to `label` when e's truth equals
// `jumpIf` and falls through otherwise. A comparison becomes one fused compare-and-branch (JLTS32 a, b …;
// `>` is `<` with the operands swapped, and "jump if false" uses the opposite comparison, which is exact
// for integers and pointers); `!` flips jumpIf; `&&` and `||` chain their operands' branches, so a
// condition like `i < n && a[i] != 0` never materializes a 0/1 value. Floating comparisons have no fused
// form (and NaN makes "not less than" differ from "greater or equal"), so they compute 0/1 and test it.

import type { CompareOp, Expr } from '../lang/ast';
import type { FunctionGen } from './codegen';
import { compareOp, gen, genVoid } from './codegen-expr';
import { fitsImm32, valueClass } from './codegen-value';
import { Op } from './isa';

const OPPOSITE: Record<CompareOp, CompareOp> = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };

/** The fused branch for a compare instruction. */
const BRANCH_OF = new Map<number, number>([
  [Op.EQ32, Op.JEQ32], [Op.NE32, Op.JNE32], [Op.LTS32, Op.JLTS32], [Op.LES32, Op.JLES32], [Op.LTU32, Op.JLTU32], [Op.LEU32, Op.JLEU32],
  [Op.EQ64, Op.JEQ64], [Op.NE64, Op.JNE64], [Op.LTS64, Op.JLTS64], [Op.LES64, Op.JLES64], [Op.LTU64, Op.JLTU64], [Op.LEU64, Op.JLEU64],
]);

export function genBranch(g: FunctionGen, e: Expr, label: number, jumpIf: boolean): void {
  const em = g.em;
  const base = g.top;
  if (!g.enter(e.loc)) return;
  try {
    em.line(e.loc, false);
    switch (e.kind) {
      case 'int':
        if ((e.value !== 0n) === jumpIf) em.emit(Op.JMP, em.target(label));
        return;
      case 'not':
        genBranch(g, e.operand, label, !jumpIf);
        return;
      case 'logical': {
        // a && b jumps if true only when both are; a || b jumps if false only when both are false.
        const both = (e.op === '&&') === jumpIf;
        if (both) {
          const skip = em.newLabel();
          genBranch(g, e.lhs, skip, !jumpIf);
          genBranch(g, e.rhs, label, jumpIf);
          em.bind(skip);
        } else {
          genBranch(g, e.lhs, label, jumpIf);
          genBranch(g, e.rhs, label, jumpIf);
        }
        return;
      }
      case 'comma':
        genVoid(g, e.lhs);
        genBranch(g, e.rhs, label, jumpIf);
        return;
      case 'compare':
        if (valueClass(e.lhs.type) !== 'f64') {
          compareAndBranch(g, jumpIf ? e.op : OPPOSITE[e.op], e.lhs, e.rhs, label);
          return;
        }
        break;
      default:
        break;
    }
    const r = gen(g, e);
    if (valueClass(e.type) === 'f64') em.emit(Op.BOOLF, r, r);
    em.emit(jumpIf ? Op.JNZ : Op.JZ, r, em.target(label));
  } finally {
    g.depth--;
    g.freeFrom(base);
  }
}

function compareAndBranch(g: FunctionGen, op: CompareOp, lhs: Expr, rhs: Expr, label: number): void {
  const em = g.em;
  const a = gen(g, lhs);
  const cls = valueClass(lhs.type);
  if (rhs.kind === 'int' && rhs.value === 0n && (op === '==' || op === '!=')) {
    em.emit(op === '==' ? Op.JZ : Op.JNZ, a, em.target(label));
    return;
  }
  if (op === '==' && rhs.kind === 'int') {
    const v = BigInt.asIntN(cls === 'i64' ? 64 : 32, rhs.value);
    if (fitsImm32(v)) {
      em.emit(cls === 'i64' ? Op.JEQI64 : Op.JEQI32, a, Number(v), em.target(label));
      return;
    }
  }
  const b = gen(g, rhs);
  const c = compareOp(op, lhs.type);
  em.emit(BRANCH_OF.get(c.op)!, c.swap ? b : a, c.swap ? a : b, em.target(label));
}
