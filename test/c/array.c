/* Arrays: initialization, indexing, decay to a pointer when passed to a function, sizeof of an array
   versus a pointer, and arrays of arrays of chars (strings). */
#include "check.h"

#define N 10

static int total(const int *v, int n) {
  int s = 0;
  for (int i = 0; i < n; i++) s += v[i];
  return s;
}

static void fill(int v[], int n, int value) {
  for (int i = 0; i < n; i++) v[i] = value * i;
}

static void reverse(int *v, int n) {
  for (int i = 0, j = n - 1; i < j; i++, j--) {
    int t = v[i];
    v[i] = v[j];
    v[j] = t;
  }
}

int global_table[N];

int main(void) {
  int a[N];
  fill(a, N, 3);
  ASSERT(27, a[9]);
  ASSERT(135, total(a, N));
  ASSERT(40, sizeof(a));
  ASSERT(10, sizeof(a) / sizeof(a[0]));
  reverse(a, N);
  ASSERT(27, a[0]);
  ASSERT(0, a[9]);
  int b[] = {5, 4, 3, 2, 1};
  ASSERT(5, sizeof(b) / sizeof(*b));
  ASSERT(15, total(b, 5));
  int c[6] = {1, 2};
  ASSERT(0, c[5]);
  ASSERT(3, total(c, 6));
  for (int i = 0; i < N; i++) global_table[i] = i * i;
  ASSERT(81, global_table[9]);
  ASSERT(285, total(global_table, N));
  char names[3][8] = {"ann", "bob", "carol"};
  ASSERT('c', names[2][0]);
  ASSERT(5, (int)strlen(names[2]));
  ASSERT(24, sizeof(names));
  int *p = &a[3];
  ASSERT(a[4], p[1]);
  ASSERT(a[2], p[-1]);
  int count[5] = {0};
  int data[] = {1, 3, 3, 4, 1, 1, 0};
  for (int i = 0; i < 7; i++) count[data[i]]++;
  ASSERT(3, count[1]);
  ASSERT(2, count[3]);
  ASSERT(0, count[2]);
  for (int i = 0; i < N; i++) printf("%d ", a[i]);
  printf("\n%s %s %s\n", names[0], names[1], names[2]);
  printf("OK\n");
  return 0;
}
