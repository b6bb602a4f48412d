// stdlib.h natives: the heap calls, exit and abort, abs, getenv, and the number parsers behind strtol,
// strtoul, strtod (and so atoi, atol, atof, which are written in Mini C on top of them, as glibc does).
//
// malloc, calloc, realloc and free hand the request to the allocator through `call.heap`; invalid and
// double frees are the allocator's and memcheck's to report. The parsers are the `__memscope_strto*`
// natives: the Mini C wrappers in `<libc>/stdlib.c` pass them `&errno` as a last argument, because a
// native cannot name a variable of the program, and that is how ERANGE reaches errno.

import { NULL_POINTER, isNull, offsetPointer, writeInteger, writePointer } from './access';
import type { NativeCall, NativeSpec, Pointer } from './native';
import { parseFloat64, parseInteger } from './numbers';

/** errno values of Linux x86-64 (errno.h). */
export const ERRNO = { EDOM: 33, ERANGE: 34, EINVAL: 22, ENOMEM: 12 } as const;

function setErrno(call: NativeCall, errnoPointer: Pointer, value: number): void {
  if (!isNull(errnoPointer)) writeInteger(call, errnoPointer, 0, 4, value);
}

function storeEnd(call: NativeCall, endPointer: Pointer, s: Pointer, end: number): void {
  if (!isNull(endPointer)) writePointer(call, endPointer, end === 0 ? s : offsetPointer(call, s, end));
}

/** strtol (signed) and strtoul: (nptr, endptr, base, errno pointer). */
function integerParser(signed: boolean): NativeSpec {
  return {
    returns: 'long',
    run: (call) => {
      const s = call.pointer(0);
      const endPointer = call.pointer(1);
      const base = call.int(2);
      const errnoPointer = call.pointer(3);
      // An invalid base is EINVAL; glibc then leaves *endptr as it was.
      if (base < 0 || base === 1 || base > 36) {
        setErrno(call, errnoPointer, ERRNO.EINVAL);
        return 0n;
      }
      const parsed = parseInteger(call.cstring(s), base, signed);
      if (parsed.overflow) setErrno(call, errnoPointer, ERRNO.ERANGE);
      storeEnd(call, endPointer, s, parsed.end);
      return signed ? parsed.value : BigInt.asIntN(64, parsed.value);
    },
  };
}

export const STDLIB: Record<string, NativeSpec> = {
  malloc: { returns: 'pointer', run: (call) => call.heap.malloc(call.size(0)) ?? NULL_POINTER },
  calloc: {
    returns: 'pointer',
    run: (call) => {
      const count = call.size(0);
      const size = call.size(1);
      // count * size past SIZE_MAX cannot be allocated: glibc returns NULL.
      if (count !== 0 && size > Number.MAX_SAFE_INTEGER / count) return NULL_POINTER;
      return call.heap.calloc(count, size) ?? NULL_POINTER;
    },
  },
  realloc: { returns: 'pointer', run: (call) => call.heap.realloc(call.pointer(0), call.size(1)) ?? NULL_POINTER },
  free: {
    returns: 'void',
    run: (call) => {
      const p = call.pointer(0);
      if (!isNull(p)) call.heap.free(p);
      return undefined;
    },
  },
  exit: {
    returns: 'void',
    run: (call) => {
      // exit(x) in the program, or main's `return x` (_start passes it on): the kernel's exit_group
      // receives an undefined status, which valgrind reports as a system call's parameter.
      call.argDefined(0, 'the exit status (the value given to exit() or returned by main)', 'Syscall param exit_group(status) contains uninitialised byte(s)');
      return call.exit(call.int(0));
    },
  },
  abort: { returns: 'void', run: (call) => call.raise('SIGABRT', 'abort() was called: the program stopped itself with SIGABRT.') },
  abs: { returns: 'int', run: (call) => Math.abs(call.int(0)) | 0 },
  labs: { returns: 'long', run: (call) => BigInt.asIntN(64, absolute(call.long(0))) },
  llabs: { returns: 'long', run: (call) => BigInt.asIntN(64, absolute(call.long(0))) },
  // memscope's processes have an empty environment (docs/abi.md, "Process start").
  getenv: { returns: 'pointer', run: () => NULL_POINTER },
  __memscope_strtol: integerParser(true),
  __memscope_strtoul: integerParser(false),
  /** strtod: (nptr, endptr, errno pointer). */
  __memscope_strtod: {
    returns: 'double',
    run: (call) => {
      const s = call.pointer(0);
      const parsed = parseFloat64(call.cstring(s));
      if (parsed.range) setErrno(call, call.pointer(2), ERRNO.ERANGE);
      storeEnd(call, call.pointer(1), s, parsed.end);
      return parsed.value;
    },
  },
};

function absolute(v: bigint): bigint {
  return v < 0n ? -v : v;
}
