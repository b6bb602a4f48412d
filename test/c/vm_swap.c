/* Paging under memory pressure: with 256 KiB of RAM the 1 MiB array cannot be resident at once, so its
   pages go to swap and come back (major faults); every value must survive the trips, including through a
   fork whose child reads pages that are in swap. Under gcc the pragmas are ignored and nothing swaps. */
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#pragma memscope phys_mem(256K)
#pragma memscope swap(4M)
#include "check.h"
#include <unistd.h>
#include <sys/wait.h>

#define N (256 * 1024)

int main(void) {
  int *a = malloc(N * sizeof(int));
  for (int i = 0; i < N; i++) a[i] = i * 7;
  long sum = 0;
  for (int pass = 0; pass < 2; pass++)
    for (int i = N - 1; i >= 0; i -= 3) sum += a[i];
  long expect = 0;
  for (int i = N - 1; i >= 0; i -= 3) expect += (long)i * 7;
  ASSERT(2 * expect, sum);

  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    long s = 0;
    for (int i = 0; i < N; i += 1024) s += a[i];
    a[0] = -1; /* a private copy for the child */
    exit(s == 7L * 1024 * (255 * 256 / 2) ? 0 : 1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT(0, WEXITSTATUS(status));
  ASSERT(0, a[0]);
  ASSERT(7 * (N - 1), a[N - 1]);
  free(a);
  printf("OK\n");
  return 0;
}
