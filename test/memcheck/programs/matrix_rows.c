// A matrix as an array of row pointers: the array is freed before its rows, which are lost with it.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    int rows = 3, cols = 4;
    double **m = malloc(rows * sizeof *m);
    for (int r = 0; r < rows; r++) {
        m[r] = malloc(cols * sizeof **m);
        for (int c = 0; c < cols; c++) m[r][c] = r * cols + c;
    }
    printf("%.1f\n", m[2][3]);
    free(m);
    return 0;
}
