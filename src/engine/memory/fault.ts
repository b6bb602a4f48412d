// Memory faults: what the MMU raises when a translation cannot complete.
//
// How it works. The page-table walk (address-space.ts) is the only place that decides a fault; it throws a
// `MemoryFault` value. The CPU catches it once, outside its dispatch loop, and turns it into a located
// `RuntimeError` with a backtrace (kind null-deref, stack-overflow or segfault, signal SIGSEGV). Faults are
// thrown rather than returned because they unwind out of the middle of an instruction; they are plain
// objects, not `Error`s, so no JavaScript stack trace is captured on the hot path of a faulting program.

export type Access = 'read' | 'write' | 'execute';

/** Numeric access codes used on the fast path (index into ACCESS_NAMES). */
export const ACCESS_READ = 0;
export const ACCESS_WRITE = 1;
export const ACCESS_EXECUTE = 2;
export const ACCESS_NAMES: readonly Access[] = ['read', 'write', 'execute'];

export type FaultReason =
  /** Below 0x1000: the null guard, never mapped. */
  | 'null'
  /** No mapping covers the address. */
  | 'unmapped'
  /** Not a canonical x86-64 user address (negative, or at or above 2^47). */
  | 'non-canonical'
  /** The page is mapped read-only (text, string literals, PROT_READ). */
  | 'write-protected'
  /** The page is mapped without execute permission (data, stack, heap). */
  | 'execute-protected'
  /** The page is mapped without read permission (PROT_NONE). */
  | 'read-protected'
  /** The guard page below the stack's size limit: the stack overflowed. */
  | 'guard-page'
  /** No physical frame is left for the page. */
  | 'out-of-memory';

export class MemoryFault {
  readonly kind = 'memory-fault';
  constructor(
    /** The virtual address that failed (a bigint only when it is not a safe integer). */
    readonly address: number,
    readonly access: Access,
    readonly reason: FaultReason,
    /** For 'out-of-memory': the OOM killer's kernel line about this process. */
    readonly detail?: string,
  ) {}

  /** One sentence, as the error details and the walk view show it. */
  describe(): string {
    const where = `0x${this.address.toString(16)}`;
    switch (this.reason) {
      case 'null':
        return `${this.access} of address ${where}, in the first page: a null pointer dereference`;
      case 'unmapped':
        return `${this.access} of address ${where}, which no mapping covers`;
      case 'non-canonical':
        return `${this.access} of address ${where}, which is not a user-space address`;
      case 'write-protected':
        return `write to address ${where}, in a read-only page`;
      case 'execute-protected':
        return `execution at address ${where}, in a page that is not executable`;
      case 'read-protected':
        return `read of address ${where}, in a page mapped without read permission`;
      case 'guard-page':
        return `${this.access} of address ${where}, in the guard page below the stack`;
      case 'out-of-memory':
        return `${this.access} of address ${where}: no physical frame is left`;
      default: {
        const never: never = this.reason;
        return String(never);
      }
    }
  }
}
