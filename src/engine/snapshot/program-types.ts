// The debug information's types (Program.types, plain JSON) as the compiler's own `Type` values, so the
// views, the pointer verdicts and the debugger's expression evaluator reason about C types with the
// same table of sizes, layouts, promotions and spellings the compiler used (lang/types.ts).
//
// How it works. Each TypeInfo is converted once per program and cached (a WeakMap keyed by the Program).
// Structs, unions and enums get their shared definition object before their members are converted, so a
// struct that points to itself terminates. TypeInfo keeps typedef names and qualifiers only in its `name`
// ("size_t", "const char"), so they are read back from there: a name that is not the canonical spelling
// of the converted type becomes its `alias`, a leading `const`/`volatile` its qualifiers.

import type { Program, TypeId, TypeInfo } from '../program';
import type { SourceLocation } from '../diagnostics';
import { VOID, typeName, type EnumDef, type IntRank, type RecordDef, type Type } from '../lang/types';

const NOWHERE: SourceLocation = { file: '<debug info>', line: 0, column: 0 };

/** The program's types as compiler types, with the typedef names and record tags a C expression may use. */
export interface ProgramTypes {
  /** The compiler type of a TypeId (void for an unknown id). */
  type(id: TypeId): Type;
  /** Typedef names seen in the debug information, with the type each stands for. */
  readonly typedefs: ReadonlyMap<string, Type>;
  /** struct/union/enum tags with their types. */
  readonly tags: ReadonlyMap<string, Type>;
}

const cache = new WeakMap<Program, ProgramTypes>();

export function programTypes(program: Program): ProgramTypes {
  let known = cache.get(program);
  if (!known) {
    known = convertAll(program.types);
    cache.set(program, known);
  }
  return known;
}

function convertAll(infos: readonly TypeInfo[]): ProgramTypes {
  const done = new Map<TypeId, Type>();
  const typedefs = new Map<string, Type>();
  const tags = new Map<string, Type>();
  // A record first met through a typedef is named by it ("Node"); a pointer or array spelled with the
  // tag ("struct node *") still tells its tag.
  const tagOf = new Map<TypeId, string>();
  for (const info of infos) {
    const inner = info.kind === 'pointer' ? info.to : info.kind === 'array' ? info.of : -1;
    const m = /^(?:(?:const|volatile) )*(?:struct|union|enum) (\w+)/.exec(info.name);
    if (m && inner >= 0) tagOf.set(inner, m[1]!);
  }

  const convert = (id: TypeId): Type => {
    const known = done.get(id);
    if (known) return known;
    const info = infos[id];
    if (!info) return VOID;
    const { bare, isConst, isVolatile } = qualifiers(info.name);
    const q = { ...(isConst ? { isConst } : {}), ...(isVolatile ? { isVolatile } : {}) };
    let t: Type;
    switch (info.kind) {
      case 'void':
        t = { kind: 'void', ...q };
        break;
      case 'int':
        t = { kind: 'int', rank: intRank(info.size, bare, info.bool === true), signed: info.signed, ...(bare === 'char' ? { plainChar: true } : {}), ...q };
        break;
      case 'float':
        t = { kind: 'float', size: info.size, ...q };
        break;
      case 'pointer': {
        // A const pointer is spelled "T * const": its qualifiers follow the star.
        const pq = /\*\s*const\s*$/.test(info.name) ? { isConst: true } : {};
        const p: { kind: 'pointer'; to: Type; isConst?: boolean } = { kind: 'pointer', to: VOID, ...pq };
        done.set(id, p);
        p.to = convert(info.to);
        return p;
      }
      case 'array':
        t = { kind: 'array', of: convert(info.of), length: info.size === 0 && info.length === 0 ? null : info.length };
        break;
      case 'struct':
      case 'union': {
        const tag = bare.startsWith(`${info.kind} `) ? bare.slice(info.kind.length + 1) : (tagOf.get(id) ?? null);
        const def: RecordDef = { kind: info.kind, tag: tag === '<anonymous>' ? null : tag, members: [], size: info.size, align: info.align, flexible: false, loc: NOWHERE };
        const named = bare.startsWith(`${info.kind} `);
        const r: Type = { kind: info.kind, def, ...q, ...(named ? {} : { alias: bare }) };
        done.set(id, r);
        def.members = info.fields.map((f) => ({ name: f.name === '' ? null : f.name, type: convert(f.type), offset: f.offset, loc: NOWHERE }));
        if (def.tag) tags.set(def.tag, { kind: info.kind, def });
        if (!named) typedefs.set(bare, r);
        return r;
      }
      case 'enum': {
        const tag = bare.startsWith('enum ') ? bare.slice(5) : null;
        const def: EnumDef = { tag: tag === '<anonymous>' ? null : tag, constants: info.constants.map((c) => ({ ...c })), complete: true, signed: info.constants.some((c) => c.value < 0) };
        t = { kind: 'enum', def, ...q };
        if (def.tag) tags.set(def.tag, { kind: 'enum', def });
        break;
      }
      case 'function':
        t = { kind: 'function', returns: convert(info.returns), params: info.params.map(convert), variadic: info.variadic, prototyped: true };
        break;
      default: {
        const never: never = info;
        return never;
      }
    }
    // A typedef name: the spelling is not the one the type's structure gives.
    if (info.kind !== 'array' && info.kind !== 'function' && typeName({ ...t, isConst: undefined, isVolatile: undefined } as Type) !== bare && /^[A-Za-z_]\w*$/.test(bare)) {
      t = { ...t, alias: bare };
      typedefs.set(bare, t);
    }
    done.set(id, t);
    return t;
  };

  for (let id = 0; id < infos.length; id++) convert(id);
  return { type: (id) => convert(id), typedefs, tags };
}

function qualifiers(name: string): { bare: string; isConst: boolean; isVolatile: boolean } {
  let bare = name;
  let isConst = false;
  let isVolatile = false;
  for (;;) {
    if (bare.startsWith('const ')) {
      isConst = true;
      bare = bare.slice(6);
    } else if (bare.startsWith('volatile ')) {
      isVolatile = true;
      bare = bare.slice(9);
    } else return { bare, isConst, isVolatile };
  }
}

function intRank(size: number, name: string, bool: boolean): IntRank {
  if (bool) return 'bool';
  switch (size) {
    case 1:
      return 'char';
    case 2:
      return 'short';
    case 4:
      return 'int';
    default:
      return /long long/.test(name) ? 'llong' : 'long';
  }
}
