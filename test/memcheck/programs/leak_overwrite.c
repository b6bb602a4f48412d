// A pointer overwritten while it is the only one to its block: the first block is lost there.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int *data = malloc(10 * sizeof *data);
    data[0] = 1;
    data = malloc(20 * sizeof *data);
    data[0] = 2;
    printf("%d\n", data[0]);
    free(data);
    return 0;
}
