/* sbrk and brk: the program break moves by what is asked, memory below it is usable, and moving it back
   works. Every break value is taken before the first printf (glibc's stdout buffer is malloc'd and may
   move the break), and only differences are checked. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, sbrk and brk are not in strict C11 */
#include <stdio.h>
#include <unistd.h>
#include <stdint.h>

int main(void) {
  char *start = sbrk(0);
  char *old = sbrk(8192);
  char *after = sbrk(0);
  int ok_grow = old == start && after == start + 8192;
  for (int i = 0; i < 8192; i++) old[i] = (char)(i & 0x7f);
  long sum = 0;
  for (int i = 0; i < 8192; i++) sum += old[i];
  char *back = sbrk(-4096);
  char *now = sbrk(0);
  int ok_shrink = back == start + 8192 && now == start + 4096;
  int ok_brk = brk(start + 12288) == 0 && sbrk(0) == start + 12288;
  start[12287] = 9;
  int ok_use = start[12287] == 9 && start[100] == 100;
  int ok_brk_back = brk(start) == 0 && sbrk(0) == start;

  printf("grow %d shrink %d brk %d use %d back %d sum %ld\n", ok_grow, ok_shrink, ok_brk, ok_use, ok_brk_back, sum);
  if (!(ok_grow && ok_shrink && ok_brk && ok_use && ok_brk_back && sum == 8192L / 128 * (127 * 128 / 2))) return 1;
  printf("OK\n");
  return 0;
}
