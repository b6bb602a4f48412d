// Parsing of expressions, from the comma operator down to primary expressions, with C's precedence.
//
// How it works. Each grammar level is a function with its production above it, except the ten levels
// of left-associative binary operators, which share `binaryLevel` and the precedence table BINARY_LEVELS
// (loosest first). Every node is built through check-expr.ts, so it is typed, converted and folded as
// soon as it is parsed. The recursive levels (parentheses, unary operators, casts, ?:, assignments) count
// their nesting through Parser.enter so that deep input yields a diagnostic, not a stack overflow.

import type { SourceLocation } from '../diagnostics';
import type { ArithOp, CompareOp, Expr } from './ast';
import { assign, incDec, noteAssigned, opAssign } from './check-assign';
import {
  addressOf, binary, call, compare, comma, conditional, deref, errorExpr, explicitCast, functionRef, intConst, isLvalue,
  logical, member, rvalue, stringType, subscript, unary, variableRef,
} from './check-expr';
import { concatStrings, parseCharLiteral, parseNumberLiteral, parseStringLiteral } from './literals';
import { describeBefore, headerHint, type Parser } from './parse';
import { funcName } from './parse-decl';
import { parseInitializer } from './parse-init';
import { VA_LIST, sizeOfType, typeName } from './parse-type';
import {
  DOUBLE, FLOAT, INT, LLONG, LONG, UINT, ULLONG, ULONG, VOID, compatible, findMember, isComplete,
  isRecord, quoteType, sizeOf, unqualified, type Type,
} from './types';

/** expression = assignment ("," assignment)* */
export function parseExpression(p: Parser): Expr {
  let e = parseAssignment(p);
  let last = e;
  while (p.is(',')) {
    const loc = p.loc();
    p.next();
    const rhs = parseAssignment(p);
    if (last.kind !== 'error' && !hasSideEffect(last)) p.warning(loc, 'left-hand operand of comma expression has no effect', { code: 'unused-value' });
    e = comma(e, rhs, loc);
    last = rhs;
  }
  return e;
}

function hasSideEffect(e: Expr): boolean {
  return e.kind === 'call' || e.kind === 'assign' || e.kind === 'op-assign' || e.kind === 'ptr-assign' || e.kind === 'incdec'
    || e.kind === 'comma' || e.kind === 'va-start' || e.kind === 'va-arg' || (e.kind === 'cast' && (e.type.kind === 'void' || hasSideEffect(e.operand)))
    || e.kind === 'cond' || e.kind === 'logical';
}

const ASSIGN_OPS: Record<string, ArithOp | '='> = {
  '=': '=', '+=': '+', '-=': '-', '*=': '*', '/=': '/', '%=': '%', '&=': '&', '|=': '|', '^=': '^', '<<=': '<<', '>>=': '>>',
};

/** assignment = conditional (("=" | "+=" | "-=" | … | ">>=") assignment)? */
export function parseAssignment(p: Parser): Expr {
  const lhs = parseConditional(p);
  const t = p.tok;
  const op = t.kind === 'punct' ? ASSIGN_OPS[t.text] : undefined;
  if (!op) return lhs;
  const loc = p.loc();
  p.next();
  if (!p.enter()) return errorExpr(loc);
  const rhs = parseAssignment(p);
  p.leave();
  return op === '=' ? assign(p, lhs, rhs, loc) : opAssign(p, op, lhs, rhs, loc);
}

/** conditional = logical-or ("?" expression ":" conditional)? */
export function parseConditional(p: Parser): Expr {
  const c = binaryLevel(p, 1);
  if (!p.is('?')) return c;
  const loc = p.loc();
  p.next();
  if (!p.enter()) return errorExpr(loc);
  if (p.is(':')) {
    p.error(loc, "the '?:' operator with an omitted middle operand is a GNU extension, not supported in Mini C", { code: 'unsupported' });
  }
  const then = parseExpression(p);
  p.expect(':');
  const otherwise = parseConditional(p);
  p.leave();
  return conditional(p, c, then, otherwise, loc);
}

/**
 * The binary operators by precedence (higher binds tighter), all left-associative:
 *   logical-or "||" < logical-and "&&" < bit-or "|" < bit-xor "^" < bit-and "&" < equality "==" "!="
 *   < relational "<" "<=" ">" ">=" < shift "<<" ">>" < additive "+" "-" < multiplicative "*" "/" "%"
 * and below them comes cast. Each level is `level(n) = level(n+1) (op level(n+1))*`; they are parsed
 * by precedence climbing, so a parenthesis costs a few stack frames rather than one per level.
 */
