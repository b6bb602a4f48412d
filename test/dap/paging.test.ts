// The paging attributes of a launch reach the machine: with 64 KiB of RAM and 1 MiB of swap, a program
// that touches 24 pages runs, its oldest pages go to swap, and the snapshot shows them there.
import { strict as assert } from 'node:assert';
import type { Snapshot } from '../../src/protocol/messages';
import { SNAPSHOT_REQUEST } from '../../src/protocol/messages';
import { collectOutput, launchTo, lineOf, useAdapter } from './harness';

const SOURCE = `#include <stdlib.h>

int main(void) {
  char *pages = malloc(24 * 4096);
  for (int i = 0; i < 24; i++) pages[i * 4096] = (char)i;
  free(pages); // @filled
  return 0;
}
`;

describe('paging attributes', () => {
  const f = useAdapter();

  it('physMem, swap and pagePolicy reach the machine: pages go to swap instead of the OOM killer', async () => {
    const program = f.write('pages.c', SOURCE);
    const output = collectOutput(f.dc);
    await launchTo(f.dc, program, [lineOf(SOURCE, '@filled')], { physMem: '64K', swap: '1M', pagePolicy: 'fifo' });
    const snapshot = (await f.dc.customRequest(SNAPSHOT_REQUEST, {})).body as Snapshot;
    assert.equal(snapshot.swap.slotCount, 256, '1 MiB of 4 KiB slots');
    const swapped = snapshot.processes[0]!.pages.filter((p) => p.swapped);
    assert.ok(swapped.length > 0, 'some pages are in swap');
    assert.deepEqual(snapshot.swap.slots.map((s) => s.slot).sort((a, b) => a - b), swapped.map((p) => p.swapSlot).sort((a, b) => a! - b!));
    assert.ok(snapshot.processes[0]!.counters.swapped > 0);
    assert.doesNotMatch(output.text(), /Out of memory|killed/i);
  });
});
