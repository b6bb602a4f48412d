// Watch expressions are C: the values the debugger computes for expressions typed at a stop must be the
// values the program itself computes for them. The same program is compiled by gcc and prints every
// expression at the line where the debugger stops; each printed value is compared with the debugger's.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { launchTo, lineOf, useAdapter } from './harness';

const EXPRESSIONS: readonly { expression: string; kind: 'integer' | 'real' }[] = [
  { expression: 'uc + 200', kind: 'integer' },
  { expression: '(unsigned char)(uc + 200)', kind: 'integer' },
  { expression: 'sc * 3', kind: 'integer' },
  { expression: 'ui - 5u', kind: 'integer' },
  { expression: 'ui * ui', kind: 'integer' },
  { expression: '-7 / 2', kind: 'integer' },
  { expression: '-7 % 3', kind: 'integer' },
  { expression: '-9 >> 1', kind: 'integer' },
  { expression: '1u << 31', kind: 'integer' },
  { expression: 's << 4', kind: 'integer' },
  { expression: 'us * us', kind: 'integer' },
  { expression: 'l * 1000000007', kind: 'integer' },
  { expression: 'll ^ 0x5555', kind: 'integer' },
  { expression: 'arr[2] * arr[3]', kind: 'integer' },
  { expression: 'pt.x + pt.y * 10', kind: 'integer' },
  { expression: 'pp->y - pp->x', kind: 'integer' },
  { expression: '&arr[3] - &arr[0]', kind: 'integer' },
  { expression: 'sizeof(struct point)', kind: 'integer' },
  { expression: 'sizeof arr', kind: 'integer' },
  { expression: 'c == GREEN', kind: 'integer' },
  { expression: 'c + 1', kind: 'integer' },
  { expression: 'ui > -1', kind: 'integer' },
  { expression: '(long)ui * 3', kind: 'integer' },
  { expression: '~uc', kind: 'integer' },
  { expression: '!arr[0]', kind: 'integer' },
  { expression: 'arr[1] > 5 ? arr[1] : -arr[1]', kind: 'integer' },
  { expression: '(int)d', kind: 'integer' },
  { expression: '(int)-2.9', kind: 'integer' },
  { expression: 'name[1]', kind: 'integer' },
  { expression: '*(name + 2)', kind: 'integer' },
  { expression: 'd * 2 + 0.25', kind: 'real' },
  { expression: 'f + 0.1f', kind: 'real' },
  { expression: 'd / 3', kind: 'real' },
  { expression: 'ui / 2.0', kind: 'real' },
];

const SOURCE = `#include <stdio.h>
struct point { int x; int y; };
enum color { RED, GREEN = 5, BLUE };
int main(void) {
  unsigned char uc = 250;
  signed char sc = -100;
  unsigned int ui = 4000000000u;
  short s = -3000;
  unsigned short us = 60000;
  long l = 123456789;
  long long ll = -77777777777LL;
  int arr[4] = {3, 7, -11, 13};
  struct point pt = {4, -9};
  struct point *pp = &pt;
  enum color c = GREEN;
  double d = 3.75;
  float f = 0.5f;
  char name[] = "memscope";
${EXPRESSIONS.map((e, i) => `  printf("%${e.kind === 'integer' ? 'lld' : '.17g'}\\n", ${e.kind === 'integer' ? `(long long)(${e.expression})` : `(double)(${e.expression})`});${i === 0 ? ' // @stop' : ''}`).join('\n')}
  return 0;
}
`;

describe('DAP: C expressions evaluate as gcc compiles them', () => {
  const f = useAdapter();

  it(`${EXPRESSIONS.length} expressions have the values the gcc-compiled program prints`, async () => {
    const program = f.write('exprs.c', SOURCE);
    const binary = path.join(f.dir, 'exprs');
    execFileSync('gcc', ['-std=c11', '-w', '-o', binary, program]);
    const printed = execFileSync(binary, { encoding: 'utf8' }).trim().split('\n');
    assert.equal(printed.length, EXPRESSIONS.length);
    const { frames } = await launchTo(f.dc, program, [lineOf(SOURCE, '@stop')]);
    for (let i = 0; i < EXPRESSIONS.length; i++) {
      const { expression } = EXPRESSIONS[i]!;
      const result = (await f.dc.evaluateRequest({ expression, frameId: frames[0]!.id, context: 'watch' })).body.result;
      // A char shows as `65 'A'`, a bool as true/false: the number is the first word.
      const value = Number(result.split(' ')[0]);
      assert.equal(value, Number(printed[i]), `${expression}: debugger ${result}, gcc ${printed[i]}`);
    }
  });
});
