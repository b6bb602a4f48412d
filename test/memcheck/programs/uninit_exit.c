// An exit status with bytes never written: only the low byte of `status` is set, so the shell sees 3,
// but the kernel's exit_group is handed uninitialised bytes, which valgrind reports at the exit() call.
#include <stdio.h>
#include <stdlib.h>

static void finish(int status) {
    printf("finishing\n");
    exit(status);
}

int main(void) {
    int status;
    ((char *)&status)[0] = 3;
    finish(status);
}
