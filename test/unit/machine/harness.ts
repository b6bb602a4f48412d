// Running hand-assembled programs in tests: a Machine with a minimal libc (exit, putchar, malloc, free)
// and a minimal first-fit allocator, so machine tests do not depend on the real library or heap.

import { Machine, type MachineOptions, type StopEvent } from '../../../src/engine/machine/machine';
import type { NativeSpec } from '../../../src/engine/libc/native';
import type { Program } from '../../../src/engine/program';
import { createTestAllocator } from './test-allocator';

export const TEST_NATIVES: Record<string, NativeSpec> = {
  exit: { returns: 'void', run: (call) => call.exit(call.int(0)) },
  putchar: {
    returns: 'int',
    run: (call) => {
      call.io.write(1, Uint8Array.of(call.int(0) & 0xff));
      return call.int(0);
    },
  },
  malloc: { returns: 'pointer', run: (call) => call.heap.malloc(call.size(0)) ?? { address: 0, object: 0 } },
  calloc: { returns: 'pointer', run: (call) => call.heap.calloc(call.size(0), call.size(1)) ?? { address: 0, object: 0 } },
  realloc: { returns: 'pointer', run: (call) => call.heap.realloc(call.pointer(0), call.size(1)) ?? { address: 0, object: 0 } },
  free: {
    returns: 'void',
    run: (call) => {
      call.heap.free(call.pointer(0));
      return undefined;
    },
  },
  strlen: { returns: 'long', run: (call) => call.cstring(call.pointer(0)).length },
  memset: {
    returns: 'pointer',
    run: (call) => {
      call.fill(call.pointer(0), 0, call.size(2), call.int(1));
      return call.pointer(0);
    },
  },
  abort: { returns: 'void', run: (call) => call.raise('SIGABRT', 'abort() was called') },
};

export interface Run {
  machine: Machine;
  stop: StopEvent;
  stdout: string;
}

export function makeMachine(program: Program, options: Partial<MachineOptions> = {}, stdin = ''): { machine: Machine; out: () => string } {
  const chunks: number[] = [];
  let at = 0;
  const input = new TextEncoder().encode(stdin);
  const machine = new Machine(program, { physMem: 4 * 1024 * 1024, natives: TEST_NATIVES, allocator: createTestAllocator, ...options }, {
    write: (_fd, bytes) => chunks.push(...bytes),
    readStdin: () => (at < input.length ? input[at++]! : -1),
  });
  return { machine, out: () => new TextDecoder().decode(Uint8Array.from(chunks)) };
}

/** Runs to the end (or `budget` instructions). */
export function runToEnd(program: Program, options: Partial<MachineOptions> = {}, budget = 10_000_000): Run {
  const { machine, out } = makeMachine(program, options);
  let stop = machine.run(budget);
  while (stop.kind === 'error') stop = machine.run(budget);
  return { machine, stop, stdout: out() };
}

/** The two ways the machine executes code; behaviour-level tests run in both and must agree. */
export const MODES: readonly { name: string; options: Partial<MachineOptions> }[] = [
  { name: 'interpreter', options: { jit: false } },
  { name: 'JIT', options: { jit: true, jitThreshold: 0 } },
];
