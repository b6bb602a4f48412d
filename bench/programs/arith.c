// Nested arithmetic loops: integer mixing and a double-precision matrix product.
#include <stdio.h>

#define M 200
static double a[M][M], b[M][M], c[M][M];

int main(void) {
    unsigned long h = 14695981039346656037UL;
    long acc = 0;
    for (int i = 0; i < 2000; i++)
        for (int j = 0; j < 2000; j++) {
            int x = (i * 31 + j * 17) % 1009;
            acc += x * x - (x >> 3) + (i ^ j);
            h = (h ^ (unsigned long)x) * 1099511628211UL;
        }
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            a[i][j] = (i + 1) * 0.5 + j;
            b[i][j] = (i == j) ? 2.0 : 0.25;
        }
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            double s = 0;
            for (int k = 0; k < M; k++) s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
    printf("acc=%ld h=%lu c=%.3f\n", acc, h, c[M - 1][M - 1]);
    return 0;
}
