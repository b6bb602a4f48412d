/* Globals: zero-initialized and initialized globals, arrays, pointers initialized with the address of
   another global or an element of it, strings, a table of function pointers, and globals changed by
   functions. */
#include "check.h"

int zero;
int answer = 42;
double ratio = 0.75;
int table[4] = {1, 2, 4, 8};
int *third = &table[2];
int *past_end = table + 4;
const char *greeting = "hello";
char message[] = "mutable";
struct config { const char *name; int level; int *counter; } config = {"debug", 3, &zero};
long big = 1L << 40;
unsigned char bytes[] = {0xde, 0xad, 0xbe, 0xef};

static int inc(int x) { return x + 1; }
static int dbl(int x) { return x * 2; }
int (*steps[])(int) = {inc, dbl, inc};
int (*first_step)(int) = inc;

static void bump(void) {
  zero++;
  answer += 10;
}

int main(void) {
  ASSERT(0, zero);
  ASSERT(42, answer);
  ASSERT_DOUBLE(0.75, ratio);
  ASSERT(4, *third);
  ASSERT(8, third[1]);
  ASSERT(4, past_end - table);
  ASSERT('e', greeting[1]);
  message[0] = 'M';
  ASSERT_STRING("Mutable", message);
  ASSERT(3, config.level);
  ASSERT_STRING("debug", config.name);
  bump();
  bump();
  ASSERT(2, zero);
  ASSERT(2, *config.counter);
  ASSERT(62, answer);
  ASSERT(1099511627776L, big);
  ASSERT(0xef, bytes[3]);
  int v = 5;
  for (int i = 0; i < 3; i++) v = steps[i](v);
  ASSERT(13, v);
  ASSERT(1, first_step == inc);
  ASSERT(8, first_step(7));
  table[0] = 100;
  ASSERT(100, *(third - 2));
  printf("%s %s %d %d %ld\n", greeting, message, answer, zero, big);
  printf("OK\n");
  return 0;
}
