// The linker: generated functions and static objects of every translation unit → one Program.
//
// How it works, in the order a static linker does it:
//  1. Symbols. External definitions are entered by name (the user's first, so a user-defined function
//     replaces a library one, as an archive member that is not pulled in); every declaration is resolved
//     to a definition, to a native stub (a library function the engine implements), or is an
//     "undefined reference" error.
//  2. Reachability. All of the user's code and data is kept; library code and data only when something
//     kept refers to it (following calls, address-of, and relocations in initializers).
//  3. Layout. Text from 0x401000: user functions in definition order, then library functions, then one
//     stub per native used (`NATIVE n`), then `_start` (which calls main, then exit). Then rodata (string
//     literals and const objects), data and bss, each on its own page, each object at its alignment.
//  4. Encoding. Symbolic operands (labels, function and object addresses, object indexes) are resolved and
//     every instruction encoded (isa.ts); relocated pointers are written into data; debug information
//     (functions, variables with scope ranges, objects, types, the line table) is assembled.

import type { Diagnostic, DiagnosticSink, SourceLocation } from '../diagnostics';
import type { FunctionSymbol, StringLiteral, TranslationUnit, Variable } from '../lang/ast';
import type { StaticTarget } from '../lang/check-const';
import { alignOf, alignTo, sizeOf, type FunctionType, type Type } from '../lang/types';
import { LAYOUT, type FunctionInfo, type LineEntry, type Pragma, type Program, type StaticObject, type VariableInfo } from '../program';
import type { GeneratedFunction } from './codegen';
import { argumentSlots } from './codegen-call';
import { Emitter, type PendingOperand } from './codegen-emit';
import { staticImage, stringImage, stringName, type StaticImage } from './codegen-data';
import { TypeTable } from './codegen-typeinfo';
import { BASE_FP, BASE_SP, NO_DEST, Op, encode, type Operand } from './isa';

export interface CompiledUnit {
  readonly unit: TranslationUnit;
  readonly functions: readonly GeneratedFunction[];
}

export interface LinkInput {
  /** The user's unit first, then the library's. */
  readonly units: readonly CompiledUnit[];
  readonly natives: ReadonlySet<string>;
  readonly files: readonly string[];
  readonly pragmas: readonly Pragma[];
  readonly warnings: readonly Diagnostic[];
  readonly sink: DiagnosticSink;
  readonly mainFile: string;
}

/** One function of the output: generated code, a native stub or _start. */
interface TextFunction {
  readonly name: string;
  readonly code: Emitter;
  readonly generated?: GeneratedFunction;
  readonly origin: FunctionInfo['origin'];
  readonly native?: number;
  readonly symbol?: FunctionSymbol;
  address: number;
}

interface DataObject {
  readonly name: string;
  readonly type: Type;
  readonly image: StaticImage;
  readonly kind: StaticObject['kind'];
  readonly function?: string;
  readonly loc: SourceLocation;
  readonly isStatic: boolean;
  readonly readOnly: boolean;
  address: number;
  section: StaticObject['section'];
  index: number;
}

export function link(input: LinkInput): Program | null {
  return new Linker(input).run();
}

/** C11 6.7.4p7: a function whose file-scope declarations are all `inline` without `extern`. */
function isInlineDefinition(fn: FunctionSymbol): boolean {
  return !fn.isStatic && !!fn.def && !fn.externalDeclaration;
}

/** Objects defined const (or arrays of const elements) go to read-only data. */
function isConstObject(t: Type): boolean {
  return t.kind === 'array' ? isConstObject(t.of) : !!t.isConst;
}

class Linker {
  private readonly functionDefs = new Map<string, GeneratedFunction>();
  private readonly objectDefs = new Map<string, Variable>();
  private readonly generatedBySymbol = new Map<FunctionSymbol, GeneratedFunction>();
  private readonly functionOrigin = new Map<GeneratedFunction, 'user' | 'libc'>();
  private readonly text: TextFunction[] = [];
  private readonly textBySymbol = new Map<GeneratedFunction, TextFunction>();
  private readonly stubs = new Map<string, TextFunction>();
  private readonly natives: string[] = [];
  private readonly objects = new Map<Variable | StringLiteral, DataObject>();
  private readonly objectOrder: DataObject[] = [];
  private readonly objectOrigin = new Map<Variable, 'user' | 'libc'>();
  private readonly files: string[];
  private readonly types = new TypeTable();
  private errors = 0;
  /** `exit` as _start calls it: the program's own declaration if it has one, else stdlib.h's. */
  private readonly exit: FunctionSymbol;

