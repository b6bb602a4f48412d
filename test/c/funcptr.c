/* Function pointers: taking a function's address (with and without &), calling through a pointer
   (with and without *), arrays of function pointers, passing callbacks, returning a function pointer,
   and qsort with a comparator. */
#include "check.h"

static int add(int a, int b) { return a + b; }
static int sub(int a, int b) { return a - b; }
static int mul(int a, int b) { return a * b; }

static int apply(int (*f)(int, int), int a, int b) { return f(a, b); }

static int (*pick(char op))(int, int) {
  switch (op) {
  case '+': return add;
  case '-': return sub;
  default: return mul;
  }
}

static void for_each(int *v, int n, void (*visit)(int *)) {
  for (int i = 0; i < n; i++) visit(&v[i]);
}

static void double_it(int *x) { *x *= 2; }

static int compare_ints(const void *a, const void *b) {
  int x = *(const int *)a;
  int y = *(const int *)b;
  return (x > y) - (x < y);
}

static int compare_desc(const void *a, const void *b) { return -compare_ints(a, b); }

struct command {
  const char *name;
  int (*run)(int, int);
};

static const struct command commands[] = {{"add", add}, {"sub", sub}, {"mul", mul}};

int main(void) {
  int (*f)(int, int) = add;
  ASSERT(5, f(2, 3));
  ASSERT(5, (*f)(2, 3));
  f = &sub;
  ASSERT(-1, f(2, 3));
  ASSERT(6, apply(mul, 2, 3));
  ASSERT(10, pick('+')(4, 6));
  ASSERT(-2, pick('-')(4, 6));
  ASSERT(24, pick('*')(4, 6));
  int (*table[3])(int, int) = {add, sub, mul};
  int results[3];
  for (int i = 0; i < 3; i++) results[i] = table[i](10, 5);
  ASSERT(15, results[0]);
  ASSERT(5, results[1]);
  ASSERT(50, results[2]);
  ASSERT(1, table[0] == add);
  ASSERT(1, table[1] != add);
  ASSERT(1, f == sub);
  int v[4] = {1, 2, 3, 4};
  for_each(v, 4, double_it);
  ASSERT(8, v[3]);
  int data[8] = {5, 3, 9, 1, 7, 3, 8, 2};
  qsort(data, 8, sizeof(int), compare_ints);
  for (int i = 0; i < 7; i++) ASSERT(1, data[i] <= data[i + 1]);
  qsort(data, 8, sizeof data[0], compare_desc);
  ASSERT(9, data[0]);
  int key = 7;
  qsort(data, 8, sizeof(int), compare_ints);
  int *found = bsearch(&key, data, 8, sizeof(int), compare_ints);
  ASSERT(1, found != NULL);
  ASSERT(7, *found);
  key = 4;
  ASSERT(1, bsearch(&key, data, 8, sizeof(int), compare_ints) == NULL);
  int acc = 100;
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
    acc = commands[i].run(acc, 3);
    printf("%s -> %d\n", commands[i].name, acc);
  }
  ASSERT(300, acc);
  for (int i = 0; i < 8; i++) printf("%d ", data[i]);
  printf("\nOK\n");
  return 0;
}
