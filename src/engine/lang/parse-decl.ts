// Parsing of declarations: file-scope declarations and function definitions, block-scope declarations,
// `_Static_assert`, and the rules that tie several declarations of one name together (prototypes,
// tentative definitions, `extern`, conflicting types, redefinitions).
//
// How it works. A declaration is declaration specifiers (parse-type.ts) followed by declarators; each
// declarator is entered into the current scope at once, so it is visible in its own initializer as C
// requires. At file scope, all declarations of a name share one symbol object whose type is completed
// as declarations come (`int a[];` then `int a[10];`). A function definition opens one scope for the
// parameters and the body, parses the body (parse-stmt.ts), then checks its labels and unused locals.

import type { SourceLocation } from '../diagnostics';
import type { FunctionDef, FunctionSymbol, Stmt, Variable } from './ast';
import { constInt } from './check-const';
import { parseInitializer } from './parse-init';
import { inlineAssembly, parseCompoundBody } from './parse-stmt';
import { parseConditional, skipBalanced } from './parse-expr';
import { describeBefore, headerHint, type FunctionContext, type Parser } from './parse';
import { declarationSpecifiers, declarator, parameterVariable, type DeclSpec, type Declarator } from './parse-type';
import { CHAR, arrayOf, compatible, compatibleUnqualified, isComplete, isRecord, quoteType, unqualified, withQualifiers, type FunctionType, type Type } from './types';

/** external-declaration = function-definition | declaration | static-assert | ";" */
export function parseExternalDeclaration(p: Parser): void {
  if (p.accept(';')) return;
  if (['asm', '__asm', '__asm__'].includes(p.tok.text) && inlineAssembly(p)) return;
  if (p.is('_Static_assert')) {
    parseStaticAssert(p);
    return;
  }
  if (!p.isTypeName()) {
    if (p.isIdentifier() && (p.isAt(1, '(') || p.isAt(1, '=') || p.isAt(1, ';') || p.isAt(1, ','))) {
      const t = p.tok;
      p.error(p.loc(), p.isAt(1, '(') ? `return type defaults to 'int'` : `type defaults to 'int' in declaration of '${t.text}'`, {
        code: 'implicit-int', hint: 'C11 requires a type: write e.g. int before the name',
      });
    } else if (p.isIdentifier() && p.peek(1).kind === 'ident') {
      p.error(p.loc(), `unknown type name '${p.tok.text}'`, { code: 'undeclared', hint: headerHint(p, p.tok.text) });
      p.next();
    } else {
      p.syntaxError(p.loc(), `expected identifier or '(' ${describeBefore(p.tok)}`);
      return;
    }
  }
  const spec = declarationSpecifiers(p, true);
  if (spec.storage === 'auto' || spec.storage === 'register') {
    p.error(spec.loc, `file-scope declaration specifies '${spec.storage}'`, { code: 'storage' });
  }
  if (p.accept(';')) {
    checkEmptyDeclaration(p, spec);
    return;
  }
  for (let first = true; ; first = false) {
    if (!first && !p.expect(',')) return;
    const d = declarator(p, spec.type, 'named');
    if (d.name === null) return;
    if (d.type.kind === 'function' && first && p.is('{')) {
      if (spec.storage === 'typedef') p.error(d.loc, 'function definition declared \'typedef\'', { code: 'storage' });
      parseFunctionDefinition(p, spec, d);
      return;
    }
    if (d.type.kind === 'function' && first && (p.isTypeName() || (d.identifierList && p.is('{')))) {
      if (!d.identifierList) p.error(p.loc(), 'old-style (K&R) function definitions are not supported in Mini C', { code: 'unsupported', hint: 'write each parameter with its type: int f(int a, int b)' });
      // The declarations of a K&R parameter list, then the body: skipped (the list was reported).
      while (!p.is('{') && !p.atEnd()) p.next();
      skipBalanced(p, '{', '}');
      return;
    }
    declareAtFileScope(p, spec, d);
    if (!p.is(',')) break;
  }
  expectDeclarationEnd(p);
}

/** The `;` after a declaration; gcc's message says a `,` would also do. */
function expectDeclarationEnd(p: Parser): void {
  if (p.accept(';')) return;
  p.missingSemicolon(`expected ',' or ';' ${describeBefore(p.tok)}`, "add ';' at the end of the declaration");
}

function checkEmptyDeclaration(p: Parser, spec: DeclSpec): void {
  const t = spec.type;
  if (!(isRecord(t) || t.kind === 'enum') || t.alias) p.warning(spec.loc, 'useless type name in empty declaration', { code: 'empty-declaration' });
}

