/* sizeof and _Alignof: basic types (LP64), pointers, arrays versus pointers, structs with padding,
   unions, expressions (not evaluated), and offsetof. */
#include "check.h"
#include <stddef.h>
#include <stdint.h>

struct a { char c; int i; };
struct b { char c; double d; char e; };
struct c { char x, y, z; };
struct d { int i; char c; };
struct e { short s; struct c inner; long l; };
union u { char c[5]; int i; };
struct flex { int n; int data[]; };

int main(void) {
  ASSERT(1, sizeof(char));
  ASSERT(2, sizeof(short));
  ASSERT(4, sizeof(int));
  ASSERT(8, sizeof(long));
  ASSERT(8, sizeof(long long));
  ASSERT(4, sizeof(float));
  ASSERT(8, sizeof(double));
  ASSERT(1, sizeof(_Bool));
  ASSERT(8, sizeof(void *));
  ASSERT(8, sizeof(int (*)(void)));
  ASSERT(8, sizeof(size_t));
  ASSERT(8, sizeof(uintptr_t));
  ASSERT(8, sizeof(struct a));
  ASSERT(24, sizeof(struct b));
  ASSERT(3, sizeof(struct c));
  ASSERT(8, sizeof(struct d));
  ASSERT(16, sizeof(struct e));
  ASSERT(8, sizeof(union u));
  ASSERT(4, sizeof(struct flex));
  ASSERT(4, offsetof(struct a, i));
  ASSERT(16, offsetof(struct b, e));
  ASSERT(2, offsetof(struct e, inner));
  ASSERT(8, offsetof(struct e, l));
  ASSERT(4, offsetof(struct flex, data));
  ASSERT(1, _Alignof(char));
  ASSERT(8, _Alignof(double));
  ASSERT(4, _Alignof(struct a));
  ASSERT(1, _Alignof(struct c));
  ASSERT(8, _Alignof(struct e));
  int arr[10];
  int *p = arr;
  ASSERT(40, sizeof arr);
  ASSERT(8, sizeof p);
  ASSERT(4, sizeof arr[0]);
  ASSERT(4, sizeof *p);
  ASSERT(80, sizeof(int[20]));
  ASSERT(24, sizeof(int[2][3]));
  int n = 5;
  ASSERT(4, sizeof(n++));
  ASSERT(5, n);
  ASSERT(8, sizeof(n + 1L));
  ASSERT(8, sizeof(1.0));
  ASSERT(4, sizeof(1.0f));
  ASSERT(6, sizeof("hello"));
  ASSERT(1, sizeof(char) * 10 == 10);
  struct b bs[3];
  ASSERT(72, sizeof bs);
  ASSERT(3, sizeof bs / sizeof bs[0]);
  printf("sizes: %zu %zu %zu %zu\n", sizeof(struct a), sizeof(struct b), sizeof(struct e), sizeof(union u));
  printf("OK\n");
  return 0;
}
