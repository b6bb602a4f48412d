// Little RAM: touching more pages than fit sends the oldest to swap; reading them again brings them
// back through major faults.
#pragma memscope phys_mem(64K)
#pragma memscope swap(1M)
#include <stdlib.h>

#define PAGES 24

int main(void) {
  char *pages = malloc(PAGES * 4096);
  for (int i = 0; i < PAGES; i++) pages[i * 4096] = (char)i;
  long sum = 0; // @filled
  for (int i = 0; i < PAGES; i++) sum += pages[i * 4096];
  free(pages);
  return sum == (PAGES - 1) * PAGES / 2 ? 0 : 1; // @read-back
}
