// Demand paging: a page gets a frame the first time it is touched, not before.
//
// What to watch: step over the loop with the Paging panel open. `pages` is 1 MiB of zeros in bss (256
// pages): at first none of them is present. Each iteration touches a new page: a minor fault, and one
// more frame. Touching a page a second time costs nothing (no fault, usually a TLB hit).
// Expect with `--stats`: exactly 128 minor faults, all on line 17 (every other page is touched), RSS of
// about 524 KiB (512 KiB of the array and a few pages of program), and the untouched half of the array
// never getting a frame: VSZ counts it (about 1,160 KiB), RSS does not.
#include <stdio.h>

#define PAGE 4096
char pages[256 * PAGE];

int main(void) {
    int touched = 0;
    for (int p = 0; p < 256; p += 2) {
        pages[p * PAGE] = 1;                  // first touch of page p: minor fault
        touched++;
    }
    for (int p = 0; p < 256; p += 2) pages[p * PAGE]++;   // already present: no fault
    printf("touched %d of 256 pages\n", touched);
    return 0;
}
