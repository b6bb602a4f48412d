// Parsing of statements and blocks.
//
// How it works. Each statement function reads one statement and returns its node; loops and switches
// count their nesting in the function context so `break`/`continue` outside them are diagnosed, and a
// switch collects its `case` labels (with duplicate detection) while its body is parsed. A block opens a
// scope and a `BlockScope` that the locals declared in it point to, so the code generator can give each
// variable the text range of its block. After a syntax error, parsing resumes at the next `;` or `}`.

import type { SourceLocation } from '../diagnostics';
import type { BlockScope, Expr, Stmt } from './ast';
import { constInt, convertConstant } from './check-const';
import { assignConvert } from './check-assign';
import { convert, errorExpr, requireScalar, rvalue } from './check-expr';
import { describeBefore, headerHint, type Parser } from './parse';
import { parseLocalDeclaration, parseStaticAssert } from './parse-decl';
import { parseExpression } from './parse-expr';
import { isInteger, promote, unqualified } from './types';

/** compound-statement = "{" (declaration | statement)* "}" — the caller has not consumed the "{". */
export function parseCompoundBody(p: Parser, newScope: boolean): Stmt & { kind: 'block' } {
  const loc = p.loc();
  p.expect('{');
  const scope: BlockScope = { loc };
  const outer = p.block;
  p.block = scope;
  if (newScope) p.pushScope();
  const items: Stmt[] = [];
  while (!p.is('}') && !p.atEnd()) {
    const before = p.pos;
    items.push(...blockItem(p));
    p.recover();
    if (p.pos === before && !p.is('}')) p.next();
  }
  const endLoc = p.loc();
  if (!p.accept('}')) p.syntaxError(p.loc(), `expected '}' ${describeBefore(p.tok)}`, 'a block opened with { was never closed');
  if (newScope) p.popScope();
  p.block = outer;
  return { kind: 'block', items, scope, endLoc, loc };
}

/** block-item = declaration | static-assert | statement */
function blockItem(p: Parser): Stmt[] {
  if (p.is('_Static_assert')) {
    parseStaticAssert(p);
    return [];
  }
  if (p.isTypeName() && !p.isAt(1, ':')) return parseLocalDeclaration(p);
  if (p.isIdentifier() && p.isIdentifier(p.peek(1)) && !p.lookup(p.tok.text)) {
    // `name other …` where name is not declared: a declaration with a misspelled or missing type.
    p.error(p.loc(), `unknown type name '${p.tok.text}'`, { code: 'undeclared', hint: headerHint(p, p.tok.text) });
    p.next();
    return parseLocalDeclaration(p);
  }
  return [parseStatement(p)];
}

/** A statement, with the nesting depth bounded. */
export function parseStatement(p: Parser): Stmt {
  const loc = p.loc();
  if (!p.enter()) {
    skipToEnd(p);
    return { kind: 'empty', loc };
  }
  try {
    return statement(p, loc);
  } finally {
    p.leave();
  }
}

function skipToEnd(p: Parser): void {
  while (!p.atEnd()) p.next();
}

function statement(p: Parser, loc: SourceLocation): Stmt {
  const t = p.tok;
  if (t.kind === 'punct') {
    if (t.text === '{') return parseCompoundBody(p, true);
    if (t.text === ';') {
      p.next();
      return { kind: 'empty', loc };
    }
  }
  if (t.kind === 'ident') {
    switch (t.text) {
      case 'if': return ifStatement(p, loc);
      case 'while': return whileStatement(p, loc);
      case 'do': return doStatement(p, loc);
      case 'for': return forStatement(p, loc);
      case 'switch': return switchStatement(p, loc);
      case 'case':
      case 'default': return caseLabel(p, loc);
      case 'break':
      case 'continue': return jump(p, loc, t.text);
      case 'return': return returnStatement(p, loc);
      case 'goto': return gotoStatement(p, loc);
      case 'asm':
      case '__asm':
      case '__asm__':
        if (inlineAssembly(p)) return { kind: 'empty', loc };
        break;
      default:
        if (p.isIdentifier() && p.isAt(1, ':')) return labeled(p, loc);
    }
  }
  return expressionStatement(p, loc);
}

