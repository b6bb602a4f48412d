// Copying a string into a block without room for its terminating '\0'.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    const char *name = "memory";
    char *copy = malloc(strlen(name));
    strcpy(copy, name);
    printf("%c\n", copy[0]);
    free(copy);
    return 0;
}
