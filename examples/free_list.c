// The heap's free list: how malloc finds room, and how free gives it back.
//
// What to watch (Memory Map, heap view): every block starts with an 8-byte header holding its size,
// and ends with a footer repeating it. A freed block joins the free list: its first two payload words
// become the links to the next and previous free blocks, in address order. Step over each line:
//   - after the three mallocs the blocks sit side by side, each 16 bytes bigger than asked (header and
//     footer) and rounded up to 16: 32, 64 and 48 bytes;
//   - free(b) makes the middle block the only free one: the free-list head points at it;
//   - malloc(20) searches the list first-fit and reuses b's block (same address), splitting off the rest;
//   - free(a) then free(c): with coalescing a freed block merges with a free neighbour (the four textbook
//     cases), so the list ends up with fewer, larger blocks.
// Try `memscope run --heap-policy best|worst|next examples/free_list.c` and `--no-coalesce`.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    char *a = malloc(10);
    char *b = malloc(40);
    char *c = malloc(30);
    printf("a=%p b=%p c=%p\n", (void *)a, (void *)b, (void *)c);
    free(b);
    char *d = malloc(20);
    printf("d=%p reuses b: %s\n", (void *)d, d == b ? "yes" : "no");
    free(a);
    free(c);
    free(d);
    return 0;
}
