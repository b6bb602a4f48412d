/* The conditional operator (including nested and with pointer, null and struct operands), the comma
   operator, and short-circuit evaluation of && and || (the right side runs only when needed). */
#include "check.h"

static int calls;
static int touch(int v) {
  calls++;
  return v;
}

struct pair { int a, b; };

static const char *sign(int n) { return n < 0 ? "negative" : n == 0 ? "zero" : "positive"; }

int main(void) {
  ASSERT(1, 1 ? 1 : 2);
  ASSERT(2, 0 ? 1 : 2);
  int x = 5;
  ASSERT(10, x > 3 ? x * 2 : x);
  ASSERT_STRING("negative", sign(-4));
  ASSERT_STRING("zero", sign(0));
  ASSERT_STRING("positive", sign(9));
  int a = 1, b = 2;
  *(x > 0 ? &a : &b) = 100;
  ASSERT(100, a);
  int *p = x > 10 ? &a : &b;
  ASSERT(2, *p);
  int *n = x > 10 ? &a : NULL;
  ASSERT(1, n == NULL);
  struct pair s1 = {1, 2}, s2 = {3, 4};
  struct pair chosen = x ? s2 : s1;
  ASSERT(4, chosen.b);
  ASSERT(8, sizeof(x ? 1L : 2));
  ASSERT_DOUBLE(1.0, x ? 1 : 2.0);
  calls = 0;
  ASSERT(0, 0 && touch(1));
  ASSERT(0, calls);
  ASSERT(1, 1 || touch(1));
  ASSERT(0, calls);
  ASSERT(1, 1 && touch(5));
  ASSERT(1, calls);
  ASSERT(1, 0 || touch(7));
  ASSERT(2, calls);
  ASSERT(0, touch(0) && touch(1));
  ASSERT(3, calls);
  int i = 0;
  if (i != 0 && 10 / i > 1) i = 99;
  ASSERT(0, i);
  int y = (x++, x++, x);
  ASSERT(7, y);
  ASSERT(7, x);
  int z;
  z = (a = 1, b = 2, a + b);
  ASSERT(3, z);
  for (int j = 0, k = 10; j < k; j++, k--) z += 1;
  ASSERT(8, z);
  int count = 0;
  for (int j = 0; j < 5; j++) j % 2 ? count++ : (count += 10);
  ASSERT(32, count);
  ASSERT(1, (x > 0) == 1);
  ASSERT(3, (1 < 2) + (2 < 3) + (3 < 4));
  printf("%s %s %d %d\n", sign(-1), sign(1), y, count);
  printf("OK\n");
  return 0;
}
