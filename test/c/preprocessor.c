/* The preprocessor: object-like and function-like macros, parenthesized arguments, stringizing with #,
   token pasting with ##, variadic macros, conditional compilation with #if/#ifdef/#elif and defined,
   #undef, and the predefined __LINE__, __FILE__ and __STDC_VERSION__. */
#include "check.h"

#define SIZE 8
#define SQUARE(x) ((x) * (x))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define STR(x) #x
#define XSTR(x) STR(x)
#define CONCAT(a, b) a##b
#define FIELD(n) field_##n
#define COUNT_ARGS(...) count_args(__VA_ARGS__, -1)
#define LOG(fmt, ...) snprintf(log_buffer, sizeof log_buffer, fmt, __VA_ARGS__)
#define SWAP(type, a, b) do { type tmp_ = (a); (a) = (b); (b) = tmp_; } while (0)

static char log_buffer[64];

static int count_args(int first, ...) {
  return first;
}

struct record {
  int field_1;
  int field_2;
};

#ifdef SIZE
static const int has_size = 1;
#else
static const int has_size = 0;
#endif

#if SIZE > 10
#define BIG 1
#elif SIZE > 4
#define BIG 2
#else
#define BIG 3
#endif

#define TEMP 5
#undef TEMP
#ifndef TEMP
#define TEMP 6
#endif

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define MODERN 1
#else
#define MODERN 0
#endif

int main(void) {
  int arr[SIZE];
  ASSERT(32, sizeof(arr));
  ASSERT(49, SQUARE(7));
  ASSERT(9, SQUARE(1 + 2));
  ASSERT(7, MAX(3, 7));
  ASSERT(-1, MAX(-1, -2));
  ASSERT_STRING("hello", STR(hello));
  ASSERT_STRING("1 + 2", STR(1 + 2));
  ASSERT_STRING("8", XSTR(SIZE));
  ASSERT_STRING("SIZE", STR(SIZE));
  int CONCAT(my, var) = 12;
  ASSERT(12, myvar);
  struct record r = {1, 2};
  ASSERT(2, r.FIELD(2));
  ASSERT(3, COUNT_ARGS(3, 4, 5));
  LOG("%s-%d", "x", 9);
  ASSERT_STRING("x-9", log_buffer);
  int a = 1, b = 2;
  SWAP(int, a, b);
  ASSERT(2, a);
  ASSERT(1, b);
  ASSERT(1, has_size);
  ASSERT(2, BIG);
  ASSERT(6, TEMP);
  ASSERT(1, MODERN);
  int first_line = __LINE__;
  int second_line = __LINE__;
  ASSERT(1, second_line - first_line);
  ASSERT(1, __STDC__);
  ASSERT(1, strstr(__FILE__, "preprocessor.c") != NULL);
  printf("%s %s %d\n", STR(a + b), XSTR(SQUARE(2)), SQUARE(SIZE));
  printf("OK\n");
  return 0;
}
