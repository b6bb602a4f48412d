// Running small Mini C programs on the real machine (memscope's libc and allocator) and stopping them at
// a source line, for the snapshot and pointer-verdict tests.

import { strict as assert } from 'node:assert';
import { compileFile } from '../../../src/engine/index';
import { Machine, type StopEvent } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import type { Program } from '../../../src/engine/program';
import { ProcessMemory } from '../../../src/engine/snapshot/memory';

export const FILE = '/virtual/prog.c';

export function compileSource(source: string): Program {
  const result = compileFile(FILE, (path) => (path === FILE ? source : undefined));
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.length, 0, errors.map((d) => d.message).join('\n'));
  return result.program!;
}

export function machineFor(source: string): Machine {
  return new Machine(compileSource(source), { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024 }, { write: () => undefined, readStdin: () => -1 });
}

/** Runs until the first statement of `line` is about to execute (the nth time it is reached). */
export function runToLine(machine: Machine, line: number, times = 1): StopEvent {
  const addresses = machine.statementAddresses(0, line);
  assert.ok(addresses.length > 0, `line ${line} has a statement`);
  machine.setBreakpoints(addresses);
  let stop: StopEvent = { kind: 'budget' };
  for (let n = 0; n < times; n++) {
    do stop = machine.run(1_000_000);
    while (stop.kind === 'budget' || stop.kind === 'error');
  }
  machine.clearBreakpoints();
  assert.equal(stop.kind, 'breakpoint', `stopped at line ${line}: ${JSON.stringify(stop)}`);
  return stop;
}

export function runToEnd(machine: Machine): StopEvent {
  let stop: StopEvent;
  do stop = machine.run(1_000_000);
  while (stop.kind === 'budget' || stop.kind === 'error');
  return stop;
}

/** A variable of the innermost frame running `fn` (or a global): its address, 8-byte value and provenance tag. */
export function variable(machine: Machine, name: string, fn?: string): { address: number; value: number; tag: number } {
  let address: number | undefined;
  for (const f of machine.backtrace()) {
    const info = machine.program.functions[f.functionIndex];
    if (!info || f.fp === undefined || (fn !== undefined && info.name !== fn)) continue;
    const v = info.variables.find((x) => x.name === name);
    if (v) {
      address = f.fp + v.fpOffset;
      break;
    }
  }
  address ??= machine.program.objects.find((o) => o.name === name && o.kind !== 'string-literal')?.address;
  assert.ok(address !== undefined, `variable ${name} is in scope`);
  const bytes = machine.readMemory(address, 8).bytes;
  const value = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  return { address, value, tag: new ProcessMemory(machine.current, machine.memory, machine.shadow).tag(address) };
}

/** The 1-based line of `source` that contains `marker` (a comment such as `// @stop`). */
export function lineOf(source: string, marker: string): number {
  const index = source.split('\n').findIndex((l) => l.includes(marker));
  assert.ok(index >= 0, `marker ${marker} is in the program`);
  return index + 1;
}
