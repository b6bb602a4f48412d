// Looking at memory must not change it: a snapshot of a forked process keeps its copy-on-write pages
// shared, and the snapshot's reads of a process whose pages are in swap leave them there (their bytes
// come from swap). Otherwise the debugger's own reads would rewrite the paging lesson at every stop.
import { strict as assert } from 'node:assert';
import type { Snapshot } from '../../../src/engine/snapshot/types';
import { BYTE_DEFINED, ProcessMemory } from '../../../src/engine/snapshot/memory';
import { pagesOf, regionsOf } from '../../../src/engine/snapshot/take-paging';
import { Recording } from '../../webview/fixtures/engine';

const shared = (s: Snapshot) => s.physical.frames.filter((f) => f.owners.length > 1).map((f) => f.frame);

describe('takeSnapshot reads memory without changing it', () => {
  it('after fork: pages both processes share stay shared, however often they are read', () => {
    const run = Recording.of('examples/fork_isolation.c');
    const first = run.runTo(run.line('printf("child:'));
    assert.equal(first.processes.length, 2, 'parent and child');
    assert.equal(first.current, 2, 'the child is on the CPU');
    const before = shared(first);
    assert.ok(before.length >= 2, `text and read-only data are shared: ${JSON.stringify(first.physical.frames.map((f) => f.owners))}`);
    const again = run.snapshot();
    assert.deepEqual(shared(again), before);
    assert.deepEqual(again.processes.map((p) => p.counters.cowFaults), first.processes.map((p) => p.counters.cowFaults));
    // The child reads the string literals of the shared .rodata page: shown, still shared.
    const child = again.processes.find((p) => p.pid === 2)!;
    assert.ok(child.globals.some((g) => g.kind === 'string-literal' && g.value.text.startsWith('"child: ')));
  });

  it('with little RAM: reading a swapped page takes its bytes from swap and leaves it there', () => {
    const run = Recording.of('examples/swapping.c');
    const s = run.runTo(run.line('long slow = sum(b, big, 4);'));
    const { machine } = run;
    const proc = machine.current;
    const faults = machine.counters(proc).majorFaults;
    // b = calloc(256 Ki ints), then b[i] = 1 every 1,024 ints: a 1 at the same offset of each page.
    const b = s.processes[0]!.chunks.find((c) => c.requested === 1024 * 1024)!;
    const ones = [...Array(256).keys()].map((k) => b.payload + k * 4096);
    const swapped = ones.filter((a) => proc.space.locate(a)?.kind === 'swap');
    assert.ok(swapped.length > 100, `most of b is in swap: ${swapped.length} pages`);
    const memory = new ProcessMemory(proc, machine.memory, machine.shadow);
    for (const address of swapped) {
      const { bytes, state } = memory.read(address, 4);
      assert.deepEqual([...bytes], [1, 0, 0, 0], `the int at ${address.toString(16)}`);
      assert.deepEqual([...state], [BYTE_DEFINED, BYTE_DEFINED, BYTE_DEFINED, BYTE_DEFINED]);
    }
    assert.deepEqual(swapped.filter((a) => proc.space.locate(a)?.kind !== 'swap'), [], 'still in swap');
    // The regions' resident counts come from the page table, without reading pages in either.
    const pages = pagesOf(machine, proc);
    const mmap = regionsOf(proc, pages).find((r) => r.kind === 'mmap')!;
    assert.equal(mmap.residentPages, pages.filter((p) => p.present && p.region === mmap.name).length);
    assert.equal(machine.counters(proc).majorFaults, faults, 'no major fault');
  });
});
