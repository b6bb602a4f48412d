// stdio.h: printf and friends, puts, putchar, fputs, fputc, putc, fflush; and input: getchar, getc,
// fgetc, fgets, ungetc, scanf, fscanf, sscanf.
//
// How it works. A `FILE *` points to one of the three FILE objects defined in the library source
// `<libc>/stdio.c`; their first field is the file descriptor, so a native identifies the stream by
// reading 4 bytes through the pointer (a bad stream pointer faults there, as it would in glibc).
// Formatting is printf.ts's pure `formatPrintf` and scanning scanf.ts's pure `scanFormat`; `machineArgs` feeds it the call's variadic arguments,
// checking each one's definedness (memcheck reports "%d of an uninitialised int" at the call) and
// reading %s strings through `call.cstring`, so a missing NUL is caught where printf reads past the end.
//
// Buffering. glibc line-buffers stdout on a terminal and fully buffers it on a pipe, so the order of
// stdout and stderr text depends on where the output goes, and a program killed by a signal loses what
// was still buffered. memscope writes every call's bytes through at once: output appears in program
// order and is never lost, which is what a learner watching a step expects. fflush exists and does
// nothing more.

import { NULL_POINTER, isNull, readInteger, writeDouble, writeInteger } from './access';
import type { NativeCall, NativeSpec, Pointer, VarArgs } from './native';
import { formatPrintf, type PrintfArgs } from './printf';
import { scanFormat, type ScanArgs, type ScanInput } from './scanf';

const EOF = -1;

/** The file descriptor of the FILE object `stream` points to (its first field). */
export function streamFd(call: NativeCall, stream: Pointer): number {
  return Number(readInteger(call, stream, 0, 4, true));
}

function outputFd(call: NativeCall, stream: Pointer): 1 | 2 | null {
  const fd = streamFd(call, stream);
  return fd === 1 || fd === 2 ? fd : null;
}

/**
 * The arguments of a printf-family call. Direct variadic arguments (position `first` on) are checked for
 * definedness as they are read; arguments reached through a va_list are not (their slots are the
 * caller's caller's), so vprintf of an uninitialised value goes unreported.
 */
export function machineArgs(call: NativeCall, first: number, list?: Pointer): PrintfArgs {
  const source: VarArgs = list ? call.vaList(list) : call.varargs(first);
  let position = first;
  const check = (): void => {
    if (!list) call.argDefined(position, `argument ${position + 1}`);
    position++;
  };
  return {
    int: () => (check(), source.int()),
    uint: () => (check(), source.uint()),
    long: () => (check(), source.long()),
    ulong: () => (check(), source.ulong()),
    double: () => (check(), source.double()),
    pointer: () => (check(), source.pointer()),
    string: (p, limit) => call.cstring(p, limit),
    storeCount: (p, size, count) => writeInteger(call, p, 0, size, count),
  };
}

/** Where scanf stores: the pointer arguments from position `first` on, each checked for definedness. */
function scanTargets(call: NativeCall, first: number): ScanArgs {
  const source = call.varargs(first);
  let position = first;
  return {
    pointer: () => {
      call.argDefined(position, `argument ${position + 1}`);
      position++;
      return source.pointer();
    },
    storeInteger: (p, size, value) => writeInteger(call, p, 0, size, value),
    storeFloat: (p, size, value) => writeDouble(call, p, size, value),
    storeBytes: (p, bytes) => call.write(p, 0, bytes),
  };
}

/** stdin as scanf's input; any other stream reads as empty. */
function streamInput(call: NativeCall, fd: number): ScanInput {
  if (fd !== 0) return { read: () => EOF, unread: () => undefined };
  return { read: () => call.io.readByte(), unread: (byte) => call.io.unreadByte(byte) };
}

/** sscanf's input: the bytes of the string, read up to its NUL. */
function stringInput(bytes: Uint8Array): ScanInput {
  let at = 0;
  return {
    read: () => (at < bytes.length ? bytes[at++]! : EOF),
    unread: () => {
      at--;
    },
  };
}

function format(call: NativeCall, formatArg: number, args: PrintfArgs): { bytes: Uint8Array; status: number } {
  return formatPrintf(call.cstring(call.pointer(formatArg)), args);
}

function emit(call: NativeCall, fd: 1 | 2 | null, formatArg: number, args: PrintfArgs): number {
  const { bytes, status } = format(call, formatArg, args);
  if (fd === null) return EOF;
  if (bytes.length > 0) call.io.write(fd, bytes);
  return status;
}

/** sprintf/snprintf: the bytes, cut to `size - 1` and NUL-terminated when a size is given. */
function store(call: NativeCall, buffer: Pointer, size: number | undefined, result: { bytes: Uint8Array; status: number }): number {
  const room = size === undefined ? result.bytes.length : Math.min(result.bytes.length, size - 1);
  if (size === undefined || size > 0) {
    const out = new Uint8Array(room + 1);
    out.set(result.bytes.subarray(0, room));
    call.write(buffer, 0, out);
  }
  return result.status;
}

