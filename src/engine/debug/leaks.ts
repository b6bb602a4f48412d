// Noticing the moment a heap block becomes unreachable: the debugger's "leak" exception stops at the
// statement after the one that dropped the last pointer to a block.
//
// How it works. After a statement, the leak check of that moment (valgrind's reachability from the
// roots: globals, the live stack, registers) lists the live blocks nothing reachable points to. A block
// seen lost for the first time is a new leak; `LeakMoments` remembers the allocation ids it has already
// reported, since a lost block stays lost for the rest of the run. The check costs a scan of the roots
// and the heap, so the debugger runs it only while the user asked to stop on leaks.

import type { Machine } from '../machine/machine';
import type { RuntimeError } from '../errors';
import type { BlockRecord } from '../heap/host';
import { userLine } from '../check/verdict';

export class LeakMoments {
  private readonly reported = new Set<number>();

  constructor(private readonly machine: Machine) {}

  /** Blocks lost since the last call, as 'leak' errors located at the current position. */
  check(): RuntimeError[] {
    const machine = this.machine;
    const proc = machine.current;
    const live = proc.heap.liveBlocks();
    if (live.length === 0) return [];
    const leaks = machine.leakCheck(proc);
    const out: RuntimeError[] = [];
    for (const { block, object } of live) {
      const kind = leaks.blocks.get(block.address);
      if ((kind !== 'definite' && kind !== 'indirect') || this.reported.has(block.id)) continue;
      this.reported.add(block.id);
      out.push(this.error(block, object, kind));
    }
    return out;
  }

  private error(block: BlockRecord, object: number, kind: 'definite' | 'indirect'): RuntimeError {
    const machine = this.machine;
    const proc = machine.current;
    const info = proc.objects.infoOf(object);
    const allocSites = info?.kind === 'heap' ? info.allocStack : [];
    const line = userLine(machine, allocSites);
    const at = line ? ` allocated at line ${line}` : '';
    const lost = kind === 'definite' ? 'definitely lost' : 'indirectly lost (only a lost block pointed to it)';
    return {
      kind: 'leak',
      message: `${block.requested} bytes in 1 blocks are ${kind === 'definite' ? 'definitely' : 'indirectly'} lost`,
      details: [`Address 0x${block.address.toString(16)} is 0 bytes inside a block of size ${block.requested} alloc'd`],
      explanation: `leaked: the last pointer to this ${block.requested}-byte block${at} was just overwritten or went out of scope; the block is ${lost} and can never be freed.`,
      address: block.address,
      size: block.requested,
      stack: machine.backtrace(12).map((f) => f.site),
      allocStack: allocSites.map((k) => machine.symbols.entry(k)),
      fatal: false,
      pid: proc.pid,
    };
  }
}
