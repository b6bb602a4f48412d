/* Multi-dimensional arrays: row-major layout, nested initializers, passing a 2-D array to a function
   as a pointer to its rows, pointers to arrays, and 3-D arrays. */
#include "check.h"

/* Brace elision below is what this program checks; gcc -Wall would suggest the braces. */
#pragma GCC diagnostic ignored "-Wmissing-braces"

#define ROWS 3
#define COLS 4

static int trace(int m[][3], int n) {
  int t = 0;
  for (int i = 0; i < n; i++) t += m[i][i];
  return t;
}

static void transpose(int in[ROWS][COLS], int out[COLS][ROWS]) {
  for (int i = 0; i < ROWS; i++)
    for (int j = 0; j < COLS; j++) out[j][i] = in[i][j];
}

static void multiply(int a[2][2], int b[2][2], int c[2][2]) {
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) {
      c[i][j] = 0;
      for (int k = 0; k < 2; k++) c[i][j] += a[i][k] * b[k][j];
    }
}

int main(void) {
  int m[ROWS][COLS] = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
  ASSERT(7, m[1][2]);
  ASSERT(48, sizeof(m));
  ASSERT(16, sizeof(m[0]));
  ASSERT(4, sizeof(m[0][0]));
  ASSERT(12, *(*(m + 2) + 3));
  ASSERT(5, *m[1]);
  int *flat = &m[0][0];
  ASSERT(10, flat[9]);
  int (*row)[COLS] = m;
  ASSERT(6, row[1][1]);
  row++;
  ASSERT(5, (*row)[0]);
  ASSERT(16, (char *)row - (char *)m);
  int t[COLS][ROWS];
  transpose(m, t);
  ASSERT(8, t[3][1]);
  ASSERT(9, t[0][2]);
  int sq[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};
  ASSERT(15, trace(sq, 3));
  int partial[3][3] = {{1}, {2, 3}};
  ASSERT(0, partial[0][2]);
  ASSERT(3, partial[1][1]);
  ASSERT(0, partial[2][0]);
  int elided[2][3] = {1, 2, 3, 4, 5};
  ASSERT(4, elided[1][0]);
  ASSERT(0, elided[1][2]);
  int cube[2][3][4];
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 3; j++)
      for (int k = 0; k < 4; k++) cube[i][j][k] = i * 100 + j * 10 + k;
  ASSERT(123, cube[1][2][3]);
  ASSERT(96, sizeof(cube));
  ASSERT(1 * 100 + 0 * 10 + 2, cube[1][0][2]);
  int fib[2][2] = {{1, 1}, {1, 0}};
  int r[2][2] = {{1, 0}, {0, 1}};
  for (int n = 0; n < 10; n++) {
    int tmp[2][2];
    multiply(r, fib, tmp);
    for (int i = 0; i < 2; i++)
      for (int j = 0; j < 2; j++) r[i][j] = tmp[i][j];
  }
  ASSERT(55, r[0][1]);
  char grid[3][4] = {"abc", "def", "ghi"};
  ASSERT('e', grid[1][1]);
  for (int i = 0; i < ROWS; i++) {
    for (int j = 0; j < COLS; j++) printf("%3d", m[i][j]);
    printf("\n");
  }
  printf("%s %s %s fib10=%d\n", grid[0], grid[1], grid[2], r[0][1]);
  printf("OK\n");
  return 0;
}