function writeBytes(call: NativeCall, fd: 1 | 2 | null, bytes: Uint8Array): boolean {
  if (fd === null) return false;
  call.io.write(fd, bytes);
  return true;
}

/** Reads one byte from `stream` if it is stdin; EOF otherwise or at the end of input. */
function readFrom(call: NativeCall, stream: Pointer): number {
  if (streamFd(call, stream) !== 0) return EOF;
  return call.io.readByte();
}

export const STDIO: Record<string, NativeSpec> = {
  printf: { returns: 'int', run: (call) => emit(call, 1, 0, machineArgs(call, 1)) },
  fprintf: { returns: 'int', run: (call) => emit(call, outputFd(call, call.pointer(0)), 1, machineArgs(call, 2)) },
  vprintf: { returns: 'int', run: (call) => emit(call, 1, 0, machineArgs(call, 1, call.pointer(1))) },
  vfprintf: { returns: 'int', run: (call) => emit(call, outputFd(call, call.pointer(0)), 1, machineArgs(call, 2, call.pointer(2))) },
  sprintf: { returns: 'int', run: (call) => store(call, call.pointer(0), undefined, format(call, 1, machineArgs(call, 2))) },
  snprintf: { returns: 'int', run: (call) => store(call, call.pointer(0), call.size(1), format(call, 2, machineArgs(call, 3))) },
  vsprintf: { returns: 'int', run: (call) => store(call, call.pointer(0), undefined, format(call, 1, machineArgs(call, 2, call.pointer(2)))) },
  vsnprintf: { returns: 'int', run: (call) => store(call, call.pointer(0), call.size(1), format(call, 2, machineArgs(call, 3, call.pointer(3)))) },

  // glibc's puts returns the bytes written (newline included); fputs returns 1.
  puts: {
    returns: 'int',
    run: (call) => {
      const text = call.cstring(call.pointer(0));
      const line = new Uint8Array(text.length + 1);
      line.set(text);
      line[text.length] = 0x0a;
      call.io.write(1, line);
      return Math.min(line.length, 0x7fffffff);
    },
  },
  fputs: {
    returns: 'int',
    run: (call) => {
      const text = call.cstring(call.pointer(0));
      return writeBytes(call, outputFd(call, call.pointer(1)), text) ? 1 : EOF;
    },
  },
  putchar: { returns: 'int', run: (call) => putByte(call, 1, call.int(0)) },
  fputc: { returns: 'int', run: (call) => putByte(call, outputFd(call, call.pointer(1)), call.int(0)) },
  putc: { returns: 'int', run: (call) => putByte(call, outputFd(call, call.pointer(1)), call.int(0)) },
  fflush: {
    returns: 'int',
    run: (call) => {
      const stream = call.pointer(0);
      if (!isNull(stream)) streamFd(call, stream);
      return 0;
    },
  },

  scanf: { returns: 'int', run: (call) => scanFormat(call.cstring(call.pointer(0)), streamInput(call, 0), scanTargets(call, 1)) },
  fscanf: {
    returns: 'int',
    run: (call) => scanFormat(call.cstring(call.pointer(1)), streamInput(call, streamFd(call, call.pointer(0))), scanTargets(call, 2)),
  },
  sscanf: {
    returns: 'int',
    run: (call) => {
      const input = stringInput(call.cstring(call.pointer(0)));
      return scanFormat(call.cstring(call.pointer(1)), input, scanTargets(call, 2));
    },
  },
  getchar: { returns: 'int', run: (call) => call.io.readByte() },
  getc: { returns: 'int', run: (call) => readFrom(call, call.pointer(0)) },
  fgetc: { returns: 'int', run: (call) => readFrom(call, call.pointer(0)) },
  ungetc: {
    returns: 'int',
    run: (call) => {
      const c = call.int(0);
      if (c === EOF || streamFd(call, call.pointer(1)) !== 0) return EOF;
      call.io.unreadByte(c & 0xff);
      return c & 0xff;
    },
  },
  // fgets: at most n-1 bytes, up to and including a newline; NULL at end of input before any byte.
  fgets: {
    returns: 'pointer',
    run: (call) => {
      const buffer = call.pointer(0);
      const n = call.int(1);
      const stream = call.pointer(2);
      if (n <= 0 || streamFd(call, stream) !== 0) return NULL_POINTER;
      const line: number[] = [];
      while (line.length < n - 1) {
        const c = call.io.readByte();
        if (c === EOF) break;
        line.push(c);
        if (c === 0x0a) break;
      }
      if (line.length === 0 && n > 1) return NULL_POINTER;
      line.push(0);
      call.write(buffer, 0, Uint8Array.from(line));
      return buffer;
    },
  },
};

function putByte(call: NativeCall, fd: 1 | 2 | null, c: number): number {
  const byte = c & 0xff;
  return writeBytes(call, fd, Uint8Array.of(byte)) ? byte : EOF;
}
