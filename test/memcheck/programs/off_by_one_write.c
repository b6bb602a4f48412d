// An off-by-one loop writes one int past the end of a heap array.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int n = 5;
    int *squares = malloc(n * sizeof *squares);
    for (int i = 0; i <= n; i++) {
        squares[i] = i * i;
    }
    printf("%d\n", squares[n - 1]);
    free(squares);
    return 0;
}