/** `asm("…")` (or `asm volatile (…)`): reported as outside Mini C and skipped; false if `asm` is a name. */
export function inlineAssembly(p: Parser): boolean {
  const next = p.peek(1);
  if (!(next.kind === 'punct' && next.text === '(') && !(next.kind === 'ident' && /^(__)?volatile(__)?$/.test(next.text))) return false;
  p.error(p.loc(), 'inline assembly is not supported in Mini C', { code: 'unsupported', hint: 'memscope runs its own instruction set, not x86 assembly' });
  while (!p.is(';') && !p.is('}') && !p.atEnd()) p.next();
  p.accept(';');
  return true;
}

/** expression-statement = expression? ";" */
function expressionStatement(p: Parser, loc: SourceLocation): Stmt {
  const e = parseExpression(p);
  if (!p.accept(';')) {
    p.missingSemicolon(`expected ';' after expression`, `add ';' at the end of the statement (before ${describeBefore(p.tok).replace(/^before /, '')})`);
  } else if (e.kind !== 'error' && !hasEffect(e)) {
    p.warning(e.loc, 'statement with no effect', { code: 'unused-value' });
  }
  return { kind: 'expr', expr: e, loc };
}

/** True if evaluating `e` can change something (a call, an assignment, ++/--, or a void cast). */
function hasEffect(e: Expr): boolean {
  switch (e.kind) {
    case 'call':
    case 'assign':
    case 'op-assign':
    case 'ptr-assign':
    case 'incdec':
    case 'va-start':
    case 'va-arg':
    case 'error':
      return true;
    case 'cast': return e.type.kind === 'void' || hasEffect(e.operand);
    case 'comma': return hasEffect(e.rhs) || hasEffect(e.lhs);
    case 'cond': return hasEffect(e.then) || hasEffect(e.else) || hasEffect(e.cond);
    case 'logical': return hasEffect(e.rhs) || hasEffect(e.lhs);
    case 'compound-literal': return true;
    default: return false;
  }
}

/** The controlling expression of if/while/do/for: a scalar; warns on `if (x = y)` as gcc does. */
function condition(p: Parser, e: Expr, what: string): Expr {
  if (e.kind === 'assign' && !e.parenthesized) {
    p.warning(e.loc, 'suggest parentheses around assignment used as truth value', { code: 'parentheses', hint: 'did you mean == ? If the assignment is intended, write it in a second pair of parentheses' });
  }
  return requireScalar(p, e, what);
}

function parenthesizedCondition(p: Parser, what: string): Expr {
  p.expect('(');
  const e = condition(p, parseExpression(p), what);
  p.expect(')');
  return e;
}

/** if-statement = "if" "(" expression ")" statement ("else" statement)? */
function ifStatement(p: Parser, loc: SourceLocation): Stmt {
  p.next();
  const cond = parenthesizedCondition(p, 'condition of if');
  const then = parseStatement(p);
  if (p.accept('else')) return { kind: 'if', cond, then, else: parseStatement(p), loc };
  return { kind: 'if', cond, then, loc };
}

function loopBody(p: Parser): Stmt {
  const f = p.fn!;
  f.breakDepth++;
  f.continueDepth++;
  const body = parseStatement(p);
  f.breakDepth--;
  f.continueDepth--;
  return body;
}

/** while-statement = "while" "(" expression ")" statement */
function whileStatement(p: Parser, loc: SourceLocation): Stmt {
  p.next();
  const cond = parenthesizedCondition(p, 'condition of while');
  return { kind: 'while', cond, body: loopBody(p), loc };
}

/** do-statement = "do" statement "while" "(" expression ")" ";" */
function doStatement(p: Parser, loc: SourceLocation): Stmt {
  p.next();
  const body = loopBody(p);
  const condLoc = p.loc();
  if (!p.expect('while')) return { kind: 'do', body, cond: errorExpr(condLoc), condLoc, loc };
  const cond = parenthesizedCondition(p, 'condition of do-while');
  p.expect(';');
  return { kind: 'do', body, cond, condLoc, loc };
}

