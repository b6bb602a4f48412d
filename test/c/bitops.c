/* Bitwise operators and shifts: & | ^ ~, left shifts, arithmetic right shift of negative signed
   values, logical right shift of unsigned values, masks, bit counting and flag sets. */
#include "check.h"
#include <stdint.h>

static int popcount(uint32_t v) {
  int n = 0;
  while (v) {
    v &= v - 1;
    n++;
  }
  return n;
}

static uint32_t reverse_bits(uint32_t v) {
  uint32_t r = 0;
  for (int i = 0; i < 32; i++) {
    r = (r << 1) | (v & 1);
    v >>= 1;
  }
  return r;
}

static uint32_t rotl(uint32_t v, int n) { return (v << n) | (v >> (32 - n)); }

int main(void) {
  ASSERT(0x0f, 0xff & 0x0f);
  ASSERT(0xff, 0xf0 | 0x0f);
  ASSERT(0xf0, 0xff ^ 0x0f);
  ASSERT(-1, ~0);
  ASSERT(0xfffffff0u, ~0xfu);
  ASSERT(1024, 1 << 10);
  ASSERT(1, 1024 >> 10);
  ASSERT(-4, -16 >> 2);
  ASSERT(-1, -1 >> 31);
  ASSERT(0x3fffffff, 0xffffffffu >> 2);
  ASSERT(0x7fffffffffffffffL, (long)(0xffffffffffffffffUL >> 1));
  ASSERT(-1, (-1L) >> 40);
  ASSERT(1L << 40, 1L << 40);
  ASSERT(16, popcount(0xff00ff00u));
  ASSERT(0, popcount(0));
  ASSERT(32, popcount(0xffffffffu));
  ASSERT(0x80000000u, reverse_bits(1));
  ASSERT(0x0f000000u, reverse_bits(0xf0));
  ASSERT(0x23456781u, rotl(0x12345678u, 4));
  unsigned flags = 0;
  flags |= 1u << 3;
  flags |= 1u << 5;
  ASSERT(40, flags);
  flags &= ~(1u << 3);
  ASSERT(32, flags);
  flags ^= 0xff;
  ASSERT(0xdf, flags);
  ASSERT(1, (flags >> 7) & 1);
  int x = 0x12345678;
  ASSERT(0x56, (x >> 8) & 0xff);
  ASSERT(1, (x & (x - 1)) != 0);
  ASSERT(1, (64 & 63) == 0);
  int s = 1;
  s <<= 4;
  s >>= 2;
  ASSERT(4, s);
  ASSERT(6, 3 << 1 & 0xe);
  ASSERT(7, 1 | (2 ^ 4));
  ASSERT(0, (1 & 2) | 0);
  uint8_t b = 0x81;
  ASSERT(0x102, b << 1);
  ASSERT(0x02, (uint8_t)(b << 1));
  printf("%08x %x %d %u\n", reverse_bits(0x1234u), rotl(0xdeadbeefu, 8), popcount(0xdeadbeefu), 0xffffffffu >> 28);
  printf("OK\n");
  return 0;
}
