// The program keeps only a pointer into the middle of its block: at exit the block is possibly lost.
#include <stdio.h>
#include <stdlib.h>

char *cursor;

int main(void) {
    char *buffer = malloc(64);
    for (int i = 0; i < 64; i++) buffer[i] = (char)('a' + i % 26);
    cursor = buffer + 10;
    buffer = NULL;
    printf("%c\n", *cursor);
    return 0;
}