/** A declaration at file scope: a typedef, a function prototype or a global object. */
function declareAtFileScope(p: Parser, spec: DeclSpec, d: Declarator): void {
  const name = d.name!;
  if (spec.storage === 'typedef') {
    declareTypedef(p, name, d.type, d.loc);
    if (p.is('=')) p.error(p.loc(), `typedef '${name}' is initialized`, { code: 'syntax' });
    return;
  }
  if (d.type.kind === 'function') {
    const fn = declareFunction(p, name, d.type, spec.storage === 'static', d.loc);
    if (!spec.isInline || spec.storage === 'extern') fn.externalDeclaration = true;
    if (p.is('=')) p.error(p.loc(), `function '${name}' is initialized like a variable`, { code: 'syntax' });
    return;
  }
  const v = declareGlobal(p, name, d.type, spec, d.loc);
  if (!p.accept('=')) {
    if (spec.storage !== 'extern' && !isComplete(v.type) && !(v.type.kind === 'array' && v.type.length === null)) {
      p.error(d.loc, `storage size of '${name}' isn't known`, { code: 'incomplete' });
    }
    return;
  }
  if (spec.storage === 'extern') p.warning(d.loc, `'${name}' initialized and declared 'extern'`, { code: 'extern-init' });
  if (v.init) p.error(d.loc, `redefinition of '${name}'`, { code: 'redefinition' });
  const r = parseInitializer(p, v.type, true);
  v.type = r.type;
  v.init = r.init;
  v.defined = true;
}

export function declareTypedef(p: Parser, name: string, type: Type, loc: SourceLocation): void {
  const previous = p.scope.names.get(name);
  const aliased: Type = { ...type, alias: name };
  if (previous) {
    if (previous.kind !== 'typedef') p.error(loc, `'${name}' redeclared as different kind of symbol`, { code: 'redefinition' });
    else if (!compatible(unqualified(previous.type), unqualified(type)) || !!previous.type.isConst !== !!type.isConst) {
      p.error(loc, `conflicting types for '${name}'; have ${quoteType(type)}`, { code: 'redefinition' });
    }
    return;
  }
  p.scope.names.set(name, { kind: 'typedef', type: aliased });
}

/** Declares (or redeclares) a function at file scope, and makes it visible in the current scope. */
export function declareFunction(p: Parser, name: string, type: FunctionType, isStatic: boolean, loc: SourceLocation): FunctionSymbol {
  const file = p.fileScope();
  const previous = file.names.get(name);
  let fn: FunctionSymbol;
  if (previous && previous.kind === 'func') {
    fn = previous.fn;
    if (!compatibleUnqualified(fn.type, type)) {
      p.error(loc, `conflicting types for '${name}'; have ${quoteType(type)}`, { code: 'conflicting-types', hint: `an earlier declaration at line ${fn.loc.line} has type ${quoteType(fn.type)}` });
    } else if (!fn.type.prototyped && type.prototyped) {
      fn.type = type;
    }
    if (isStatic && !fn.isStatic) p.error(loc, `static declaration of '${name}' follows non-static declaration`, { code: 'redefinition' });
  } else {
    if (previous && p.scope === file) p.error(loc, `'${name}' redeclared as different kind of symbol`, { code: 'redefinition' });
    fn = { name, type, loc, isStatic, used: false };
    p.unit.functionSymbols.push(fn);
    if (!previous) file.names.set(name, { kind: 'func', fn });
  }
  if (p.scope !== file) p.scope.names.set(name, { kind: 'func', fn });
  return fn;
}

/** Declares a file-scope object, merging it with earlier declarations of the same name. */
function declareGlobal(p: Parser, name: string, type: Type, spec: DeclSpec, loc: SourceLocation): Variable {
  const file = p.fileScope();
  const previous = file.names.get(name);
  const isExtern = spec.storage === 'extern';
  if (previous && previous.kind === 'var') {
    const v = previous.variable;
    if (!compatible(v.type, type)) {
      p.error(loc, `conflicting types for '${name}'; have ${quoteType(type)}`, { code: 'conflicting-types', hint: `an earlier declaration at line ${v.loc.line} has type ${quoteType(v.type)}` });
    } else if (v.type.kind === 'array' && v.type.length === null && type.kind === 'array') {
      v.type = type;
    }
    if (spec.storage === 'static' && !v.isStatic) p.error(loc, `static declaration of '${name}' follows non-static declaration`, { code: 'redefinition' });
    if (!isExtern) v.defined = true;
    if (p.scope !== file) p.scope.names.set(name, previous);
    return v;
  }
  if (previous) p.error(loc, `'${name}' redeclared as different kind of symbol`, { code: 'redefinition' });
  if (type.kind === 'void') p.error(loc, `variable or field '${name}' declared void`, { code: 'type' });
  const v: Variable = { name, type, loc, storage: 'global', isStatic: spec.storage === 'static', defined: !isExtern, used: false };
  p.unit.globals.push(v);
  if (!previous) file.names.set(name, { kind: 'var', variable: v });
  if (p.scope !== file) p.scope.names.set(name, { kind: 'var', variable: v });
  return v;
}

