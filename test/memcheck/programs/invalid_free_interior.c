// free() given a pointer into the middle of a block instead of the pointer malloc returned.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int *values = malloc(10 * sizeof *values);
    for (int i = 0; i < 10; i++) values[i] = i;
    int *middle = values + 5;
    printf("%d\n", *middle);
    free(middle);
    free(values);
    return 0;
}
