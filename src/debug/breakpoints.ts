// The user's breakpoints of a session (line, function, instruction, with conditions, hit counts and log
// messages) resolved to text addresses of the program, and the decision at each hit.
//
// How it works. A line breakpoint moves to the nearest line at or after it where a statement begins
// (the line table's isStatement rows), as gdb and the C debuggers of VS Code do, and is verified with
// that line; on a line with several statements it takes the first one (or the requested column), so a
// `for` line stops once, at its initialisation. A function breakpoint is set on the function's first
// statement — or, for a library function, on its entry, so `malloc` can be a breakpoint. Instruction
// breakpoints take any instruction's address. The table gives the machine the union of all addresses;
// when the machine stops at one, `hit` counts every breakpoint there and decides, with the condition
// (a C expression in the stopped frame) and the hit condition, which of them stop and which only log.

import * as path from 'node:path';
import type { Program } from '../engine/program';

export type BreakpointKind = 'line' | 'function' | 'instruction';

export interface BreakpointRequest {
  readonly condition?: string;
  readonly hitCondition?: string;
  readonly logMessage?: string;
}

export interface Breakpoint extends BreakpointRequest {
  readonly id: number;
  readonly kind: BreakpointKind;
  readonly address: number;
  readonly file?: number;
  readonly line?: number;
  readonly column?: number;
  hits: number;
}

export interface Resolution {
  readonly id: number;
  readonly verified: boolean;
  readonly address?: number;
  /** Index into Program.files, line and column where the breakpoint really is. */
  readonly file?: number;
  readonly line?: number;
  readonly column?: number;
  readonly message?: string;
}

/** What a breakpoint says when the machine reaches it. */
export type Decision = { readonly kind: 'stop' } | { readonly kind: 'log' } | { readonly kind: 'skip' };

let nextId = 1;

type LineRequest = BreakpointRequest & { line: number; column?: number };
type FunctionRequest = BreakpointRequest & { name: string };
type InstructionRequest = BreakpointRequest & { address: number | undefined };

export class BreakpointTable {
  private readonly lines = new Map<number, Breakpoint[]>();
  private functions: Breakpoint[] = [];
  private instructions: Breakpoint[] = [];
  /** What the user asked for, with the ids given, so a restart can resolve it again in a new build. */
  private readonly asked = {
    lines: new Map<string, { ids: number[]; requests: readonly LineRequest[] }>(),
    functions: { ids: [] as number[], requests: [] as readonly FunctionRequest[] },
  };

  constructor(private readonly program: Program) {}

  /**
   * The same breakpoints resolved in another build of the program (after a restart), keeping their ids
   * so the editor's breakpoints stay the same objects. Returns the table and every resolution.
   */
  rebind(program: Program): { table: BreakpointTable; resolutions: Resolution[] } {
    const table = new BreakpointTable(program);
    const resolutions: Resolution[] = [];
    for (const [file, { ids, requests }] of this.asked.lines) resolutions.push(...table.setLines(file, requests, ids));
    resolutions.push(...table.setFunctions(this.asked.functions.requests, this.asked.functions.ids));
    return { table, resolutions };
  }

  /** Index of a source path in the program's files (paths compare after normalisation), or -1. */
  fileIndex(file: string): number {
    const wanted = path.resolve(file);
    return this.program.files.findIndex((f) => f === file || (!f.startsWith('<') && path.resolve(f) === wanted));
  }

  /** Replaces the line breakpoints of one source file. */
  setLines(file: string, requests: readonly LineRequest[], ids?: readonly number[]): Resolution[] {
    const index = this.fileIndex(file);
    const set: Breakpoint[] = [];
    const given = requests.map((_, i) => ids?.[i] ?? nextId++);
    this.asked.lines.set(file, { ids: given, requests });
    const out = requests.map((r, i) => {
      const id = given[i]!;
      if (index < 0) return { id, verified: false, message: 'this file is not part of the program being debugged' };
      const where = this.statementAt(index, r.line, r.column);
      if (!where) return { id, verified: false, message: `no code on line ${r.line} or after it` };
      const problem = hitConditionProblem(r.hitCondition);
      if (problem) return { id, verified: false, message: problem };
      set.push({ ...r, id, kind: 'line', address: where.address, file: index, line: where.line, column: where.column, hits: 0 });
      return { id, verified: true, address: where.address, file: index, line: where.line, column: where.column };
    });
    if (index >= 0) this.lines.set(index, set);
    return out;
  }

