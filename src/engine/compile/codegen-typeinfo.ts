// The Program's table of types (program.ts TypeInfo): every C type the debug information mentions, as
// plain JSON, each once.
//
// How it works. A type's key is built from its kind and the ids of its parts (so `int *` and a typedef
// of it that prints differently are distinct entries, and two anonymous structs with the same spelling
// are not merged). Structs and unions are keyed by their definition object and get their id before their
// fields are filled in, so a struct that points to itself (`struct node *next`) terminates.

import type { FieldInfo, TypeId, TypeInfo } from '../program';
import { INT_SIZE, alignOf, sizeOf, typeName, type EnumDef, type RecordDef, type Type } from '../lang/types';

export class TypeTable {
  readonly types: TypeInfo[] = [];
  private readonly byKey = new Map<string, TypeId>();
  private readonly byRecord = new Map<RecordDef, TypeId>();
  private readonly byEnum = new Map<EnumDef, TypeId>();

  id(t: Type): TypeId {
    const name = typeName(t);
    switch (t.kind) {
      case 'void': return this.intern(`v:${name}`, () => ({ kind: 'void', name }));
      case 'int': return this.intern(`i:${name}`, () => ({ kind: 'int', name, size: INT_SIZE[t.rank], signed: t.signed, ...(t.rank === 'bool' ? { bool: true as const } : {}) }));
      case 'float': return this.intern(`f:${name}`, () => ({ kind: 'float', name, size: t.size }));
      case 'pointer': {
        const to = this.id(t.to);
        return this.intern(`p:${name}:${to}`, () => ({ kind: 'pointer', name, size: 8, to }));
      }
      case 'array': {
        const of = this.id(t.of);
        return this.intern(`a:${name}:${of}:${t.length}`, () => ({ kind: 'array', name, size: sizeOf(t), of, length: t.length ?? 0 }));
      }
      case 'function': {
        const returns = this.id(t.returns);
        const params = t.params.map((p) => this.id(p));
        return this.intern(`F:${name}:${returns}:${params.join(',')}:${t.variadic}`, () => ({ kind: 'function', name, returns, params, variadic: t.variadic }));
      }
      case 'enum': {
        const known = this.byEnum.get(t.def);
        if (known !== undefined) return known;
        const id = this.push({ kind: 'enum', name, size: 4, constants: t.def.constants.map((c) => ({ ...c })) });
        this.byEnum.set(t.def, id);
        return id;
      }
      case 'struct':
      case 'union': {
        const known = this.byRecord.get(t.def);
        if (known !== undefined) return known;
        const fields: FieldInfo[] = [];
        const id = this.push({ kind: t.kind, name, size: sizeOf(t), align: alignOf(t), fields });
        this.byRecord.set(t.def, id);
        for (const m of t.def.members ?? []) fields.push({ name: m.name ?? '', type: this.id(m.type), offset: m.offset });
        return id;
      }
      default: {
        const never: never = t;
        return never;
      }
    }
  }

  private intern(key: string, make: () => TypeInfo): TypeId {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const id = this.push(make());
    this.byKey.set(key, id);
    return id;
  }

  private push(info: TypeInfo): TypeId {
    this.types.push(info);
    return this.types.length - 1;
  }
}
