// Reading the element before the first one: a[-1] is the heap block's header, not the array.
#include <stdio.h>
#include <stdlib.h>

static int previous(const int *a, int i) {
    return a[i - 1];
}

int main(void) {
    int *a = calloc(4, sizeof *a);
    int x = previous(a, 0);
    printf("%d\n", x != 12345);
    free(a);
    return 0;
}
