// One leak verdict for every view: at each leak moment the machine reports, and at the end of the run,
// the leak check (`Machine.leakCheck`), the snapshot's heap chunk states, the pointer verdict of each live
// block, the debug console's `:leaks`, the CLI's LEAK SUMMARY and the JSON report agree with each other
// and with the leak-moment errors: a block the moment called lost is lost in every view, then and later.
// Checked on examples/leak_moment.c (whose count_words copy reuses the freed buffer's bytes, so a stale
// pointer in main holds its address) and on every program of the memcheck corpus.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileFile } from '../../../src/engine/index';
import { Machine, type LeakSummary, type StopEvent } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { pointerVerdict } from '../../../src/engine/check/verdict';
import { formatLeakReport } from '../../../src/engine/check/report-text';
import { takeSnapshot } from '../../../src/engine/snapshot/take';
import { runConsoleCommand } from '../../../src/debug/console-commands';
import { buildReport } from '../../../src/cli/json-report';

const ROOT = join(__dirname, '..', '..', '..');
const CORPUS = join(ROOT, 'test', 'memcheck', 'programs');
const KINDS = ['definite', 'indirect', 'possible', 'reachable'] as const;

const lost = (kind: string | undefined) => kind === 'definite' || kind === 'indirect';

/** Runs `path` stopping at every memcheck error; calls `look` at each leak error and at the end. */
function runLooking(path: string, look: (machine: Machine, moment: { address: number } | 'end') => void): Machine {
  const program = compileFile(path).program;
  assert.ok(program, `${path} compiles`);
  const machine = new Machine(program, { argv: ['prog'], stopOnErrors: true, natives: LIBC, allocator: createAllocator }, { write: () => undefined, readStdin: () => -1 });
  let stop: StopEvent;
  for (;;) {
    stop = machine.run(10_000_000);
    if (stop.kind === 'error') {
      if (stop.error.kind === 'leak') look(machine, { address: stop.error.address! });
      continue;
    }
    if (stop.kind !== 'budget') break;
  }
  assert.ok(stop.kind === 'exited' || stop.kind === 'signaled', `${path} ended: ${stop.kind}`);
  look(machine, 'end');
  return machine;
}

/** Every view of the leak verdicts of the current process, checked against `leaks`. */
function assertViewsAgree(machine: Machine, leaks: LeakSummary, where: string): void {
  const proc = machine.current;
  const live = proc.heap.liveBlocks();
  assert.equal(leaks.blocks.size, live.length, `${where}: one verdict per live block`);
  const snapshot = takeSnapshot(machine, { heapPolicy: 'first' });
  const view = snapshot.processes.find((p) => p.pid === proc.pid)!;
  for (const { block, object } of live) {
    const kind = leaks.blocks.get(block.address);
    const chunk = view.chunks.find((c) => c.payload === block.address);
    assert.ok(chunk, `${where}: the snapshot shows the block at 0x${block.address.toString(16)}`);
    assert.equal(chunk.state === 'leaked', lost(kind), `${where}: snapshot chunk 0x${block.address.toString(16)} is ${chunk.state}, leak check says ${kind}`);
    const verdict = pointerVerdict(machine, block.address, object);
    assert.equal(verdict.kind === 'leaked-target', lost(kind), `${where}: pointer verdict of 0x${block.address.toString(16)} is ${verdict.kind}, leak check says ${kind}`);
  }
  const console = runConsoleCommand(machine, ':leaks', undefined, 'first').text;
  const counted = (c: { bytes: number; blocks: number }) => `${c.bytes} bytes in ${c.blocks} blocks`;
  assert.match(console, new RegExp(`definitely lost: ${counted(leaks.definite)}\\nindirectly lost: ${counted(leaks.indirect)}\\n  possibly lost: ${counted(leaks.possible)}\\nstill reachable: ${counted(leaks.reachable)}`), `${where}: :leaks`);
}

