// The leak report as `memscope run` prints it: valgrind's HEAD and LEAK SUMMARY layout, loss records in
// valgrind's order and numbering (definitely and possibly lost shown, all counted), "N (D direct, I
// indirect) bytes" for a record that drags others along, and memscope's line naming each leak's moment.
import { strict as assert } from 'node:assert';
import { Machine } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { formatErrorSummary, formatLeakReport, lossMomentText } from '../../../src/engine/check/report-text';
import { compileSource, lineOf } from '../snapshot/take-harness';

const SOURCE = `#include <stdlib.h>
#include <string.h>
struct node { int v; struct node *next; };
struct node *g;
int main(void) {
  char *p = malloc(10);
  strcpy(p, "hi");
  p = malloc(20); // @over
  struct node *a = malloc(sizeof *a);
  struct node *b = malloc(sizeof *b);
  a->next = b; b->next = a;
  a = 0; b = 0; // @cycle
  g = malloc(sizeof *g);
  g->next = malloc(sizeof *g);
  char *q = malloc(32);
  q += 4;
  return 0; // @end
}
`;

describe('the leak report in valgrind\'s layout', () => {
  const machine = new Machine(compileSource(SOURCE), { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024 }, { write: () => undefined, readStdin: () => -1 });
  let stop = machine.run(1e7);
  while (stop.kind === 'budget' || stop.kind === 'error') stop = machine.run(1e7);
  const full = formatLeakReport(1, machine.heapSummary(), machine.leakCheck(), true).split('\n');
  const at = (marker: string) => lineOf(SOURCE, marker);

  it('numbers the loss records among all seven, as valgrind does, and shows the definite ones', () => {
    const headers = full.filter((l) => / in loss record /.test(l));
    assert.deepEqual(headers, [
      '==1== 10 bytes in 1 blocks are definitely lost in loss record 1 of 7',
      '==1== 20 bytes in 1 blocks are definitely lost in loss record 5 of 7',
      '==1== 32 (16 direct, 16 indirect) bytes in 1 blocks are definitely lost in loss record 6 of 7',
      '==1== 32 bytes in 1 blocks are definitely lost in loss record 7 of 7',
    ]);
  });

  it('follows each record with the moment its block lost its last pointer', () => {
    const moments = full.filter((l) => l.includes('memscope: the last pointer'));
    assert.deepEqual(moments, [
      `==1==  memscope: the last pointer to it was lost at line ${at('@over')} (overwritten: variable 'p')`,
      `==1==  memscope: the last pointer to it was lost at line ${at('@end')} (went out of scope: variable 'p' of main())`,
      `==1==  memscope: the last pointer to it was lost at line ${at('@cycle')} (overwritten)`,
      `==1==  memscope: the last pointer to it was lost at line ${at('@end')} (went out of scope: variable 'q' of main())`,
    ]);
  });

  it('ends with the LEAK SUMMARY valgrind prints, and says that reachable blocks are not shown', () => {
    const from = full.findIndex((l) => l.endsWith('LEAK SUMMARY:'));
    assert.deepEqual(full.slice(from, from + 9), [
      '==1== LEAK SUMMARY:',
      '==1==    definitely lost: 78 bytes in 4 blocks',
      '==1==    indirectly lost: 16 bytes in 1 blocks',
      '==1==      possibly lost: 0 bytes in 0 blocks',
      '==1==    still reachable: 32 bytes in 2 blocks',
      '==1==         suppressed: 0 bytes in 0 blocks',
      '==1== Reachable blocks (those to which a pointer was found) are not shown.',
      '==1== To see them, rerun with: --leak-check=full --show-leak-kinds=all',
      '==1==',
    ]);
  });

  it('in summary mode prints no records and suggests --leak-check=full', () => {
    const summary = formatLeakReport(1, machine.heapSummary(), machine.leakCheck(), false);
    assert.doesNotMatch(summary, /loss record/);
    assert.match(summary, /==1== Rerun with --leak-check=full to see details of leaked memory\n/);
  });

  it('gathers the moments of a record of many blocks, the most frequent first', () => {
    const note = (line: number, cause: 'overwritten' | 'out-of-scope' | 'owner-freed', where: string) => ({ cause, where, function: 'main', file: 'x.c', line, indirect: false });
    const text = lossMomentText([note(9, 'overwritten', "variable 'line'"), note(9, 'overwritten', "variable 'line'"), note(14, 'out-of-scope', "variable 'line' of main()"), null], 4);
    assert.equal(text, "the last pointers to them were lost at line 9 (overwritten: variable 'line') for 2 blocks, line 14 (went out of scope: variable 'line' of main()) for 1 block");
  });

  it('ends with valgrind\'s ERROR SUMMARY line', () => {
    assert.equal(formatErrorSummary(7, 3, 2), '==7== ERROR SUMMARY: 3 errors from 2 contexts (suppressed: 0 from 0)\n');
  });
});
