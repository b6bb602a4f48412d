// strerror and perror from <libc>/strerror.c, compiled by gcc beside glibc's: the same message for
// every errno value errno.h defines, "Unknown error N" for others, and perror's format.

import { strict as assert } from 'node:assert';
import { LIBC_SOURCES } from '../../../src/engine/libc';
import { glibcOutput, runWithGcc } from './gcc';

const STRERROR_C = LIBC_SOURCES.find((s) => s.path === '<libc>/strerror.c')!.text;
const NUMBERS = [0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 13, 14, 17, 22, 28, 33, 34, 84, 200, -1];

const PROGRAM = `#include <stdio.h>
#include <string.h>
#include <errno.h>
extern char *ms_strerror(int);
extern void ms_perror(const char *);
#define strerror ms_strerror
#define perror ms_perror
${STRERROR_C}
#undef strerror
#undef perror
int main(void) {
  int numbers[] = {${NUMBERS.join(', ')}};
  for (int i = 0; i < ${NUMBERS.length}; i++) {
    char mine[64];
    strcpy(mine, ms_strerror(numbers[i]));
    printf("%d %s %s\\n", numbers[i], strcmp(mine, strerror(numbers[i])) == 0 ? "same" : "DIFFERENT", mine);
  }
  fflush(stdout);
  errno = ERANGE;
  ms_perror("strtol");
  perror("strtol");
  errno = 0;
  ms_perror("");
  perror("");
  ms_perror(NULL);
  perror(NULL);
  return 0;
}
`;

describe('libc strerror and perror (Mini C source)', () => {
  it('give glibc’s messages and perror’s "prefix: message" line', () => {
    const lines = glibcOutput('strerror', PROGRAM).toString().trimEnd().split('\n');
    assert.equal(lines.length, NUMBERS.length);
    assert.deepEqual(lines.filter((l) => l.includes('DIFFERENT')), []);
    assert.equal(lines[16], '34 same Numerical result out of range');
    assert.equal(lines[18], '200 same Unknown error 200');
    const run = runWithGcc(PROGRAM);
    const stderr = run ? run.stderr.toString().split('\n') : [];
    for (let k = 0; k + 1 < stderr.length; k += 2) assert.equal(stderr[k], stderr[k + 1]);
    if (run) assert.equal(stderr[0], 'strtol: Numerical result out of range');
  });
});
