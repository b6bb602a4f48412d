// How the machine's stops interact: a step goal survives a stop it did not cause (an error) until
// cancelStep drops it, and setStopOnRepeats makes an error kind stop at every occurrence at one site
// while the error log still counts it once.
import { strict as assert } from 'node:assert';
import { Machine, type MachineOptions, type StopEvent } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { compileSource, lineOf } from '../snapshot/take-harness';
import { MODES } from './harness';

function machineFor(source: string, options: Partial<MachineOptions>): Machine {
  return new Machine(compileSource(source), { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024, stopOnErrors: true, ...options }, { write: () => undefined, readStdin: () => -1 });
}

function runToLine(machine: Machine, line: number): void {
  machine.setBreakpoints(machine.statementAddresses(0, line));
  assert.equal(machine.run(1e7).kind, 'breakpoint');
  machine.clearBreakpoints();
}

const line = (m: Machine): number => m.symbols.entry(m.current.state.pc).line;

const STEPPED = `int main(void) {
  int a[2];
  int s = 0; // @before
  if (a[1] > 0) s = 1; // @error
  s += 2; // @next
  return s - 2;
}
`;

const LOOP = `int a[3];
int b[8];
int main(void) {
  for (int i = 0; i < 8; i++)
    a[i] = i; // @store
  return a[0] + b[0] - 3;
}
`;

for (const mode of MODES) {
  describe(`${mode.name}: stops of the machine`, () => {
    it('a step goal survives an error stop in the middle of the step: the next run finishes the step', () => {
      const m = machineFor(STEPPED, mode.options);
      runToLine(m, lineOf(STEPPED, '@error'));
      m.step('statement-over');
      const error = m.run(1e7);
      assert.equal(error.kind, 'error');
      assert.equal(m.run(1e7).kind, 'step');
      assert.equal(line(m), lineOf(STEPPED, '@next'));
    });

    it('cancelStep drops the goal: the next run goes to the end', () => {
      const m = machineFor(STEPPED, mode.options);
      runToLine(m, lineOf(STEPPED, '@error'));
      m.step('statement-over');
      assert.equal(m.run(1e7).kind, 'error');
      m.cancelStep();
      assert.deepEqual(m.run(1e7), { kind: 'exited', status: 0 });
    });

    it('an error kind given to setStopOnRepeats stops at every occurrence; the log counts one error', () => {
      const once = machineFor(LOOP, mode.options);
      const first: StopEvent[] = [];
      for (let s = once.run(1e7); s.kind === 'error'; s = once.run(1e7)) first.push(s);
      assert.deepEqual(first.map((s) => s.kind === 'error' && s.repeat), [false]);

      const every = machineFor(LOOP, mode.options);
      every.setStopOnRepeats(['invalid-write']);
      const stops: { repeat: boolean; line: number; i: number }[] = [];
      let s = every.run(1e7);
      for (; s.kind === 'error'; s = every.run(1e7)) {
        const fp = every.registers().fp;
        const iVar = every.program.functions.find((f) => f.name === 'main')!.variables.find((v) => v.name === 'i')!;
        const i = new DataView(every.readMemory(fp + iVar.fpOffset, 4).bytes.buffer).getInt32(0, true);
        stops.push({ repeat: s.repeat === true, line: s.error.stack[0]!.line, i });
        assert.equal(s.error.kind, 'invalid-write');
      }
      assert.deepEqual(s, { kind: 'exited', status: 0 });
      // a[3] … a[7] are past the array: five bad writes at one site, five stops.
      assert.deepEqual(stops.map((x) => x.i), [3, 4, 5, 6, 7]);
      assert.deepEqual(stops.map((x) => x.repeat), [false, true, true, true, true]);
      assert.ok(stops.every((x) => x.line === lineOf(LOOP, '@store')));
      const logged = every.errors.filter((e) => e.kind === 'invalid-write');
      assert.equal(logged.length, 1);
      assert.equal(logged[0]!.count, stops.length);
    });
  });
}
