// One machine set-up: runProgram, `memscope run` and the debugger build their Machine with the engine's
// newMachine from settings (defaults, then the program's pragmas, then the options or launch attributes),
// so a setting reaches the machine the same way from every front end.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { newMachine, runProgram } from '../../../src/engine/run';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings';
import { machineFor, prepareLaunch } from '../../../src/debug/launch-program';
import { compileSource } from '../snapshot/take-harness';

const PRAGMAS = `#pragma memscope phys_mem(1M)
#pragma memscope heap_limit(2K)
#pragma memscope max_steps(5000)
#include <stdlib.h>
#include <stdio.h>
int main(void) {
  void *small = malloc(1000);
  void *big = malloc(4000);
  printf("%d %d\\n", small != NULL, big != NULL);
  for (;;) {}
}
`;

describe('one machine set-up for every front end', () => {
  it('newMachine gives the machine every setting, with 0 meaning no heap limit and no step limit', () => {
    const program = compileSource('int main(void) { return 3; }\n');
    const settings = { ...DEFAULT_SETTINGS, physMem: 2 * 1024 * 1024, tlbEntries: 16, maxSteps: 0, heapLimit: 0 };
    const machine = newMachine(program, settings, { write: () => undefined, readStdin: () => -1 }, { argv: ['three'] });
    assert.equal(machine.memory.size, 2 * 1024 * 1024);
    assert.equal(machine.tlb.size, 16);
    assert.equal(machine.current.name, 'three');
    let stop = machine.run(1e6);
    while (stop.kind === 'budget') stop = machine.run(1e6);
    assert.deepEqual(stop, { kind: 'exited', status: 3 });
  });

  it('runProgram: the pragmas apply, options override them, and a maxSteps of 0 leaves the pragma\'s limit', () => {
    const program = compileSource(PRAGMAS);
    const pragmas = runProgram(program, { leakCheck: false });
    assert.equal(pragmas.machine.memory.size, 1024 * 1024);
    assert.equal(pragmas.stdout, '1 0\n', 'the 2K heap limit of the pragma fails the 4000-byte malloc');
    assert.ok(pragmas.limitReached && pragmas.steps === 5000);
    const given = runProgram(program, { leakCheck: false, physMem: 2 * 1024 * 1024, heapLimit: 0, maxSteps: 0 });
    assert.equal(given.machine.memory.size, 2 * 1024 * 1024);
    assert.equal(given.stdout, '1 1\n', 'heapLimit 0 removes the limit');
    assert.equal(given.steps, 5000);
  });

  it('the debugger\'s launch builds the same machine from pragmas and attributes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'memscope-setup-'));
    try {
      const file = path.join(dir, 'limits.c');
      writeFileSync(file, PRAGMAS);
      const prepared = prepareLaunch({ program: file, physMem: '2M' });
      assert.ok(prepared.ok);
      const out: number[] = [];
      const machine = machineFor(prepared, (_fd, bytes) => out.push(...bytes));
      assert.equal(machine.memory.size, 2 * 1024 * 1024);
      assert.equal(machine.current.name, 'limits');
      let stop = machine.run(1e6);
      while (stop.kind === 'budget' || stop.kind === 'error') stop = machine.run(1e6);
      assert.equal(stop.kind, 'max-steps');
      assert.equal(machine.steps, 5000);
      assert.equal(Buffer.from(out).toString(), '1 0\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
