#include <stdio.h>
int main(void) {
    char line[64];
    int n = 0;
    while (fgets(line, sizeof line, stdin)) n++;
    int value = 0;
    printf("lines=%d\n", n);
    fprintf(stderr, "to stderr\n");
    return value;
}
