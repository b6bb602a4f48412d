/* 64-bit arithmetic: long and long long values near 2^63, wraparound through unsigned long, shifts
   by more than 31, and mixing int and long in one expression. */
#include "check.h"
#include <limits.h>
#include <stdint.h>

static long mul_mod(long a, long b, long m) {
  return (long)(((unsigned long)a * (unsigned long)b) % (unsigned long)m);
}

int main(void) {
  long max = LONG_MAX;
  long min = LONG_MIN;
  ASSERT(9223372036854775807L, max);
  ASSERT(1, min < 0);
  ASSERT(1, min == -max - 1);
  unsigned long wrap = (unsigned long)max + 1;
  ASSERT(1, wrap == 9223372036854775808UL);
  ASSERT(1, (long)(wrap - 1) == max);
  ASSERT(4294967296L, 1L << 32);
  ASSERT(1, (1L << 62) > 0);
  ASSERT(1, (long)(1UL << 63) == LONG_MIN);
  long long ll = 123456789012345LL;
  ASSERT(123456789012345LL, ll);
  ASSERT(15098910126093764401ULL, (unsigned long long)ll * ll);
  ASSERT(1, ll * 1000 / 1000 == ll);
  int i = 2000000000;
  long widened = i;
  ASSERT(4000000000L, widened * 2);
  ASSERT(4000000000L, (long)i + i);
  ASSERT(-1, (int)(max));
  ASSERT(0, (int)(1L << 32));
  int64_t x = INT64_MAX;
  ASSERT(1, x / 2 == 4611686018427387903LL);
  uint64_t y = UINT64_MAX;
  ASSERT(1, y == 18446744073709551615ULL);
  ASSERT(1, y + 1 == 0);
  ASSERT(1, -y == 1);
  ASSERT(-1, max >> 62 ? -1 : 0);
  ASSERT(1, (min >> 63) == -1);
  ASSERT(1, ((unsigned long)min >> 63) == 1);
  ASSERT(6, mul_mod(1000000007L, 1000000009L, 7));
  long fib_a = 0, fib_b = 1;
  for (int k = 0; k < 90; k++) {
    long t = fib_a + fib_b;
    fib_a = fib_b;
    fib_b = t;
  }
  ASSERT(2880067194370816120L, fib_a);
  long neg = -9000000000L;
  ASSERT(-3, neg / 3000000000L);
  ASSERT(-5, neg % 7);
  printf("max=%ld min=%ld wrap=%lu fib90=%ld ll*ll=%llu\n", max, min, wrap, fib_a, (unsigned long long)ll * ll);
  printf("OK\n");
  return 0;
}
