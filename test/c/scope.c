/* Scopes: block scope and shadowing, a for loop's own scope, a global hidden by a local, block-scoped
   extern and static, and variables of sibling blocks with the same name. */
#include "check.h"

int x = 1;

static int get_global(void) { return x; }

static int shadow(int x) {
  {
    int x = 100;
    x++;
    (void)x;
  }
  return x;
}

int main(void) {
  ASSERT(1, x);
  int x = 2;
  ASSERT(2, x);
  {
    int x = 3;
    ASSERT(3, x);
    {
      extern int x;
      ASSERT(1, x);
      x = 10;
    }
    ASSERT(3, x);
  }
  ASSERT(2, x);
  ASSERT(10, get_global());
  ASSERT(5, shadow(5));
  int total = 0;
  for (int i = 0; i < 3; i++) {
    int i2 = i * 2;
    total += i2;
  }
  for (int i = 10; i < 12; i++) total += i;
  ASSERT(27, total);
  {
    int y = 1;
    total += y;
  }
  {
    int y = 2;
    total += y;
  }
  ASSERT(30, total);
  int r = 0;
  for (int j = 0; j < 3; j++) {
    static int calls;
    calls++;
    r = calls;
  }
  ASSERT(3, r);
  if (x == 2) {
    int x = 50;
    ASSERT(50, x);
  }
  printf("x=%d total=%d\n", x, total);
  printf("OK\n");
  return 0;
}
