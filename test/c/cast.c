/* Casts: narrowing and widening integer conversions (truncation, sign and zero extension), signed to
   unsigned, floating to integer (toward zero) and back, pointer casts through void * and char *, and
   casts to void. */
#include "check.h"
#include <stdint.h>

int main(void) {
  ASSERT(-1, (char)255);
  ASSERT(255, (unsigned char)-1);
  ASSERT(0x34, (unsigned char)0x1234);
  ASSERT(0x5678, (short)0x12345678);
  ASSERT(-32768, (short)32768);
  ASSERT(65535, (unsigned short)-1);
  ASSERT(-1, (int)0xffffffffu);
  ASSERT(4294967295L, (long)0xffffffffu);
  ASSERT(-1, (long)-1);
  ASSERT(4294967295L, (long)(unsigned)-1);
  ASSERT(1, (long)(int)0x80000000u == -2147483648L);
  ASSERT(0x89abcdef, (unsigned)0x0123456789abcdefL);
  ASSERT(1, (_Bool)256);
  ASSERT(0, (_Bool)0.0);
  ASSERT(1, (_Bool)0.5);
  ASSERT(2, (int)2.999);
  ASSERT(-2, (int)-2.999);
  ASSERT(200, (unsigned char)200.7);
  ASSERT(3000000000L, (long)3e9);
  ASSERT(3000000000u, (unsigned)3e9);
  ASSERT_DOUBLE(3.0, (double)3);
  ASSERT_DOUBLE(4294967295.0, (double)0xffffffffu);
  ASSERT_DOUBLE(-1.0, (double)(char)-1);
  ASSERT_DOUBLE(255.0, (double)(unsigned char)-1);
  ASSERT_DOUBLE(0.1f, (float)0.1);
  ASSERT(1, (double)(float)0.1 != 0.1);
  ASSERT_DOUBLE(18446744073709551615.0, (double)18446744073709551615UL);
  int x = 0x11223344;
  char *bytes = (char *)&x;
  ASSERT(0x44, bytes[0]);
  ASSERT(0x11, bytes[3]);
  void *v = &x;
  int *back = v;
  ASSERT(1, back == &x);
  uintptr_t address = (uintptr_t)&x;
  ASSERT(1, (int *)address == &x);
  ASSERT(0, address % 4);
  long l = 1234567890123L;
  int truncated = (int)l;
  ASSERT(1912276171, truncated);
  double d = -7.5;
  ASSERT(-7, (int)d);
  ASSERT(-8, (int)(d - 0.5));
  unsigned char u = (unsigned char)(-d);
  ASSERT(7, u);
  (void)l;
  int a = 7, b = 2;
  ASSERT_DOUBLE(3.5, (double)a / b);
  ASSERT(3, a / b);
  ASSERT_DOUBLE(3.0, (double)(a / b));
  printf("%d %u %ld %d %.2f\n", (char)200, (unsigned char)300, (long)(int)3e9 - 0, (int)-0.9, (double)a / b);
  printf("OK\n");
  return 0;
}
