// Out of memory: the OOM killer.
//
// What to watch: RAM is 1 MiB and swap 1 MiB (the pragmas). The child allocates and touches memory
// forever; when RAM and swap are both full, the kernel's OOM killer kills the process with the largest
// badness (resident + swapped pages) — the child — with SIGKILL, and logs the kernel's line:
//   Out of memory: Killed process 2 (oom) total-vm:2116kB, anon-rss:968kB
// The parent, small, survives: waitpid reports that the child died of signal 9.
// Expect that line on stderr, then "child killed by signal 9" and exit status 0; with --stats, about
// 260 pages written to swap and 1 OOM kill. Let main allocate itself instead of forking and main is the
// one killed: exit status 137 (128 + SIGKILL).
#pragma memscope phys_mem(1M)
#pragma memscope swap(1M)
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        for (;;) {
            char *p = malloc(4096);
            p[0] = 1;                       // touch it: a frame (or a swap slot) per page
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) printf("child killed by signal %d\n", WTERMSIG(status));
    return 0;
}
