/* Anonymous mmap, munmap and mprotect, and a huge mapping that only costs what is touched (overcommit). */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, sbrk and brk are not in strict C11 */
#include "check.h"
#include <sys/mman.h>

int main(void) {
  size_t page = 4096;
  unsigned char *p = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT(1, p != MAP_FAILED);
  /* Fresh anonymous memory reads as zero. */
  for (size_t i = 0; i < 4 * page; i += 512) ASSERT(0, p[i]);
  for (size_t i = 0; i < 4 * page; i++) p[i] = (unsigned char)(i % 251);
  long sum = 0;
  for (size_t i = 0; i < 4 * page; i++) sum += p[i];
  ASSERT(16384L / 251 * (250 * 251 / 2) + (16384 % 251) * (16384 % 251 - 1) / 2, sum);

  /* Read-only keeps the data readable. */
  ASSERT(0, mprotect(p, page, PROT_READ));
  ASSERT(5, p[5]);
  ASSERT(0, mprotect(p, page, PROT_READ | PROT_WRITE));
  p[5] = 77;
  ASSERT(77, p[5]);

  /* Unmapping the middle leaves both ends. */
  ASSERT(0, munmap(p + page, 2 * page));
  ASSERT(3, p[3]);
  ASSERT((3 * 4096 + 9) % 251, p[3 * page + 9]);
  ASSERT(0, munmap(p, page));
  ASSERT(0, munmap(p + 3 * page, page));

  /* Bad arguments. */
  ASSERT(1, mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
  ASSERT(-1, munmap(p + 1, page));

  /* A gigabyte mapped, a few pages touched. */
  size_t big = (size_t)1 << 30;
  char *g = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT(1, g != MAP_FAILED);
  for (size_t i = 0; i < 10; i++) g[i * (big / 10)] = (char)(i + 1);
  int total = 0;
  for (size_t i = 0; i < 10; i++) total += g[i * (big / 10)];
  ASSERT(55, total);
  ASSERT(0, munmap(g, big));
  printf("OK\n");
  return 0;
}
