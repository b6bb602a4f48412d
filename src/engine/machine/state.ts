// The architectural state of one process's CPU: registers with their shadow, pc/sp/fp, and the
// JavaScript-side call stack that mirrors the frames in simulated memory.
//
// How it works. Registers live in one Float64Array shared by all windows: the running function's
// register k is R[base + k]; a call's callee gets base + (caller's window size). Each register has a
// definedness mask (M: bit i set = byte i undefined; any bit means "depends on uninitialised data") and a
// provenance tag (T: the object id of the pointer, 0 for none). A 64-bit integer is held as a double when
// it is a safe integer; otherwise R holds NaN and `big` holds the exact value (see int64.ts).
//
// The call stack arrays are indexed by depth (0 = _start's frame). For frame d they hold: the frame's
// window base, the absolute register receiving its result (-1 for none), its function number, the
// instruction it returns to (for allocation stacks, without reading memory), sp just after the CALL
// pushed the return address (where a native finds its arguments), an activation serial (for the ADDR
// cache) and how many address-taken locals existed when it was entered (they die at its RET). The return
// address and saved fp themselves live only in simulated memory: RET reads them from there.
//
// Everything is typed arrays and numbers so a fork can copy the state with a few `slice()` calls.

export class CpuState {
  R = new Float64Array(4096);
  M = new Uint8Array(4096);
  T = new Int32Array(4096);
  big: (bigint | undefined)[] = [];

  /** Instruction number of the next instruction. */
  pc = 0;
  sp = 0;
  fp = 0;
  base = 0;
  nregs = 1;
  depth = 0;
  serial = 0;

  csBase = new Int32Array(1024);
  csDest = new Int32Array(1024);
  csFunc = new Int32Array(1024);
  csReturn = new Int32Array(1024);
  csEntrySp = new Float64Array(1024);
  csSerial = new Float64Array(1024);
  csLocals = new Int32Array(1024);

  /** Object ids of address-taken locals of live frames, in creation order. */
  locals = new Int32Array(256);
  localsTop = 0;

  growRegisters(needed: number): void {
    let n = this.R.length;
    while (n < needed) n *= 2;
    if (n === this.R.length) return;
    this.R = grow(this.R, new Float64Array(n));
    this.M = grow(this.M, new Uint8Array(n));
    this.T = grow(this.T, new Int32Array(n));
  }

  growCallStack(): void {
    const n = this.csBase.length * 2;
    this.csBase = grow(this.csBase, new Int32Array(n));
    this.csDest = grow(this.csDest, new Int32Array(n));
    this.csFunc = grow(this.csFunc, new Int32Array(n));
    this.csReturn = grow(this.csReturn, new Int32Array(n));
    this.csEntrySp = grow(this.csEntrySp, new Float64Array(n));
    this.csSerial = grow(this.csSerial, new Float64Array(n));
    this.csLocals = grow(this.csLocals, new Int32Array(n));
  }

  growLocals(): void {
    this.locals = grow(this.locals, new Int32Array(this.locals.length * 2));
  }

  /** Exact value of a 64-bit register (absolute index). */
  bigValue(r: number): bigint {
    const v = this.R[r]!;
    return v === v ? BigInt(v) : (this.big[r] ?? 0n);
  }

  clone(): CpuState {
    const c = new CpuState();
    c.R = this.R.slice();
    c.M = this.M.slice();
    c.T = this.T.slice();
    c.big = this.big.slice();
    c.pc = this.pc;
    c.sp = this.sp;
    c.fp = this.fp;
    c.base = this.base;
    c.nregs = this.nregs;
    c.depth = this.depth;
    c.serial = this.serial;
    c.csBase = this.csBase.slice();
    c.csDest = this.csDest.slice();
    c.csFunc = this.csFunc.slice();
    c.csReturn = this.csReturn.slice();
    c.csEntrySp = this.csEntrySp.slice();
    c.csSerial = this.csSerial.slice();
    c.csLocals = this.csLocals.slice();
    c.locals = this.locals.slice();
    c.localsTop = this.localsTop;
    return c;
  }
}

function grow<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}
