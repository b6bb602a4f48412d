// The typed syntax tree of a Mini C translation unit: what the parser produces and the code generator reads.
//
// How it works. The parser types every expression as it builds it (as chibicc's add_type does, but at
// construction), so each node carries its C type and its source location, and every implicit conversion
// is an explicit `cast` node: the code generator never has to apply C's conversion rules itself. Operands
// of `arith` and `compare` already have their common type; an array used as a value is wrapped in `decay`;
// `p + n` is `ptr-add` with the element size. Declarations are resolved to symbol objects (`Variable`,
// `FunctionSymbol`) shared by every use, so the code generator and the linker attach addresses to them.

import type { SourceLocation } from '../diagnostics';
import type { FunctionType, Member, Type } from './types';

/** How a translation unit came into the program (FunctionInfo.origin of its functions). */
export type Origin = 'user' | 'libc';

/** An object: a parameter, a local, a global or a static local, or an unnamed compound literal. */
export interface Variable {
  readonly name: string;
  type: Type;
  readonly loc: SourceLocation;
  readonly storage: 'param' | 'local' | 'global' | 'static-local';
  /** Internal linkage for a global (`static int x;`); always true for static locals. */
  readonly isStatic: boolean;
  /** For a global: true once a definition (with or without initializer, not `extern`) was seen. */
  defined: boolean;
  /** For a global or static local: its initializer (absent means zero-initialized). */
  init?: Initialization;
  /** Set when an expression names the variable (for the unused-variable warning). */
  used: boolean;
  /** Static locals: the function they belong to. */
  readonly function?: string;
  /** Unnamed objects the compiler creates: compound literals and struct-return temporaries. */
  readonly anonymous?: 'compound-literal' | 'temporary';
  /** Locals: the block scope they live in, as a text range of statements (for scope ranges). */
  scope?: BlockScope;
  /** Locals: how the function uses the variable, for the used-uninitialized warning. */
  flow?: VariableFlow;
  /** Declared `register`: its address may not be taken (C11 6.5.3.2p1). */
  register?: boolean;
}

/**
 * The uses of a local, flow-insensitively: reads (references that are not the target of a plain
 * assignment), whether anything ever assigns it, and whether its address escapes.
 */
export interface VariableFlow {
  readonly reads: SourceLocation[];
  assigned: boolean;
  escaped: boolean;
  /** Named inside sizeof or _Alignof: not a read, but not "set but not used" either. */
  measured: boolean;
}

/** A function, declared or defined. One per name and translation unit, shared by every use. */
export interface FunctionSymbol {
  readonly name: string;
  type: FunctionType;
  readonly loc: SourceLocation;
  readonly isStatic: boolean;
  def?: FunctionDef;
  /** Set when an expression names the function (for the defined-but-not-used warning). */
  used: boolean;
  /** Declared `inline` (an unused static inline function is not worth a warning). */
  inline?: boolean;
  /**
   * True once a file-scope declaration of it is not `inline`, or is `extern`. A non-static function
   * without one has only an "inline definition" (C11 6.7.4p7): it defines nothing for the linker.
   */
  externalDeclaration?: boolean;
}

/** A string literal's bytes (with the terminating NUL); it becomes a read-only static object. */
export interface StringLiteral {
  readonly bytes: Uint8Array;
  readonly loc: SourceLocation;
}

/** A block's identity, so variables can name the text range where they are in scope. */
export interface BlockScope {
  readonly loc: SourceLocation;
}

export type ArithOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

interface Node {
  readonly loc: SourceLocation;
  readonly type: Type;
  /** Written inside parentheses (for the "suggest parentheses" warning). */
  parenthesized?: boolean;
}

export type Expr =
  | (Node & { readonly kind: 'int'; readonly value: bigint })
  | (Node & { readonly kind: 'float'; readonly value: number })
  | (Node & { readonly kind: 'string'; readonly literal: StringLiteral })
  | (Node & { readonly kind: 'var'; readonly variable: Variable })
  | (Node & { readonly kind: 'func'; readonly fn: FunctionSymbol })
  /** Arithmetic on operands already converted to `type` (shifts: the left operand's type). */
  | (Node & { readonly kind: 'arith'; readonly op: ArithOp; readonly lhs: Expr; readonly rhs: Expr })
  /** Comparison of operands of one common type; the result is int. */
  | (Node & { readonly kind: 'compare'; readonly op: CompareOp; readonly lhs: Expr; readonly rhs: Expr })
  /** pointer ± index * scale; `index` is a long. */
  | (Node & { readonly kind: 'ptr-add'; readonly pointer: Expr; readonly index: Expr; readonly scale: number; readonly negate: boolean })
  /** (lhs - rhs) / scale for two pointers; the result is ptrdiff_t. */
  | (Node & { readonly kind: 'ptr-diff'; readonly lhs: Expr; readonly rhs: Expr; readonly scale: number })
  | (Node & { readonly kind: 'logical'; readonly op: '&&' | '||'; readonly lhs: Expr; readonly rhs: Expr })
  | (Node & { readonly kind: 'not' | 'neg' | 'bitnot'; readonly operand: Expr })
  /** Conversion of the operand's value to `type` (void: evaluate and discard). */
  | (Node & { readonly kind: 'cast'; readonly operand: Expr })
  /** An array lvalue used as a value: the address of its first element. */
  | (Node & { readonly kind: 'decay'; readonly operand: Expr })
  | (Node & { readonly kind: 'addr'; readonly operand: Expr })
  | (Node & { readonly kind: 'deref'; readonly pointer: Expr })
  | (Node & { readonly kind: 'member'; readonly base: Expr; readonly member: Member })
  /** target = value, value already converted to the target's type. */
  | (Node & { readonly kind: 'assign'; readonly target: Expr; readonly value: Expr })
  /** target = (T)((opType)target op value), the value already converted (shifts: to opType too). */
  | (Node & { readonly kind: 'op-assign'; readonly op: ArithOp; readonly target: Expr; readonly value: Expr; readonly opType: Type })
  /** pointer target += or -= index * scale. */
  | (Node & { readonly kind: 'ptr-assign'; readonly negate: boolean; readonly target: Expr; readonly index: Expr; readonly scale: number })
  /** ++/--: adds `step` (1, or the element size for a pointer) in `opType`. */
  | (Node & { readonly kind: 'incdec'; readonly increment: boolean; readonly prefix: boolean; readonly target: Expr; readonly opType: Type })
  | (Node & { readonly kind: 'cond'; readonly cond: Expr; readonly then: Expr; readonly else: Expr })
  | (Node & { readonly kind: 'comma'; readonly lhs: Expr; readonly rhs: Expr })
  /** A call through `callee` (a pointer to function); args converted to the parameter types. */
  | (Node & { readonly kind: 'call'; readonly callee: Expr; readonly args: readonly Expr[]; readonly fnType: FunctionType; readonly resultSlot?: Variable })
  | (Node & { readonly kind: 'compound-literal'; readonly variable: Variable; readonly init: Initialization })
  /** `__builtin_va_start(list, last)`: list = address of the first variadic argument slot. */
  | (Node & { readonly kind: 'va-start'; readonly list: Expr })
  /** `__builtin_va_arg(list, T)`: the next variadic argument as a T; list moves to the next slot. */
  | (Node & { readonly kind: 'va-arg'; readonly list: Expr })
  /** Stands for an expression that had an error, so one mistake gives one message. */
  | (Node & { readonly kind: 'error' });

