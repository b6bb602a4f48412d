/* switch: case labels with fall-through, default in the middle, nested switches, break inside a loop
   inside a switch, switching on chars, longs and enum values, and cases in nested blocks. */
#include "check.h"

static int classify(int n) {
  switch (n) {
  case 0:
    return 100;
  case 1:
  case 2:
    return 200;
  default:
    return -1;
  case 3:
    return 300;
  }
}

static int fall(int n) {
  int r = 0;
  switch (n) {
  case 1: r += 1; /* fall through */
  case 2: r += 10; /* fall through */
  case 3: r += 100; break;
  case 4: r += 1000;
  }
  return r;
}

static int default_first(int n) {
  int r = 0;
  switch (n) {
  default: r = -1; /* fall through */
  case 5: r += 5; break;
  case 6: r = 6;
  }
  return r;
}

static int vowels(const char *s) {
  int n = 0;
  for (; *s; s++) {
    switch (*s) {
    case 'a': case 'e': case 'i': case 'o': case 'u':
      n++;
      break;
    default:
      continue;
    }
  }
  return n;
}

static int nested(int a, int b) {
  switch (a) {
  case 1:
    switch (b) {
    case 1: return 11;
    case 2: return 12;
    }
    return 10;
  case 2:
    return 20;
  }
  return 0;
}

static int big(long x) {
  switch (x) {
  case 10000000000L: return 1;
  case -1: return 2;
  case 0x7fffffff: return 3;
  default: return 0;
  }
}

static int duff(int count) {
  int copied = 0;
  int n = (count + 3) / 4;
  switch (count % 4) {
  case 0: do { copied++; /* fall through */
  case 3: copied++; /* fall through */
  case 2: copied++; /* fall through */
  case 1: copied++;
          } while (--n > 0);
  }
  return copied;
}

int main(void) {
  ASSERT(100, classify(0));
  ASSERT(200, classify(2));
  ASSERT(300, classify(3));
  ASSERT(-1, classify(9));
  ASSERT(111, fall(1));
  ASSERT(110, fall(2));
  ASSERT(100, fall(3));
  ASSERT(1000, fall(4));
  ASSERT(0, fall(5));
  ASSERT(4, default_first(0));
  ASSERT(5, default_first(5));
  ASSERT(6, default_first(6));
  ASSERT(7, vowels("memory allocation"));
  ASSERT(11, nested(1, 1));
  ASSERT(12, nested(1, 2));
  ASSERT(10, nested(1, 3));
  ASSERT(20, nested(2, 0));
  ASSERT(0, nested(3, 0));
  ASSERT(1, big(10000000000L));
  ASSERT(2, big(-1));
  ASSERT(3, big(0x7fffffff));
  ASSERT(0, big(4294967295L));
  for (int i = 1; i <= 9; i++) ASSERT(i, duff(i));
  int hits = 0;
  for (int i = 0; i < 10; i++) {
    switch (i % 3) {
    case 0: hits += 1; break;
    case 1: if (i > 5) break; hits += 10; break;
    }
  }
  ASSERT(4 + 20, hits);
  printf("classify: %d %d %d %d\n", classify(0), classify(1), classify(3), classify(7));
  printf("OK\n");
  return 0;
}
