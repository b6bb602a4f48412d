// "1 block" or "1 blocks": lines that imitate valgrind keep its exact text ("in 1 blocks" in the LEAK
// SUMMARY and the loss records, which graders and students compare with valgrind's output); memscope's
// own sentences (the debug console's heap and leak listings) say "1 block".
import { strict as assert } from 'node:assert';
import { Machine } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { formatLeakReport } from '../../../src/engine/check/report-text';
import { runConsoleCommand } from '../../../src/debug/console-commands';
import { compileSource } from '../snapshot/take-harness';

const ONE_LEAK = `#include <stdlib.h>
int main(void) {
  char *p = malloc(16);
  p[0] = 1;
  p = 0;
  return 0;
}
`;

describe('block counts in words', () => {
  it('one lost block: the console says "1 block", the valgrind-style report "1 blocks"', () => {
    const m = new Machine(compileSource(ONE_LEAK), { natives: LIBC, allocator: createAllocator }, { write: () => undefined, readStdin: () => -1 });
    let stop = m.run(1e6);
    while (stop.kind === 'budget' || stop.kind === 'error') stop = m.run(1e6);
    const heap = runConsoleCommand(m, ':heap', undefined, 'first').text;
    assert.match(heap, /: 1 block in use \(16 bytes\)/);
    const leaks = runConsoleCommand(m, ':leaks', undefined, 'first').text;
    assert.match(leaks, /^definitely lost: 16 bytes in 1 blocks$/m, 'the summary lines are valgrind\'s');
    assert.match(leaks, /^ {2}16 bytes in 1 block definitely lost, allocated in main\(\)/m);
    const report = formatLeakReport(1, m.heapSummary(), m.leakCheck(), true);
    assert.match(report, /in use at exit: 16 bytes in 1 blocks/);
    assert.match(report, /16 bytes in 1 blocks are definitely lost in loss record 1 of 1/);
    assert.match(report, /definitely lost: 16 bytes in 1 blocks/);
  });
});
