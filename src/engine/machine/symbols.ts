// Names for code addresses: which function an instruction belongs to and which source line it is on.
//
// How it works. The line table (Program.lines, sorted by address) gives the source position of the
// instruction that starts each row; an instruction's position is that of the last row at or before it.
// The row of every instruction is computed once, lazily, into an Int32Array, so symbolising a call stack
// is a few array reads per frame.

import type { FunctionInfo, Program } from '../program';
import type { StackEntry } from '../errors';
import type { DecodedText } from './decode';

export class Symbols {
  private rows: Int32Array | undefined;

  constructor(
    readonly program: Program,
    readonly text: DecodedText,
  ) {}

  /** Index of the line-table row covering instruction k, or -1. */
  row(k: number): number {
    if (!this.rows) this.rows = this.buildRows();
    return k >= 0 && k < this.rows.length ? this.rows[k]! : -1;
  }

  private buildRows(): Int32Array {
    const { text, program } = this;
    const rows = new Int32Array(text.count).fill(-1);
    const lines = program.lines;
    let r = -1;
    for (let k = 0; k < text.count; k++) {
      const a = text.address[k]!;
      while (r + 1 < lines.length && lines[r + 1]!.address <= a) r++;
      // A row belongs to an instruction only within the same function (library code has no rows).
      if (r >= 0) {
        const fn = program.functions[text.func[k]!];
        rows[k] = fn && lines[r]!.address >= fn.address ? r : -1;
      }
    }
    return rows;
  }

  fn(k: number): FunctionInfo | undefined {
    const f = this.text.func[k];
    return f === undefined || f < 0 ? undefined : this.program.functions[f];
  }

  /** The stack entry for instruction k (its function and source position). */
  entry(k: number): StackEntry {
    const fn = this.fn(k);
    const r = this.row(k);
    const row = r >= 0 ? this.program.lines[r] : undefined;
    return {
      function: fn?.name ?? '??',
      file: row ? (this.program.files[row.file] ?? '') : fn ? (this.program.files[fn.file] ?? '') : '',
      // Before the first row of a function (its prologue), the function's own line.
      line: row?.line ?? (fn && fn.origin !== 'native' ? fn.line : 0),
      column: row?.column ?? (fn && fn.origin !== 'native' ? 1 : 0),
      pc: k >= 0 && k < this.text.count ? this.text.address[k]! : 0,
    };
  }

  /** True if instruction k starts a statement (where statement stepping stops). */
  isStatement(k: number): boolean {
    const r = this.row(k);
    if (r < 0) return false;
    const row = this.program.lines[r]!;
    return row.isStatement && row.address === this.text.address[k];
  }
}
