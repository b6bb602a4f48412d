/* typedef: names for basic types, structs, pointers, arrays and function pointers; a typedef name
   used before its struct is complete; and block-scoped typedefs that hide outer ones. */
#include "check.h"
#include <stddef.h>

typedef int number;
typedef unsigned long size;
typedef struct point { int x, y; } point;
typedef point *point_ref;
typedef int triple[3];
typedef int (*binary_op)(int, int);
typedef struct list list;
struct list {
  int head;
  list *tail;
};
typedef const char *string;

static int plus(int a, int b) { return a + b; }
static int times(int a, int b) { return a * b; }

static number fold(const triple t, binary_op op, number start) {
  number acc = start;
  for (int i = 0; i < 3; i++) acc = op(acc, t[i]);
  return acc;
}

int main(void) {
  number n = 5;
  ASSERT(5, n);
  size s = sizeof(point);
  ASSERT(8, s);
  point p = {3, 4};
  point_ref r = &p;
  r->x = 30;
  ASSERT(30, p.x);
  triple t = {2, 3, 4};
  ASSERT(12, sizeof(triple));
  ASSERT(9, fold(t, plus, 0));
  ASSERT(24, fold(t, times, 1));
  binary_op ops[] = {plus, times};
  ASSERT(7, ops[0](3, 4));
  ASSERT(12, ops[1](3, 4));
  list second = {2, NULL};
  list first = {1, &second};
  ASSERT(2, first.tail->head);
  string greeting = "hi";
  ASSERT('i', greeting[1]);
  {
    typedef char number;
    number small = 65;
    ASSERT(1, sizeof(small));
    ASSERT('A', small);
  }
  ASSERT(4, sizeof(number));
  size_t z = 3;
  ptrdiff_t d = -2;
  ASSERT(1, z + d);
  printf("p=(%d,%d) fold=%d,%d greeting=%s\n", p.x, p.y, fold(t, plus, 0), fold(t, times, 1), greeting);
  printf("OK\n");
  return 0;
}
