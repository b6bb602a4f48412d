// `memscope/marks` through the built adapter: the editor's decorations ask for the lines to mark at each
// stop instead of the whole snapshot, and the answer is computed from the snapshot of that stop.
import { strict as assert } from 'node:assert';
import type { MarksResponseBody } from '../../src/protocol/messages';
import { MARKS_REQUEST } from '../../src/protocol/messages';
import { failure, launchTo, lineOf, useAdapter } from './harness';

const SOURCE = `#include <stdlib.h>

int main(void) {
  char *lost = malloc(40); // @lost
  lost = NULL;
  char *stale = malloc(24);
  char *other = malloc(8);
  free(stale); // @free
  other[0] = 1; // @stop
  free(other);
  return 0;
}
`;

describe('memscope/marks', () => {
  const f = useAdapter();

  it('answers the lines of a leak and of a free that left a dangling pointer, at the stop', async () => {
    const program = f.write('marks.c', SOURCE);
    await launchTo(f.dc, program, [lineOf(SOURCE, '@stop')]);
    const body = (await f.dc.customRequest(MARKS_REQUEST, {})).body as MarksResponseBody;
    const lines = body.marks.map((m) => [m.kind, m.file, m.line]);
    assert.deepEqual(lines.sort(), [['dangling', program, lineOf(SOURCE, '@free')], ['leak', program, lineOf(SOURCE, '@lost')]].sort());
    assert.match(body.marks.find((m) => m.kind === 'leak')!.message, /40-byte block #1 allocated here is unreachable/);
  });

  it('marks a line that leaked many blocks once, with their count and bytes', async () => {
    const source = `#include <stdlib.h>

int main(void) {
  for (int i = 0; i < 50; i++) {
    char *p = malloc(10); // @loop
    p[0] = 'x';
  }
  return 0; // @stop
}
`;
    const program = f.write('loop.c', source);
    await launchTo(f.dc, program, [lineOf(source, '@stop')]);
    const { marks } = (await f.dc.customRequest(MARKS_REQUEST, {})).body as MarksResponseBody;
    assert.deepEqual(marks.map((m) => [m.kind, m.line]), [['leak', lineOf(source, '@loop')]]);
    // The 50th block is still held by p's slot in main's frame (as valgrind would find it): 49 leaked.
    assert.equal(marks[0]!.message, 'leaked: 49 blocks allocated here (#1, #2, #3, …; 490 bytes in all) are unreachable and can never be freed');
  });

  it('is an error before a program is loaded', async () => {
    assert.match(await failure(f.dc.customRequest(MARKS_REQUEST, {})), /no program is being debugged/);
  });
});
