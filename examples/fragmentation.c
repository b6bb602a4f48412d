// Fragmentation: enough free memory in total, but no single free block large enough.
//
// The pragma below gives malloc a 2 KiB heap (gcc ignores it), in VS Code and in `memscope run
// examples/fragmentation.c` alike.
// What to watch: 31 blocks of 48 bytes take 64 bytes each (header, footer, rounding) and fill the 2 KiB
// heap. Freeing every other one leaves 15 free blocks of 64 bytes — 960 bytes free — each wedged between
// two blocks still in use, so they cannot merge. malloc(200) needs one 224-byte block: no free block is
// that large and the heap may not grow, so it fails and returns NULL, reported as fragmentation ("960
// bytes are free in 15 blocks, but the largest is 64 bytes"). In the Memory Map, compare "total free"
// with "largest free block". Without the limit (`memscope run --heap-limit 0`) the heap simply grows and
// the request succeeds.
#pragma memscope heap_limit(2K)
#include <stdio.h>
#include <stdlib.h>

#define COUNT 31

int main(void) {
    char *blocks[COUNT];
    for (int i = 0; i < COUNT; i++) blocks[i] = malloc(48);
    for (int i = 1; i < COUNT; i += 2) {
        free(blocks[i]);
        blocks[i] = NULL;
    }
    char *big = malloc(200);
    printf("malloc(200) %s\n", big != NULL ? "succeeded" : "failed: the heap is fragmented");
    free(big);
    for (int i = 0; i < COUNT; i++) free(blocks[i]);
    return 0;
}
