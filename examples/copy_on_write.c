// Copy-on-write: fork copies nothing until someone writes.
//
// What to watch: the parent fills 64 pages (256 KiB), then forks. Right after fork both processes map the
// same 64 frames, read-only and marked COW in their page tables. The child then writes into 3 pages: each
// first write is a copy-on-write fault that gives the child its own copy of that page only.
// Expect with `--stats`: the child (pid 2) has exactly 3 COW faults, all on line 23; the parent prints 1
// (its pages were never touched by the child's writes) and has one COW fault of its own, for its stack,
// when it calls wait. At its end the child has an RSS of about 272 KiB of which 256 KiB are shared, so
// its PSS is only about 144 KiB (see examples/shared_pss.c).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#define PAGE 4096

int main(void) {
    char *data = malloc(64 * PAGE);
    for (int i = 0; i < 64; i++) data[i * PAGE] = 1;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        for (int i = 0; i < 3; i++) data[i * PAGE] = 2;   // 3 COW faults: 3 pages copied
        exit(0);
    }
    wait(NULL);
    printf("parent still sees %d\n", data[0]);
    free(data);
    return 0;
}