/** function-definition = declaration-specifiers declarator compound-statement */
function parseFunctionDefinition(p: Parser, spec: DeclSpec, d: Declarator): void {
  const name = d.name!;
  const type = d.type as FunctionType;
  if (!spec.hasType) p.error(spec.loc, "return type defaults to 'int'", { code: 'implicit-int' });
  const fn = declareFunction(p, name, type, spec.storage === 'static', d.loc);
  if (spec.isInline) fn.inline = true;
  if (!spec.isInline || spec.storage === 'extern') fn.externalDeclaration = true;
  if (fn.def) p.error(d.loc, `redefinition of '${name}'`, { code: 'redefinition', hint: `'${name}' is already defined at line ${fn.def.loc.line}` });
  const returns = unqualified(type.returns);
  if (returns.kind !== 'void' && !isComplete(returns)) p.error(d.loc, `return type is an incomplete type`, { code: 'incomplete' });
  if (name === 'main') checkMain(p, type, d.loc);
  // The definition's type is the one in force inside the body (it has the parameter names).
  fn.type = type;
  const ctx: FunctionContext = {
    symbol: fn, locals: [], labels: new Map(), gotos: [], switches: [], breakDepth: 0, continueDepth: 0,
    reportedUndeclared: new Set(),
  };
  p.fn = ctx;
  p.pushScope();
  const params: Variable[] = [];
  (d.params ?? []).forEach((pd, i) => {
    if (pd.name === null) {
      p.error(pd.loc, 'parameter name omitted', { code: 'syntax' });
      return;
    }
    if (!isComplete(pd.type)) p.error(pd.loc, `parameter ${i + 1} ('${pd.name}') has incomplete type`, { code: 'incomplete' });
    if (p.scope.names.has(pd.name)) p.error(pd.loc, `redefinition of parameter '${pd.name}'`, { code: 'redefinition' });
    const v = parameterVariable(pd);
    params.push(v);
    p.scope.names.set(pd.name, { kind: 'var', variable: v });
  });
  const body = parseCompoundBody(p, false);
  p.popScope();
  p.fn = null;
  for (const g of ctx.gotos) {
    if (!ctx.labels.has(g.name)) p.error(g.loc, `label '${g.name}' used but not defined`, { code: 'label' });
  }
  for (const [label, at] of ctx.labels) {
    if (!ctx.gotos.some((g) => g.name === label)) p.warning(at, `label '${label}' defined but not used`, { code: 'unused-label' });
  }
  if (p.options.origin === 'user') {
    const statics = p.unit.statics.filter((v) => v.function === name);
    for (const v of [...ctx.locals, ...statics]) {
      if (!v.used && !v.anonymous) p.warning(v.loc, `unused variable '${v.name}'`, { code: 'unused-variable' });
      const flow = v.flow;
      if (flow && !flow.assigned && !flow.escaped && flow.reads.length > 0 && v.type.kind !== 'array') {
        p.warning(flow.reads[0]!, `'${v.name}' is used uninitialized`, { code: 'uninitialized', hint: `give '${v.name}' a value before reading it` });
      }
      if (flow && v.used && flow.reads.length === 0 && !flow.escaped && !flow.measured && v.type.kind !== 'array') {
        p.warning(v.loc, `variable '${v.name}' set but not used`, { code: 'unused-but-set-variable' });
      }
    }
  }
  const def: FunctionDef = { symbol: fn, params, locals: ctx.locals, body, loc: d.loc, endLoc: body.endLoc, variadic: type.variadic };
  fn.def = def;
  p.unit.functions.push(def);
}

function checkMain(p: Parser, type: FunctionType, loc: SourceLocation): void {
  const returns = unqualified(type.returns);
  if (returns.kind !== 'int' || returns.rank !== 'int' || !returns.signed) {
    p.error(loc, "return type of 'main' is not 'int'", { code: 'main' });
  }
  const n = type.params.length;
  if (n !== 0 && n !== 2) {
    p.error(loc, "'main' takes either no arguments or two (int argc, char **argv) in Mini C", { code: 'main' });
  }
}

/**
 * A declaration in a block: returns one statement per declared object (so each gets its line entry and
 * its initializer runs in order), or nothing for typedefs, prototypes and statics.
 *
 * declaration = declaration-specifiers (init-declarator ("," init-declarator)*)? ";"
 * init-declarator = declarator ("=" initializer)?
 */