  constructor(private readonly input: LinkInput) {
    this.files = [...input.files];
    this.exit = this.findSymbol('exit') ?? {
      name: 'exit', loc: { file: input.mainFile, line: 1, column: 1 }, isStatic: false, used: true,
      type: { kind: 'function', returns: { kind: 'void' }, params: [{ kind: 'int', rank: 'int', signed: true }], variadic: false, prototyped: true },
    };
  }

  run(): Program | null {
    this.collectDefinitions();
    this.reach();
    const main = this.functionDefs.get('main');
    if (!main) this.error({ file: this.input.mainFile, line: 1, column: 1 }, "undefined reference to `main'", 'every program needs a function int main(void) or int main(int argc, char **argv)');
    if (this.errors > 0 || !main) return null;
    const start = this.startFunction(main);
    this.text.push(start);
    return this.layout(start);
  }

  private error(loc: SourceLocation, message: string, hint?: string): void {
    this.errors++;
    this.input.sink.error(loc, message, { code: 'link', hint });
  }

  // 1. Symbols.

  private collectDefinitions(): void {
    for (const cu of this.input.units) {
      const origin = cu.unit.origin;
      for (const f of cu.functions) {
        this.generatedBySymbol.set(f.symbol, f);
        this.functionOrigin.set(f, origin);
        if (f.symbol.isStatic || isInlineDefinition(f.symbol)) continue;
        const previous = this.functionDefs.get(f.symbol.name);
        if (!previous) this.functionDefs.set(f.symbol.name, f);
        else if (this.functionOrigin.get(previous) === origin) this.error(f.def.loc, `multiple definition of \`${f.symbol.name}'`);
      }
      for (const v of cu.unit.globals) {
        if (!v.defined || v.isStatic) continue;
        const previous = this.objectDefs.get(v.name);
        if (!previous) this.objectDefs.set(v.name, v);
        else if (previous !== v && this.objectOrigin.get(previous) === origin) this.error(v.loc, `multiple definition of \`${v.name}'`);
        this.objectOrigin.set(v, origin);
      }
      for (const v of [...cu.unit.globals, ...cu.unit.statics]) if (!this.objectOrigin.has(v)) this.objectOrigin.set(v, origin);
    }
  }

  /** The definition a function declaration refers to, or a native stub; null when undefined. */
  private resolveFunction(fn: FunctionSymbol): GeneratedFunction | string | null {
    const own = this.generatedBySymbol.get(fn);
    if (own && fn.isStatic) return own;
    const def = fn.isStatic ? undefined : this.functionDefs.get(fn.name);
    if (def) return def;
    if (this.input.natives.has(fn.name) && !fn.isStatic) return fn.name;
    return null;
  }

  private resolveObject(v: Variable): Variable | null {
    if (v.storage !== 'global' || v.isStatic) return v;
    const def = this.objectDefs.get(v.name);
    if (def) return def;
    return v.defined ? v : null;
  }

  // 2. Reachability.

