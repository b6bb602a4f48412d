// The CPU's out-of-line work around calls: library functions (NATIVE), address-taken locals, and the
// errors and faults raised by instructions (uninitialised uses, SIGFPE, stack overflow, bad jumps, TRAP).
//
// How it works. NATIVE runs a library function implemented in TypeScript with the machine's NativeCall,
// then returns from the stub exactly as RET would: the return address is read from the stack in
// simulated memory (the stub's frame: [entry sp] holds it), the stub's frame is popped, and the result is
// stored in the caller's destination register as the function's C return type says.
//
// An address-taken local becomes an object the first time `ADDR rd, fp, off, k` runs in an activation;
// later ADDRs of the same variable in the same activation reuse it (a per-instruction cache keyed by the
// activation serial makes the common case free). RET marks the frame's objects DEAD.

import { TRAP_CODES } from '../compile/isa';
import type { NativeResult, NativeReturn } from '../libc/native';
import { KIND_LOCAL } from '../check/objects';
import { hex } from '../check/describe';
import { ACCESS_READ } from '../memory/fault';
import { PAGE_SIZE } from '../memory/physical';
import { canonical } from './int64';
import { instructionAt } from './decode';
import { report, fatal } from './report';
import { fetchReturn } from './access';
import { ProcessExit, ProcessKill, terminationLine } from './ending';
import { BLOCKED } from './syscalls';
import type { Cpu } from './cpu';

type Uninitialised = 'branch' | 'address' | 'divisor' | 'call';

export function reportUninitialised(cpu: Cpu, what: Uninitialised): void {
  switch (what) {
    case 'branch':
      return report(cpu, 'uninitialized', 'Conditional jump or move depends on uninitialised value(s)', [], 'A decision (if, while, for, ?:, && or ||) depends on a value that was never initialised.');
    case 'address':
      return report(cpu, 'uninitialized', 'Use of uninitialised value of size 8', [], 'An address (a pointer or an array index) was computed from a value that was never initialised.');
    case 'divisor':
      return report(cpu, 'uninitialized', 'Use of uninitialised value in a division', [], 'A division uses a divisor that was never initialised.');
    case 'call':
      return report(cpu, 'uninitialized', 'Jump to an address computed from uninitialised value(s)', [], 'A call through a function pointer uses a pointer that was never initialised.');
    default: {
      const never: never = what;
      return never;
    }
  }
}

export function raiseFpe(cpu: Cpu, byZero: boolean): ProcessKill {
  const at = hex(cpu.text.address[cpu.proc.state.pc]!);
  const error = fatal(
    cpu,
    'division-by-zero',
    'SIGFPE',
    terminationLine('SIGFPE'),
    [byZero ? `Integer divide by zero at address ${at}` : `Integer overflow in division at address ${at}`],
    byZero ? 'The program divided an integer by zero: the processor raises SIGFPE.' : 'The program divided the most negative integer by -1: the result does not fit, and the processor raises SIGFPE.',
  );
  return new ProcessKill('SIGFPE', error.message, error);
}

export function stackOverflow(cpu: Cpu): ProcessKill {
  const S = cpu.proc.state;
  const fn = cpu.symbols.fn(S.pc)?.name ?? '??';
  const size = cpu.text.imm[S.pc]!;
  const error = fatal(
    cpu,
    'stack-overflow',
    'SIGSEGV',
    `stack overflow in ${fn}() at depth ${S.depth}`,
    [`Stack overflow in thread #1: can't grow stack to ${hex(S.sp - 8 - size)}`, terminationLine('SIGSEGV')],
    `The call of ${fn}() at depth ${S.depth} needs a frame below the stack's limit of ${cpu.proc.stackSize} bytes: the recursion is too deep (or never ends), or the frame too big.`,
    { address: S.sp - 8 - size },
  );
  return new ProcessKill('SIGSEGV', error.message, error);
}

export function nonInstructionTarget(cpu: Cpu, address: number, how: 'call' | 'return', mmu?: string): ProcessKill {
  const S = cpu.proc.state;
  const fn = cpu.symbols.fn(S.pc)?.name ?? '??';
  const a = Number.isFinite(address) ? hex(address) : 'a non-address';
  const error = fatal(
    cpu,
    'segfault',
    'SIGSEGV',
    'Jump to the invalid address stated on the next line',
    [how === 'return' ? `return to a non-instruction address ${a}` : `call to a non-instruction address ${a}`, ...(mmu ? [mmu] : []), terminationLine('SIGSEGV')],
    how === 'return'
      ? `The return address saved in the frame of ${fn}() was overwritten (a buffer overflow on the stack?), so returning jumped to ${a}, which is not an instruction.`
      : `The call jumped to ${a}, which is not the start of an instruction.`,
    { address: Number.isFinite(address) ? address : undefined },
  );
  return new ProcessKill('SIGSEGV', error.message, error);
}

export function badInstruction(cpu: Cpu): ProcessKill {
  const at = hex(cpu.text.address[cpu.proc.state.pc] ?? 0);
  return new ProcessKill('SIGILL', `illegal instruction at ${at}`);
}

export function trap(cpu: Cpu, code: number): ProcessKill {
  const why = (TRAP_CODES as Record<number, string>)[code] ?? `trap ${code}`;
  return new ProcessKill('SIGILL', why);
}

/** _start returned instead of calling exit: the process exits with the returned value. */
export function endByReturn(_cpu: Cpu, value: number): ProcessExit {
  return new ProcessExit(value | 0);
}

