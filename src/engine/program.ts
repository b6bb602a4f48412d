// A linked Mini C program: the bytes of its sections, where they go in the address space, and the debug
// information that lets every consumer (the CPU, the debugger, the views, memcheck) name what it sees.
// The compiler produces it; the loader maps it into a process; nothing else changes it. It is plain data
// (typed arrays and JSON-able objects) so it can be cached or sent between threads.

import type { Diagnostic } from './diagnostics';

/** Fixed addresses of the process layout (non-PIE, as `gcc -no-pie` on x86-64 Linux). */
export const LAYOUT = {
  /** Nothing is ever mapped below this: any access there is a null dereference. */
  nullGuardEnd: 0x1000,
  /** Start of the ELF-like image; the text section starts one page above it, as gcc's does. */
  imageBase: 0x400000,
  textBase: 0x401000,
  /** The top of user space; the stack's first page ends here (argv and envp strings sit at the top). */
  stackTop: 0x7ffffffff000,
  /** mmap regions are placed top-down below this address (below the stack's maximum size and a gap). */
  mmapTop: 0x7ffff7fff000,
  pageSize: 4096,
} as const;

/** Plain-JSON description of a C type, for display and for reading values out of memory. */
export type TypeInfo =
  | { kind: 'void'; name: string }
  | { kind: 'int'; name: string; size: 1 | 2 | 4 | 8; signed: boolean; bool?: true }
  | { kind: 'float'; name: string; size: 4 | 8 }
  | { kind: 'pointer'; name: string; size: 8; to: TypeId }
  | { kind: 'array'; name: string; size: number; of: TypeId; length: number }
  | { kind: 'struct' | 'union'; name: string; size: number; align: number; fields: FieldInfo[] }
  | { kind: 'enum'; name: string; size: 4; constants: { name: string; value: number }[] }
  | { kind: 'function'; name: string; returns: TypeId; params: TypeId[]; variadic: boolean };

/** Index into Program.types. */
export type TypeId = number;

export interface FieldInfo {
  readonly name: string;
  readonly type: TypeId;
  readonly offset: number;
}

/** A variable of a function: parameter or local (block-scoped locals included, static locals excluded). */
export interface VariableInfo {
  readonly name: string;
  readonly type: TypeId;
  /** Offset from the frame pointer: parameters are at fp+16 and above, locals below fp. */
  readonly fpOffset: number;
  readonly size: number;
  readonly kind: 'param' | 'local';
  /** Text addresses [start, end) where the variable is in scope (its block). */
  readonly scopeStart: number;
  readonly scopeEnd: number;
  /** Declaration site. */
  readonly file: number;
  readonly line: number;
  readonly column: number;
}

export interface FunctionInfo {
  readonly name: string;
  /** Entry address in text, and size in bytes of its code. */
  readonly address: number;
  readonly size: number;
  /** Registers the function's window needs. */
  readonly nregs: number;
  /** Bytes the prologue reserves below the saved frame pointer (locals and padding), 16-byte multiple. */
  readonly frameSize: number;
  /** Bytes of arguments the caller passes (8 per scalar, structs rounded up to 8). */
  readonly argBytes: number;
  readonly variadic: boolean;
  readonly type: TypeId;
  /** Parameters first, in order, then locals in declaration order. ADDR's object index refers here (1-based). */
  readonly variables: VariableInfo[];
  /** 'user': the program's own code; 'libc': memscope's libc written in Mini C; 'native': a stub for a library function implemented by the engine; 'start': the _start entry. */
  readonly origin: 'user' | 'libc' | 'native' | 'start';
  /** For origin 'native': index into Program.natives. */
  readonly native?: number;
  readonly file: number;
  readonly line: number;
  readonly endLine: number;
  readonly isStatic: boolean;
}

/**
 * A statically allocated object: a global or static local variable, or a string literal. Memcheck
 * tracks each as one object (accesses past its end are out of bounds), and the views list them.
 */
export interface StaticObject {
  readonly name: string;
  readonly address: number;
  readonly size: number;
  readonly type: TypeId;
  readonly section: 'rodata' | 'data' | 'bss';
  readonly kind: 'global' | 'static-local' | 'string-literal' | 'compound-literal';
  /** For static locals: the function they belong to. */
  readonly function?: string;
  readonly file: number;
  readonly line: number;
  readonly isStatic: boolean;
}

/** One row of the line table: the instruction at `address` starts code for this source position. */
export interface LineEntry {
  readonly address: number;
  readonly file: number;
  readonly line: number;
  readonly column: number;
  /** True at the first instruction of a statement (where statement stepping and breakpoints stop). */
  readonly isStatement: boolean;
}

/** A `#pragma memscope name(value)` found in the source, e.g. phys_mem(256K). */
export interface Pragma {
  readonly name: string;
  readonly value: string;
  readonly file: number;
  readonly line: number;
}

export interface Section {
  readonly address: number;
  readonly bytes: Uint8Array;
}

export interface Program {
  readonly version: 1;
  /** Source files; other records refer to them by index. Index 0 is the main file. */
  readonly files: string[];
  /** Section contents. BSS has no bytes, only a size. Each section starts on a page boundary except text. */
  readonly text: Section;
  readonly rodata: Section;
  readonly data: Section;
  readonly bss: { readonly address: number; readonly size: number };
  /** Address of `_start`, where execution begins (it calls main, then exit). */
  readonly entry: number;
  /** Sorted by address; covers every instruction in text. */
  readonly functions: FunctionInfo[];
  /** Globals, static locals and string literals; ADDR with base ABS refers here (1-based). */
  readonly objects: StaticObject[];
  readonly types: TypeInfo[];
  /** Sorted by address. */
  readonly lines: LineEntry[];
  /** Names of the engine-implemented library functions the program calls; NATIVE h refers here. */
  readonly natives: string[];
  readonly pragmas: Pragma[];
  /** Warnings of the compilation (a program with errors is never linked). */
  readonly warnings: Diagnostic[];
  /**
   * Pointers written into rodata/data by initializers (`int *p = &x;`, `char *s = "hi";`): the address of
   * each 8-byte slot and the object it points into (1-based index into `objects`, 0 for a function), so
   * the loader can give those slots their provenance.
   */
  readonly relocations?: readonly { readonly address: number; readonly target: number }[];
}