const PRECEDENCE: Readonly<Record<string, number>> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

function binaryLevel(p: Parser, min: number): Expr {
  let lhs = parseCast(p);
  for (;;) {
    const t = p.tok;
    const prec = t.kind === 'punct' ? PRECEDENCE[t.text] : undefined;
    if (prec === undefined || prec < min) return lhs;
    const loc = p.loc();
    p.next();
    const rhs = binaryLevel(p, prec + 1);
    lhs = buildBinary(p, t.text, lhs, rhs, loc);
  }
}

function buildBinary(p: Parser, op: string, lhs: Expr, rhs: Expr, loc: SourceLocation): Expr {
  switch (op) {
    case '||':
    case '&&': return logical(p, op, lhs, rhs, loc);
    case '==': case '!=': case '<': case '<=': case '>': case '>=': return compare(p, op as CompareOp, lhs, rhs, loc);
    default: return binary(p, op as ArithOp, lhs, rhs, loc);
  }
}

/** True if `(` starts a type name here: `(int)x`, `(struct s){…}`. */
function startsTypeName(p: Parser): boolean {
  return p.is('(') && p.isTypeName(p.peek(1));
}

/** cast = "(" type-name ")" cast | unary */
export function parseCast(p: Parser): Expr {
  if (!startsTypeName(p)) return parseUnary(p);
  const loc = p.loc();
  p.next();
  const t = typeName(p);
  p.expect(')');
  if (p.is('{')) return postfixTail(p, compoundLiteral(p, t, loc));
  if (!p.enter()) return errorExpr(loc);
  const operand = parseCast(p);
  p.leave();
  return explicitCast(p, t, operand, loc);
}

/** compound-literal = "(" type-name ")" "{" initializer-list "}" — the type is already read. */
function compoundLiteral(p: Parser, t: Type, loc: SourceLocation): Expr {
  if (t.kind === 'function' || (!isComplete(t) && !(t.kind === 'array' && t.length === null))) {
    p.error(loc, 'compound literal has variable size or incomplete type', { code: 'type' });
  }
  const atFileScope = p.fn === null;
  const r = parseInitializer(p, t, atFileScope);
  const variable = {
    name: '(compound literal)', type: r.type, loc, storage: atFileScope ? 'global' as const : 'local' as const,
    isStatic: atFileScope, defined: true, used: true, anonymous: 'compound-literal' as const, init: atFileScope ? r.init : undefined,
    scope: p.block ?? undefined,
  };
  if (atFileScope) p.unit.statics.push(variable);
  else p.fn!.locals.push(variable);
  return { kind: 'compound-literal', variable, init: r.init, type: r.type, loc };
}

/**
 * unary = ("+" | "-" | "!" | "~" | "*" | "&") cast
 *       | ("++" | "--") unary
 *       | "sizeof" unary | "sizeof" "(" type-name ")"
 *       | "_Alignof" "(" type-name ")"
 *       | postfix
 */
function parseUnary(p: Parser): Expr {
  const t = p.tok;
  const loc = p.loc();
  const isOp = t.kind === 'punct' && ['+', '-', '!', '~', '*', '&', '++', '--'].includes(t.text);
  const isWord = t.kind === 'ident' && (t.text === 'sizeof' || t.text === '_Alignof' || t.text === '__alignof__');
  if (!isOp && !isWord) return parsePostfix(p);
  if (!p.enter()) return errorExpr(loc);
  try {
    p.next();
    switch (t.text) {
      case '+':
      case '-':
      case '!':
      case '~': return unary(p, t.text, parseCast(p), loc);
      case '*': return deref(p, parseCast(p), loc);
      case '&': return addressOf(p, parseCast(p), loc);
      case '++':
      case '--': return incDec(p, parseUnary(p), t.text === '++', true, loc);
      case 'sizeof': return sizeofExpr(p, loc);
      default: return alignofExpr(p, loc);
    }
  } finally {
    p.leave();
  }
}

