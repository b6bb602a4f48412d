// qsort and bsearch from <libc>/qsort.c, compiled by gcc beside glibc's own: for consistent and
// inconsistent comparators, small arrays (stack buffer), large ones (mmap'd buffer), big elements, and
// the in-place fallback, both must leave the array in the same order and find the same elements.

import { strict as assert } from 'node:assert';
import { LIBC_SOURCES } from '../../../src/engine/libc';
import { glibcOutput } from './gcc';

const QSORT_C = LIBC_SOURCES.find((s) => s.path === '<libc>/qsort.c')!.text;

const MAIN = `
#undef qsort
#undef bsearch
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int key; int id; char pad[32]; } record;
static unsigned lcg = 1;
static int by_value(const void *a, const void *b) { int x = *(const int *) a, y = *(const int *) b; return (x > y) - (x < y); }
static int greater_only(const void *a, const void *b) { return *(const int *) a > *(const int *) b; }
static int coin(const void *a, const void *b) { (void) a; (void) b; lcg = lcg * 1103515245u + 12345u; return (int) ((lcg >> 16) % 3) - 1; }
static int by_key(const void *a, const void *b) { return ((const record *) a)->key - ((const record *) b)->key; }

typedef void sorter(void *, size_t, size_t, int (*)(const void *, const void *));

static int same_ints(int n, int (*cmp)(const void *, const void *), unsigned seed) {
  int *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
  srand(seed);
  for (int i = 0; i < n; i++) x[i] = y[i] = rand() % (n / 3 + 1);
  lcg = seed; qsort(x, n, sizeof *x, cmp);
  lcg = seed; ms_qsort(y, n, sizeof *y, cmp);
  int same = memcmp(x, y, n * sizeof *x) == 0;
  free(x); free(y);
  return same;
}

static int same_records(int n, unsigned seed) {
  record *x = calloc(n, sizeof *x), *y = calloc(n, sizeof *y);
  srand(seed);
  for (int i = 0; i < n; i++) { x[i].key = y[i].key = rand() % 5; x[i].id = y[i].id = i; }
  qsort(x, n, sizeof *x, by_key);
  ms_qsort(y, n, sizeof *y, by_key);
  int same = memcmp(x, y, n * sizeof *x) == 0;
  free(x); free(y);
  return same;
}

int main(void) {
  int sizes[] = {0, 1, 2, 3, 7, 16, 100, 255, 256, 257, 1000, 3000};
  int (*cmps[])(const void *, const void *) = {by_value, greater_only, coin};
  for (int s = 0; s < 12; s++)
    for (int c = 0; c < 3; c++)
      for (unsigned seed = 1; seed <= 3; seed++)
        printf("ints n=%d cmp=%d seed=%u %s\\n", sizes[s], c, seed, same_ints(sizes[s], cmps[c], seed) ? "same" : "DIFFERENT");
  for (int s = 0; s < 12; s++) printf("records n=%d %s\\n", sizes[s], same_records(sizes[s], 7) ? "same" : "DIFFERENT");
  int sorted[50];
  for (int i = 0; i < 50; i++) sorted[i] = 2 * (i / 2);
  for (int k = -1; k <= 100; k++) {
    int *a = bsearch(&k, sorted, 50, sizeof(int), by_value), *b = ms_bsearch(&k, sorted, 50, sizeof(int), by_value);
    if (a != b) printf("bsearch %d DIFFERENT\\n", k);
  }
  printf("bsearch done\\n");
  return 0;
}
`;

function program(variant: 'buffered' | 'in-place'): string {
  const source = variant === 'in-place' ? QSORT_C.replace('region = mmap(', 'region = MAP_FAILED; (void) mmap;  (void) (') : QSORT_C;
  return `#define qsort ms_qsort\n#define bsearch ms_bsearch\n${source}\n${MAIN}`;
}

describe('libc qsort and bsearch (Mini C sources)', () => {
  for (const variant of ['buffered', 'in-place'] as const) {
    it(`sorts exactly as glibc's qsort, even with inconsistent comparators (${variant} merge)`, () => {
      const lines = glibcOutput(`qsort-${variant}`, program(variant)).toString().trimEnd().split('\n');
      assert.equal(lines.length, 12 * 3 * 3 + 12 + 1);
      assert.deepEqual(lines.filter((l) => l.includes('DIFFERENT')), []);
      assert.equal(lines.at(-1), 'bsearch done');
    });
  }
});
