/* Static storage: static locals keep their value between calls and are initialized once; static
   globals and functions are private to the file; a static local's address stays valid after return. */
#include "check.h"

static int counter(void) {
  static int n = 0;
  return ++n;
}

static int *remember(int v) {
  static int slot[2] = {-1, -1};
  slot[1] = slot[0];
  slot[0] = v;
  return slot;
}

static int calls;

static int fib_memo(int n) {
  static long memo[50];
  calls++;
  if (n < 2) return n;
  if (memo[n]) return (int)memo[n];
  memo[n] = fib_memo(n - 1) + fib_memo(n - 2);
  return (int)memo[n];
}

static const char *next_name(void) {
  static const char *names[] = {"ada", "grace", "linus"};
  static int i;
  return names[i++ % 3];
}

int main(void) {
  ASSERT(1, counter());
  ASSERT(2, counter());
  ASSERT(3, counter());
  int *r = remember(10);
  ASSERT(10, r[0]);
  ASSERT(-1, r[1]);
  remember(20);
  ASSERT(20, r[0]);
  ASSERT(10, r[1]);
  ASSERT(832040, fib_memo(30));
  int first = calls;
  ASSERT(832040, fib_memo(30));
  ASSERT(1, calls - first);
  ASSERT_STRING("ada", next_name());
  ASSERT_STRING("grace", next_name());
  ASSERT_STRING("linus", next_name());
  ASSERT_STRING("ada", next_name());
  printf("counter=%d fib(40)=%d calls=%d\n", counter(), fib_memo(40), calls);
  printf("OK\n");
  return 0;
}
