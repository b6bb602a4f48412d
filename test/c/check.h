/* Helpers shared by the self-checking feature programs (in the style of chibicc's test/test.h).
   ASSERT(expected, expr) compares as long long; on a mismatch it prints the expression, the value it
   had, the value expected and the line, then exits with status 1, so a failing check is visible both in
   the output and in the exit status. The helpers are static inline so a program that does not use one
   of them compiles without an unused-function warning. */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void check_int(long long expected, long long actual, const char *code, int line) {
  if (expected != actual) {
    printf("line %d: %s => %lld, expected %lld\n", line, code, actual, expected);
    exit(1);
  }
}

static inline void check_double(double expected, double actual, const char *code, int line) {
  if (expected != actual) {
    printf("line %d: %s => %.17g, expected %.17g\n", line, code, actual, expected);
    exit(1);
  }
}

static inline void check_string(const char *expected, const char *actual, const char *code, int line) {
  if (strcmp(expected, actual) != 0) {
    printf("line %d: %s => \"%s\", expected \"%s\"\n", line, code, actual, expected);
    exit(1);
  }
}

#define ASSERT(expected, expr) check_int((long long)(expected), (long long)(expr), #expr, __LINE__)
#define ASSERT_DOUBLE(expected, expr) check_double((expected), (expr), #expr, __LINE__)
#define ASSERT_STRING(expected, expr) check_string((expected), (expr), #expr, __LINE__)

#endif
