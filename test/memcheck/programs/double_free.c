// The same block freed twice: the second free is an error, and the heap stays intact.
#include <stdio.h>
#include <stdlib.h>

static void release(char *buffer) {
    free(buffer);
}

int main(void) {
    char *buffer = malloc(32);
    buffer[0] = 'a';
    release(buffer);
    free(buffer);
    char *other = malloc(32);
    other[0] = 'b';
    printf("%c\n", other[0]);
    free(other);
    return 0;
}
