/* Initializers: scalars, arrays with and without a size, nested braces, brace elision, zero-filling of
   what is not listed, designated initializers for arrays and structs (in any order, nested, overriding),
   strings in char arrays, and the same for static objects. */
#include "check.h"

/* Brace elision, partial lists and overriding designators are what this program checks; gcc -Wall
   -Wextra would warn about each of them. */
#pragma GCC diagnostic ignored "-Wmissing-braces"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Woverride-init"

struct pair { int a, b; };
struct line { struct pair from, to; const char *name; };
struct sparse { int x; int arr[4]; char tag; };

static int g_scalar = 42;
static int g_array[5] = {1, 2, 3};
static struct line g_line = {{1, 2}, {3, 4}, "g"};
static int g_designated[6] = {[4] = 40, [1] = 10};
static struct pair g_pairs[] = {{1, 2}, [3] = {7, 8}};
static char g_text[] = "static";

int main(void) {
  int x = {5};
  ASSERT(5, x);
  int a[] = {1, 2, 3, 4};
  ASSERT(4, sizeof(a) / sizeof(a[0]));
  int z[10] = {0};
  for (int i = 0; i < 10; i++) ASSERT(0, z[i]);
  int partial[5] = {9, 8};
  ASSERT(8, partial[1]);
  ASSERT(0, partial[4]);
  struct pair p = {1};
  ASSERT(0, p.b);
  struct line l = {{1, 2}, {3, 4}, "line"};
  ASSERT(4, l.to.b);
  struct line elided = {1, 2, 3, 4, "e"};
  ASSERT(3, elided.to.a);
  struct line half = {{5}};
  ASSERT(5, half.from.a);
  ASSERT(0, half.to.b);
  ASSERT(1, half.name == NULL);
  int d[8] = {[2] = 20, [5] = 50, 60, [0] = 1};
  ASSERT(1, d[0]);
  ASSERT(20, d[2]);
  ASSERT(60, d[6]);
  ASSERT(0, d[7]);
  int sized[] = {[9] = 1};
  ASSERT(10, sizeof(sized) / sizeof(int));
  struct pair dp = {.b = 2, .a = 1};
  ASSERT(1, dp.a);
  ASSERT(2, dp.b);
  struct line dl = {.to.b = 4, .name = "dl", .from = {.a = 1}};
  ASSERT(1, dl.from.a);
  ASSERT(0, dl.from.b);
  ASSERT(4, dl.to.b);
  struct sparse s = {.arr[2] = 7, .tag = 't', .x = 1};
  ASSERT(7, s.arr[2]);
  ASSERT(0, s.arr[3]);
  ASSERT('t', s.tag);
  int overridden[3] = {1, 2, 3, [1] = 20};
  ASSERT(20, overridden[1]);
  ASSERT(3, overridden[2]);
  struct pair arr_of_structs[3] = {[1].b = 5, [2] = {6, 7}};
  ASSERT(5, arr_of_structs[1].b);
  ASSERT(6, arr_of_structs[2].a);
  ASSERT(0, arr_of_structs[0].a);
  int nested[2][3] = {1, 2, 3, 4, 5, 6, [0][1] = 7, 8, [0] = 9, [0] = 10, 11, [1][0] = 12};
  ASSERT(10, nested[0][0]);
  ASSERT(11, nested[0][1]);
  ASSERT(8, nested[0][2]);
  ASSERT(12, nested[1][0]);
  ASSERT(5, nested[1][1]);
  int rebraced[2][3] = {1, 2, 3, 4, 5, 6, [0] = {7, 8}, 9, 10};
  ASSERT(0, rebraced[0][2]);
  ASSERT(9, rebraced[1][0]);
  ASSERT(6, rebraced[1][2]);
  char rows[][2] = {[8][1] = 1, 2};
  ASSERT(20, sizeof(rows));
  ASSERT(2, rows[9][0]);
  char str[10] = "hi";
  ASSERT(0, str[9]);
  char braced[] = {"braced"};
  ASSERT(7, sizeof(braced));
  char chars[] = {'a', 'b', 'c'};
  ASSERT(3, sizeof(chars));
  double reals[3] = {1, 2.5};
  ASSERT_DOUBLE(2.5, reals[1]);
  ASSERT_DOUBLE(0.0, reals[2]);
  int n = 3;
  int computed[3] = {n, n * 2, n * n};
  ASSERT(9, computed[2]);
  ASSERT(42, g_scalar);
  ASSERT(3, g_array[2]);
  ASSERT(0, g_array[4]);
  ASSERT(3, g_line.to.a);
  ASSERT_STRING("g", g_line.name);
  ASSERT(40, g_designated[4]);
  ASSERT(10, g_designated[1]);
  ASSERT(0, g_designated[5]);
  ASSERT(4, sizeof(g_pairs) / sizeof(g_pairs[0]));
  ASSERT(8, g_pairs[3].b);
  ASSERT(0, g_pairs[2].a);
  ASSERT(7, sizeof(g_text));
  printf("%s %s %d %d %d\n", g_text, l.name, d[0], d[2], d[6]);
  printf("OK\n");
  return 0;
}
