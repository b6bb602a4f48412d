// A stale pointer used long after its block was freed, after many other allocations reused the heap.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int *stale = malloc(4 * sizeof *stale);
    stale[0] = 1;
    free(stale);
    long total = 0;
    for (int i = 0; i < 200; i++) {
        int *fresh = malloc(4 * sizeof *fresh);
        fresh[0] = i;
        total += fresh[0];
        free(fresh);
    }
    stale[1] = 2;
    printf("%ld\n", total);
    return 0;
}
