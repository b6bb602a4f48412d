// Swapping and the performance cliff.
//
// What to watch: this machine has 256 KiB of RAM and 4 MiB of swap (the pragmas; gcc ignores them). The
// loop sums a 64 KiB array, which fits, then a 1 MiB array, which does not: its pages are evicted to swap
// and read back (major faults) on every pass. Run `memscope run --stats examples/swapping.c`.
// Expect about 1,000 major faults on line 19 (4 passes over 256 pages that cannot stay), none while the
// small array is summed (line 26), and a simulated time of about 14 s against well under a millisecond
// without swapping: each major fault costs 5 ms (a disk read), as much as five million instructions.
// Run it again with `--phys-mem 8M` and the major faults disappear. Compare `--page-policy` fifo, lru,
// clock (the default), random and opt (Belady's optimal choice, computed from a first run).
#pragma memscope phys_mem(256K)
#pragma memscope swap(4M)
#include <stdio.h>
#include <stdlib.h>

long sum(const int *a, int n, int passes) {
    long s = 0;
    for (int p = 0; p < passes; p++)
        for (int i = 0; i < n; i += 64) s += a[i];     // one access per 256 bytes
    return s;
}

int main(void) {
    int small = 16 * 1024, big = 256 * 1024;          // 64 KiB and 1 MiB of ints
    int *a = calloc(small, sizeof(int));
    long fast = sum(a, small, 4);                      // fits in RAM: no major fault
    int *b = calloc(big, sizeof(int));
    for (int i = 0; i < big; i += 1024) b[i] = 1;
    long slow = sum(b, big, 4);                        // does not fit: pages come and go
    printf("%ld %ld\n", fast, slow);
    free(a);
    free(b);
    return 0;
}
