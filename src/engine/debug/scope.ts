// The names a C expression typed in the debugger can use at a stop, as the compiler's parser sees them:
// a Scope (lang/parse.ts) filled from the debug information, and the address of every variable in it.
//
// How it works. The file scope holds the program's own globals, every function (so `&f` and function
// pointers compare), the typedef names and struct/union/enum tags of the debug types, the enum
// constants, and the macros a watch expression commonly uses (NULL, true, false), which the debugger has
// no preprocessor for. The frame's scope holds the function's static locals, its parameters and the
// locals whose block contains the frame's pc; when blocks nest, the innermost declaration wins, as in C.
// Each Variable the parser resolves maps back to an address through `addresses`. The file scope is
// built once per program (it never changes while the program runs); the frame's scope at each call.

import type { Machine } from '../machine/machine';
import type { Program } from '../program';
import type { FrameInfo } from '../machine/frames';
import type { SourceLocation } from '../diagnostics';
import type { FunctionSymbol, Variable } from '../lang/ast';
import type { Ordinary, Scope } from '../lang/parse';
import type { EnumType, FunctionType, Type } from '../lang/types';
import { programTypes } from '../snapshot/program-types';

export interface ExpressionScope {
  readonly scope: Scope;
  /** Where each variable of the scope lives. */
  readonly addresses: ReadonlyMap<Variable, number>;
}

const HERE: SourceLocation = { file: '<expression>', line: 1, column: 1 };
const MACRO_CONSTANTS: Readonly<Record<string, number>> = { NULL: 0, true: 1, false: 0 };
const CONSTANT_TYPE: EnumType = { kind: 'enum', def: { tag: null, constants: [], complete: true, signed: true } };

function variable(name: string, type: Type, storage: Variable['storage']): Variable {
  return { name, type, loc: HERE, storage, isStatic: storage === 'static-local', defined: true, used: true };
}

const fileScopes = new WeakMap<Program, ExpressionScope>();

/** The program's file scope, built once per program: it never changes while the program runs. */
function fileScopeOf(program: Program): ExpressionScope {
  const known = fileScopes.get(program);
  if (known) return known;
  const types = programTypes(program);
  const addresses = new Map<Variable, number>();
  const names = new Map<string, Ordinary>();
  const tags = new Map<string, Extract<Type, { kind: 'struct' | 'union' | 'enum' }>>();

  for (const [name, value] of Object.entries(MACRO_CONSTANTS)) names.set(name, { kind: 'enum-const', value, type: CONSTANT_TYPE, loc: HERE });
  for (const [name, type] of types.typedefs) names.set(name, { kind: 'typedef', type });
  for (const [tag, type] of types.tags) {
    if (type.kind === 'struct' || type.kind === 'union' || type.kind === 'enum') tags.set(tag, type);
    if (type.kind === 'enum') for (const c of type.def.constants) names.set(c.name, { kind: 'enum-const', value: c.value, type, loc: HERE });
  }
  for (const fn of program.functions) {
    if (fn.origin === 'start') continue;
    const type = types.type(fn.type);
    if (type.kind !== 'function') continue;
    const symbol: FunctionSymbol = { name: fn.name, type: type as FunctionType, loc: HERE, isStatic: fn.isStatic, used: true };
    if (!names.has(fn.name) || fn.origin === 'user') names.set(fn.name, { kind: 'func', fn: symbol });
  }
  for (const o of program.objects) {
    if (o.kind !== 'global' || (program.files[o.file] ?? '').startsWith('<')) continue;
    const v = variable(o.name, types.type(o.type), 'global');
    addresses.set(v, o.address);
    names.set(o.name, { kind: 'var', variable: v });
  }
  const scope: ExpressionScope = { scope: { parent: null, names, tags: tags as Scope['tags'] }, addresses };
  fileScopes.set(program, scope);
  return scope;
}

/** The scope of a frame of the running process (or only the file scope without a frame). */
export function expressionScope(machine: Machine, frame?: FrameInfo): ExpressionScope {
  const program = machine.program;
  const types = programTypes(program);
  const file = fileScopeOf(program);
  const fileScope = file.scope;
  const addresses = new Map(file.addresses);

  // A fresh innermost scope every time: whatever the parser declares (a new struct tag in a cast)
  // must not stay in the cached file scope.
  const local = new Map<string, Ordinary>();
  const fn = frame ? program.functions[frame.functionIndex] : undefined;
  if (!frame || !fn || fn.origin === 'native') return { scope: { parent: fileScope, names: local, tags: new Map() }, addresses };
  for (const o of program.objects) {
    if (o.kind !== 'static-local' || o.function !== fn.name) continue;
    const v = variable(o.name, types.type(o.type), 'static-local');
    addresses.set(v, o.address);
    local.set(o.name, { kind: 'var', variable: v });
  }
  // Before its ENTER a function's fp is not set yet; it will be sp - 8 (docs/abi.md), where its parameters already are.
  const fp = frame.fp ?? frame.sp - 8;
  const pc = frame.site.pc;
  const visible = fn.variables
    .filter((v) => v.kind === 'param' || (pc >= v.scopeStart && pc < v.scopeEnd))
    // Wider scopes first, so a nested block's declaration replaces an outer one of the same name.
    .sort((a, b) => b.scopeEnd - b.scopeStart - (a.scopeEnd - a.scopeStart));
  for (const info of visible) {
    const v = variable(info.name, types.type(info.type), info.kind === 'param' ? 'param' : 'local');
    addresses.set(v, fp + info.fpOffset);
    local.set(info.name, { kind: 'var', variable: v });
  }
  return { scope: { parent: fileScope, names: local, tags: new Map() }, addresses };
}