  private reach(): void {
    const functionQueue: GeneratedFunction[] = [];
    const objectQueue: (Variable | StringLiteral)[] = [];
    const reported = new Set<string>();
    const wantFunction = (fn: FunctionSymbol, loc: SourceLocation): void => {
      const r = this.resolveFunction(fn);
      if (r === null) {
        if (!reported.has(fn.name)) {
          reported.add(fn.name);
          const hint = isInlineDefinition(fn)
            ? `in C11 an 'inline' definition alone does not define '${fn.name}' for the linker: make it 'static inline', or also declare it without 'inline'`
            : `'${fn.name}' is declared but no definition of it is part of the program`;
          this.error(loc, fn.isStatic ? `'${fn.name}' used but never defined` : `undefined reference to \`${fn.name}'`, hint);
        }
      } else if (typeof r === 'string') {
        this.stub(r, fn);
      } else if (!this.textBySymbol.has(r)) {
        this.addFunction(r);
        functionQueue.push(r);
      }
    };
    const wantObject = (target: Variable | StringLiteral, loc: SourceLocation): void => {
      if ('bytes' in target) {
        if (!this.objects.has(target)) {
          this.addString(target);
          objectQueue.push(target);
        }
        return;
      }
      const v = this.resolveObject(target);
      if (!v) {
        if (!reported.has(target.name)) {
          reported.add(target.name);
          this.error(loc, `undefined reference to \`${target.name}'`, `'${target.name}' is declared extern but never defined`);
        }
        return;
      }
      if (!this.objects.has(v)) {
        this.addVariable(v);
        objectQueue.push(v);
      }
    };
    const wantTarget = (t: StaticTarget, loc: SourceLocation): void => {
      if (t.kind === 'func') wantFunction(t.fn, loc);
      else wantObject(t.kind === 'var' ? t.variable : t.literal, loc);
    };
    // Everything the user wrote is kept, in source order.
    for (const cu of this.input.units) {
      if (cu.unit.origin !== 'user') continue;
      // An inline definition is never emitted (gcc -O0 does not either): calls go to an external one.
      for (const f of cu.functions) if (!isInlineDefinition(f.symbol)) wantFunction(f.symbol, f.def.loc);
      for (const v of cu.unit.globals) if (v.defined) wantObject(v, v.loc);
      for (const v of cu.unit.statics) wantObject(v, v.loc);
    }
    if (this.resolveFunction(this.exit) !== null) wantFunction(this.exit, this.exit.loc);
    while (functionQueue.length > 0 || objectQueue.length > 0) {
      const f = functionQueue.shift();
      if (f) {
        for (const [fn, loc] of f.functionRefs) wantFunction(fn, loc);
        for (const s of f.staticRefs) wantObject(s, s.loc);
        continue;
      }
      const o = this.objects.get(objectQueue.shift()!)!;
      for (const r of o.image.relocations) wantTarget(r.target, o.loc);
    }
  }

  private findSymbol(name: string): FunctionSymbol | undefined {
    for (const cu of this.input.units) {
      const s = cu.unit.functionSymbols.find((f) => f.name === name && !f.isStatic);
      if (s) return s;
    }
    return undefined;
  }

  private addFunction(f: GeneratedFunction): void {
    const t: TextFunction = { name: f.symbol.name, code: f.code, generated: f, origin: this.functionOrigin.get(f) ?? 'user', symbol: f.symbol, address: 0 };
    this.textBySymbol.set(f, t);
    this.text.push(t);
  }

  private stub(name: string, fn: FunctionSymbol): TextFunction {
    let s = this.stubs.get(name);
    if (!s) {
      const code = new Emitter();
      const n = this.natives.length;
      this.natives.push(name);
      code.emit(Op.NATIVE, n);
      s = { name, code, origin: 'native', native: n, symbol: fn, address: 0 };
      this.stubs.set(name, s);
    }
    return s;
  }

  private addVariable(v: Variable): void {
    const kind: StaticObject['kind'] = v.anonymous === 'compound-literal' ? 'compound-literal' : v.storage === 'static-local' ? 'static-local' : 'global';
    const readOnly = isConstObject(v.type);
    const o: DataObject = {
      name: v.name, type: v.type, image: staticImage(v), kind, function: v.function, loc: v.loc, isStatic: v.isStatic, readOnly,
      address: 0, section: 'bss', index: 0,
    };
    this.objects.set(v, o);
    this.objectOrder.push(o);
  }

  private addString(s: StringLiteral): void {
    const o: DataObject = {
      name: stringName(s), type: { kind: 'array', of: { kind: 'int', rank: 'char', signed: true, plainChar: true }, length: s.bytes.length },
      image: stringImage(s), kind: 'string-literal', loc: s.loc, isStatic: true, readOnly: true, address: 0, section: 'rodata', index: 0,
    };
    this.objects.set(s, o);
    this.objectOrder.push(o);
  }