/** for-statement = "for" "(" (declaration | expression? ";") expression? ";" expression? ")" statement */
function forStatement(p: Parser, loc: SourceLocation): Stmt {
  p.next();
  p.expect('(');
  const scope: BlockScope = { loc };
  const outer = p.block;
  p.block = scope;
  p.pushScope();
  let init: Stmt | undefined;
  if (p.isTypeName()) {
    const decls = parseLocalDeclaration(p);
    const initLoc = decls[0]?.loc ?? loc;
    init = decls.length === 1 ? decls[0] : { kind: 'block', items: decls, scope, endLoc: initLoc, loc: initLoc };
  } else if (!p.accept(';')) {
    const e = parseExpression(p);
    init = { kind: 'expr', expr: e, loc: e.loc };
    p.expect(';');
  }
  let cond: Expr | undefined;
  if (!p.is(';')) cond = condition(p, parseExpression(p), 'condition of for');
  p.expect(';');
  let step: Expr | undefined;
  if (!p.is(')')) step = parseExpression(p);
  p.expect(')');
  const body = loopBody(p);
  const endLoc = p.afterPrevious();
  p.popScope();
  p.block = outer;
  return { kind: 'for', init, cond, step, body, scope, endLoc, loc };
}

/** switch-statement = "switch" "(" expression ")" statement */
function switchStatement(p: Parser, loc: SourceLocation): Stmt {
  p.next();
  p.expect('(');
  let e = rvalue(parseExpression(p));
  p.expect(')');
  if (e.kind !== 'error' && !isInteger(e.type)) {
    p.error(e.loc, 'switch quantity not an integer', { code: 'type' });
    e = { kind: 'error', loc: e.loc, type: e.type };
  }
  const type = e.kind === 'error' ? e.type : promote(unqualified(e.type));
  const expr = convert(e, type);
  const f = p.fn!;
  const ctx = { type, cases: [] as { value: bigint; label: Stmt & { kind: 'case' } }[], defaultCase: undefined as (Stmt & { kind: 'case' }) | undefined };
  f.switches.push(ctx);
  f.breakDepth++;
  const body = parseStatement(p);
  f.breakDepth--;
  f.switches.pop();
  return { kind: 'switch', expr, body, cases: ctx.cases, defaultCase: ctx.defaultCase, loc };
}

/** labeled-statement = "case" constant-expression ":" statement | "default" ":" statement */
function caseLabel(p: Parser, loc: SourceLocation): Stmt {
  const isDefault = p.next().text === 'default';
  let value: bigint | null = null;
  if (!isDefault) {
    const e = parseExpression(p);
    if (p.is('...')) {
      p.error(p.loc(), 'case ranges are a GNU extension, not supported in Mini C', { code: 'unsupported', hint: 'write one case label per value' });
      p.next();
      parseExpression(p);
    }
    const v = constInt(e);
    if (e.kind !== 'error') {
      if (v === null || !isInteger(e.type)) p.error(e.loc, 'case label does not reduce to an integer constant', { code: 'constant' });
      else value = v;
    }
  }
  p.expect(':');
  // The label is registered before its statement is parsed, so `case 1: case 2:` keep source order.
  const node: { kind: 'case'; body: Stmt; isDefault: boolean; loc: SourceLocation } = { kind: 'case', body: { kind: 'empty', loc }, isDefault, loc };
  const sw = p.fn!.switches[p.fn!.switches.length - 1];
  if (!sw) {
    p.error(loc, isDefault ? "'default' label not within a switch statement" : 'case label not within a switch statement', { code: 'syntax' });
  } else if (isDefault) {
    if (sw.defaultCase) p.error(loc, 'multiple default labels in one switch', { code: 'duplicate-case' });
    else sw.defaultCase = node;
  } else if (value !== null) {
    const converted = convertConstant(value, sw.type) as bigint;
    if (sw.cases.some((c) => c.value === converted)) p.error(loc, 'duplicate case value', { code: 'duplicate-case' });
    else sw.cases.push({ value: converted, label: node });
  }
  node.body = labelTarget(p);
  return sw ? node : node.body;
}