/** The object for an address-taken local in the current activation (created on first use). */
export function localObject(cpu: Cpu, pc: number): number {
  const S = cpu.proc.state;
  const text = cpu.text;
  const objects = cpu.proc.objects;
  const serial = S.csSerial[S.depth]!;
  const index = text.c[pc]!;
  for (let k = S.csLocals[S.depth]!; k < S.localsTop; k++) {
    const id = S.locals[k]!;
    const info = objects.info[id];
    if (info?.kind === 'local' && info.serial === serial && info.variable === index) {
      text.addrSerial[pc] = serial;
      text.addrObject[pc] = id;
      return id;
    }
  }
  const fn = cpu.symbols.fn(pc);
  const v = fn?.variables[index - 1];
  if (!fn || !v) return 0;
  const id = objects.add(S.fp + v.fpOffset, v.size, KIND_LOCAL, {
    kind: 'local',
    name: v.name,
    function: fn.name,
    param: v.kind === 'param',
    variable: index,
    depth: S.depth,
    serial,
  });
  if (S.localsTop >= S.locals.length) S.growLocals();
  S.locals[S.localsTop++] = id;
  text.addrSerial[pc] = serial;
  text.addrObject[pc] = id;
  return id;
}

/** Runs library function number `index` and returns from its stub to the caller. */
export function runNative(cpu: Cpu, index: number): void {
  let bound = cpu.nativeTable[index];
  if (bound === undefined) {
    const name = cpu.program.natives[index] ?? `#${index}`;
    const kernel = cpu.kernel[name];
    bound = { name, kernel, spec: kernel ? undefined : cpu.natives[name] };
    cpu.nativeTable[index] = bound;
  }
  const { name, kernel, spec } = bound;
  const S = cpu.proc.state;
  if (!kernel && !spec) throw new ProcessKill('SIGILL', `library function ${name}() is not available in memscope`);
  cpu.nativeName = name;
  cpu.nativeCall.begin(name);
  // The allocator writes heap words itself: a watched byte it changes is found by comparing.
  const watched = cpu.watch.active ? cpu.watch.beforeNative(cpu) : undefined;
  const proc = cpu.proc;
  let result: NativeResult | typeof BLOCKED;
  let returns: NativeReturn;
  try {
    if (kernel) {
      returns = kernel.returns;
      result = kernel.run(cpu.nativeCall, cpu);
    } else {
      returns = spec!.returns;
      result = spec!.run(cpu.nativeCall);
    }
  } finally {
    cpu.nativeName = undefined;
  }
  if (watched && cpu.proc === proc) cpu.watch.afterNative(cpu, watched, name);
  if (result === BLOCKED) {
    // The call waits (wait() for a running child): pc stays on this NATIVE, which runs again when the
    // scheduler gives the process the CPU back; the CPU loop stops here so the scheduler can run.
    cpu.stopRequested = true;
    return;
  }
  returnFromStub(cpu, S, result, returns);
}

/** Returns from a native's stub with `result`, as RET would (also a forked child's return from fork). */
export function returnFromStub(cpu: Cpu, S: Cpu['proc']['state'], result: NativeResult, returns: NativeReturn): void {
  const depth = S.depth;
  const entrySp = S.csEntrySp[depth]!;
  // The stub may or may not have a prologue: if it ran ENTER, fp points just below the return address.
  const entered = S.fp === entrySp - 8;
  const ret = read64(cpu, entrySp);
  const savedFp = entered ? read64(cpu, entrySp - 8) : S.fp;
  fetchReturn(cpu, ret);
  const k = instructionAt(cpu.text, ret);
  if (k < 0) throw nonInstructionTarget(cpu, ret, 'return');
  const dest = S.csDest[depth]!;
  S.depth = depth - 1;
  S.base = S.csBase[depth - 1]!;
  S.sp = entrySp + 8;
  S.fp = savedFp;
  S.pc = k;
  if (dest < 0 || returns === 'void') return;
  let value: number | bigint = 0;
  let tag = 0;
  if (typeof result === 'object' && result !== null) {
    value = result.address;
    tag = result.object;
  } else if (result !== undefined) value = result;
  switch (returns) {
    case 'int':
      S.R[dest] = typeof value === 'bigint' ? Number(BigInt.asIntN(32, value)) : value | 0;
      break;
    case 'long':
    case 'pointer': {
      const c = typeof value === 'bigint' ? canonical(BigInt.asIntN(64, value)) : Number.isSafeInteger(value) ? value : canonical(BigInt.asIntN(64, BigInt(Math.trunc(value))));
      if (typeof c === 'number') S.R[dest] = c;
      else {
        S.R[dest] = NaN;
        S.big[dest] = c;
      }
      break;
    }
    case 'double':
      S.R[dest] = Number(value);
      break;
    case 'float':
      S.R[dest] = Math.fround(Number(value));
      break;
  }
  S.M[dest] = 0;
  S.T[dest] = returns === 'pointer' ? tag : 0;
}

function read64(cpu: Cpu, va: number): number {
  cpu.accessSize = 8;
  const space = cpu.proc.space;
  const pa = space.translate(va, ACCESS_READ);
  if ((pa & 7) === 0) {
    const i32 = cpu.mem.i32;
    const hi = i32[(pa >> 2) + 1]!;
    if (hi >= -2097151 && hi <= 2097151) return hi * 4294967296 + (i32[pa >> 2]! >>> 0);
  }
  const u8 = cpu.mem.bytes;
  let v = 0n;
  if (va % PAGE_SIZE <= PAGE_SIZE - 8) {
    for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(u8[pa + k]!);
  } else {
    for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(u8[space.translate(va + k, ACCESS_READ)]!);
  }
  return Number(BigInt.asIntN(64, v));
}