  setFunctions(requests: readonly FunctionRequest[], ids?: readonly number[]): Resolution[] {
    this.functions = [];
    const given = requests.map((_, i) => ids?.[i] ?? nextId++);
    this.asked.functions = { ids: given, requests };
    return requests.map((r, i) => {
      const id = given[i]!;
      const fn = this.program.functions.find((f) => f.name === r.name.trim() && f.origin !== 'start');
      if (!fn) return { id, verified: false, message: `no function named '${r.name}' in the program` };
      const problem = hitConditionProblem(r.hitCondition);
      if (problem) return { id, verified: false, message: problem };
      const first = fn.origin === 'native' ? undefined : this.program.lines.find((l) => l.isStatement && l.address >= fn.address && l.address < fn.address + fn.size);
      const bp: Breakpoint = { ...r, id, kind: 'function', address: first?.address ?? fn.address, file: first?.file ?? fn.file, line: first?.line ?? fn.line, column: first?.column, hits: 0 };
      this.functions.push(bp);
      return { id, verified: true, address: bp.address, file: fn.origin === 'native' ? undefined : bp.file, line: fn.origin === 'native' ? undefined : bp.line, column: bp.column };
    });
  }

  /** Instruction breakpoints; `isInstruction` says whether an address starts an instruction. */
  setInstructions(requests: readonly InstructionRequest[], isInstruction: (address: number) => boolean): Resolution[] {
    this.instructions = [];
    return requests.map((r) => {
      const id = nextId++;
      if (r.address === undefined || !isInstruction(r.address)) return { id, verified: false, message: 'no instruction starts at this address' };
      const row = [...this.program.lines].reverse().find((l) => l.address <= r.address!);
      this.instructions.push({ ...r, id, kind: 'instruction', address: r.address, file: row?.file, line: row?.line, hits: 0 });
      return { id, verified: true, address: r.address };
    });
  }

  /** Every address the machine must stop at. */
  addresses(): number[] {
    const all = new Set<number>();
    for (const list of this.lines.values()) for (const b of list) all.add(b.address);
    for (const b of this.functions) all.add(b.address);
    for (const b of this.instructions) all.add(b.address);
    return [...all];
  }

  at(address: number): Breakpoint[] {
    const found: Breakpoint[] = [];
    for (const list of this.lines.values()) for (const b of list) if (b.address === address) found.push(b);
    for (const b of [...this.functions, ...this.instructions]) if (b.address === address) found.push(b);
    return found;
  }

  /** Counts a hit of `bp` and decides; `condition` evaluates its condition in the stopped frame. */
  static decide(bp: Breakpoint, condition: (expression: string) => boolean): Decision {
    if (bp.condition && !condition(bp.condition)) return { kind: 'skip' };
    bp.hits++;
    if (bp.hitCondition && !hitConditionMet(bp.hitCondition, bp.hits)) return { kind: 'skip' };
    return bp.logMessage !== undefined && bp.logMessage !== '' ? { kind: 'log' } : { kind: 'stop' };
  }

  /** The statement where a breakpoint on `line` (and `column`) of file `index` really goes. */
  statementAt(index: number, line: number, column?: number): { address: number; line: number; column: number } | undefined {
    const rows = this.program.lines.filter((l) => l.isStatement && l.file === index && l.line >= line);
    if (rows.length === 0) return undefined;
    const target = Math.min(...rows.map((r) => r.line));
    const onLine = rows.filter((r) => r.line === target).sort((a, b) => a.column - b.column || a.address - b.address);
    const chosen = (target === line && column !== undefined ? onLine.find((r) => r.column >= column) : undefined) ?? onLine[0]!;
    return { address: chosen.address, line: chosen.line, column: chosen.column };
  }

  /** Statement positions (line, column) in [line, endLine] of a file, for breakpointLocations. */
  locations(file: string, line: number, endLine = line): { line: number; column: number }[] {
    const index = this.fileIndex(file);
    const unique = new Map<string, { line: number; column: number }>();
    for (const l of this.program.lines) {
      if (l.isStatement && l.file === index && l.line >= line && l.line <= endLine) unique.set(`${l.line}:${l.column}`, { line: l.line, column: l.column });
    }
    return [...unique.values()].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

const HIT_CONDITION = /^\s*(>=|<=|==|>|<|%)?\s*(\d+)\s*$/;

function hitConditionProblem(text: string | undefined): string | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return HIT_CONDITION.test(text) ? undefined : `hit count condition '${text}' is not understood (examples: 3, >= 3, % 2)`;
}

/** "3" or "== 3": the 3rd hit; ">= 3", "> 3", "< 3", "<= 3"; "% 2": every 2nd hit. */
function hitConditionMet(text: string, hits: number): boolean {
  const m = HIT_CONDITION.exec(text);
  if (!m) return true;
  const n = Number(m[2]);
  switch (m[1] ?? '==') {
    case '>=':
      return hits >= n;
    case '<=':
      return hits <= n;
    case '>':
      return hits > n;
    case '<':
      return hits < n;
    case '%':
      return n > 0 && hits % n === 0;
    default:
      return hits === n;
  }
}
