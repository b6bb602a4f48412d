// A pointer that points at nothing the program owns (a freed block, a dead frame, out of bounds) shows
// its verdict but does not expand in the Variables view or a hover: what lies there is not its data.
import { strict as assert } from 'node:assert';
import { launchTo, lineOf, scopeVariables, useAdapter } from './harness';

const SOURCE = `#include <stdlib.h>

int main(void) {
  int *score = malloc(sizeof *score);
  int *kept = malloc(sizeof *kept);
  *kept = 7;
  free(score);
  free(kept); // @stop
  return 0;
}
`;

describe('pointers that do not expand', () => {
  const f = useAdapter();

  it('a freed block’s pointer has no children; a live block’s pointer expands to its target', async () => {
    const program = f.write('bad.c', SOURCE);
    const { frames } = await launchTo(f.dc, program, [lineOf(SOURCE, '@stop')]);
    const locals = await scopeVariables(f.dc, frames[0]!.id, 'Locals');
    assert.match(locals.get('score')!.value, /dangling/);
    assert.equal(locals.get('score')!.variablesReference, 0);
    assert.ok(locals.get('kept')!.variablesReference > 0);
    const hover = await f.dc.evaluateRequest({ expression: 'score', context: 'hover', frameId: frames[0]!.id });
    assert.equal(hover.body.variablesReference, 0);
  });
});