export type ExprKind = Expr['kind'];
export type ExprOf<K extends ExprKind> = Extract<Expr, { kind: K }>;

/** One scalar (or whole struct) stored at a byte offset of the initialized object. */
export type InitItem =
  | { readonly kind: 'expr'; readonly offset: number; readonly type: Type; readonly expr: Expr }
  /** Bytes of a string literal initializing a char array (count may exclude the NUL). */
  | { readonly kind: 'bytes'; readonly offset: number; readonly literal: StringLiteral; readonly count: number };

export interface Initialization {
  /** In increasing offset order, none overlapping. */
  readonly items: readonly InitItem[];
  /** True if the items do not cover every byte, so the object is zeroed first. */
  readonly partial: boolean;
  readonly loc: SourceLocation;
}

interface StmtNode {
  readonly loc: SourceLocation;
}

export interface SwitchCase {
  readonly value: bigint;
  readonly label: Stmt & { kind: 'case' };
}

export type Stmt =
  | (StmtNode & { readonly kind: 'expr'; readonly expr: Expr })
  /** A local variable definition; `init` absent for an uninitialized one (it still gets a line entry). */
  | (StmtNode & { readonly kind: 'decl'; readonly variable: Variable; readonly init?: Initialization })
  | (StmtNode & { readonly kind: 'block'; readonly items: readonly Stmt[]; readonly scope: BlockScope; readonly endLoc: SourceLocation })
  | (StmtNode & { readonly kind: 'if'; readonly cond: Expr; readonly then: Stmt; readonly else?: Stmt })
  | (StmtNode & { readonly kind: 'while'; readonly cond: Expr; readonly body: Stmt })
  | (StmtNode & { readonly kind: 'do'; readonly body: Stmt; readonly cond: Expr; readonly condLoc: SourceLocation })
  | (StmtNode & { readonly kind: 'for'; readonly init?: Stmt; readonly cond?: Expr; readonly step?: Expr; readonly body: Stmt; readonly scope: BlockScope; readonly endLoc: SourceLocation })
  | (StmtNode & { readonly kind: 'switch'; readonly expr: Expr; readonly body: Stmt; readonly cases: readonly SwitchCase[]; readonly defaultCase?: Stmt & { kind: 'case' } })
  | (StmtNode & { readonly kind: 'case'; readonly body: Stmt; readonly isDefault: boolean })
  | (StmtNode & { readonly kind: 'break' })
  | (StmtNode & { readonly kind: 'continue' })
  | (StmtNode & { readonly kind: 'return'; readonly value?: Expr })
  | (StmtNode & { readonly kind: 'goto'; readonly label: string })
  | (StmtNode & { readonly kind: 'label'; readonly name: string; readonly body: Stmt })
  | (StmtNode & { readonly kind: 'empty' });

export interface FunctionDef {
  readonly symbol: FunctionSymbol;
  readonly params: readonly Variable[];
  /** Every local of the function in declaration order, block-scoped and unnamed ones included. */
  readonly locals: readonly Variable[];
  readonly body: Stmt & { kind: 'block' };
  readonly loc: SourceLocation;
  readonly endLoc: SourceLocation;
  /** True if the function has `...` parameters (va_start's slot is after the last named one). */
  readonly variadic: boolean;
}

export interface TranslationUnit {
  readonly file: string;
  readonly origin: Origin;
  /** Function definitions in source order. */
  readonly functions: FunctionDef[];
  /** Every function declared, defined or not. */
  readonly functionSymbols: FunctionSymbol[];
  /** File-scope objects in declaration order, defined or only declared `extern`. */
  readonly globals: Variable[];
  /** Static locals and file-scope compound literals, in source order. */
  readonly statics: Variable[];
  readonly strings: StringLiteral[];
}
