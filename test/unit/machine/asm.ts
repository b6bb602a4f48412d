// A tiny assembler for machine tests: builds a linked Program from MS-64 instructions written by hand.
//
// How it works. Functions are laid out one after another from the text base; each instruction is an
// opcode name and its operands in isa.ts's order. A branch or CALL target may be written as a string:
// a label of the same function, or the name of a function. Two passes: the first computes every
// instruction's address (isa.ts's instructionLength), the second encodes with `encode`. `stmt(line)`
// starts a statement on a source line (the line table row with isStatement), so stepping and
// backtraces have lines to show. Natives get one-instruction stubs (NATIVE k), and `_start` can be
// generated as docs/abi.md describes (call main, pass its result to exit).

import { encode, instructionLength, Op, type OpName } from '../../../src/engine/compile/isa';
import { LAYOUT, type FunctionInfo, type LineEntry, type Program, type StaticObject, type VariableInfo } from '../../../src/engine/program';

type Operand = number | bigint | string;

interface Item {
  readonly op: number;
  readonly operands: readonly Operand[];
  readonly line: number;
  readonly statement: boolean;
}

interface FnDef {
  readonly name: string;
  readonly nregs: number;
  readonly frameSize: number;
  readonly argBytes: number;
  readonly origin: FunctionInfo['origin'];
  readonly native?: number;
  readonly variables: VariableInfo[];
  readonly items: Item[];
  readonly labels: Map<string, number>;
}

export interface FnOptions {
  nregs?: number;
  frameSize?: number;
  argBytes?: number;
  origin?: FunctionInfo['origin'];
  /** Locals/params: name, fp offset and size. */
  variables?: { name: string; fpOffset: number; size: number; kind?: 'param' | 'local' }[];
}

export class FnBuilder {
  private line = 0;
  private statement = false;

  constructor(readonly def: FnDef) {}

  /** Appends an instruction. */
  op(name: OpName, ...operands: Operand[]): this {
    this.def.items.push({ op: Op[name], operands, line: this.line, statement: this.statement });
    this.statement = false;
    return this;
  }

  label(name: string): this {
    this.def.labels.set(name, this.def.items.length);
    return this;
  }

  /** The next instruction starts a statement on `line`. */
  stmt(line: number): this {
    this.line = line;
    this.statement = true;
    return this;
  }
}

export interface BuildOptions {
  data?: Uint8Array;
  rodata?: Uint8Array;
  bss?: number;
  objects?: Omit<StaticObject, 'type' | 'file' | 'line' | 'isStatic'>[];
  relocations?: { address: number; target: number }[];
  /** Generate `_start` calling main then exit (needs an `exit` native). Default true. */
  start?: boolean;
}

export class Asm {
  private readonly fns: FnDef[] = [];
  private readonly natives: string[] = [];

  fn(name: string, options: FnOptions, body: (f: FnBuilder) => void): this {
    const def: FnDef = {
      name,
      nregs: options.nregs ?? 16,
      frameSize: options.frameSize ?? 0,
      argBytes: options.argBytes ?? 0,
      origin: options.origin ?? 'user',
      variables: (options.variables ?? []).map((v) => ({ name: v.name, type: 0, fpOffset: v.fpOffset, size: v.size, kind: v.kind ?? 'local', scopeStart: 0, scopeEnd: 0, file: 0, line: 1, column: 1 })),
      items: [],
      labels: new Map(),
    };
    this.fns.push(def);
    body(new FnBuilder(def));
    return this;
  }

  /** A library function implemented by the engine: a stub whose body is NATIVE k. */
  native(name: string): this {
    const k = this.natives.length;
    this.natives.push(name);
    const def: FnDef = { name, nregs: 1, frameSize: 0, argBytes: 0, origin: 'native', native: k, variables: [], items: [], labels: new Map() };
    def.items.push({ op: Op.NATIVE, operands: [k], line: 0, statement: false });
    this.fns.push(def);
    return this;
  }

  build(options: BuildOptions = {}): Program {
    if (options.start !== false && !this.fns.some((f) => f.name === '_start')) {
      this.fn('_start', { nregs: 2, origin: 'start' }, (f) =>
        f.op('CALL', 'main', 0).op('ADJSP', -16).op('ST64', 0, 254, 0).op('CALL', 'exit', 255).op('TRAP', 2),
      );
    }
    // Pass 1: addresses.
    const textBase = LAYOUT.textBase;
    let at = textBase;
    const fnAddress = new Map<string, number>();
    const itemAddress: number[][] = [];
    for (const f of this.fns) {
      fnAddress.set(f.name, at);
      const addrs: number[] = [];
      for (const it of f.items) {
        addrs.push(at);
        at += instructionLength(it.op);
      }
      addrs.push(at);
      itemAddress.push(addrs);
    }
    const textEnd = at;
    // Pass 2: encoding.
    const bytes: number[] = [];
    const functions: FunctionInfo[] = [];
    const lines: LineEntry[] = [];
    this.fns.forEach((f, i) => {
      const addrs = itemAddress[i]!;
      f.items.forEach((it, j) => {
        const resolved = it.operands.map((o) => {
          if (typeof o !== 'string') return o;
          const local = f.labels.get(o);
          if (local !== undefined) return addrs[local]!;
          const fn = fnAddress.get(o);
          if (fn === undefined) throw new Error(`unknown label ${o}`);
          return fn;
        });
        encode({ op: it.op, operands: resolved }, addrs[j]!, bytes);
        if (it.line > 0) lines.push({ address: addrs[j]!, file: 0, line: it.line, column: 1, isStatement: it.statement });
      });
      functions.push({
        name: f.name,
        address: addrs[0]!,
        size: addrs[addrs.length - 1]! - addrs[0]!,
        nregs: f.nregs,
        frameSize: f.frameSize,
        argBytes: f.argBytes,
        variadic: false,
        type: 0,
        variables: f.variables,
        origin: f.origin,
        native: f.native,
        file: 0,
        line: 1,
        endLine: 1,
        isStatic: false,
      });
    });
    const page = (n: number): number => Math.ceil(n / LAYOUT.pageSize) * LAYOUT.pageSize;
    const rodataAddress = page(textEnd);
    const rodata = options.rodata ?? new Uint8Array(0);
    const dataAddress = page(rodataAddress + Math.max(rodata.length, 1));
    const data = options.data ?? new Uint8Array(0);
    const bssAddress = page(dataAddress + Math.max(data.length, 1));
    const program: Program & { relocations?: { address: number; target: number }[] } = {
      version: 1,
      files: ['test.c'],
      text: { address: textBase, bytes: Uint8Array.from(bytes) },
      rodata: { address: rodataAddress, bytes: rodata },
      data: { address: dataAddress, bytes: data },
      bss: { address: bssAddress, size: options.bss ?? 0 },
      entry: fnAddress.get('_start')!,
      functions,
      objects: (options.objects ?? []).map((o) => ({ ...o, type: 0, file: 0, line: 1, isStatic: false })),
      types: [{ kind: 'void', name: 'void' }],
      lines: lines.sort((a, b) => a.address - b.address),
      natives: this.natives,
      pragmas: [],
      warnings: [],
      relocations: options.relocations,
    };
    return program;
  }

  /** Address of a function once built (same layout as build()). */
  static addressOf(program: Program, name: string): number {
    const f = program.functions.find((x) => x.name === name);
    if (!f) throw new Error(`no function ${name}`);
    return f.address;
  }
}

/** Section addresses a program built with `Asm` will use for its data, given the text size. */
export const BASES = { SP: 254, FP: 255, ABS: 253, NO_DEST: 255 } as const;
