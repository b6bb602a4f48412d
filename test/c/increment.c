/* ++ and --: prefix and postfix values, on ints, chars (wrapping), unsigned values, pointers (by
   element size), doubles, array elements and struct members through pointers. */
#include "check.h"

struct counter { int hits; long total; };

int main(void) {
  int i = 5;
  ASSERT(5, i++);
  ASSERT(6, i);
  ASSERT(7, ++i);
  ASSERT(7, i--);
  ASSERT(5, --i);
  char c = 127;
  c++;
  ASSERT(-128, c);
  unsigned char uc = 0;
  uc--;
  ASSERT(255, uc);
  unsigned u = 0;
  ASSERT(0, u--);
  ASSERT(4294967295u, u);
  long l = -1;
  ASSERT(0, ++l);
  double d = 1.5;
  d++;
  ASSERT_DOUBLE(2.5, d);
  ASSERT_DOUBLE(2.5, d--);
  ASSERT_DOUBLE(0.5, --d);
  float f = 0.25f;
  ++f;
  ASSERT_DOUBLE(1.25, f);
  int arr[4] = {10, 20, 30, 40};
  int *p = arr;
  ASSERT(10, *p++);
  ASSERT(20, *p);
  ASSERT(30, *++p);
  ASSERT(31, ++*p);
  ASSERT(31, (*p)++);
  ASSERT(32, arr[2]);
  p--;
  ASSERT(20, *p);
  long longs[3] = {0};
  long *lp = longs;
  lp++;
  ASSERT(8, (char *)lp - (char *)longs);
  arr[0]++;
  ASSERT(11, arr[0]);
  int k = 0;
  arr[k++] += 100;
  ASSERT(111, arr[0]);
  ASSERT(1, k);
  struct counter cnt = {0, 0};
  struct counter *cp = &cnt;
  cp->hits++;
  ++cp->hits;
  cp->total--;
  ASSERT(2, cnt.hits);
  ASSERT(-1, cnt.total);
  char s[] = "abc";
  char *sp = s;
  while (*sp) (*sp++)++;
  ASSERT_STRING("bcd", s);
  int n = 0;
  for (int j = 10; j--;) n++;
  ASSERT(10, n);
  printf("%d %d %d %s\n", i, c, uc, s);
  printf("OK\n");
  return 0;
}
