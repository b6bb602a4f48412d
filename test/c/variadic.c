/* Variadic functions: stdarg.h's va_start, va_arg (int, long, double, pointer, struct), va_end,
   va_copy, a count-terminated and a sentinel-terminated list, and forwarding to vsnprintf. */
#include "check.h"
#include <stdarg.h>

static int sum_ints(int count, ...) {
  va_list ap;
  va_start(ap, count);
  int s = 0;
  for (int i = 0; i < count; i++) s += va_arg(ap, int);
  va_end(ap);
  return s;
}

static double mean(int count, ...) {
  va_list ap;
  va_start(ap, count);
  double s = 0;
  for (int i = 0; i < count; i++) s += va_arg(ap, double);
  va_end(ap);
  return s / count;
}

static long longest(const char *first, ...) {
  va_list ap;
  va_start(ap, first);
  long best = (long)strlen(first);
  const char *s;
  while ((s = va_arg(ap, const char *)) != NULL) {
    long n = (long)strlen(s);
    if (n > best) best = n;
  }
  va_end(ap);
  return best;
}

static long mixed(const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  long total = 0;
  for (const char *t = types; *t; t++) {
    switch (*t) {
    case 'i': total += va_arg(ap, int); break;
    case 'l': total += va_arg(ap, long); break;
    case 'd': total += (long)va_arg(ap, double); break;
    case 'c': total += va_arg(ap, int); break;
    }
  }
  va_end(ap);
  return total;
}

static int twice(int count, ...) {
  va_list ap, copy;
  va_start(ap, count);
  va_copy(copy, ap);
  int first = 0, second = 0;
  for (int i = 0; i < count; i++) first += va_arg(ap, int);
  for (int i = 0; i < count; i++) second += va_arg(copy, int);
  va_end(copy);
  va_end(ap);
  return first + second;
}

struct pair { int a, b; };

static int pairs(int count, ...) {
  va_list ap;
  va_start(ap, count);
  int s = 0;
  for (int i = 0; i < count; i++) {
    struct pair p = va_arg(ap, struct pair);
    s += p.a * p.b;
  }
  va_end(ap);
  return s;
}

static char last_message[64];

static int format(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(last_message, sizeof last_message, fmt, ap);
  va_end(ap);
  return n;
}

int main(void) {
  ASSERT(0, sum_ints(0));
  ASSERT(6, sum_ints(3, 1, 2, 3));
  ASSERT(55, sum_ints(10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  ASSERT_DOUBLE(2.5, mean(4, 1.0, 2.0, 3.0, 4.0));
  float f = 1.5f;
  ASSERT_DOUBLE(1.5, mean(1, f));
  ASSERT(8, longest("one", "three", "thirteen", "ab", (char *)NULL));
  char c = 'A';
  short sh = -3;
  ASSERT(65 + 10000000000L + 2 - 3 + 7, mixed("cldii", c, 10000000000L, 2.9, sh, 7));
  ASSERT(12, twice(3, 1, 2, 3));
  ASSERT(2 + 12, pairs(2, (struct pair){1, 2}, (struct pair){3, 4}));
  ASSERT(9, format("%s=%d", "answer", 42));
  ASSERT_STRING("answer=42", last_message);
  printf("mean=%g longest=%ld message=%s\n", mean(3, 1.0, 2.0, 4.0), longest("a", "bb", (char *)NULL), last_message);
  printf("OK\n");
  return 0;
}
