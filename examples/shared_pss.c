// Shared pages and PSS: how much memory does a process really use?
//
// What to watch: the parent touches 100 pages and forks twice; the children only read the pages (line
// 25), so all three processes map the same 100 frames, and the same text. RSS counts a shared page whole
// in every process; PSS (proportional set size) divides it by the number of processes sharing it, so the
// PSS of all processes adds up to the frames really used. Stop in a child's spin loop (line 26) and
// compare the three processes' counters in the Paging panel.
// Expect with `--stats` (each child's counters as they were when it ended): RSS 416 KiB and "shared"
// 412 KiB for both children; PSS about 141 KiB for pid 2 (412 KiB shared by three, plus its own stack
// page) and about 210 KiB for pid 3, which ended when only two processes were left to share them.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

#define PAGE 4096

int main(void) {
    char *data = malloc(100 * PAGE);
    for (int i = 0; i < 100; i++) data[i * PAGE] = (char)i;
    fflush(stdout);
    for (int k = 0; k < 2; k++) {
        if (fork() == 0) {
            long s = 0;
            for (int i = 0; i < 100; i++) s += data[i * PAGE];     // reads: nothing is copied
            for (volatile int spin = 0; spin < 100000; spin++) {}
            exit(s == 4950 ? 0 : 1);
        }
    }
    int status, ok = 0;
    while (wait(&status) > 0) ok += WEXITSTATUS(status) == 0;
    printf("%d children read the shared pages\n", ok);
    free(data);
    return 0;
}
