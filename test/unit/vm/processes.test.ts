// Processes on the machine: fork with copy-on-write, isolation seen through the page tables, wait and
// waitpid (blocking, WNOHANG, signals), zombies and orphans, the scheduling rule, per-process counters.
import { strict as assert } from 'node:assert';
import { build } from '../compile/harness';
import { runProgram } from '../../../src/engine/run';
import { Machine } from '../../../src/engine/machine/machine';
import { LIBC } from '../../../src/engine/libc';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { QUANTUM } from '../../../src/engine/machine/kernel';
import type { Program } from '../../../src/engine/program';

function machineFor(program: Program, options: object = {}) {
  const out: number[] = [];
  const machine = new Machine(program, { natives: LIBC, allocator: createAllocator, ...options }, { write: (_fd, b) => out.push(...b), readStdin: () => -1 });
  return { machine, out: () => Buffer.from(out).toString() };
}

const ISOLATION = `
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
int shared_value = 1;
char untouched_after_fork[3 * 4096];
int main(void) {
  untouched_after_fork[5000] = 1;
  pid_t pid = fork();
  if (pid == 0) {
    shared_value = 2;
    for (;;) {}
  }
  shared_value = 3;
  wait(NULL);
  return 0;
}`;

describe('processes: fork and isolation', () => {
  it('after fork and two writes, the same virtual address maps to different frames holding different values', () => {
    const p = build(ISOLATION);
    const { machine } = machineFor(p);
    assert.equal(machine.run(200_000).kind, 'budget');
    const [parent, child] = machine.processes;
    assert.ok(parent && child);
    assert.equal(machine.processState(parent), 'waiting');
    assert.equal(machine.processState(child), 'running');
    const g = p.objects.find((o) => o.name === 'shared_value')!.address;
    const a = machine.translation(g, 'read', parent);
    const b = machine.translation(g, 'read', child);
    assert.ok(a.walk.ok && b.walk.ok);
    assert.notEqual(a.walk.frame, b.walk.frame);
    assert.equal(machine.memory.i32[a.walk.physical >> 2], 3);
    assert.equal(machine.memory.i32[b.walk.physical >> 2], 2);
    // The parent wrote first, so it made the copy; the child's write found the page no longer shared.
    assert.ok(machine.counters(parent).cowFaults >= 1);
    // Text is still one frame mapped by both.
    const text = p.text.address;
    const ta = machine.translation(text, 'execute', parent);
    const tb = machine.translation(text, 'execute', child);
    assert.ok(ta.walk.ok && tb.walk.ok);
    assert.equal(ta.walk.frame, tb.walk.frame);
    assert.ok(machine.counters(child).shared > 0);
    // A page neither has written since the fork is still one frame: a write would copy it.
    const pad = p.objects.find((o) => o.name === 'untouched_after_fork')!.address + 5000;
    assert.deepEqual(machine.translation(pad, 'write', child).outcome, { kind: 'cow-fault' });
    assert.deepEqual(machine.translation(pad, 'write', parent).outcome, { kind: 'cow-fault' });
  });

  it('wait blocks until the child ends, reaps it, and reports exit codes and signals as Linux packs them', () => {
    const r = runProgram(
      build(`
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  int s;
  pid_t a = fork();
  if (a == 0) exit(7);
  pid_t b = fork();
  if (b == 0) { int *p = 0; return *p; }
  printf("nohang %d\\n", waitpid(b, &s, WNOHANG));
  waitpid(a, &s, 0);
  printf("a exited %d code %d\\n", WIFEXITED(s), WEXITSTATUS(s));
  waitpid(b, &s, 0);
  printf("b signaled %d signal %d\\n", WIFSIGNALED(s), WTERMSIG(s));
  printf("no more %d\\n", wait(&s));
  return 0;
}`),
    );
    assert.equal(r.stdout, 'nohang 0\na exited 1 code 7\nb signaled 1 signal 11\nno more -1\n');
    assert.equal(r.exitCode, 0);
    const crash = r.errors.find((e) => e.kind === 'null-deref');
    assert.equal(crash?.pid, 3, 'the child\'s fault is reported with its pid');
    assert.deepEqual(r.machine.processes.map((p) => r.machine.processState(p)), ['exited', 'exited', 'killed']);
  });

  it('a child nobody waited for is a zombie; an orphan is given to pid 1', () => {
    const p = build(`
#include <stdlib.h>
#include <unistd.h>
int main(void) {
  pid_t a = fork();
  if (a == 0) {
    if (fork() == 0) { for (volatile int i = 0; i < 1000; i++) {} exit(0); }
    exit(0);
  }
  for (volatile int i = 0; i < 200000; i++) {}
  return 0;
}`);
    const { machine } = machineFor(p);
    let stop = machine.run(1e6);
    while (stop.kind === 'budget') stop = machine.run(1e6);
    const [, child, grandchild] = machine.processes;
    assert.ok(child && grandchild);
    assert.equal(machine.processState(child), 'zombie');
    assert.equal(grandchild.ppid, 1, 'the grandchild outlived its parent');
  });

  it('schedules deterministically: a process keeps the CPU for a quantum, then the next ready pid runs', () => {
    const source = `
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  pid_t pid = fork();
  char who = pid == 0 ? 'c' : 'p';
  for (int i = 0; i < 40; i++) {
    for (volatile int k = 0; k < 2000; k++) {}
    putchar(who);
  }
  if (pid != 0) { wait(NULL); putchar('\\n'); }
  return 0;
}`;
    const first = runProgram(build(source), { jit: false });
    const again = runProgram(build(source), { jit: true });
    assert.equal(first.stdout, again.stdout);
    assert.match(first.stdout, /^p+c+p+/, 'the parent runs first, then the child gets the CPU after a quantum');
    const turns = first.stdout.trim().match(/p+|c+/g)!;
    assert.ok(turns.length >= 3);
    assert.ok(first.machine.tlb.flushes >= turns.length, 'each switch flushes the TLB');
    assert.ok(QUANTUM > 0);
  });
});

describe('processes: counters', () => {
  it('each process has its own faults, TLB counts and time; ended ones keep their counters from the end', () => {
    const r = runProgram(
      build(`
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  char *big = malloc(64 * 4096);
  for (int i = 0; i < 64; i++) big[i * 4096] = 1;
  if (fork() == 0) { big[0] = 2; big[4096] = 2; exit(0); }
  wait(NULL);
  free(big);
  return 0;
}`),
    );
    const [parent, child] = r.machine.processes.map((p) => r.machine.counters(p));
    assert.ok(parent && child);
    assert.ok(child.cowFaults >= 2, 'the child copied the two pages it wrote');
    assert.ok(parent.minorFaults >= 64, 'the parent touched 64 pages');
    assert.ok(child.rss >= 64 * 4096, 'at its end the child mapped the whole array (shared)');
    assert.ok(child.shared >= 62 * 4096);
    assert.ok(child.pss < child.rss);
    assert.ok(child.tlbHits > 0 && parent.tlbHits > child.tlbHits);
    const total = r.machine.clockNs;
    assert.equal(total, parent.simulatedTimeNs + child.simulatedTimeNs);
  });
});
