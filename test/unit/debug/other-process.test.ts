// Looking at a process that is not on the CPU: after fork, an expression evaluated in a frame of the
// process off the CPU reads that process's own pages (the parent and the child hold different values at
// the same address), and looking changes nothing: no fault, no frame, no TLB or counter moves. Only the
// running process can be written.
import { strict as assert } from 'node:assert';
import { evaluate, valueContext } from '../../../src/engine/debug/evaluate';
import { pointerVerdict } from '../../../src/engine/check/verdict';
import { readScalar } from '../../../src/engine/snapshot/values';
import type { Machine } from '../../../src/engine/machine/machine';
import { lineOf, machineFor, runToLine } from '../snapshot/take-harness';
import { ISOLATION } from '../../fixtures/fork-isolation';


/** Everything looking must not change: each process's counters and pages, the frames, the TLB. */
function state(machine: Machine): string {
  return JSON.stringify({
    counters: machine.processes.map((p) => machine.counters(p)),
    pages: machine.processes.map((p) => machine.pages(p)),
    frames: machine.frames(),
    tlb: [machine.tlb.hits, machine.tlb.misses, machine.tlbEntries()],
  });
}

function integer(machine: Machine, expression: string, at: { pid: number }): number {
  const process = machine.processes.find((p) => p.pid === at.pid)!;
  const main = machine.backtrace(Infinity, process).find((f) => f.function === 'main');
  const result = evaluate(machine, expression, { frame: main, process });
  assert.ok(result.ok, result.ok ? '' : result.message);
  const read = readScalar(valueContext(machine, process), result.value.type, result.value.place);
  assert.ok(read && read.scalar.kind !== 'float');
  return Number(read.scalar.value);
}

describe('evaluating in a process off the CPU', () => {
  it('reads that process: the parent and the child show their own value at the same address', () => {
    const machine = machineFor(ISOLATION);
    runToLine(machine, lineOf(ISOLATION, '@child'));
    assert.equal(machine.current.pid, 2);
    assert.equal(integer(machine, '(long)&value', { pid: 1 }), integer(machine, '(long)&value', { pid: 2 }));
    assert.equal(integer(machine, '(long)&mine', { pid: 1 }), integer(machine, '(long)&mine', { pid: 2 }));
    assert.deepEqual([integer(machine, 'value', { pid: 1 }), integer(machine, 'mine', { pid: 1 }), integer(machine, 'pid', { pid: 1 })], [100, 30, 2]);
    assert.deepEqual([integer(machine, 'value', { pid: 2 }), integer(machine, 'mine', { pid: 2 }), integer(machine, 'pid', { pid: 2 })], [200, 20, 0]);
  });

  it('changes nothing: no page faults in, no counter, frame or TLB entry moves, not even for an untouched page', () => {
    const machine = machineFor(ISOLATION);
    runToLine(machine, lineOf(ISOLATION, '@child'));
    const before = state(machine);
    integer(machine, 'value + mine', { pid: 1 });
    // big[] was never touched: its pages have no frame, and reading them must not give them one.
    assert.equal(integer(machine, 'big[2048] + big[4095]', { pid: 1 }), 0);
    assert.equal(state(machine), before);
  });

  it('writes only the running process', () => {
    const machine = machineFor(ISOLATION);
    runToLine(machine, lineOf(ISOLATION, '@child'));
    const parent = machine.processes.find((p) => p.pid === 1)!;
    const refused = evaluate(machine, 'value = 5', { process: parent, sideEffects: true });
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.message, /pid 1 is not on the CPU/);
    assert.equal(integer(machine, 'value', { pid: 1 }), 100);
    const written = evaluate(machine, 'value = 7', { sideEffects: true });
    assert.ok(written.ok && written.wrote);
    assert.deepEqual([integer(machine, 'value', { pid: 1 }), integer(machine, 'value', { pid: 2 })], [100, 7]);
  });

  it('names a local of the process off the CPU as the target of a pointer into its stack', () => {
    const machine = machineFor(ISOLATION);
    runToLine(machine, lineOf(ISOLATION, '@child'));
    const parent = machine.processes.find((p) => p.pid === 1)!;
    const verdict = pointerVerdict(machine, integer(machine, '(long)&mine', { pid: 1 }), 0, { process: parent });
    assert.equal(verdict.kind, 'valid');
    assert.equal(verdict.target?.name, 'mine');
    assert.equal(verdict.target?.function, 'main');
  });
});
