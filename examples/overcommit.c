// Overcommit: asking for memory is not using it.
//
// What to watch: run `memscope run --stats examples/overcommit.c`. malloc of 4 GiB succeeds at once: the
// kernel only reserves address space (a VMA of the mmap region), no frames. The program then touches one
// byte in each of 10 pages, so only those pages get frames, one minor fault each: 9 on line 23, and one
// on line 18, where malloc wrote its header into the first page (line 18's other fault is the first
// touch of the page holding the global `huge`).
// Expect at exit: VSZ about 4,194,448 KiB (4 GiB plus ~140 KiB of program) but RSS only about 56 KiB —
// the 10 touched pages and a few pages of code, data and stack. The Paging panel shows 10 present pages
// inside a 4 GiB mapping, and the page tables (84 KiB) cost more than the data.
#include <stdio.h>
#include <stdlib.h>

char *huge;   // a global: the block stays reachable until exit

int main(void) {
    size_t size = (size_t)4 << 30;
    huge = malloc(size);
    if (huge == NULL) {
        printf("malloc failed\n");
        return 1;
    }
    for (int i = 0; i < 10; i++) huge[(size_t)i * (size / 10)] = 'x';   // 10 pages, 10 frames
    printf("asked for %zu MiB, touched 10 pages\n", size >> 20);
    return 0;
}
