/* Unions: all members share one address, the size is the largest member's (rounded to its alignment),
   reading another member reinterprets the bytes (little-endian), and tagged unions with anonymous
   members (C11). */
#include "check.h"
#include <stdint.h>

union word {
  uint32_t u;
  uint8_t bytes[4];
  float f;
};

enum shape_kind { CIRCLE, SQUARE };

struct shape {
  enum shape_kind kind;
  union {
    struct { int radius; };
    struct { int side; };
  };
};

static int shape_area(const struct shape *s) {
  switch (s->kind) {
  case CIRCLE: return 3 * s->radius * s->radius;
  case SQUARE: return s->side * s->side;
  }
  return -1;
}

union mixed {
  char c;
  double d;
  int i[3];
};

int main(void) {
  union word w;
  w.u = 0x11223344;
  ASSERT(0x44, w.bytes[0]);
  ASSERT(0x11, w.bytes[3]);
  w.bytes[0] = 0xff;
  ASSERT(0x112233ff, w.u);
  w.f = 1.0f;
  ASSERT(0x3f800000, w.u);
  ASSERT(4, sizeof(union word));
  ASSERT(16, sizeof(union mixed));
  union mixed m;
  ASSERT(1, (void *)&m.c == (void *)&m.d);
  ASSERT(1, (char *)&m.i[1] - (char *)&m == 4);
  struct shape shapes[2];
  shapes[0].kind = CIRCLE;
  shapes[0].radius = 2;
  shapes[1].kind = SQUARE;
  shapes[1].side = 5;
  ASSERT(12, shape_area(&shapes[0]));
  ASSERT(25, shape_area(&shapes[1]));
  ASSERT(8, sizeof(struct shape));
  union word init = {0x01020304};
  ASSERT(4, init.bytes[0]);
  union word designated = {.bytes = {1, 2, 3, 4}};
  ASSERT(0x04030201, designated.u);
  union word copy = designated;
  ASSERT(3, copy.bytes[2]);
  printf("u=%#x f=%g bytes=%d %d %d %d\n", (unsigned)w.u, w.f, designated.bytes[0], designated.bytes[1], designated.bytes[2], designated.bytes[3]);
  printf("OK\n");
  return 0;
}
