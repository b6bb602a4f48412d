// Looking at memory must not change it: a snapshot of a forked process keeps its copy-on-write pages
// shared, and the snapshot's reads of a process whose pages are in swap leave them there (their bytes
// come from swap). Otherwise the debugger's own reads would rewrite the paging lesson at every stop.
import { strict as assert } from 'node:assert';
import type { Snapshot } from '../../../src/engine/snapshot/types';
import { BYTE_DEFINED, BYTE_UNDEFINED, ProcessMemory } from '../../../src/engine/snapshot/memory';
import { pagesOf, regionsOf } from '../../../src/engine/snapshot/take-paging';
import { Recording } from '../../webview/fixtures/engine';

const shared = (s: Snapshot) => s.physical.frames.filter((f) => f.owners.length > 1).map((f) => f.frame);

describe('takeSnapshot reads memory without changing it', () => {
  it('after fork: pages both processes share stay shared, however often they are read', () => {
    const run = Recording.of('test/webview/programs/fork.c');
    const first = run.runTo(run.line('@child'));
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
    const run = Recording.of('test/webview/programs/swap.c');
    run.runTo(run.line('@filled'));
    const { machine } = run;
    const proc = machine.current;
    const faults = machine.counters(proc).majorFaults;
    const block = proc.heap.liveBlocks()[0]!.block;
    // pages[i * 4096] = i: find the i-th page of the block that is in swap now.
    const swapped = [...Array(24).keys()].filter((i) => proc.space.locate(block.address + i * 4096)?.kind === 'swap');
    assert.ok(swapped.length > 4, `pages went to swap: ${swapped.length}`);
    const memory = new ProcessMemory(proc, machine.memory, machine.shadow);
    for (const i of swapped) {
      const { bytes, state } = memory.read(block.address + i * 4096, 2);
      assert.deepEqual([...bytes], [i, 0], `page ${i}: the byte written there, then one never written`);
      assert.deepEqual([...state], [BYTE_DEFINED, BYTE_UNDEFINED]);
    }
    assert.deepEqual(swapped.filter((i) => proc.space.locate(block.address + i * 4096)?.kind !== 'swap'), [], 'still in swap');
    // The regions' resident counts come from the page table, without reading pages in either.
    const pages = pagesOf(machine, proc);
    const heap = regionsOf(proc, pages).find((r) => r.kind === 'heap')!;
    assert.equal(heap.residentPages, pages.filter((p) => p.present && p.region === heap.name).length);
    assert.equal(machine.counters(proc).majorFaults, faults, 'no major fault');
  });
});