  /** `_start`: main(argc, argv), then exit(status) (docs/abi.md "Process start"). */
  private startFunction(main: GeneratedFunction): TextFunction {
    const em = new Emitter();
    // sp points at argc; ENTER pushes fp, so 8 more bytes keep sp 16-byte aligned at the call.
    em.emit(Op.ENTER, 8);
    em.emit(Op.LD64, 0, BASE_FP, 8);
    em.emit(Op.ADDR, 1, BASE_FP, 16, 0);
    em.emit(Op.ADJSP, -16);
    em.emit(Op.ST64, 0, BASE_SP, 0);
    em.emit(Op.ST64, 1, BASE_SP, 8);
    em.emit(Op.CALL, { sym: 'function', fn: main.symbol }, 2);
    em.emit(Op.ADJSP, 16);
    if (this.resolveFunction(this.exit) !== null) {
      em.emit(Op.SEXT32, 2, 2);
      em.emit(Op.ADJSP, -16);
      em.emit(Op.ST64, 2, BASE_SP, 0);
      em.emit(Op.CALL, { sym: 'function', fn: this.exit }, NO_DEST);
    }
    em.emit(Op.TRAP, 2);
    return { name: '_start', code: em, origin: 'start', address: 0 };
  }

  // 3 and 4. Layout and encoding.

  private layout(start: TextFunction): Program {
    const user = this.text.filter((f) => f !== start && f.origin === 'user');
    const libc = this.text.filter((f) => f !== start && f.origin === 'libc');
    const ordered = [...user, ...libc, ...this.stubs.values(), start];
    let cursor = LAYOUT.textBase;
    for (const f of ordered) {
      f.address = cursor;
      cursor += f.code.size;
    }
    const textEnd = cursor;
    const sections = { rodata: [] as DataObject[], data: [] as DataObject[], bss: [] as DataObject[] };
    for (const o of this.objectOrder) {
      o.section = o.readOnly ? 'rodata' : o.image.zero ? 'bss' : 'data';
      sections[o.section].push(o);
    }
    const place = (list: DataObject[], base: number): number => {
      let at = base;
      for (const o of list) {
        at = alignTo(at, Math.min(16, alignOf(o.type)));
        o.address = at;
        at += Math.max(1, sizeOf(o.type));
      }
      return at - base;
    };
    const rodataBase = alignTo(textEnd, LAYOUT.pageSize);
    const rodataSize = place(sections.rodata, rodataBase);
    const dataBase = alignTo(rodataBase + Math.max(rodataSize, 1), LAYOUT.pageSize);
    const dataSize = place(sections.data, dataBase);
    const bssBase = alignTo(dataBase + Math.max(dataSize, 1), LAYOUT.pageSize);
    const bssSize = place(sections.bss, bssBase);
    const objects = [...sections.rodata, ...sections.data, ...sections.bss];
    objects.forEach((o, i) => (o.index = i + 1));

    const textBytes: number[] = [];
    const functions: FunctionInfo[] = [];
    const lines: LineEntry[] = [];
    for (const f of ordered) {
      for (const ins of f.code.code) {
        const operands = ins.operands.map((x) => this.resolveOperand(x, f));
        encode({ op: ins.op, operands }, f.address + ins.offset, textBytes);
      }
      for (const l of f.code.lines) {
        lines.push({ address: f.address + l.offset, file: this.fileIndex(l.loc.file), line: l.loc.line, column: l.loc.column, isStatement: l.isStatement });
      }
      functions.push(this.functionInfo(f));
    }
    const rodata = this.sectionBytes(sections.rodata, rodataBase, rodataSize);
    const data = this.sectionBytes(sections.data, dataBase, dataSize);
    const relocations: { address: number; target: number }[] = [];
    for (const o of objects) {
      for (const r of o.image.relocations) relocations.push({ address: o.address + r.offset, target: this.targetIndex(r.target) });
    }
    return {
      version: 1,
      files: this.files,
      text: { address: LAYOUT.textBase, bytes: Uint8Array.from(textBytes) },
      rodata: { address: rodataBase, bytes: rodata },
      data: { address: dataBase, bytes: data },
      bss: { address: bssBase, size: bssSize },
      entry: start.address,
      functions,
      objects: objects.map((o) => this.objectInfo(o)),
      types: this.types.types,
      lines,
      natives: this.natives,
      pragmas: [...this.input.pragmas],
      warnings: [...this.input.warnings],
      relocations,
    };
  }

