// A pointer into a buffer kept across realloc: the buffer moved, the pointer still aims at the old one.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *buffer = malloc(8);
    strcpy(buffer, "abc");
    char *blocker = malloc(8);
    char *first = buffer;
    buffer = realloc(buffer, 64);
    strcat(buffer, "def");
    printf("%s %c\n", buffer, first[0]);
    free(blocker);
    free(buffer);
    return 0;
}
