/* goto and labels: leaving nested loops, a retry loop written with goto, cleanup paths that release
   resources in reverse order, and labels that are jumped to from before and after them. */
#include "check.h"

static int find(int m[3][3], int target, int *row, int *col) {
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      if (m[i][j] == target) {
        *row = i;
        *col = j;
        goto found;
      }
  return 0;
found:
  return 1;
}

static int setup(int fail_at, int *released) {
  int step = 0;
  if (fail_at == 1) goto fail1;
  step = 1;
  if (fail_at == 2) goto fail2;
  step = 2;
  if (fail_at == 3) goto fail3;
  return 100 + step;
fail3:
  (*released)++;
fail2:
  (*released)++;
fail1:
  return -step;
}

static int countdown(int n) {
  int steps = 0;
again:
  if (n > 0) {
    n--;
    steps++;
    goto again;
  }
  return steps;
}

int main(void) {
  int m[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  int r = -1, c = -1;
  ASSERT(1, find(m, 6, &r, &c));
  ASSERT(1, r);
  ASSERT(2, c);
  ASSERT(0, find(m, 10, &r, &c));
  int released = 0;
  ASSERT(102, setup(0, &released));
  ASSERT(0, released);
  ASSERT(-2, setup(3, &released));
  ASSERT(2, released);
  released = 0;
  ASSERT(0, setup(1, &released));
  ASSERT(0, released);
  ASSERT(-1, setup(2, &released));
  ASSERT(1, released);
  ASSERT(7, countdown(7));
  int i = 0;
  goto middle;
top:
  i += 100;
middle:
  i++;
  if (i < 3) goto top;
  ASSERT(102, i);
  printf("found at (%d,%d), i=%d\n", r, c, i);
  printf("OK\n");
  return 0;
}
