/* const: const variables and parameters, pointers to const (the pointee cannot be changed through
   them) and const pointers (the pointer cannot be changed), const globals (which live in read-only
   memory), and const struct members. */
#include "check.h"

static const int limit = 3;
static const double pi = 3.14159;
static const char *const weekdays[] = {"mon", "tue", "wed"};
static const int squares[] = {0, 1, 4, 9, 16};

struct account {
  const int id;
  int balance;
};

static int sum(const int *v, const int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += v[i];
  return s;
}

static size_t length(const char *s) {
  const char *start = s;
  while (*s) s++;
  return (size_t)(s - start);
}

static const char *find(const char *s, char c) {
  for (; *s; s++)
    if (*s == c) return s;
  return NULL;
}

int main(void) {
  ASSERT(3, limit);
  ASSERT(30, sum(squares, 5));
  ASSERT_STRING("wed", weekdays[2]);
  ASSERT(5, length("const"));
  int values[3] = {1, 2, 3};
  const int *reader = values;
  ASSERT(2, reader[1]);
  reader++;
  ASSERT(2, *reader);
  int *const writer = values;
  *writer = 10;
  ASSERT(10, values[0]);
  const int *const both = &values[2];
  ASSERT(3, *both);
  struct account acc = {7, 100};
  acc.balance += 50;
  ASSERT(150, acc.balance);
  ASSERT(7, acc.id);
  const struct account frozen = {8, 1};
  ASSERT(1, frozen.balance);
  const char *hit = find("memory", 'o');
  ASSERT(1, hit != NULL);
  ASSERT_STRING("ory", hit);
  int local_limit = limit * 2;
  ASSERT(6, local_limit);
  ASSERT(1, pi > 3.14 && pi < 3.15);
  printf("limit=%d pi=%.5f first=%s sum=%d\n", limit, pi, weekdays[0], sum(squares, 5));
  printf("OK\n");
  return 0;
}
