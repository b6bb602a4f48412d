// strncpy into the same buffer two bytes further on: source and destination overlap.
#include <stdio.h>
#include <string.h>

int main(void) {
    char text[32] = "abcdefgh";
    strncpy(text + 2, text, 4);
    printf("%s\n", text);
    return 0;
}
