// Paging on the whole machine: overcommit, the performance cliff of swapping, the OOM killer, faults per
// line, what translating an address would do, the machine's views of pages, frames, swap and TLB, and the
// `opt` policy's two runs.
import { strict as assert } from 'node:assert';
import { build } from '../compile/harness';
import { runProgram } from '../../../src/engine/run';
import { Machine } from '../../../src/engine/machine/machine';
import { LIBC } from '../../../src/engine/libc';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { takeSnapshot } from '../../../src/engine/snapshot/take';
import type { PagePolicy } from '../../../src/engine/settings';

const SWEEP = (pages: number, passes: number) => `
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int n = ${pages} * 1024;
  int *a = malloc(n * sizeof(int));
  for (int i = 0; i < n; i++) a[i] = i;
  long sum = 0;
  for (int pass = 0; pass < ${passes}; pass++)
    for (int i = 0; i < n; i += 16) sum += a[i];
  printf("%ld\\n", sum);
  free(a);
  return 0;
}`;

describe('paging: overcommit and demand paging', () => {
  it('a 4 GiB allocation succeeds; touching 10 pages costs 10 frames: VSZ ≫ RSS', () => {
    const r = runProgram(
      build(`
#include <stdlib.h>
int main(void) {
  char *p = malloc(4UL << 30);
  if (!p) return 1;
  for (int i = 0; i < 10; i++) p[(unsigned long)i << 28] = 1;
  return 0;
}`),
      { leakCheck: false },
    );
    assert.equal(r.exitCode, 0);
    assert.ok(r.memory.vsz > 4 * 2 ** 30, `VSZ ${r.memory.vsz}`);
    assert.ok(r.memory.rss < 40 * 4096, `RSS ${r.memory.rss}`);
    // One minor fault per page touched: the first page holds malloc's header, so its fault is malloc's line.
    const lines = r.machine.faultsByLine();
    assert.equal(lines.find((l) => l.line === 6)?.minor, 9);
    assert.ok((lines.find((l) => l.line === 4)?.minor ?? 0) >= 1);
  });
});

describe('paging: swap and the performance cliff', () => {
  it('the same loop takes orders of magnitude longer per instruction once it swaps', () => {
    const program = build(SWEEP(128, 2));
    const fits = runProgram(program, { physMem: 8 << 20, leakCheck: false });
    const swaps = runProgram(program, { physMem: 160 << 10, swap: 4 << 20, leakCheck: false });
    assert.equal(fits.stdout, swaps.stdout);
    assert.equal(fits.memory.majorFaults, 0);
    assert.ok(swaps.memory.majorFaults > 128, `${swaps.memory.majorFaults} major faults`);
    const perInstruction = (m: typeof fits.memory) => m.simulatedTimeNs / m.instructions;
    assert.ok(perInstruction(swaps.memory) > 100 * perInstruction(fits.memory));
    assert.ok(swaps.memory.rssPeak <= 160 << 10);
  });

  it('opt never faults more than fifo, lru, clock or random, and replays the same stdin in its first run', () => {
    const program = build(`
#include <stdio.h>
#include <stdlib.h>
int main(void) {
  int n = 0;
  if (scanf("%d", &n) != 1) return 2;
  int *a = malloc(n * 1024 * sizeof(int));
  for (int r = 0; r < 3; r++)
    for (int i = 0; i < n * 1024; i += 256) a[(i * 7) % (n * 1024)] += r;
  long s = 0;
  for (int i = 0; i < n * 1024; i += 1024) s += a[i];
  printf("%d %ld\\n", n, s);
  return 0;
}`);
    const run = (pagePolicy: PagePolicy) => runProgram(program, { physMem: 160 << 10, swap: 1 << 20, pagePolicy, stdin: '48\n', leakCheck: false });
    const opt = run('opt');
    assert.match(opt.stdout, /^48 /);
    for (const policy of ['fifo', 'lru', 'clock', 'random'] as const) {
      const other = run(policy);
      assert.equal(other.stdout, opt.stdout);
      assert.equal(other.steps, opt.steps, 'replacement never changes which instructions run');
      assert.ok(opt.memory.majorFaults <= other.memory.majorFaults, `${policy}: ${other.memory.majorFaults} < opt's ${opt.memory.majorFaults}`);
    }
    assert.ok(opt.memory.majorFaults > 0);
  });
});

describe('paging: the OOM killer', () => {
  it('kills the process with the largest RSS + swap, with the kernel\'s line; the others go on', () => {
    const r = runProgram(
      build(`
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    for (;;) { char *p = malloc(4096); p[0] = 1; }
  }
  int s = 0;
  waitpid(pid, &s, 0);
  printf("child signaled %d by %d\\n", WIFSIGNALED(s), WTERMSIG(s));
  return 0;
}`),
      { physMem: 512 << 10, swap: 256 << 10, leakCheck: false },
    );
    assert.equal(r.stdout, 'child signaled 1 by 9\n');
    assert.equal(r.exitCode, 0);
    const log = r.machine.kernelLog;
    assert.equal(log.length, 1);
    assert.match(log[0]!, /^Out of memory: Killed process 2 \(a\.out\) total-vm:\d+kB, anon-rss:\d+kB$/);
    assert.equal(r.machine.pagerStats.oomKills, 1);
  });

  it('the process asking is killed when it is the largest: SIGKILL, exit status 137, the line as its error', () => {
    const r = runProgram(build(`
#include <stdlib.h>
int main(void) { for (;;) { char *p = malloc(4096); p[0] = 1; } }`), { physMem: 256 << 10, swap: 0, leakCheck: false });
    assert.equal(r.exitCode, 137);
    assert.equal(r.signal, 'SIGKILL');
    const error = r.errors.find((e) => e.kind === 'out-of-memory');
    assert.match(error?.message ?? '', /^Out of memory: Killed process 1 \(a\.out\) total-vm:\d+kB, anon-rss:\d+kB$/);
    assert.equal(error?.message, r.machine.kernelLog[0]);
  });
});