export function parseLocalDeclaration(p: Parser): Stmt[] {
  const spec = declarationSpecifiers(p, true);
  const out: Stmt[] = [];
  if (p.accept(';')) {
    checkEmptyDeclaration(p, spec);
    return out;
  }
  for (let first = true; ; first = false) {
    if (!first && !p.expect(',')) return out;
    const d = declarator(p, spec.type, 'named');
    if (d.name === null) return out;
    const s = declareLocal(p, spec, d);
    if (s) out.push(s);
    if (!p.is(',')) break;
  }
  expectDeclarationEnd(p);
  return out;
}

function declareLocal(p: Parser, spec: DeclSpec, d: Declarator): Stmt | null {
  const name = d.name!;
  const fnCtx = p.fn!;
  if (spec.storage === 'typedef') {
    declareTypedef(p, name, d.type, d.loc);
    return null;
  }
  if (d.type.kind === 'function') {
    if (spec.storage === 'static') p.error(d.loc, `invalid storage class for function '${name}'`, { code: 'storage' });
    declareFunction(p, name, d.type, false, d.loc);
    return null;
  }
  if (spec.storage === 'extern') {
    declareGlobal(p, name, d.type, spec, d.loc);
    if (p.is('=')) p.error(p.loc(), `'${name}' has both 'extern' and initializer`, { code: 'extern-init' });
    return null;
  }
  const previous = p.scope.names.get(name);
  if (previous) {
    p.error(d.loc, previous.kind === 'var' ? `redeclaration of '${name}' with no linkage` : `'${name}' redeclared as different kind of symbol`, { code: 'redefinition' });
  }
  if (d.type.kind === 'void') {
    p.error(d.loc, `variable or field '${name}' declared void`, { code: 'type' });
    return null;
  }
  if (spec.storage === 'static') {
    const v: Variable = { name, type: d.type, loc: d.loc, storage: 'static-local', isStatic: true, defined: true, used: false, function: fnCtx.symbol.name };
    p.scope.names.set(name, { kind: 'var', variable: v });
    p.unit.statics.push(v);
    if (p.accept('=')) {
      const r = parseInitializer(p, v.type, true);
      v.type = r.type;
      v.init = r.init;
    }
    if (!isComplete(v.type)) p.error(d.loc, `storage size of '${name}' isn't known`, { code: 'incomplete' });
    return null;
  }
  const v: Variable = {
    name, type: d.type, loc: d.loc, storage: 'local', isStatic: false, defined: true, used: false, scope: p.block ?? undefined,
    flow: { reads: [], assigned: p.is('='), escaped: false, measured: false },
    ...(spec.storage === 'register' ? { register: true } : {}),
  };
  p.scope.names.set(name, { kind: 'var', variable: v });
  fnCtx.locals.push(v);
  if (!p.accept('=')) {
    if (!isComplete(v.type)) p.error(d.loc, `storage size of '${name}' isn't known`, { code: 'incomplete' });
    return { kind: 'decl', variable: v, loc: d.loc };
  }
  const r = parseInitializer(p, v.type, false);
  v.type = r.type;
  if (!isComplete(v.type)) p.error(d.loc, `storage size of '${name}' isn't known`, { code: 'incomplete' });
  return { kind: 'decl', variable: v, init: r.init, loc: d.loc };
}

/** static-assert = "_Static_assert" "(" constant-expression ("," string-literal)? ")" ";" */
export function parseStaticAssert(p: Parser): void {
  const loc = p.loc();
  p.next();
  if (!p.expect('(')) return;
  const e = parseConditional(p);
  let message = '';
  if (p.accept(',')) {
    while (p.tok.kind === 'string') message += p.next().text;
    if (!message) p.syntaxError(p.loc(), `expected string literal ${describeBefore(p.tok)}`);
  }
  p.expect(')');
  p.expect(';');
  const v = constInt(e);
  if (e.kind === 'error') return;
  if (v === null) p.error(e.loc, 'expression in static assertion is not an integer constant expression', { code: 'constant' });
  else if (v === 0n) p.error(loc, message ? `static assertion failed: ${message}` : 'static assertion failed', { code: 'static-assert' });
}

/** The `__func__` of the function being parsed: a `static const char[]` holding its name. */
export function funcName(p: Parser): { bytes: Uint8Array; type: Type } | null {
  if (!p.fn) return null;
  const bytes = new TextEncoder().encode(p.fn.symbol.name + '\0');
  return { bytes, type: arrayOf(withQualifiers(CHAR, { isConst: true }), bytes.length) };
}
