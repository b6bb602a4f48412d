// strlen reads a buffer whose terminating '\0' was never written.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *word = malloc(8);
    word[0] = 'a';
    word[1] = 'b';
    word[2] = 'c';
    size_t n = strlen(word);
    printf("%d\n", n >= 3);
    free(word);
    return 0;
}