function sizeofExpr(p: Parser, loc: SourceLocation): Expr {
  let t: Type;
  if (startsTypeName(p)) {
    const at = p.loc();
    p.next();
    const type = typeName(p);
    p.expect(')');
    t = p.is('{') ? postfixTail(p, compoundLiteral(p, type, at)).type : type;
  } else {
    p.unevaluated++;
    const e = parseUnary(p);
    p.unevaluated--;
    if (e.kind === 'error') return e;
    t = e.type;
  }
  if (t.kind === 'void') {
    p.error(loc, "invalid application of 'sizeof' to a void type", { code: 'type' });
    return errorExpr(loc);
  }
  const size = sizeOfType(p, t, loc, 'sizeof');
  return size === null ? errorExpr(loc) : intConst(BigInt(size), ULONG, loc);
}

function alignofExpr(p: Parser, loc: SourceLocation): Expr {
  if (!startsTypeName(p)) {
    p.error(loc, "'_Alignof' applied to an expression is a GNU extension, not supported in Mini C", { code: 'unsupported', hint: 'write _Alignof(type)' });
    parseUnary(p);
    return errorExpr(loc);
  }
  p.next();
  const t = typeName(p);
  p.expect(')');
  const align = sizeOfType(p, t, loc, '_Alignof');
  return align === null ? errorExpr(loc) : intConst(BigInt(align), ULONG, loc);
}

/** postfix = primary ("[" expression "]" | "(" arguments ")" | "." ident | "->" ident | "++" | "--")* */
function parsePostfix(p: Parser): Expr {
  return postfixTail(p, parsePrimary(p));
}

function postfixTail(p: Parser, first: Expr): Expr {
  let e = first;
  for (;;) {
    const loc = p.loc();
    if (p.is('[') || p.is('(')) {
      if (!p.enter()) return errorExpr(loc);
      if (p.accept('[')) {
        const index = parseExpression(p);
        p.expect(']');
        e = subscript(p, e, index, loc);
      } else {
        p.next();
        const args: Expr[] = [];
        while (!p.is(')') && !p.atEnd()) {
          if (args.length > 0 && !p.accept(',')) {
            p.syntaxError(p.loc(), `expected ')' ${describeBefore(p.tok)}`);
            break;
          }
          args.push(parseAssignment(p));
        }
        p.expect(')');
        e = call(p, e, args, e.loc);
      }
      p.leave();
    } else if (p.is('.') || p.is('->')) {
      const arrow = p.next().text === '->';
      if (!p.isIdentifier()) {
        p.syntaxError(p.loc(), `expected identifier ${describeBefore(p.tok)}`);
        return errorExpr(loc);
      }
      const name = p.next().text;
      e = member(p, e, name, arrow, loc);
    } else if (p.is('++') || p.is('--')) {
      const increment = p.next().text === '++';
      e = incDec(p, e, increment, false, loc);
    } else {
      return e;
    }
  }
}

/** The type of an integer or floating constant, from its suffix and value (literals.ts). */
const LITERAL_TYPES: Record<string, Type> = {
  'int': INT, 'unsigned int': UINT, 'long': LONG, 'unsigned long': ULONG, 'long long': LLONG, 'unsigned long long': ULLONG,
  'float': FLOAT, 'double': DOUBLE,
};

/**
 * primary = "(" expression ")" | identifier | constant | string-literal+ | "__func__"
 *         | "_Generic" "(" … ")" | builtin
 */
function parsePrimary(p: Parser): Expr {
  const t = p.tok;
  const loc = p.loc();
  switch (t.kind) {
    case 'number': {
      p.next();
      const n = parseNumberLiteral(t.text, loc, p.sink);
      if (!n) return errorExpr(loc);
      if (n.kind === 'integer') return intConst(n.value, LITERAL_TYPES[n.type]!, loc);
      if (n.type === 'long double') {
        p.error(loc, "'long double' is not supported in Mini C", { code: 'unsupported', hint: "drop the 'L' suffix" });
        return errorExpr(loc);
      }
      return { kind: 'float', value: n.value, type: LITERAL_TYPES[n.type]!, loc };
    }
    case 'char': {
      p.next();
      const c = parseCharLiteral(t.text, loc, p.sink);
      return c ? intConst(BigInt(c.value), INT, loc) : errorExpr(loc);
    }
    case 'string': return stringLiteral(p);
    case 'punct':
      if (t.text === '(') return parenthesized(p, loc);
      break;
    case 'ident': return identifier(p, loc);
    case 'eof':
      break;
    default: {
      const never: never = t.kind;
      return never;
    }
  }
  p.syntaxError(loc, `expected expression ${describeBefore(t)}`);
  return errorExpr(loc);
}

