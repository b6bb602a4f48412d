// The boundary between the CPU and library functions implemented in TypeScript ("natives").
//
// How it works. A call to `strlen` is an ordinary CALL to a small stub in the text segment whose body is
// one `NATIVE n` instruction. The CPU then runs the native's `run` function with a `NativeCall`: a view of
// the call's arguments (8-byte slots in the caller's argument area, docs/abi.md) and of the process, through
// which every memory access is checked exactly like a user load or store (faults, provenance, definedness).
// So `strcpy` into a too-small local array is a stack overflow report that names strcpy and its caller.

import type { ErrorKind, SignalName } from '../errors';

/** A pointer value with the provenance tag of the object it was derived from (0: none). */
export interface Pointer {
  readonly address: number;
  readonly object: number;
}

/** Reads successive variadic arguments (promoted as C promotes them: int, long, double, pointer). */
export interface VarArgs {
  int(): number;
  uint(): number;
  long(): bigint;
  ulong(): bigint;
  double(): number;
  pointer(): Pointer;
}

/** What a native returns; the spec's `returns` says how the CPU stores it into the result register. */
export type NativeResult = number | bigint | Pointer | undefined;

export type NativeReturn = 'void' | 'int' | 'long' | 'double' | 'float' | 'pointer';

export interface NativeSpec {
  readonly returns: NativeReturn;
  run(call: NativeCall): NativeResult;
}

/** Output and input of the process (stdin is shared by processes as in a terminal). */
export interface ProcessIO {
  write(fd: 1 | 2, bytes: Uint8Array): void;
  /** Next byte of stdin, or -1 at end of input. */
  readByte(): number;
  /** Pushes one byte back so the next readByte returns it (for scanf). */
  unreadByte(byte: number): void;
}

export interface HeapCalls {
  /** Allocates `size` bytes; null when memory is exhausted (the host reports out-of-memory). */
  malloc(size: number): Pointer | null;
  calloc(count: number, size: number): Pointer | null;
  realloc(p: Pointer, size: number): Pointer | null;
  free(p: Pointer): void;
}

export interface NativeCall {
  /** Name of the function being run (for messages). */
  readonly name: string;
  /**
   * The program's short name, the last path component of argv[0] (glibc's __progname), for messages
   * that glibc prefixes with it, such as a failed assert's. Optional: without it the prefix is left out.
   */
  readonly programName?: string;

  // Arguments, by 0-based position.
  int(n: number): number;
  uint(n: number): number;
  long(n: number): bigint;
  ulong(n: number): bigint;
  /** A size_t argument as a number (huge values become large numbers, never negative). */
  size(n: number): number;
  double(n: number): number;
  float(n: number): number;
  pointer(n: number): Pointer;
  /** Variadic arguments starting at position n. */
  varargs(n: number): VarArgs;
  /** Variadic arguments read through a va_list value (for vprintf and friends). */
  vaList(list: Pointer): VarArgs;

  // Memory, checked as accesses made by this function. Offsets are added to the pointer's address and
  // keep its provenance, so reading past the end of the object is reported as out of bounds.
  read(p: Pointer, offset: number, length: number): Uint8Array;
  write(p: Pointer, offset: number, bytes: Uint8Array): void;
  fill(p: Pointer, offset: number, length: number, byte: number): void;
  /** memmove: copies bytes with their definedness and pointer provenance. */
  move(dst: Pointer, src: Pointer, length: number): void;
  /** Bytes from p up to (not including) the first NUL; reading undefined bytes is an uninitialised use. */
  cstring(p: Pointer, limit?: number): Uint8Array;
  /** Reports an uninitialised-use error if any byte of the range is undefined (e.g. printf's arguments). */
  requireDefined(p: Pointer, offset: number, length: number, what: string): void;
  /**
   * True if the value of argument n (its slot) is fully defined; reports the error at this call if not,
   * under valgrind's `message` when given (a system call's parameter: "Syscall param exit_group(status)
   * contains uninitialised byte(s)"), else as a conditional jump on uninitialised values.
   */
  argDefined(n: number, what: string, message?: string): boolean;
  /** A pointer to `address` that keeps the provenance of `from` (strchr, strstr …). */
  derive(from: Pointer, address: number): Pointer;

  /** A non-fatal memcheck error at this call (e.g. overlapping memcpy); execution goes on. */
  report(kind: ErrorKind, message: string, details: string[], explanation: string, address?: number, size?: number): void;
  /** Ends the process with a signal (e.g. abort → SIGABRT, assert failure). Never returns. */
  raise(signal: SignalName, explanation: string): never;
  /** Ends the process normally with this status (exit). Never returns. */
  exit(status: number): never;

  readonly io: ProcessIO;
  readonly heap: HeapCalls;

  /**
   * Per-process library state (rand's state, strtok's position …), created by `init` on first use.
   * It must be plain data: fork copies it with structuredClone.
   */
  state<T>(key: string, init: () => T): T;
}