/** The statement after a label; in C11 a declaration cannot follow a label directly. */
function labelTarget(p: Parser): Stmt {
  const loc = p.loc();
  if (p.is('}')) {
    p.error(loc, 'label at end of compound statement', { code: 'syntax', hint: "add ';' after the label" });
    return { kind: 'empty', loc };
  }
  if (p.isTypeName() && !p.isAt(1, ':')) {
    p.error(loc, 'a label can only be part of a statement and a declaration is not a statement', { code: 'syntax', hint: 'put the declaration in braces { … } after the label, or add ";" after the label' });
    const decls = parseLocalDeclaration(p);
    return { kind: 'block', items: decls, scope: { loc }, endLoc: loc, loc };
  }
  return parseStatement(p);
}

/** jump-statement = "break" ";" | "continue" ";" */
function jump(p: Parser, loc: SourceLocation, word: string): Stmt {
  p.next();
  const f = p.fn!;
  if (word === 'break' && f.breakDepth === 0) p.error(loc, 'break statement not within loop or switch', { code: 'syntax' });
  if (word === 'continue' && f.continueDepth === 0) p.error(loc, 'continue statement not within a loop', { code: 'syntax' });
  p.expect(';');
  return word === 'break' ? { kind: 'break', loc } : { kind: 'continue', loc };
}

/** return-statement = "return" expression? ";" */
function returnStatement(p: Parser, loc: SourceLocation): Stmt {
  p.next();
  const f = p.fn!;
  const returns = unqualified(f.symbol.type.returns);
  if (p.accept(';')) {
    if (returns.kind !== 'void') p.error(loc, "'return' with no value, in function returning non-void", { code: 'return-type', hint: `'${f.symbol.name}' must return a value` });
    return { kind: 'return', loc };
  }
  const e = parseExpression(p);
  p.expect(';');
  if (e.kind === 'error') return { kind: 'return', value: e, loc };
  if (returns.kind === 'void') {
    if (e.type.kind !== 'void') p.error(e.loc, "'return' with a value, in function returning void", { code: 'return-type' });
    return { kind: 'return', value: e, loc };
  }
  const value = assignConvert(p, e, returns, { kind: 'return' });
  if (returnsLocalAddress(value)) p.warning(e.loc, 'function returns address of local variable', { code: 'return-local-addr', hint: 'the variable dies when the function returns, so the pointer dangles' });
  return { kind: 'return', value, loc };
}

/** True for `&local`, `local_array`, `&local.field`, `local_array + n` (the frame dies at return). */
function returnsLocalAddress(e: Expr): boolean {
  switch (e.kind) {
    case 'cast': return e.type.kind === 'pointer' && returnsLocalAddress(e.operand);
    case 'ptr-add': return returnsLocalAddress(e.pointer);
    case 'addr':
    case 'decay': return isLocalObject(e.operand);
    default: return false;
  }
}

function isLocalObject(e: Expr): boolean {
  if (e.kind === 'var') return e.variable.storage === 'local' || e.variable.storage === 'param';
  if (e.kind === 'compound-literal') return e.variable.storage === 'local';
  if (e.kind === 'member') return isLocalObject(e.base);
  if (e.kind === 'deref' && e.pointer.kind === 'ptr-add') return e.pointer.pointer.kind === 'decay' && isLocalObject(e.pointer.pointer.operand);
  return false;
}

/** goto-statement = "goto" identifier ";" */
function gotoStatement(p: Parser, loc: SourceLocation): Stmt {
  p.next();
  if (p.is('*')) {
    p.error(p.loc(), 'computed goto is a GNU extension, not supported in Mini C', { code: 'unsupported' });
    p.recover();
    return { kind: 'empty', loc };
  }
  if (!p.isIdentifier()) {
    p.syntaxError(p.loc(), `expected identifier ${describeBefore(p.tok)}`);
    return { kind: 'empty', loc };
  }
  const name = p.next().text;
  p.expect(';');
  p.fn!.gotos.push({ name, loc });
  return { kind: 'goto', label: name, loc };
}

/** labeled-statement = identifier ":" statement */
function labeled(p: Parser, loc: SourceLocation): Stmt {
  const name = p.next().text;
  p.next(); // :
  const f = p.fn!;
  if (f.labels.has(name)) p.error(loc, `duplicate label '${name}'`, { code: 'label' });
  else f.labels.set(name, loc);
  return { kind: 'label', name, body: labelTarget(p), loc };
}