  private sectionBytes(list: DataObject[], base: number, size: number): Uint8Array {
    const out = new Uint8Array(size);
    const view = new DataView(out.buffer);
    for (const o of list) {
      out.set(o.image.bytes.subarray(0, sizeOf(o.type)), o.address - base);
      for (const r of o.image.relocations) {
        view.setBigUint64(o.address - base + r.offset, BigInt.asUintN(64, BigInt(this.targetAddress(r.target) + r.addend)), true);
      }
    }
    return out;
  }

  private fileIndex(file: string): number {
    let i = this.files.indexOf(file);
    if (i < 0) {
      this.files.push(file);
      i = this.files.length - 1;
    }
    return i;
  }

  private functionAddress(fn: FunctionSymbol): number {
    const r = this.resolveFunction(fn);
    if (r === null) return 0;
    if (typeof r === 'string') return this.stubs.get(r)?.address ?? 0;
    return this.textBySymbol.get(r)?.address ?? 0;
  }

  private objectOf(t: StaticTarget): DataObject | undefined {
    if (t.kind === 'func') return undefined;
    if (t.kind === 'string') return this.objects.get(t.literal);
    const v = this.resolveObject(t.variable);
    return v ? this.objects.get(v) : undefined;
  }

  private targetAddress(t: StaticTarget): number {
    if (t.kind === 'func') return this.functionAddress(t.fn);
    return this.objectOf(t)?.address ?? 0;
  }

  /** Program.relocations' target: the 1-based object index, or 0 for a function. */
  private targetIndex(t: StaticTarget): number {
    return this.objectOf(t)?.index ?? 0;
  }

  private resolveOperand(x: PendingOperand, f: TextFunction): Operand {
    if (typeof x === 'number' || typeof x === 'bigint') return x;
    switch (x.sym) {
      case 'label': return f.address + f.code.labelOffset(x.label);
      case 'function': return this.functionAddress(x.fn);
      case 'address': return this.targetAddress(x.target) + x.offset;
      case 'object': return this.targetIndex(x.target);
      default: {
        const never: never = x;
        return never;
      }
    }
  }

  private functionInfo(f: TextFunction): FunctionInfo {
    const g = f.generated;
    const fnType: FunctionType | undefined = f.symbol?.type;
    const loc = g?.def.loc ?? f.symbol?.loc ?? { file: this.input.mainFile, line: 0, column: 0 };
    const variables: VariableInfo[] = (g?.variables ?? []).map(({ variable, slot, scope }) => ({
      name: variable.name,
      type: this.types.id(variable.type),
      fpOffset: slot.fpOffset,
      size: sizeOf(variable.type),
      kind: variable.storage === 'param' ? 'param' : 'local',
      scopeStart: scope ? f.address + f.code.labelOffset(scope.start) : f.address,
      scopeEnd: scope ? f.address + f.code.labelOffset(scope.end) : f.address + f.code.size,
      file: this.fileIndex(variable.loc.file),
      line: variable.loc.line,
      column: variable.loc.column,
    }));
    const argBytes = g ? g.argBytes : fnType ? fnType.params.reduce((n, p) => n + 8 * argumentSlots(p), 0) : 16;
    return {
      name: f.name,
      address: f.address,
      size: f.code.size,
      nregs: g ? g.nregs : 3,
      frameSize: g ? g.frameSize : f.origin === 'start' ? 8 : 0,
      argBytes,
      variadic: fnType?.variadic ?? false,
      type: fnType ? this.types.id(fnType) : this.types.id({ kind: 'function', returns: { kind: 'void' }, params: [], variadic: false, prototyped: true }),
      variables,
      origin: f.origin,
      ...(f.native !== undefined ? { native: f.native } : {}),
      file: this.fileIndex(loc.file),
      line: loc.line,
      endLine: g ? g.def.endLoc.line : loc.line,
      isStatic: f.symbol?.isStatic ?? false,
    };
  }

  private objectInfo(o: DataObject): StaticObject {
    return {
      name: o.name,
      address: o.address,
      size: sizeOf(o.type),
      type: this.types.id(o.type),
      section: o.section,
      kind: o.kind,
      ...(o.function !== undefined ? { function: o.function } : {}),
      file: this.fileIndex(o.loc.file),
      line: o.loc.line,
      isStatic: o.isStatic,
    };
  }
}
