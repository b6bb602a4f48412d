// memcpy with overlapping source and destination (memmove is the one that allows it).
#include <stdio.h>
#include <string.h>

int main(void) {
    char text[32] = "abcdefghij";
    memcpy(text + 2, text, 8);
    printf("%s\n", text);
    return 0;
}
