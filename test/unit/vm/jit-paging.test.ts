// Compiled code and the interpreter agree on paging: with RAM small enough to swap, a fork and each
// replacement policy, both give the same output, instruction counts, faults, TLB hits and misses, and stop
// at the same instructions for any budget (evictions drop TLB entries that compiled code reads inline).
import { strict as assert } from 'node:assert';
import { build } from '../compile/harness';
import { Machine, type StopEvent } from '../../../src/engine/machine/machine';
import { LIBC } from '../../../src/engine/libc';
import { createAllocator } from '../../../src/engine/heap/allocator';
import type { PagePolicy } from '../../../src/engine/settings';

const program = build(`
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  int n = 24 * 1024;
  int *a = malloc(n * sizeof(int));
  for (int i = 0; i < n; i += 16) a[i] = i;
  fflush(stdout);
  pid_t pid = fork();
  long sum = 0;
  for (int pass = 0; pass < 2; pass++)
    for (int i = n - 16; i >= 0; i -= 16) sum += a[i];
  if (pid == 0) { a[0] = 5; exit(sum % 100); }
  int s = 0;
  wait(&s);
  printf("%ld %d\\n", sum, WEXITSTATUS(s));
  free(a);
  return 0;
}`);

function runAll(jit: boolean, budget: number, pagePolicy: PagePolicy) {
  const out: number[] = [];
  const machine = new Machine(program, { natives: LIBC, allocator: createAllocator, jit, jitThreshold: 0, physMem: 88 << 10, swap: 1 << 20, pagePolicy }, { write: (_fd, b) => out.push(...b), readStdin: () => -1 });
  const stops: unknown[] = [];
  let stop: StopEvent = machine.run(budget);
  while (stop.kind === 'budget' || stop.kind === 'error') {
    if (budget > 1) stops.push([stop.kind, machine.steps, machine.current.pid, machine.registers().pc]);
    stop = machine.run(budget);
  }
  return {
    stop,
    stops,
    out: Buffer.from(out).toString(),
    steps: machine.steps,
    counters: machine.processes.map((p) => machine.counters(p)),
    faults: machine.processes.map((p) => machine.faultsByLine(p)),
    errors: machine.errors.map((e) => [e.kind, e.pid, e.stack[0]?.line]),
  };
}

describe('JIT and interpreter agree while swapping', () => {
  for (const policy of ['clock', 'lru', 'fifo'] as const) {
    it(`${policy}: same output, faults, TLB counts and counters`, () => {
      const a = runAll(false, 1e9, policy);
      const b = runAll(true, 1e9, policy);
      assert.deepEqual(b, a);
      assert.match(a.out, /^\d+ \d+\n$/);
      assert.ok(a.counters[0]!.majorFaults + a.counters[1]!.majorFaults > 0, 'the program swaps');
      assert.ok(a.counters.some((c) => c.cowFaults > 0));
    });
  }

  for (const budget of [1, 7, 97, 1000]) {
    it(`stops at exactly the same instructions for a budget of ${budget} (LRU, whose stamps compiled code writes)`, () => {
      const a = runAll(false, budget, 'lru');
      const b = runAll(true, budget, 'lru');
      assert.deepEqual(b, a);
    });
  }
});