describe('paging: what the views read', () => {
  it('translation predicts each outcome: TLB hit or walk, minor and major faults, SIGSEGV with the reason', () => {
    // Without the free, the array's pages are still mapped (some in swap) when the program ends.
    const program = build(SWEEP(64, 1).replace('free(a);', ''));
    const r = runProgram(program, { physMem: 128 << 10, swap: 1 << 20, leakCheck: false });
    const m = r.machine;
    const pages = m.pages();
    const swapped = pages.find((p) => p.swapped)!;
    assert.ok(swapped, 'some page is in swap');
    assert.deepEqual(m.translation(swapped.va).outcome, { kind: 'major-fault', slot: swapped.swapSlot });
    const resident = pages.find((p) => p.present && p.region === '[stack]')!;
    assert.match(m.translation(resident.va).outcome.kind, /^(tlb-hit|walk)$/);
    const untouched = m.regions().find((g) => g.kind === 'stack')!;
    assert.equal(m.translation(untouched.start).outcome.kind, 'minor-fault');
    const text = m.regions().find((g) => g.kind === 'text')!;
    const outcome = m.translation(text.start, 'write').outcome;
    assert.equal(outcome.kind, 'invalid-fault');
    assert.equal(outcome.kind === 'invalid-fault' && outcome.reason, 'write-protected');
    const nowhere = m.translation(0x10000000).outcome;
    assert.equal(nowhere.kind === 'invalid-fault' && nowhere.reason, 'unmapped');
    assert.equal(m.translation(8).outcome.kind === 'invalid-fault' && (m.translation(8).outcome as { reason: string }).reason, 'null');
  });

  it('lists pages with their bits, frames with owners, swap slots and TLB entries, consistently', () => {
    const r = runProgram(build(SWEEP(64, 1)), { physMem: 128 << 10, swap: 1 << 20, leakCheck: false });
    const m = r.machine;
    const pages = m.pages();
    const frames = m.frames();
    const slots = m.swapSlots();
    for (const p of pages.filter((q) => q.present)) {
      const f = frames.find((x) => x.frame === p.frame);
      assert.ok(f && f.use === 'page' && f.owners.some((o) => o.pid === 1 && o.vpn === p.vpn));
    }
    for (const p of pages.filter((q) => q.swapped)) assert.ok(slots.some((s) => s.slot === p.swapSlot && s.owners.some((o) => o.vpn === p.vpn)));
    assert.equal(frames.filter((f) => f.use === 'page-table').length * 4096, r.memory.pageTableBytes);
    assert.equal(pages.filter((q) => q.present).length * 4096, r.memory.rss);
    assert.equal(slots.length * 4096, r.memory.swapped);
    const tlb = m.tlbEntries();
    assert.ok(tlb.length > 0 && tlb.every((e) => frames.some((f) => f.frame === e.frame)));
  });
});

describe('paging: looking changes nothing', () => {
  it('the machine\'s views and memory reads move no page and count no fault; the snapshot lists a slot shared after fork once', () => {
    const program = build(`
#include <stdlib.h>
#include <unistd.h>
int main(void) {
  int n = 48 * 1024;
  int *a = malloc(n * sizeof(int));
  for (int i = 0; i < n; i += 1024) a[i] = i;
  if (fork() == 0) { for (;;) {} }
  for (;;) {}
}`);
    const m = new Machine(program, { natives: LIBC, allocator: createAllocator, physMem: 128 << 10, swap: 1 << 20 }, { write: () => undefined, readStdin: () => -1 });
    m.run(300_000);
    assert.equal(m.processes.length, 2);
    const state = () => JSON.stringify([m.processes.map((p) => m.counters(p)), m.pagerStats, m.swapSlots(), m.pages(), m.tlbEntries()]);
    const before = state();
    const swappedPage = m.pages().find((p) => p.swapped);
    assert.ok(swappedPage, 'something is in swap');
    m.readMemory(swappedPage.va, 4096);
    m.definedness(swappedPage.va, 4096);
    m.regions();
    m.frames();
    m.translation(swappedPage.va, 'write');
    assert.equal(state(), before);
    const snapshot = takeSnapshot(m);
    const keys = snapshot.swap.slots.map((s) => s.key);
    assert.equal(new Set(keys).size, keys.length, 'one entry per slot');
    assert.ok(m.swapSlots().some((s) => s.owners.length === 2), 'pages swapped before the fork are shared through their slot');
    assert.deepEqual(snapshot.processes.map((p) => p.state), m.processes.map((p) => m.processState(p)));
  });
});
