// The heap: malloc finds a free block, writes a header before it, and returns the payload.
//
// What to watch: each block's header sits just below the address malloc returns, and payloads are
// 16-byte aligned, so b - a is more than the 20 bytes asked for: the request rounded up plus the
// allocator's bookkeeping. After free(b) the block joins the free list and the next malloc of a
// fitting size reuses it (same address as b).
// The program break (brk) moves up when the heap needs more room.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *a = malloc(20);
    char *b = malloc(100);
    char *c = malloc(20);
    strcpy(a, "first block");
    printf("a=%p b=%p c=%p\n", (void *)a, (void *)b, (void *)c);
    printf("b - a = %ld bytes for a 20-byte request\n", (long)(b - a));

    free(b);
    char *d = malloc(90);   // fits in b's old block
    printf("d=%p (reuses b's block: %s)\n", (void *)d, d == b ? "yes" : "no");

    free(a);
    free(c);
    free(d);
    return 0;
}
