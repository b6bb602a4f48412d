/* Strings: literals and their terminating NUL, escapes, char arrays initialized from strings (with and
   without room for the NUL), adjacent literal concatenation, and the string.h functions. */
#include "check.h"
#include <ctype.h>

static int my_strlen(const char *s) {
  int n = 0;
  while (s[n]) n++;
  return n;
}

static void upcase(char *s) {
  for (; *s; s++) *s = (char)toupper((unsigned char)*s);
}

static int count_char(const char *s, char c) {
  int n = 0;
  for (const char *p = strchr(s, c); p; p = strchr(p + 1, c)) n++;
  return n;
}

int main(void) {
  ASSERT(5, my_strlen("hello"));
  ASSERT(0, my_strlen(""));
  ASSERT(6, sizeof("hello"));
  ASSERT('l', "hello"[2]);
  ASSERT(0, "hello"[5]);
  ASSERT(10, "\n"[0]);
  ASSERT(9, "\t"[0]);
  ASSERT(92, "\\"[0]);
  ASSERT(34, "\""[0]);
  ASSERT(0, "\0abc"[0]);
  ASSERT(65, "\101"[0]);
  ASSERT(255, (unsigned char)"\xff"[0]);
  ASSERT(-1, "\xff"[0]);
  ASSERT(12, sizeof("hello" " " "world" ""));
  char s[] = "abc";
  ASSERT(4, sizeof(s));
  char exact[3] = "abc";
  ASSERT('c', exact[2]);
  char roomy[8] = "hi";
  ASSERT(0, roomy[7]);
  ASSERT(0, roomy[2]);
  char buf[32];
  strcpy(buf, "memory");
  strcat(buf, " scope");
  ASSERT_STRING("memory scope", buf);
  ASSERT(12, (int)strlen(buf));
  upcase(buf);
  ASSERT_STRING("MEMORY SCOPE", buf);
  ASSERT(0, strcmp("abc", "abc"));
  ASSERT(1, strcmp("abc", "abd") < 0);
  ASSERT(1, strcmp("b", "a") > 0);
  ASSERT(0, strncmp("abcdef", "abcxyz", 3));
  ASSERT(3, count_char("banana band", 'a') - 1);
  ASSERT_STRING("nana band", strstr("banana band", "nana"));
  ASSERT_STRING("band", strrchr("banana band", 'b'));
  char copy[8];
  memset(copy, 'x', sizeof(copy));
  strncpy(copy, "ab", 4);
  ASSERT(0, copy[3]);
  ASSERT('x', copy[4]);
  char words[] = "one,two,,three";
  int fields = 1;
  for (char *p = words; *p; p++)
    if (*p == ',') {
      *p = '\0';
      fields++;
    }
  ASSERT(4, fields);
  ASSERT_STRING("two", words + 4);
  const char *table[] = {"zero", "one", "two"};
  ASSERT('w', table[2][1]);
  char dst[16];
  memcpy(dst, "abcdef", 7);
  memmove(dst + 2, dst, 4);
  ASSERT_STRING("ababcd", dst);
  ASSERT(1, memcmp("abc", "abd", 3) < 0);
  printf("%s|%8s|%-8s|%.2s|\n", buf, "right", "left", "truncate");
  printf("%c%c%c\n", 'a', 66, "xyz"[2]);
  puts("puts adds a newline");
  printf("OK\n");
  return 0;
}
