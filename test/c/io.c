/* Reading input: getchar until EOF, fgets lines from stdin, scanf of numbers and words; the input is
   in io.stdin beside this file. */
#include "check.h"

int main(void) {
  char line[64];
  ASSERT(1, fgets(line, sizeof line, stdin) != NULL);
  ASSERT_STRING("first line\n", line);
  int a, b;
  ASSERT(2, scanf("%d %d", &a, &b));
  ASSERT(42, a);
  ASSERT(-7, b);
  char word[16];
  double d;
  ASSERT(2, scanf("%15s %lf", word, &d));
  ASSERT_STRING("pi", word);
  ASSERT_DOUBLE(3.25, d);
  int c;
  while ((c = getchar()) != '\n' && c != EOF) {
  }
  int letters = 0, lines = 0;
  while ((c = getchar()) != EOF) {
    if (c == '\n') lines++;
    else letters++;
  }
  ASSERT(2, lines);
  ASSERT(10, letters);
  printf("a+b=%d word=%s d=%.2f letters=%d lines=%d\n", a + b, word, d, letters, lines);
  printf("OK\n");
  return 0;
}
