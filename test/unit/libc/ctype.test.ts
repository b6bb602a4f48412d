// ctype against glibc: every class function and toupper/tolower for every argument from -128 to 255
// (EOF included) returns the same int as the glibc macro compiled by gcc.

import { strict as assert } from 'node:assert';
import { LIBC } from '../../../src/engine/libc';
import { FakeMachine, int } from './fake-call';
import { glibcOutput } from './gcc';

const FUNCTIONS = ['isalpha', 'isdigit', 'isalnum', 'isspace', 'isupper', 'islower', 'isxdigit', 'ispunct', 'isprint', 'iscntrl', 'isgraph', 'isblank', 'toupper', 'tolower'];

describe('libc ctype', () => {
  it('returns glibc’s values (class bits, not 1) for every argument from -128 to 255', () => {
    const calls = FUNCTIONS.map((f) => `printf(" %d", ${f}(c));`).join(' ');
    const program = `#include <stdio.h>\n#include <ctype.h>\nint main(void) {\n  for (volatile int c = -128; c <= 255; c++) { printf("%d:", c); ${calls} printf("\\n"); }\n  return 0;\n}\n`;
    const expected = glibcOutput('ctype', program).toString().trimEnd().split('\n');
    const m = new FakeMachine();
    const actual: string[] = [];
    for (let c = -128; c <= 255; c++) actual.push(`${c}:` + FUNCTIONS.map((f) => ` ${String(m.run(f, LIBC[f], [int(c)]))}`).join(''));
    assert.deepEqual(actual, expected);
  });

  it('answers isalpha(\'a\') with 1024, as glibc does', () => {
    assert.equal(new FakeMachine().run('isalpha', LIBC.isalpha, [int(97)]), 1024);
  });
});
