/* C11 features in Mini C: _Static_assert, _Alignof, anonymous structs and unions, _Generic,
   designated initializers with compound literals, __func__, and declarations in for loops. */
#include "check.h"

_Static_assert(sizeof(int) == 4, "int is 32 bits");
_Static_assert(sizeof(void *) == 8, "LP64");

struct vector {
  union {
    struct { double x, y; };
    double v[2];
  };
};

#define TYPE_NAME(x) _Generic((x), int: "int", long: "long", double: "double", char *: "string", default: "other")

static const char *who(void) { return __func__; }

int main(void) {
  _Static_assert(_Alignof(double) == 8, "double alignment");
  ASSERT(8, _Alignof(long));
  ASSERT(4, _Alignof(int));
  struct vector vec = {.x = 3, .y = 4};
  ASSERT_DOUBLE(3.0, vec.v[0]);
  ASSERT_DOUBLE(4.0, vec.v[1]);
  vec.v[0] = 6;
  ASSERT_DOUBLE(6.0, vec.x);
  ASSERT(16, sizeof vec);
  ASSERT_STRING("int", TYPE_NAME(1));
  ASSERT_STRING("long", TYPE_NAME(1L));
  ASSERT_STRING("double", TYPE_NAME(1.0));
  char text[] = "s";
  ASSERT_STRING("string", TYPE_NAME(text));
  ASSERT_STRING("other", TYPE_NAME('c' + 0.0f));
  ASSERT_STRING("who", who());
  ASSERT_STRING("main", __func__);
  int squares = 0;
  for (int i = 0, j = 10; i < j; i++, j--) squares += i * j;
  ASSERT(0 * 10 + 1 * 9 + 2 * 8 + 3 * 7 + 4 * 6, squares);
  printf("%s %s %s\n", TYPE_NAME(2), TYPE_NAME(2.5), __func__);
  printf("OK\n");
  return 0;
}
