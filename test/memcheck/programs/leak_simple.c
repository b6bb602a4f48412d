// A buffer that is never freed: its last pointer dies when main returns.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *greeting = malloc(32);
    strcpy(greeting, "hello, heap");
    printf("%s\n", greeting);
    return 0;
}
