/* stdlib.h: atoi and strtol (bases, end pointer), abs and labs, rand with a fixed seed (the same
   sequence as glibc), qsort of structs, and exit status through return. */
#include "check.h"

struct person { const char *name; int age; };

static int by_age(const void *a, const void *b) {
  const struct person *x = a, *y = b;
  return x->age - y->age;
}

static int by_name(const void *a, const void *b) {
  const struct person *x = a, *y = b;
  return strcmp(x->name, y->name);
}

int main(void) {
  ASSERT(42, atoi("42"));
  ASSERT(-17, atoi("  -17abc"));
  ASSERT(0, atoi("abc"));
  ASSERT(123456789012L, atol("123456789012"));
  char *end;
  ASSERT(255, strtol("ff", &end, 16));
  ASSERT(0, *end);
  ASSERT(8, strtol("010", NULL, 0));
  ASSERT(16, strtol("0x10", NULL, 0));
  ASSERT(5, strtol("101", NULL, 2));
  ASSERT(12, strtol("12 apples", &end, 10));
  ASSERT_STRING(" apples", end);
  ASSERT(5, abs(-5));
  ASSERT(5, abs(5));
  ASSERT(10000000000L, labs(-10000000000L));
  srand(42);
  int first = rand();
  int second = rand();
  srand(42);
  ASSERT(first, rand());
  ASSERT(second, rand());
  int in_range = 1;
  for (int i = 0; i < 100; i++) {
    int r = rand() % 6 + 1;
    if (r < 1 || r > 6) in_range = 0;
  }
  ASSERT(1, in_range);
  struct person people[] = {{"carol", 35}, {"alice", 30}, {"bob", 25}, {"dave", 40}};
  qsort(people, 4, sizeof people[0], by_age);
  ASSERT_STRING("bob", people[0].name);
  ASSERT_STRING("dave", people[3].name);
  qsort(people, 4, sizeof people[0], by_name);
  ASSERT_STRING("alice", people[0].name);
  ASSERT_STRING("dave", people[3].name);
  srand(1);
  printf("rand after srand(1): %d %d %d\n", rand(), rand(), rand());
  printf("seed 42: %d %d\n", first, second);
  for (int i = 0; i < 4; i++) printf("%s:%d ", people[i].name, people[i].age);
  printf("\nOK\n");
  return 0;
}
