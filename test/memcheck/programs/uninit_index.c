// An array index read from a heap block that was never initialised.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int *slot = malloc(sizeof *slot);
    int table[4] = {10, 20, 30, 40};
    int value = table[*slot & 3];
    printf("%d\n", value > 0);
    free(slot);
    return 0;
}
