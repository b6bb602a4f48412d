/* printf: integer conversions with flags, width and precision, %x %o %c %s %%, long and size_t
   length modifiers, * widths, floating conversions, and sprintf/snprintf into buffers. */
#include "check.h"
#include <limits.h>
#include <stddef.h>

/* snprintf's truncation is one of the things checked here; gcc would warn about it. */
#pragma GCC diagnostic ignored "-Wformat-truncation"

int main(void) {
  printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, 42, 42, 42, 42, 42);
  printf("[%i] [%u] [%x] [%X] [%o] [%#x] [%#o]\n", -7, 3000000000u, 255, 255, 8, 255, 8);
  printf("[%ld] [%lu] [%lld] [%llx] [%zu] [%td]\n", LONG_MIN, ULONG_MAX, LLONG_MAX, 0xdeadbeefcafeULL, sizeof(long), (ptrdiff_t)-3);
  printf("[%hd] [%hu] [%hhd] [%hhu]\n", (short)-2, (unsigned short)65535, (signed char)-1, (unsigned char)255);
  printf("[%c] [%3c] [%-3c] [%%]\n", 'a', 'b', 'c');
  printf("[%s] [%10s] [%-10s] [%.3s] [%*s] [%-*s]\n", "text", "right", "left", "precision", 6, "star", 6, "star");
  printf("[%.5d] [%8.3d] [%-8.3d] [%.0d]\n", 42, 7, 7, 0);
  printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%+.1f] [%010.2f]\n", 3.14159265, 2.5, -1.0 / 3, 9.99, 1.25, -3.5);
  printf("[%e] [%.2E] [%g] [%G] [%.3g] [%#g]\n", 12345.678, 0.000123, 0.0001, 1e-10, 3.14159, 2.0);
  printf("[%d%%] [%5.1f%%]\n", 50, 99.5);
  printf("[%*d] [%-*d] [%.*f]\n", 5, 1, 5, 2, 2, 3.14159);
  char buf[64];
  int n = sprintf(buf, "%d-%s-%c", 12, "ab", 'z');
  ASSERT(7, n);
  ASSERT_STRING("12-ab-z", buf);
  n = snprintf(buf, 5, "%s", "truncated");
  ASSERT(9, n);
  ASSERT_STRING("trun", buf);
  n = snprintf(NULL, 0, "%d", 123456);
  ASSERT(6, n);
  n = printf("count me\n");
  ASSERT(9, n);
  sprintf(buf, "%08.3f|%-6x|%+5d", 3.14159, 0xabc, -12);
  ASSERT_STRING("0003.142|abc   |  -12", buf);
  printf("[%s]\n", buf);
  printf("OK\n");
  return 0;
}
