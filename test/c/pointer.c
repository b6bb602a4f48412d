/* Pointers: address-of and dereference, pointer arithmetic in units of the pointed-to type, pointer
   comparison and difference, pointers to pointers, and the null pointer. */
#include "check.h"
#include <stddef.h>

static void swap(int *a, int *b) {
  int t = *a;
  *a = *b;
  *b = t;
}

static int *max_of(int *a, int *b) { return *a > *b ? a : b; }

static void set_to_null(int **pp) { *pp = NULL; }

int main(void) {
  int x = 3, y = 5;
  int *p = &x;
  ASSERT(3, *p);
  *p = 10;
  ASSERT(10, x);
  swap(&x, &y);
  ASSERT(5, x);
  ASSERT(10, y);
  ASSERT(10, *max_of(&x, &y));
  *max_of(&x, &y) = 0;
  ASSERT(0, y);
  int a[5] = {10, 20, 30, 40, 50};
  int *q = a;
  ASSERT(10, *q);
  ASSERT(30, *(q + 2));
  ASSERT(30, q[2]);
  ASSERT(30, 2[q]);
  q += 3;
  ASSERT(40, *q);
  q--;
  ASSERT(30, *q);
  ASSERT(2, q - a);
  ASSERT(-2, a - q);
  ASSERT(1, q > a);
  ASSERT(1, q <= &a[2]);
  ASSERT(0, q == a);
  ASSERT(1, &a[4] - &a[0] == 4);
  ASSERT(20, *(a + 1));
  int *end = a + 5;
  int sum = 0;
  for (int *it = a; it != end; it++) sum += *it;
  ASSERT(150, sum);
  int **pp = &p;
  ASSERT(5, **pp);
  **pp = 6;
  ASSERT(6, x);
  *pp = &y;
  ASSERT(0, *p);
  set_to_null(&p);
  ASSERT(1, p == NULL);
  ASSERT(1, !p);
  ASSERT(8, sizeof(p));
  ASSERT(8, sizeof(pp));
  char buf[4] = "abc";
  char *c = buf;
  ASSERT('b', *++c);
  ASSERT('b', *c++);
  ASSERT('c', *c);
  long longs[3] = {1, 2, 3};
  long *lp = longs;
  ASSERT(8, (char *)(lp + 1) - (char *)lp);
  void *v = &longs[2];
  ASSERT(3, *(long *)v);
  ptrdiff_t d = &longs[2] - &longs[0];
  ASSERT(2, d);
  const int *cp = &a[1];
  ASSERT(20, cp[0]);
  printf("sum=%d x=%d y=%d diff=%td\n", sum, x, y, d);
  printf("OK\n");
  return 0;
}
