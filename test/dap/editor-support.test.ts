// The editor side of a debug session, without VS Code: which C expression a hover evaluates, where the
// inline value of each variable goes, and which lines the leak and dangling-pointer decorations mark
// (from a snapshot of a real run).
import { strict as assert } from 'node:assert';
import { expressionAt, lastAppearances } from '../../src/debug/source-expressions';
import { memoryMarks } from '../../src/debug/memory-marks';
import { takeSnapshot } from '../../src/engine/snapshot/take';
import { FILE, lineOf, machineFor, runToLine } from '../unit/snapshot/take-harness';

describe('hover expressions in C source', () => {
  const line = '  int v = p->next->val + grid[i][j]; // p->next';
  const at = (text: string, offset = 0) => expressionAt(line, line.indexOf(text) + offset)?.expression;

  it('takes the member chain up to the hovered member', () => {
    assert.equal(at('p->'), 'p');
    assert.equal(at('next'), 'p->next');
    assert.equal(at('val'), 'p->next->val');
    assert.equal(at('v ='), 'v');
  });

  it('takes the subscripts up to the hovered bracket, and only the index inside one', () => {
    assert.equal(at('grid'), 'grid');
    assert.equal(at('i]'), 'i');
    assert.equal(at('j]'), 'j');
    assert.equal(at('j]', 1), 'grid[i][j]');
  });

  it('ignores keywords, operators, numbers, strings and comments', () => {
    assert.equal(at('int'), undefined);
    assert.equal(at('= p'), undefined);
    assert.equal(at('// p', 3), undefined);
    assert.equal(expressionAt('  printf("%d", count);', 10), undefined);
    assert.equal(expressionAt('  printf("%d", count);', 16)?.expression, 'count');
    assert.equal(expressionAt('  x = 42;', 6), undefined);
  });
});

describe('inline value positions', () => {
  it('puts each variable on the last line above the stop where it appears as a word', () => {
    const lines = ['int main(void) {', '  int total = 0;', '  for (int i = 0; i < 3; i++) {', '    total += i; // totals', '  }', '  printf("total %d", total);'];
    const found = lastAppearances(lines, 0, 4, new Set(['total', 'i', 'missing']));
    assert.deepEqual([...found].sort(), [['i', 3], ['total', 3]]);
    assert.equal(lastAppearances(lines, 0, 5, new Set(['total'])).get('total'), 5, 'words in strings do not count, the argument does');
  });
});

describe('memory marks for the editor decorations', () => {
  const SOURCE = `#include <stdlib.h>
long *kept;
void keep(void) {
  long local = 1;
  kept = &local;
} // @return
int main(void) {
  char *lost = malloc(40); // @lost
  lost = NULL;
  char *stale = malloc(24);
  char *other = malloc(24);
  free(stale); // @free
  keep();
  other[0] = 1; // @stop
  return 0;
}
`;

  it('marks the allocation of a leaked block, the free of a block still pointed to, and a return that left a pointer behind', () => {
    const machine = machineFor(SOURCE);
    runToLine(machine, lineOf(SOURCE, '@stop'));
    const marks = memoryMarks(takeSnapshot(machine));
    const leak = marks.find((m) => m.kind === 'leak');
    assert.deepEqual([leak?.file, leak?.line], [FILE, lineOf(SOURCE, '@lost')]);
    assert.match(leak!.message, /leaked: the 40-byte block #1 allocated here is unreachable/);
    const freed = marks.find((m) => m.kind === 'dangling' && m.line === lineOf(SOURCE, '@free'));
    assert.match(freed?.message ?? '', /freed here, but main: stale still points into block #2/);
    const returned = marks.find((m) => m.kind === 'dangling' && m.line === lineOf(SOURCE, '@return'));
    assert.match(returned?.message ?? '', /keep\(\) returned, but global kept still points into its frame/);
  });
});