/** string-literal+ : adjacent literals are one array. */
function stringLiteral(p: Parser): Expr {
  const loc = p.loc();
  const parts: Uint8Array[] = [];
  let ok = true;
  while (p.tok.kind === 'string') {
    const t = p.next();
    const bytes = parseStringLiteral(t.text, p.loc(t), p.sink);
    if (bytes) parts.push(bytes);
    else ok = false;
  }
  if (!ok) return errorExpr(loc);
  const bytes = concatStrings([...parts, new Uint8Array(1)]);
  return { kind: 'string', literal: p.stringLiteral(bytes, loc), type: stringType(bytes.length), loc };
}

function parenthesized(p: Parser, loc: SourceLocation): Expr {
  p.next();
  if (p.is('{')) {
    p.error(loc, 'statement expressions are a GNU extension, not supported in Mini C', { code: 'unsupported', hint: 'write the statements before the expression and use a variable' });
    skipBalanced(p, '{', '}');
    p.accept(')');
    return errorExpr(loc);
  }
  if (!p.enter()) return errorExpr(loc);
  const e = parseExpression(p);
  p.leave();
  p.expect(')');
  if (e.kind !== 'error') e.parenthesized = true;
  return e;
}

/** Skips a bracketed group starting at `open` (the current token), nested groups included. */
export function skipBalanced(p: Parser, open: string, close: string): void {
  let depth = 0;
  do {
    if (p.is(open)) depth++;
    else if (p.is(close)) depth--;
    p.next();
  } while (depth > 0 && !p.atEnd());
}

function identifier(p: Parser, loc: SourceLocation): Expr {
  const name = p.tok.text;
  switch (name) {
    case '__func__':
    case '__FUNCTION__': {
      p.next();
      const f = funcName(p);
      if (!f) {
        p.error(loc, "'__func__' is not defined outside of function scope", { code: 'undeclared' });
        return errorExpr(loc);
      }
      return { kind: 'string', literal: p.stringLiteral(f.bytes, loc), type: f.type, loc };
    }
    case '__builtin_va_start':
    case '__builtin_va_arg':
    case '__builtin_va_end':
    case '__builtin_va_copy': return vaBuiltin(p, loc, name);
    case '__builtin_offsetof': return offsetofBuiltin(p, loc);
    case '_Generic': return genericSelection(p, loc);
    default:
      break;
  }
  if (!p.isIdentifier()) {
    p.syntaxError(loc, `expected expression ${describeBefore(p.tok)}`);
    return errorExpr(loc);
  }
  p.next();
  const found = p.lookup(name);
  if (found) {
    switch (found.kind) {
      case 'var': return variableRef(found.variable, loc, p.unevaluated === 0);
      case 'func': return functionRef(found.fn, loc);
      case 'enum-const': return intConst(BigInt(found.value), INT, loc);
      case 'typedef':
        p.syntaxError(loc, `expected expression before '${name}'`);
        return errorExpr(loc);
      default: {
        const never: never = found;
        return never;
      }
    }
  }
  undeclared(p, name, loc);
  return errorExpr(loc);
}

function undeclared(p: Parser, name: string, loc: SourceLocation): void {
  const reported = p.fn?.reportedUndeclared;
  if (reported?.has(name)) return;
  reported?.add(name);
  if (p.is('(')) {
    const header = p.options.headerOf?.(name);
    p.error(loc, `implicit declaration of function '${name}'`, {
      code: 'implicit-declaration', length: name.length,
      hint: header ? `include '<${header}>' or provide a declaration of '${name}'` : `declare '${name}' (or define it) before this use`,
    });
    return;
  }
  const where = p.fn ? ' (first use in this function)' : ' here (not in a function)';
  p.error(loc, `'${name}' undeclared${where}`, { code: 'undeclared', length: name.length, hint: headerHint(p, name) });
}

