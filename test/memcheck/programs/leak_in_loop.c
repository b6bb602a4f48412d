// A buffer allocated on every iteration and never freed: one leak per pass, all from the same line.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    int total = 0;
    for (int round = 0; round < 5; round++) {
        char *line = malloc(40);
        strcpy(line, "a line of text");
        total += (int)strlen(line);
    }
    printf("%d\n", total);
    return 0;
}
