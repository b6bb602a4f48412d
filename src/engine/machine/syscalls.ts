// Kernel functions: the system calls of unistd.h, sys/mman.h and sys/wait.h, implemented by the machine.
//
// How it works. They are natives like libc's (a stub with one NATIVE instruction), looked up in this table
// before the library's, but they also reach the process itself: its address space (brk, mmap, munmap,
// mprotect), its shadow memory (fresh user memory is zero-filled, so addressable and defined), its ids,
// the simulated clock and the process table (fork, wait, waitpid: kernel.ts). Failures return -1 (or
// MAP_FAILED) as Linux's wrappers do.
//
// A call that must wait (wait/waitpid while a child is still running) returns BLOCKED: the CPU then
// leaves pc on the NATIVE instruction and stops, the scheduler runs another process, and when a child
// ends the same instruction runs again and finds it (as the kernel restarts an interrupted system call).

import type { NativeResult, NativeReturn, Pointer } from '../libc/native';
import { DEFINED } from '../check/shadow';
import { PAGE_SIZE } from '../memory/physical';
import { ProcessExit } from './ending';
import type { MachineNativeCall } from './native-call';
import type { Cpu } from './cpu';

/** A kernel function's answer meaning "not yet": the caller blocks and the call runs again later. */
export const BLOCKED: unique symbol = Symbol('blocked');

export interface KernelFunction {
  readonly returns: NativeReturn;
  run(call: MachineNativeCall, cpu: Cpu): NativeResult | typeof BLOCKED;
}

const WNOHANG = 1;

/** wait/waitpid: reaps a zombie child and stores its status word (Linux's packing) at `wstatus`. */
function waitFor(call: MachineNativeCall, cpu: Cpu, pid: number, wstatus: Pointer, options: number): NativeResult | typeof BLOCKED {
  const outcome = cpu.os.wait(pid, (options & WNOHANG) !== 0);
  switch (outcome.kind) {
    case 'reaped':
      if (wstatus.address !== 0) call.write(wstatus, 0, Uint8Array.of(outcome.status & 0xff, (outcome.status >> 8) & 0xff, 0, 0));
      return outcome.pid;
    case 'no-child':
      return -1;
    case 'none-yet':
      return 0;
    case 'block':
      return BLOCKED;
    default: {
      const never: never = outcome;
      return never;
    }
  }
}

const PROT_READ = 1;
const PROT_WRITE = 2;
const PROT_EXEC = 4;
const MAP_PRIVATE = 0x02;
const MAP_ANONYMOUS = 0x20;
/** (void *) -1, as a pointer result. */
const FAILED = { address: -1, object: 0 };

function permissions(prot: number): { read: boolean; write: boolean; execute: boolean } {
  return { read: (prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) !== 0, write: (prot & PROT_WRITE) !== 0, execute: (prot & PROT_EXEC) !== 0 };
}

export const KERNEL: Readonly<Record<string, KernelFunction>> = {
  sbrk: {
    returns: 'pointer',
    run(call, cpu) {
      const increment = Number(call.long(0));
      const space = cpu.proc.space;
      const old = space.brk;
      if (increment === 0) return { address: old, object: 0 };
      if (!space.setBrk(old + increment)) return FAILED;
      // Memory the program takes directly with sbrk is its own: zero-filled and addressable.
      if (increment > 0) cpu.proc.shadow.set(old, increment, DEFINED);
      return { address: old, object: 0 };
    },
  },
  brk: {
    returns: 'int',
    run(call, cpu) {
      const target = call.pointer(0).address;
      const space = cpu.proc.space;
      const old = space.brk;
      if (!space.setBrk(target)) return -1;
      if (target > old) cpu.proc.shadow.set(old, target - old, DEFINED);
      return 0;
    },
  },
  mmap: {
    returns: 'pointer',
    run(call, cpu) {
      const length = call.size(1);
      const prot = call.int(2);
      const flags = call.int(3);
      const fd = call.int(4);
      if ((flags & MAP_ANONYMOUS) === 0 || (flags & MAP_PRIVATE) === 0 || fd !== -1 || !(length > 0)) return FAILED;
      const address = cpu.proc.space.mmap(length, permissions(prot), DEFINED, false);
      return address < 0 ? FAILED : { address, object: 0 };
    },
  },
  munmap: {
    returns: 'int',
    run(call, cpu) {
      return cpu.proc.space.munmap(call.pointer(0).address, call.size(1)) ? 0 : -1;
    },
  },
  mprotect: {
    returns: 'int',
    run(call, cpu) {
      const address = call.pointer(0).address;
      if (address % PAGE_SIZE !== 0) return -1;
      return cpu.proc.space.mprotect(address, call.size(1), permissions(call.int(2))) ? 0 : -1;
    },
  },
  getpid: { returns: 'int', run: (_call, cpu) => cpu.proc.pid },
  getppid: { returns: 'int', run: (_call, cpu) => cpu.proc.ppid },
  _exit: {
    returns: 'void',
    run(call) {
      throw new ProcessExit(call.int(0));
    },
  },
  sleep: {
    returns: 'int',
    run(call, cpu) {
      cpu.proc.clockNs += call.uint(0) * 1e9;
      return 0;
    },
  },
  usleep: {
    returns: 'int',
    run(call, cpu) {
      cpu.proc.clockNs += call.uint(0) * 1e3;
      return 0;
    },
  },
  fork: { returns: 'int', run: (_call, cpu) => cpu.os.fork() },
  wait: { returns: 'int', run: (call, cpu) => waitFor(call, cpu, -1, call.pointer(0), 0) },
  waitpid: { returns: 'int', run: (call, cpu) => waitFor(call, cpu, call.int(0), call.pointer(1), call.int(2)) },
};
