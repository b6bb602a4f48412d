// exit() from a nested call: the frames still on the stack are roots, so their blocks are reachable.
#include <stdio.h>
#include <stdlib.h>

static void fail(const char *why) {
    printf("giving up: %s\n", why);
    exit(2);
}

static void work(int n) {
    int *scratch = malloc(n * sizeof *scratch);
    scratch[0] = n;
    if (n > 3) fail("too big");
    free(scratch);
}

int main(void) {
    char *log = malloc(100);
    log[0] = '\0';
    work(2);
    work(5);
    free(log);
    return 0;
}
