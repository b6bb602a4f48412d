// A sum that reads one element past the end of a heap array (the value read is garbage).
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n = 8;
    int *a = malloc(n * sizeof *a);
    for (int i = 0; i < n; i++) a[i] = 1;
    int sum = 0;
    for (int i = 1; i <= n; i++) {
        sum += a[i];
    }
    printf("%d\n", sum > 0);
    free(a);
    return 0;
}
