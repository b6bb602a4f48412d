// Prints typed syntax trees as compact S-expressions so parser tests can state the expected shape in
// one readable line: `(+ (var a) (* (var b) 2))`. Implicit conversions show as `(cast T x)`, array decay
// as `(decay x)`, so a test also pins where the parser inserted them.

import type { Expr, InitItem, Stmt } from '../../../src/engine/lang/ast';
import { typeName } from '../../../src/engine/lang/types';

export function sexpr(e: Expr): string {
  switch (e.kind) {
    case 'int': return String(e.value);
    case 'float': return String(e.value);
    case 'string': return JSON.stringify(new TextDecoder().decode(e.literal.bytes.subarray(0, -1)));
    case 'var': return e.variable.name;
    case 'func': return e.fn.name;
    case 'arith':
    case 'compare':
    case 'logical': return `(${e.op} ${sexpr(e.lhs)} ${sexpr(e.rhs)})`;
    case 'ptr-add': return `(ptr${e.negate ? '-' : '+'} ${sexpr(e.pointer)} ${sexpr(e.index)} *${e.scale})`;
    case 'ptr-diff': return `(ptrdiff ${sexpr(e.lhs)} ${sexpr(e.rhs)} /${e.scale})`;
    case 'not': return `(! ${sexpr(e.operand)})`;
    case 'neg': return `(- ${sexpr(e.operand)})`;
    case 'bitnot': return `(~ ${sexpr(e.operand)})`;
    case 'cast': return `(cast ${typeName(e.type)} ${sexpr(e.operand)})`;
    case 'decay': return `(decay ${sexpr(e.operand)})`;
    case 'addr': return `(& ${sexpr(e.operand)})`;
    case 'deref': return `(* ${sexpr(e.pointer)})`;
    case 'member': return `(. ${sexpr(e.base)} ${e.member.name ?? '?'})`;
    case 'assign': return `(= ${sexpr(e.target)} ${sexpr(e.value)})`;
    case 'op-assign': return `(${e.op}= ${sexpr(e.target)} ${sexpr(e.value)})`;
    case 'ptr-assign': return `(ptr${e.negate ? '-' : '+'}= ${sexpr(e.target)} ${sexpr(e.index)} *${e.scale})`;
    case 'incdec': return `(${e.prefix ? 'pre' : 'post'}${e.increment ? '++' : '--'} ${sexpr(e.target)})`;
    case 'cond': return `(? ${sexpr(e.cond)} ${sexpr(e.then)} ${sexpr(e.else)})`;
    case 'comma': return `(, ${sexpr(e.lhs)} ${sexpr(e.rhs)})`;
    case 'call': return `(call ${sexpr(e.callee)}${e.args.map((a) => ' ' + sexpr(a)).join('')})`;
    case 'compound-literal': return `(literal ${typeName(e.type)} ${items(e.init.items)})`;
    case 'va-start': return `(va_start ${sexpr(e.list)})`;
    case 'va-arg': return `(va_arg ${sexpr(e.list)} ${typeName(e.type)})`;
    case 'error': return '(error)';
    default: {
      const never: never = e;
      return never;
    }
  }
}

export function items(list: readonly InitItem[]): string {
  return '[' + list.map((i) => (i.kind === 'expr' ? `${i.offset}:${sexpr(i.expr)}` : `${i.offset}:bytes${i.count}`)).join(' ') + ']';
}

export function stmtSexpr(s: Stmt): string {
  switch (s.kind) {
    case 'expr': return sexpr(s.expr);
    case 'decl': return `(decl ${s.variable.name}${s.init ? ' ' + items(s.init.items) : ''})`;
    case 'block': return `{${s.items.map((x) => ' ' + stmtSexpr(x)).join('')} }`;
    case 'if': return `(if ${sexpr(s.cond)} ${stmtSexpr(s.then)}${s.else ? ' ' + stmtSexpr(s.else) : ''})`;
    case 'while': return `(while ${sexpr(s.cond)} ${stmtSexpr(s.body)})`;
    case 'do': return `(do ${stmtSexpr(s.body)} ${sexpr(s.cond)})`;
    case 'for': return `(for ${s.init ? stmtSexpr(s.init) : '_'} ${s.cond ? sexpr(s.cond) : '_'} ${s.step ? sexpr(s.step) : '_'} ${stmtSexpr(s.body)})`;
    case 'switch': return `(switch ${sexpr(s.expr)} ${stmtSexpr(s.body)})`;
    case 'case': return `(${s.isDefault ? 'default' : 'case'} ${stmtSexpr(s.body)})`;
    case 'break': return '(break)';
    case 'continue': return '(continue)';
    case 'return': return s.value ? `(return ${sexpr(s.value)})` : '(return)';
    case 'goto': return `(goto ${s.label})`;
    case 'label': return `(label ${s.name} ${stmtSexpr(s.body)})`;
    case 'empty': return '(empty)';
    default: {
      const never: never = s;
      return never;
    }
  }
}
