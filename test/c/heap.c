/* The heap: malloc, calloc (zeroed), realloc (growing keeps the contents), free; a growable array, a
   matrix of rows, strdup, and freeing everything that was allocated. */
/* strdup is POSIX, not ISO C: ask for it as a POSIX program does. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"

struct vec {
  int *data;
  int size, capacity;
};

static void push(struct vec *v, int x) {
  if (v->size == v->capacity) {
    v->capacity = v->capacity ? v->capacity * 2 : 4;
    v->data = realloc(v->data, (size_t)v->capacity * sizeof *v->data);
  }
  v->data[v->size++] = x;
}

static char *join(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  char *s = malloc(n + m + 1);
  memcpy(s, a, n);
  memcpy(s + n, b, m + 1);
  return s;
}

int main(void) {
  int *one = malloc(sizeof(int));
  *one = 7;
  ASSERT(7, *one);
  free(one);
  int *zeros = calloc(10, sizeof(int));
  int zsum = 0;
  for (int i = 0; i < 10; i++) zsum += zeros[i];
  ASSERT(0, zsum);
  free(zeros);
  struct vec v = {NULL, 0, 0};
  for (int i = 0; i < 100; i++) push(&v, i * i);
  ASSERT(100, v.size);
  ASSERT(128, v.capacity);
  ASSERT(9801, v.data[99]);
  long total = 0;
  for (int i = 0; i < v.size; i++) total += v.data[i];
  ASSERT(328350, total);
  free(v.data);
  int rows = 4, cols = 5;
  int **m = malloc((size_t)rows * sizeof(int *));
  for (int i = 0; i < rows; i++) {
    m[i] = malloc((size_t)cols * sizeof(int));
    for (int j = 0; j < cols; j++) m[i][j] = i * cols + j;
  }
  ASSERT(19, m[3][4]);
  for (int i = 0; i < rows; i++) free(m[i]);
  free(m);
  char *s = join("memory", "scope");
  ASSERT_STRING("memoryscope", s);
  char *copy = strdup(s);
  free(s);
  copy[0] = 'M';
  ASSERT_STRING("Memoryscope", copy);
  free(copy);
  char *grow = malloc(4);
  strcpy(grow, "abc");
  grow = realloc(grow, 1000);
  ASSERT_STRING("abc", grow);
  free(grow);
  free(NULL);
  double *big = malloc(200000 * sizeof(double));
  big[199999] = 1.5;
  ASSERT_DOUBLE(1.5, big[199999]);
  free(big);
  printf("sum of squares=%ld\n", total);
  printf("OK\n");
  return 0;
}
