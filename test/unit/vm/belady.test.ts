// Belady's anomaly through real memory accesses: a hand-assembled program loads one word from each page of
// the classic reference string 1,2,3,4,1,2,5,1,2,3,4,5, on a machine whose RAM holds 3 (then 4) user
// pages besides its page tables, with FIFO replacement. More frames, more faults: 9 with 3, 10 with 4.
import { strict as assert } from 'node:assert';
import { Asm } from '../machine/asm';
import { makeMachine, MODES } from '../machine/harness';
import type { Program } from '../../../src/engine/program';

const ABS = 253;
/** Frames the loader's page tables take: PML4, then PDPT, PD and PT for the text region and for the stack. */
const TABLES = 7;
const STRING = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
const LINE = 10;

/**
 * `frames` warm-up pages first, so that RAM holds nothing but them, in FIFO order (the loader's text and
 * stack pages are the first evicted); then the reference string, all on source line LINE.
 */
function program(bss: number, frames: number): Program {
  return new Asm()
    .fn('main', { nregs: 2 }, (f) => {
      f.stmt(5).op('ENTER', 0);
      for (let w = 0; w < frames; w++) f.op('LD32', 0, ABS, bss + w * 4096);
      f.stmt(LINE);
      for (const page of STRING) f.op('LD32', 0, ABS, bss + (frames + page) * 4096);
      f.stmt(20).op('LI', 0, 0).op('RET', 0);
    })
    .native('exit')
    .build({ bss: 16 * 4096 });
}

function faultsOfTheString(frames: number, options: object): number {
  const probe = program(0, frames);
  const p = program(probe.bss.address, frames);
  const { machine } = makeMachine(p, { physMem: (TABLES + frames) * 4096, swap: 64 * 4096, pagePolicy: 'fifo', ...options });
  const stop = machine.run(1_000_000);
  assert.deepEqual(stop, { kind: 'exited', status: 0 });
  assert.equal(machine.memory.frameCount - TABLES, frames, 'the RAM holds exactly this many user pages');
  const row = machine.faultsByLine().find((r) => r.line === LINE);
  assert.ok(row);
  return row.minor + row.major;
}

describe('Belady\'s anomaly with FIFO, through a program\'s memory accesses', () => {
  for (const mode of MODES) {
    it(`${mode.name}: 9 page faults with 3 frames, 10 with 4`, () => {
      assert.equal(faultsOfTheString(3, mode.options), 9);
      assert.equal(faultsOfTheString(4, mode.options), 10);
    });
  }
});
