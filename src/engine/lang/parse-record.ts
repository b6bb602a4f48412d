// Parsing of struct, union and enum specifiers: tags and their scopes, member declarations (with
// anonymous members, flexible array members and duplicate detection), and enumerators.
//
// How it works. A tag names a shared definition object (types.ts RecordDef/EnumDef) in the scope where it
// is declared: `struct s;` or a first use creates an incomplete one, and the body completes that same
// object, so every earlier `struct s *` sees the members. Enumerators are entered in the ordinary name
// space as integer constants as soon as they are read, so later enumerators can use them.

import type { SourceLocation } from '../diagnostics';
import { constInt } from './check-const';
import { parseStaticAssert } from './parse-decl';
import { parseConditional } from './parse-expr';
import { describeBefore, type Parser } from './parse';
import { declarationSpecifiers, declarator } from './parse-type';
import { INT, isComplete, isRecord, layoutRecord, type EnumDef, type EnumType, type RecordDef, type RecordType, type Type } from './types';

/** struct-union-specifier = ident? ("{" struct-declaration* "}")? */
export function recordSpecifier(p: Parser, kind: 'struct' | 'union'): Type {
  let tag: string | null = null;
  const loc = p.loc();
  if (p.isIdentifier()) tag = p.next().text;
  if (tag === null && !p.is('{')) {
    p.syntaxError(p.loc(), `expected '{' ${describeBefore(p.tok)}`);
    return INT;
  }
  if (!p.is('{')) {
    // A use (or a forward declaration `struct S;`, handled by the caller's scope rules).
    // `struct S;` alone declares S in this scope (hiding an outer S); any other use finds the visible S.
    const found = p.is(';') ? p.scope.tags.get(tag!) : p.lookupTag(tag!);
    if (found) {
      if (found.kind !== kind) {
        p.error(loc, `'${tag}' defined as wrong kind of tag`, { code: 'tag' });
        return INT;
      }
      return found;
    }
    const def: RecordDef = { kind, tag, members: null, size: 0, align: 1, flexible: false, loc };
    const t: RecordType = { kind, def };
    p.scope.tags.set(tag!, t);
    return t;
  }
  // A definition: complete a tag declared in this same scope, or make a new one.
  let t: RecordType;
  const existing = tag !== null ? p.scope.tags.get(tag) : undefined;
  if (existing && existing.kind === kind && existing.def.members === null) {
    t = existing;
  } else {
    if (existing) {
      p.error(loc, existing.kind !== kind ? `'${tag}' defined as wrong kind of tag` : `redefinition of '${kind} ${tag}'`, { code: 'redefinition' });
    }
    t = { kind, def: { kind, tag, members: null, size: 0, align: 1, flexible: false, loc } };
    if (tag !== null) p.scope.tags.set(tag, t);
  }
  p.next(); // {
  const members = structDeclarations(p, kind);
  layoutRecord(t.def, members);
  return t;
}

