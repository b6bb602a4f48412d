/* Characters: char is a signed 8-bit integer, character constants are ints, escape sequences, char
   arithmetic, conversions between digits and letters, and the ctype.h classification functions. */
#include "check.h"
#include <ctype.h>

static int caesar(char *s, int shift) {
  int changed = 0;
  for (; *s; s++) {
    if (islower((unsigned char)*s)) {
      *s = (char)('a' + (*s - 'a' + shift) % 26);
      changed++;
    } else if (isupper((unsigned char)*s)) {
      *s = (char)('A' + (*s - 'A' + shift) % 26);
      changed++;
    }
  }
  return changed;
}

static int parse_int(const char *s) {
  int v = 0, sign = 1;
  while (isspace((unsigned char)*s)) s++;
  if (*s == '-') { sign = -1; s++; }
  while (isdigit((unsigned char)*s)) v = v * 10 + (*s++ - '0');
  return sign * v;
}

int main(void) {
  ASSERT(97, 'a');
  ASSERT(48, '0');
  ASSERT(10, '\n');
  ASSERT(0, '\0');
  ASSERT(39, '\'');
  ASSERT(7, '\a');
  ASSERT(27, '\033');
  ASSERT(255, '\377' & 0xff);
  ASSERT(-1, '\377');
  ASSERT(1, 'z' - 'a' == 25);
  ASSERT('C', 'A' + 2);
  ASSERT(7, '7' - '0');
  char c = 127;
  c++;
  ASSERT(-128, c);
  unsigned char u = 'a';
  ASSERT('A', u - 32);
  ASSERT(1, isalpha('x') != 0);
  ASSERT(0, isalpha('1'));
  ASSERT(1, isdigit('5') != 0);
  ASSERT(1, isspace('\t') != 0);
  ASSERT(1, ispunct('!') != 0);
  ASSERT(1, isxdigit('F') != 0);
  ASSERT(0, isxdigit('g'));
  ASSERT('Q', toupper('q'));
  ASSERT('q', tolower('Q'));
  ASSERT('5', toupper('5'));
  char text[] = "Hello, World";
  ASSERT(10, caesar(text, 3));
  ASSERT_STRING("Khoor, Zruog", text);
  caesar(text, 23);
  ASSERT_STRING("Hello, World", text);
  ASSERT(-42, parse_int("  -42xyz"));
  ASSERT(1234, parse_int("1234"));
  int hist[26] = {0};
  for (const char *p = "mississippi"; *p; p++) hist[*p - 'a']++;
  ASSERT(4, hist['s' - 'a']);
  ASSERT(1, hist['m' - 'a']);
  for (char ch = 'a'; ch <= 'e'; ch++) putchar(ch);
  putchar('\n');
  printf("%c %d %c %s\n", 'x', 'x', 120, text);
  printf("OK\n");
  return 0;
}
