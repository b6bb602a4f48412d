// Invalid page faults: an access the kernel refuses ends the process with SIGSEGV, and says why.
//
// What to watch: the program maps a page, writes to it, makes it read-only with mprotect, and writes
// again. The MMU finds the page present but not writable: an invalid fault, SIGSEGV. Change WHICH to see
// the other reasons: 1 for a page that was unmapped, 2 for a write to a string literal (read-only data),
// 3 for a recursion that runs into the guard page below the stack.
// Expect (WHICH 0) "Invalid write of size 1" at line 29 with "Bad permissions for mapped region",
// "invalid faults: 1" with --stats, and exit status 139 (128 + SIGSEGV). WHICH 1 stops at line 32
// ("Access not within mapped region"), 2 at line 35, 3 with "Stack overflow" at line 21.
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <sys/mman.h>

#ifndef WHICH
#define WHICH 0
#endif

int depth(int n) {
    char frame[1024];
    frame[0] = (char)n;
    return depth(n + 1) + frame[0];   // 8 MiB of stack, then the guard page
}

int main(void) {
    char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    page[0] = 'a';
    if (WHICH == 0) {
        mprotect(page, 4096, PROT_READ);
        page[1] = 'b';                        // present, read-only: SIGSEGV
    } else if (WHICH == 1) {
        munmap(page, 4096);
        page[1] = 'b';                        // nothing mapped here any more: SIGSEGV
    } else if (WHICH == 2) {
        char *literal = "read-only";
        literal[0] = 'R';                     // rodata: SIGSEGV
    } else {
        return depth(0);                      // stack overflow: the guard page
    }
    printf("not reached\n");
    return 0;
}
