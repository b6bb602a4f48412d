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

  it('is an error before a program is loaded', async () => {
    assert.match(await failure(f.dc.customRequest(MARKS_REQUEST, {})), /no program is being debugged/);
  });
});
