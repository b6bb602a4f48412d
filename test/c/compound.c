/* Compound literals: unnamed objects of array, struct and scalar type, as function arguments, as
   lvalues, at file scope (static storage) and in a loop (a new object each time the block runs). */
#include "check.h"

struct point { int x, y; };

static int sum(const int *v, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += v[i];
  return s;
}

static int manhattan(struct point p) { return abs(p.x) + abs(p.y); }

static int *file_scope = (int[]){10, 20, 30};

int main(void) {
  ASSERT(6, sum((int[]){1, 2, 3}, 3));
  ASSERT(7, manhattan((struct point){3, -4}));
  struct point *p = &(struct point){1, 2};
  p->x = 5;
  ASSERT(5, p->x);
  int *arr = (int[4]){[2] = 9};
  ASSERT(9, arr[2]);
  ASSERT(0, arr[3]);
  ASSERT(20, file_scope[1]);
  file_scope[1] = 21;
  ASSERT(21, file_scope[1]);
  int x = (int){41} + 1;
  ASSERT(42, x);
  struct point q = (struct point){.y = 8};
  ASSERT(0, q.x);
  ASSERT(8, q.y);
  q = (struct point){7, 7};
  ASSERT(14, q.x + q.y);
  int total = 0;
  for (int i = 0; i < 3; i++) {
    int *fresh = (int[]){i, i * 10};
    total += fresh[0] + fresh[1];
  }
  ASSERT(33, total);
  ASSERT(12, sizeof((int[]){1, 2, 3}));
  char *s = (char[]){"literal"};
  s[0] = 'L';
  ASSERT_STRING("Literal", s);
  printf("%d %d %s\n", sum((int[]){4, 5, 6}, 3), manhattan((struct point){-1, -1}), s);
  printf("OK\n");
  return 0;
}
