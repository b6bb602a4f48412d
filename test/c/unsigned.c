/* Unsigned arithmetic wraps modulo 2^N; mixing signed and unsigned converts the signed operand, which
   changes comparisons; conversions to unsigned keep the low bits. */
#include "check.h"
#include <limits.h>

int main(void) {
  unsigned int u = 0;
  u = u - 1;
  ASSERT(4294967295u, u);
  ASSERT(UINT_MAX, u);
  u = u + 2;
  ASSERT(1, u);
  unsigned int big = 4000000000u;
  ASSERT(3705032704u, big * 2);
  ASSERT(2000000000u, big / 2);
  ASSERT(0, big % 8);
  ASSERT(1, (unsigned)-1 > 0);
  ASSERT(0, -1 < 0u);
  ASSERT(1, -1 < 0);
  ASSERT(4294967295u, (unsigned)-1);
  ASSERT(4294967286u, (unsigned)-10);
  unsigned char uc = 255;
  uc++;
  ASSERT(0, uc);
  uc--;
  ASSERT(255, uc);
  unsigned short us = 0;
  us -= 1;
  ASSERT(65535, us);
  unsigned long ul = 0;
  ul--;
  ASSERT(1, ul == ULONG_MAX);
  ASSERT(1, ul / 2 == LONG_MAX);
  unsigned int x = 0x80000000u;
  ASSERT(0x40000000, x >> 1);
  ASSERT(1, x >> 31);
  int sx = INT_MIN;
  ASSERT(-1, sx >> 31);
  ASSERT(0x7fffffff, (unsigned)sx - 1);
  unsigned int a = 3, b = 5;
  ASSERT(4294967294u, a - b);
  ASSERT(1, a - b > a);
  long diff = (long)a - (long)b;
  ASSERT(-2, diff);
  ASSERT(2863311530u, 0xAAAAAAAAu);
  ASSERT(1431655765u, ~0xAAAAAAAAu);
  unsigned int h = 2166136261u;
  const char *text = "memscope";
  for (const char *p = text; *p; p++) {
    h ^= (unsigned char)*p;
    h *= 16777619u;
  }
  printf("u=%u big*2=%u fnv=%u ul=%lu\n", UINT_MAX, big * 2, h, ul);
  printf("OK\n");
  return 0;
}
