/* Integer promotions: char and short operands become int before arithmetic, so sums do not wrap at
   8 or 16 bits, and the result type of an expression decides what sizeof and printf see. */
#include "check.h"

int main(void) {
  char c = 100;
  char d = 100;
  unsigned char uc = 200;
  unsigned char ud = 100;
  short s = 30000;
  unsigned short us = 65535;
  ASSERT(200, c + d);
  ASSERT(300, uc + ud);
  ASSERT(60000, s + s);
  ASSERT(65536, us + 1);
  ASSERT(4, sizeof(c + d));
  ASSERT(4, sizeof(uc + 1));
  ASSERT(4, sizeof(s * s));
  ASSERT(1, sizeof(c));
  ASSERT(4, sizeof('a'));
  ASSERT(-56, (char)(uc));
  char sum = c + d;
  ASSERT(-56, sum);
  unsigned char wrap = uc + ud;
  ASSERT(44, wrap);
  ASSERT(-200, -uc);
  ASSERT(-201, ~uc);
  ASSERT(1, (unsigned short)65535 == us);
  ASSERT(-1, (short)us);
  ASSERT(0x10000 * 2, (us + 1) * 2);
  short t = -1;
  ASSERT(-1, t >> 4);
  ASSERT(65535, us >> 0);
  ASSERT(2047, us >> 5);
  unsigned char shift = 1;
  ASSERT(256, shift << 8);
  ASSERT(1, shift << 8 > 255);
  printf("c+d=%d uc+ud=%d s+s=%d wrapped=%d %d\n", c + d, uc + ud, s + s, sum, wrap);
  printf("OK\n");
  return 0;
}
