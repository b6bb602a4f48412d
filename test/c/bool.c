/* _Bool and stdbool.h: any nonzero scalar converts to 1, comparisons and logical operators give int
   0 or 1, bool arithmetic, and bool struct members and arrays. */
#include "check.h"
#include <stdbool.h>

static bool is_sorted(const int *v, int n) {
  for (int i = 1; i < n; i++)
    if (v[i - 1] > v[i]) return false;
  return true;
}

struct flags { bool visible; bool dirty; };

int main(void) {
  bool t = true, f = false;
  ASSERT(1, t);
  ASSERT(0, f);
  ASSERT(1, sizeof(bool));
  bool b = 42;
  ASSERT(1, b);
  b = 0.25;
  ASSERT(1, b);
  b = -1;
  ASSERT(1, b);
  int x = 5;
  int *px = &x;
  b = px;
  ASSERT(1, b);
  b = (int *)0;
  ASSERT(0, b);
  b = 256;
  ASSERT(1, b);
  int two = t + t;
  ASSERT(2, two);
  b = two;
  ASSERT(1, b);
  bool toggle = false;
  toggle = !toggle;
  ASSERT(1, toggle);
  toggle = toggle + 1;
  ASSERT(1, toggle);
  toggle = toggle - 1;
  ASSERT(0, toggle);
  toggle = toggle - 1;
  ASSERT(1, toggle);
  ASSERT(1, (3 > 2) == true);
  ASSERT(1, !!7);
  int sorted[] = {1, 2, 2, 5};
  int unsorted[] = {3, 1};
  ASSERT(1, is_sorted(sorted, 4));
  ASSERT(0, is_sorted(unsorted, 2));
  struct flags fl = {true, false};
  fl.dirty = fl.visible && !fl.dirty;
  ASSERT(1, fl.dirty);
  bool seen[5] = {false};
  seen[3] = 9;
  ASSERT(1, seen[3]);
  int count = 0;
  for (int i = 0; i < 5; i++) count += seen[i];
  ASSERT(1, count);
  printf("%d %d %d %d\n", t, f, is_sorted(sorted, 4), (bool)0.0);
  printf("OK\n");
  return 0;
}
