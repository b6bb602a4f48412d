/* Compound assignment: the operation happens in the usual arithmetic conversion type and the result
   is converted back to the target's type (char += int wraps, int *= double truncates), shifts and
   bit operations in place, and pointer += and -=. */
#include "check.h"

int main(void) {
  int x = 10;
  x += 5;
  ASSERT(15, x);
  x -= 20;
  ASSERT(-5, x);
  x *= -3;
  ASSERT(15, x);
  x /= 4;
  ASSERT(3, x);
  x %= 2;
  ASSERT(1, x);
  x <<= 10;
  ASSERT(1024, x);
  x >>= 3;
  ASSERT(128, x);
  x |= 3;
  ASSERT(131, x);
  x &= 0xf0;
  ASSERT(128, x);
  x ^= 0xff;
  ASSERT(127, x);
  char c = 100;
  c += 100;
  ASSERT(-56, c);
  unsigned char uc = 250;
  uc += 10;
  ASSERT(4, uc);
  short s = 1000;
  s *= 100;
  ASSERT(-31072, s);
  int i = 10;
  i *= 2.5;
  ASSERT(25, i);
  i /= 2.0;
  ASSERT(12, i);
  i -= 0.5;
  ASSERT(11, i);
  double d = 1;
  d += 1;
  d /= 4;
  ASSERT_DOUBLE(0.5, d);
  d *= 3;
  ASSERT_DOUBLE(1.5, d);
  unsigned u = 1;
  u -= 2;
  ASSERT(4294967295u, u);
  u >>= 28;
  ASSERT(15, u);
  int neg = -64;
  neg >>= 3;
  ASSERT(-8, neg);
  long l = 1;
  l <<= 40;
  ASSERT(1099511627776L, l);
  int arr[6] = {0, 1, 2, 3, 4, 5};
  int *p = arr;
  p += 4;
  ASSERT(4, *p);
  p -= 3;
  ASSERT(1, *p);
  int idx = 0;
  arr[idx += 2] *= 10;
  ASSERT(20, arr[2]);
  int a = 2, b = 3;
  a += b += 4;
  ASSERT(9, a);
  ASSERT(7, b);
  printf("%d %d %d %d %.2f %u\n", x, c, uc, s, d, u);
  printf("OK\n");
  return 0;
}