/** The checks of one program: at each leak moment, and at the end with the CLI's text and JSON. */
function checkProgram(path: string): { moments: number; lostAtEnd: number } {
  const reported: number[] = [];
  let moments = 0;
  let lostAtEnd = 0;
  runLooking(path, (machine, moment) => {
    const leaks = machine.leakCheck();
    if (moment !== 'end') {
      moments++;
      reported.push(moment.address);
      assert.ok(lost(leaks.blocks.get(moment.address)), `${path}: the block at 0x${moment.address.toString(16)} reported lost is ${leaks.blocks.get(moment.address)} in the leak check of that moment`);
      assertViewsAgree(machine, leaks, `${path} at the leak of 0x${moment.address.toString(16)}`);
      return;
    }
    // Memory released at the end (a killed process) has nothing left to judge.
    if (!machine.current.space.alive) return;
    assertViewsAgree(machine, leaks, `${path} at the end`);
    const proc = machine.current;
    for (const { block, object } of proc.heap.liveBlocks()) {
      const kind = leaks.blocks.get(block.address);
      if (lost(kind)) lostAtEnd++;
      // Every block whose loss memscope saw happen is still lost at the end, whatever the view.
      if (proc.heap.losses.has(object)) assert.ok(lost(kind), `${path}: block 0x${block.address.toString(16)} lost during the run is ${kind} at the end`);
    }
    for (const address of reported) {
      const kind = leaks.blocks.get(address);
      if (kind !== undefined) assert.ok(lost(kind), `${path}: the leak reported at 0x${address.toString(16)} is ${kind} at the end`);
    }
    const heap = machine.heapSummary();
    const text = formatLeakReport(proc.pid, heap, leaks, true);
    if (heap.inUseBlocks > 0) {
      const summary = text.slice(text.indexOf('LEAK SUMMARY'));
      const line = (label: string, c: { bytes: number; blocks: number }) => new RegExp(`${label}: ${c.bytes.toLocaleString('en-US')} bytes in ${c.blocks.toLocaleString('en-US')} blocks`);
      assert.match(summary, line('definitely lost', leaks.definite), `${path}: CLI summary`);
      assert.match(summary, line('indirectly lost', leaks.indirect), `${path}: CLI summary`);
      assert.match(summary, line('still reachable', leaks.reachable), `${path}: CLI summary`);
    }
    const json = buildReport({ program: path, exitCode: 0, signal: null, compileErrors: [], errors: machine.errors, leaks, heap, processes: [], steps: machine.steps }) as { leaks: Record<string, { bytes: number; blocks: number }> };
    for (const k of KINDS) assert.deepEqual(json.leaks[k], leaks[k], `${path}: JSON report ${k}`);
  });
  return { moments, lostAtEnd };
}

describe('one leak verdict for every view', function () {
  this.timeout(60000);

  it("examples/leak_moment.c: count_words's copy, reported lost at line 27 while main's stale pointer holds its address, is lost in every view from then on", () => {
    const copyLosses: string[] = [];
    runLooking(join(ROOT, 'examples', 'leak_moment.c'), (machine, moment) => {
      const leaks = machine.leakCheck();
      if (moment !== 'end') assertViewsAgree(machine, leaks, `leak_moment.c at 0x${moment.address.toString(16)}`);
      // The copy is the 19-byte block ("the heap laid open" and its NUL).
      const copy = machine.current.heap.liveBlocks().find((b) => b.block.requested === 19);
      if (copy) copyLosses.push(`${moment === 'end' ? 'end' : 'moment'}:${leaks.blocks.get(copy.block.address)}`);
    });
    // Three moments (lines 32, 27, 38) and the end; the copy exists from the second on.
    assert.deepEqual(copyLosses, ['moment:definite', 'moment:definite', 'end:definite']);
  });

  it('every corpus program: the leak check of each leak moment and of the end agrees with the moments and with every view', () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.c')).sort();
    let moments = 0;
    let lostAtEnd = 0;
    for (const f of files) {
      const r = checkProgram(join(CORPUS, f));
      moments += r.moments;
      lostAtEnd += r.lostAtEnd;
    }
    // The corpus has leaks to judge: moments reported during runs, blocks lost at their ends.
    assert.ok(moments >= 5, `${moments} leak moments`);
    assert.ok(lostAtEnd >= 10, `${lostAtEnd} blocks lost at the end`);
  });
});