/** struct-declaration = declaration-specifiers (declarator ("," declarator)*)? ";" | static-assert */
function structDeclarations(p: Parser, kind: 'struct' | 'union'): { name: string | null; type: Type; loc: SourceLocation }[] {
  const members: { name: string | null; type: Type; loc: SourceLocation }[] = [];
  const names = new Set<string>();
  const add = (name: string | null, type: Type, loc: SourceLocation): void => {
    if (name !== null) {
      if (names.has(name)) p.error(loc, `duplicate member '${name}'`, { code: 'redefinition' });
      names.add(name);
    } else if (isRecord(type)) {
      for (const m of type.def.members ?? []) if (m.name !== null) names.add(m.name);
    }
    members.push({ name, type, loc });
  };
  while (!p.is('}') && !p.atEnd()) {
    if (p.is('_Static_assert')) {
      parseStaticAssert(p);
      p.recover();
      continue;
    }
    const before = p.pos;
    if (!p.isTypeName()) {
      p.syntaxError(p.loc(), `expected specifier-qualifier-list ${describeBefore(p.tok)}`);
      p.recover();
      if (p.pos === before) p.next();
      continue;
    }
    const spec = declarationSpecifiers(p, false);
    if (p.accept(';')) {
      // An anonymous struct or union member (C11).
      if (isRecord(spec.type) && spec.type.def.tag === null) add(null, spec.type, spec.loc);
      else p.warning(spec.loc, 'declaration does not declare anything', { code: 'empty-declaration' });
      continue;
    }
    for (let first = true; ; first = false) {
      if (!first && !p.expect(',')) break;
      const d = declarator(p, spec.type, 'named');
      if (p.is(':')) {
        p.error(p.loc(), 'bit-fields are not supported in Mini C', { code: 'unsupported', hint: 'use a whole integer member and masks (&, |, <<) instead' });
        p.next();
        parseConditional(p);
      }
      const name = d.name ?? '';
      if (d.type.kind === 'function') {
        p.error(d.loc, `field '${name}' declared as a function`, { code: 'type' });
        add(d.name, INT, d.loc);
      } else if (!isComplete(d.type)) {
        // Only the last member of a struct may be an array of unknown size (a flexible array member).
        const flexible = kind === 'struct' && d.type.kind === 'array' && d.type.length === null && p.is(';') && p.isAt(1, '}') && members.length > 0;
        if (!flexible) p.error(d.loc, `field '${name}' has incomplete type`, { code: 'incomplete' });
        add(d.name, flexible ? d.type : INT, d.loc);
      } else {
        add(d.name, d.type, d.loc);
      }
      if (!p.is(',')) break;
    }
    p.expect(';');
    p.recover();
  }
  if (members.length === 0) p.warning(p.loc(), `${kind} has no members`, { code: 'pedantic' });
  p.expect('}');
  return members;
}

/**
 * enum-specifier = ident? "{" enumerator ("," enumerator)* ","? "}" | ident
 * enumerator     = ident ("=" constant-expression)?
 */
export function enumSpecifier(p: Parser): Type {
  let tag: string | null = null;
  const loc = p.loc();
  if (p.isIdentifier()) tag = p.next().text;
  if (!p.is('{')) {
    if (tag === null) {
      p.syntaxError(p.loc(), `expected '{' ${describeBefore(p.tok)}`);
      return INT;
    }
    const found = p.lookupTag(tag);
    if (found) {
      if (found.kind !== 'enum') p.error(loc, `'${tag}' defined as wrong kind of tag`, { code: 'tag' });
      return found;
    }
    p.error(loc, `use of enum '${tag}' without previous declaration`, { code: 'incomplete', hint: 'Mini C needs the enum defined (with its constants) before it is used' });
    return INT;
  }
  const def: EnumDef = { tag, constants: [], complete: false, signed: false };
  const t: EnumType = { kind: 'enum', def };
  if (tag !== null) {
    if (p.scope.tags.has(tag)) p.error(loc, `redefinition of 'enum ${tag}'`, { code: 'redefinition' });
    p.scope.tags.set(tag, t);
  }
  p.next(); // {
  let value = 0n;
  while (!p.is('}') && !p.atEnd()) {
    if (!p.isIdentifier()) {
      p.syntaxError(p.loc(), `expected identifier ${describeBefore(p.tok)}`);
      break;
    }
    const nameTok = p.next();
    const name = nameTok.text;
    const nameLoc = p.loc(nameTok);
    if (p.accept('=')) {
      const e = parseConditional(p);
      const v = constInt(e);
      if (v === null) {
        if (e.kind !== 'error') p.error(e.loc, `enumerator value for '${name}' is not an integer constant`, { code: 'constant' });
      } else value = v;
    }
    if (value < -(2n ** 31n) || value > 2n ** 31n - 1n) {
      p.error(nameLoc, `ISO C restricts enumerator values to range of 'int'`, { code: 'constant' });
      value = 0n;
    }
    const previous = p.scope.names.get(name);
    if (previous) p.error(nameLoc, `redeclaration of enumerator '${name}'`, { code: 'redefinition' });
    p.scope.names.set(name, { kind: 'enum-const', value: Number(value), type: t, loc: nameLoc });
    def.constants.push({ name, value: Number(value) });
    if (value < 0n) def.signed = true;
    value++;
    if (!p.accept(',')) break;
  }
  p.expect('}');
  def.complete = true;
  return t;
}
