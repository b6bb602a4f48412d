// How a process ends: the values thrown out of the CPU loop, and turning a fault into its report.
//
// How it works. `exit` (and `_exit`, and _start returning) throws ProcessExit; a fatal signal throws
// ProcessKill; the MMU throws MemoryFault. The CPU loop catches whatever was thrown, once, and calls
// `ended`, which sets the process's final status. A MemoryFault becomes the located RuntimeError
// valgrind would print (null-deref, stack-overflow, segfault, out-of-memory) with the signal it raises.
// Anything else thrown is a defect of memscope itself (e.g. a library function's bug): the process is
// stopped with SIGABRT and the defect described, so the engine still never throws at its users.

import type { RuntimeError, SignalName } from '../errors';
import { SIGNALS } from '../errors';
import { MemoryFault } from '../memory/fault';
import { hex } from '../check/describe';
import { fatal } from './report';
import type { Cpu } from './cpu';

export class ProcessExit {
  readonly kind = 'exit';
  constructor(readonly status: number) {}
}

export class ProcessKill {
  readonly kind = 'kill';
  constructor(
    readonly signal: SignalName,
    /** Plain-language reason ("abort() was called"). */
    readonly reason: string,
    /** The memory error that caused it, if any. */
    readonly error?: RuntimeError,
  ) {}
}

export type ProcessStatus =
  | { readonly kind: 'running' }
  | { readonly kind: 'exited'; readonly status: number }
  | { readonly kind: 'signaled'; readonly signal: SignalName; readonly reason: string; readonly error?: RuntimeError };

/** Records how the current process ended, from what the CPU loop caught. */
export function ended(cpu: Cpu, thrown: unknown): void {
  const proc = cpu.proc;
  if (thrown instanceof ProcessExit) {
    proc.status = { kind: 'exited', status: thrown.status & 0xff };
    return;
  }
  if (thrown instanceof ProcessKill) {
    proc.status = { kind: 'signaled', signal: thrown.signal, reason: thrown.reason, error: thrown.error };
    return;
  }
  if (thrown instanceof MemoryFault) {
    const error = faultError(cpu, thrown);
    proc.status = { kind: 'signaled', signal: error.signal!, reason: error.message, error };
    return;
  }
  const what = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
  const where = cpu.nativeName !== undefined ? ` in library function ${cpu.nativeName}()` : '';
  cpu.nativeName = undefined;
  proc.status = { kind: 'signaled', signal: 'SIGABRT', reason: `internal error of memscope${where}: ${what}` };
}

/** Valgrind's words for the signal ending a process. */
export function terminationLine(signal: SignalName): string {
  return `Process terminating with default action of signal ${SIGNALS[signal]} (${signal})`;
}

export function faultError(cpu: Cpu, f: MemoryFault): RuntimeError {
  const size = cpu.accessSize;
  const a = hex(f.address);
  const access = f.access === 'execute' ? 'Jump to the invalid address stated on the next line' : `Invalid ${f.access} of size ${size}`;
  const extra = { address: f.address, size: size || undefined };
  cpu.nativeName = undefined;
  switch (f.reason) {
    case 'null':
      return fatal(cpu, 'null-deref', 'SIGSEGV', access, [`Address ${a} is not stack'd, malloc'd or (recently) free'd`, terminationLine('SIGSEGV'), `Access not within mapped region at address ${a}`], `The program dereferenced a null pointer${f.address !== 0 ? ` (address ${a}, in the first page)` : ''}: nothing is ever mapped there, so the access is a segmentation fault.`, extra);
    case 'guard-page':
      return fatal(cpu, 'stack-overflow', 'SIGSEGV', access, [`Stack overflow in thread #1: can't grow stack to ${a}`, terminationLine('SIGSEGV')], `The stack has grown past its limit of ${cpu.proc.stackSize} bytes into the guard page below it.`, extra);
    case 'out-of-memory':
      return fatal(
        cpu,
        'out-of-memory',
        'SIGKILL',
        f.detail ?? `Out of memory: Killed process ${cpu.proc.pid} (${cpu.proc.name})`,
        [`no physical frame or swap slot left for address ${a}`, terminationLine('SIGKILL')],
        'Physical memory and swap are full: the kernel\'s OOM killer chose this process, the one using the most memory, and killed it to free its pages.',
        extra,
      );
    case 'write-protected':
    case 'execute-protected':
    case 'read-protected': {
      const region = cpu.proc.space.vmas.find(f.address);
      const name = region ? region.name : 'a protected page';
      const why =
        f.reason === 'write-protected'
          ? `The program wrote to ${name === 'rodata' ? 'read-only data (a string literal or a const object)' : name === 'text' ? 'its own machine code' : `a read-only page (${name})`}; the page is mapped without write permission.`
          : f.reason === 'execute-protected'
            ? `Control jumped to ${a}, in ${name}, which is not executable code.`
            : `The program touched ${a}, in a page mapped without access permission.`;
      return fatal(cpu, 'segfault', 'SIGSEGV', access, [`Bad permissions for mapped region at address ${a}`, terminationLine('SIGSEGV')], why, extra);
    }
    case 'unmapped':
    case 'non-canonical':
      return fatal(cpu, 'segfault', 'SIGSEGV', access, [`Access not within mapped region at address ${a}`, terminationLine('SIGSEGV')], `The program accessed address ${a}, which is not mapped in its address space.`, extra);
    default: {
      const never: never = f.reason;
      throw new Error(String(never));
    }
  }
}
