// assert.h's failure path: `assert(e)` expands to a call of __assert_fail(#e, __FILE__, __LINE__,
// __func__) when e is false, as in glibc, and this native prints glibc's message on stderr,
//   prog: file.c:12: main: Assertion `x > 0' failed.
// then ends the process with SIGABRT (exit status 134 from a shell). `prog` is the short program name
// (glibc's __progname, the last component of argv[0]); without one the prefix is left out.

import { ascii } from './access';
import type { NativeSpec } from './native';

export function assertionMessage(program: string | undefined, expression: string, file: string, line: number, func: string): string {
  const prefix = program ? `${program}: ` : '';
  const where = func ? `${func}: ` : '';
  return `${prefix}${file}:${line}: ${where}Assertion \`${expression}' failed.\n`;
}

const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

export const ASSERT: Record<string, NativeSpec> = {
  __assert_fail: {
    returns: 'void',
    run: (call) => {
      const expression = latin1(call.cstring(call.pointer(0)));
      const file = latin1(call.cstring(call.pointer(1)));
      const line = call.uint(2);
      const func = call.pointer(3).address === 0 ? '' : latin1(call.cstring(call.pointer(3)));
      const message = assertionMessage(call.programName, expression, file, line, func);
      call.io.write(2, ascii(message));
      return call.raise('SIGABRT', `The assertion \`${expression}' is false at ${file}:${line}, so assert() aborted the program.`);
    },
  },
};
