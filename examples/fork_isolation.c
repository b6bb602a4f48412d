// fork and isolation: two processes, the same virtual address, different memory.
//
// What to watch: after fork() both processes print the address of `value` — the same number — and
// different contents. Open the Paging panel and compare the page-table walk of that address in pid 1 and
// pid 2: the same virtual page maps to two different physical frames once each has written it.
// Expect "child:  &value = 0x403000  value = 200" then "parent: &value = 0x403000  value = 100": equal
// addresses, different values. With --stats, each process has COW or minor faults on the line that
// writes `value` (whichever writes first copies the page; the other then finds it no longer shared).
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int value = 1;

int main(void) {
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        value = 200;
        printf("child:  &value = %p  value = %d\n", (void *)&value, value);
        exit(0);
    }
    value = 100;
    wait(NULL);
    printf("parent: &value = %p  value = %d\n", (void *)&value, value);
    return 0;
}