/** The variadic-argument builtins that <stdarg.h>'s macros expand to. */
function vaBuiltin(p: Parser, loc: SourceLocation, name: string): Expr {
  p.next();
  if (!p.expect('(')) return errorExpr(loc);
  const list = parseAssignment(p);
  let result: Expr = errorExpr(loc);
  const listOk = checkVaList(p, list, name);
  switch (name) {
    case '__builtin_va_start': {
      p.expect(',');
      parseAssignment(p);
      if (p.fn && !p.fn.symbol.type.variadic) p.error(loc, "'va_start' used in function with fixed arguments", { code: 'va' });
      else if (listOk) {
        noteAssigned(list);
        result = { kind: 'va-start', list, type: VOID, loc };
      }
      break;
    }
    case '__builtin_va_arg': {
      p.expect(',');
      const t = typeName(p);
      const u = unqualified(t);
      if (!isComplete(u)) p.error(loc, `second argument to 'va_arg' is of incomplete type ${quoteType(u)}`, { code: 'va' });
      else if ((u.kind === 'int' && sizeOf(u) < 4) || (u.kind === 'float' && u.size === 4)) {
        const promoted = u.kind === 'float' ? 'double' : 'int';
        p.error(loc, `type is promoted to '${promoted}' when passed through '...'`, { code: 'va', hint: `use va_arg(ap, ${promoted}) and convert the result` });
      } else if (listOk) result = { kind: 'va-arg', list, type: u, loc };
      break;
    }
    case '__builtin_va_end':
      if (listOk) result = { kind: 'cast', operand: rvalue(list), type: VOID, loc };
      break;
    default: {
      p.expect(',');
      const src = parseAssignment(p);
      if (listOk && checkVaList(p, src, name)) {
        const a = assign(p, list, src, loc);
        result = a.kind === 'error' ? a : { kind: 'cast', operand: a, type: VOID, loc };
      }
    }
  }
  p.expect(')');
  return result;
}

function checkVaList(p: Parser, e: Expr, name: string): boolean {
  if (e.kind === 'error') return false;
  if (!isLvalue(e) || !compatible(unqualified(e.type), unqualified(VA_LIST))) {
    p.error(e.loc, `first argument to '${name.replace('__builtin_', '')}' not of type 'va_list'`, { code: 'va' });
    return false;
  }
  return true;
}

/** offsetof = "__builtin_offsetof" "(" type-name "," identifier ("." identifier | "[" expr "]")* ")" */
function offsetofBuiltin(p: Parser, loc: SourceLocation): Expr {
  p.next();
  if (!p.expect('(')) return errorExpr(loc);
  let t = typeName(p);
  p.expect(',');
  let offset = 0;
  let ok = true;
  for (let first = true; ; first = false) {
    if (!first && p.accept('[')) {
      const e = parseExpression(p);
      p.expect(']');
      if (t.kind !== 'array' || e.kind !== 'int') {
        p.error(e.loc, 'offsetof needs a constant index into an array member', { code: 'type' });
        ok = false;
        break;
      }
      offset += Number(e.value) * sizeOf(t.of);
      t = t.of;
      continue;
    }
    if (!first && !p.accept('.')) break;
    if (!p.isIdentifier()) {
      p.syntaxError(p.loc(), `expected identifier ${describeBefore(p.tok)}`);
      return errorExpr(loc);
    }
    const nameTok = p.next();
    if (!isRecord(t) || t.def.members === null) {
      p.error(p.loc(nameTok), `request for member '${nameTok.text}' in something not a structure or union`, { code: 'type' });
      ok = false;
      break;
    }
    const m = findMember(t.def, nameTok.text);
    if (!m) {
      p.error(p.loc(nameTok), `'${t.kind} ${t.def.tag ?? '<anonymous>'}' has no member named '${nameTok.text}'`, { code: 'member' });
      ok = false;
      break;
    }
    offset += m.offset;
    t = m.type;
  }
  p.expect(')');
  return ok ? intConst(BigInt(offset), ULONG, loc) : errorExpr(loc);
}

/** generic-selection = "_Generic" "(" assignment ("," (type-name | "default") ":" assignment)+ ")" */
function genericSelection(p: Parser, loc: SourceLocation): Expr {
  p.next();
  if (!p.expect('(')) return errorExpr(loc);
  const control = parseAssignment(p);
  const type = unqualified(rvalue(control).type);
  let chosen: Expr | null = null;
  let fallback: Expr | null = null;
  while (p.accept(',')) {
    const isDefault = p.accept('default');
    const t = isDefault ? null : typeName(p);
    p.expect(':');
    const e = parseAssignment(p);
    if (isDefault) fallback = e;
    else if (t && chosen === null && compatible(unqualified(t), type)) chosen = e;
  }
  p.expect(')');
  const result = chosen ?? fallback;
  if (!result) {
    if (control.kind !== 'error') p.error(loc, `'_Generic' selector of type '${type.kind}' is not compatible with any association`, { code: 'type' });
    return errorExpr(loc);
  }
  return result;
}
