/* Integer arithmetic: precedence and associativity, division and remainder rounding toward zero,
   unary operators, and the values of int expressions. */
#include "check.h"

static int square(int x) { return x * x; }

int main(void) {
  int a = 7, b = 3, c = -7;
  ASSERT(0, 0);
  ASSERT(42, 42);
  ASSERT(21, 5 + 20 - 4);
  ASSERT(41, 12 + 34 - 5);
  ASSERT(47, 5 + 6 * 7);
  ASSERT(15, 5 * (9 - 6));
  ASSERT(4, (3 + 5) / 2);
  ASSERT(10, -10 + 20);
  ASSERT(10, - -10);
  ASSERT(10, - - +10);
  ASSERT(2, a / b);
  ASSERT(1, a % b);
  ASSERT(-2, c / b);
  ASSERT(-1, c % b);
  ASSERT(-2, a / -b);
  ASSERT(1, a % -b);
  ASSERT(2, c / -b);
  ASSERT(-1, c % -b);
  ASSERT(7, (a / b) * b + a % b);
  ASSERT(-7, (c / b) * b + c % b);
  ASSERT(14, a + a * b / b);
  ASSERT(1, 10 - 5 - 4);
  ASSERT(1, 100 / 10 / 10);
  ASSERT(49, square(a));
  ASSERT(58, square(b) + square(a));
  ASSERT(-21, a * -b);
  ASSERT(1, !0);
  ASSERT(0, !5);
  ASSERT(-8, ~7);
  ASSERT(6, ~~6);
  int x = 5;
  x = x * 3 + 1;
  ASSERT(16, x);
  x -= 6;
  ASSERT(10, x);
  x *= x;
  ASSERT(100, x);
  x /= 7;
  ASSERT(14, x);
  x %= 5;
  ASSERT(4, x);
  int sum = 0;
  for (int i = 1; i <= 100; i++) sum += i;
  ASSERT(5050, sum);
  long big = 1;
  for (int i = 0; i < 20; i++) big *= 3;
  ASSERT(3486784401L, big);
  printf("7/3=%d 7%%3=%d -7/3=%d -7%%3=%d sum=%d\n", a / b, a % b, c / b, c % b, sum);
  printf("OK\n");
  return 0;
}
