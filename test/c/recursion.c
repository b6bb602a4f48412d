/* Recursion: factorial and Fibonacci, mutual recursion, the towers of Hanoi, a recursive descent
   evaluator, Ackermann's function, and permutations by backtracking. */
#include "check.h"

static long factorial(int n) { return n <= 1 ? 1 : n * factorial(n - 1); }

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int is_odd(int n);
static int is_even(int n) { return n == 0 ? 1 : is_odd(n - 1); }
static int is_odd(int n) { return n == 0 ? 0 : is_even(n - 1); }

static int moves;
static void hanoi(int n, char from, char to, char via) {
  if (n == 0) return;
  hanoi(n - 1, from, via, to);
  moves++;
  if (n == 10) printf("move disk 10 %c->%c\n", from, to);
  hanoi(n - 1, via, to, from);
}

static const char *src;
static int expr(void);
static int number(void) {
  int v = 0;
  while (*src >= '0' && *src <= '9') v = v * 10 + (*src++ - '0');
  return v;
}
static int factor(void) {
  if (*src == '(') {
    src++;
    int v = expr();
    src++;
    return v;
  }
  if (*src == '-') {
    src++;
    return -factor();
  }
  return number();
}
static int term(void) {
  int v = factor();
  while (*src == '*' || *src == '/') {
    char op = *src++;
    int r = factor();
    v = op == '*' ? v * r : v / r;
  }
  return v;
}
static int expr(void) {
  int v = term();
  while (*src == '+' || *src == '-') {
    char op = *src++;
    int r = term();
    v = op == '+' ? v + r : v - r;
  }
  return v;
}
static int eval(const char *s) {
  src = s;
  return expr();
}

static int ackermann(int m, int n) {
  if (m == 0) return n + 1;
  if (n == 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

static int permutations;
static void permute(char *s, int k, int n) {
  if (k == n) {
    permutations++;
    if (permutations <= 3) printf("%s\n", s);
    return;
  }
  for (int i = k; i < n; i++) {
    char t = s[k]; s[k] = s[i]; s[i] = t;
    permute(s, k + 1, n);
    t = s[k]; s[k] = s[i]; s[i] = t;
  }
}

int main(void) {
  ASSERT(1, factorial(0));
  ASSERT(3628800, factorial(10));
  ASSERT(2432902008176640000L, factorial(20));
  ASSERT(6765, fib(20));
  ASSERT(1, is_even(10));
  ASSERT(1, is_odd(7));
  hanoi(10, 'A', 'C', 'B');
  ASSERT(1023, moves);
  ASSERT(7, eval("1+2*3"));
  ASSERT(9, eval("(1+2)*3"));
  ASSERT(-4, eval("2*-(1+1)"));
  ASSERT(14, eval("100/7"));
  ASSERT(61, ackermann(3, 3));
  char word[] = "abcd";
  permute(word, 0, 4);
  ASSERT(24, permutations);
  printf("fib(25)=%d ack(2,3)=%d\n", fib(25), ackermann(2, 3));
  printf("OK\n");
  return 0;
}
