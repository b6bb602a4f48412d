/* Loops: for, while and do-while, break and continue, nested loops, a for with a comma expression and
   no body, loops that run zero times, and the loop variable after the loop. */
#include "check.h"

static int is_prime(int n) {
  if (n < 2) return 0;
  for (int d = 2; d * d <= n; d++)
    if (n % d == 0) return 0;
  return 1;
}

static int digits(unsigned long n) {
  int count = 0;
  do {
    count++;
    n /= 10;
  } while (n != 0);
  return count;
}

static int gcd(int a, int b) {
  while (b != 0) {
    int t = a % b;
    a = b;
    b = t;
  }
  return a;
}

int main(void) {
  int primes = 0;
  for (int n = 0; n < 100; n++) primes += is_prime(n);
  ASSERT(25, primes);
  ASSERT(1, digits(0));
  ASSERT(20, digits(18446744073709551615UL));
  ASSERT(6, gcd(48, 18));
  ASSERT(1, gcd(17, 5));
  int i;
  for (i = 0; i < 10; i++)
    if (i == 7) break;
  ASSERT(7, i);
  int odd = 0;
  for (i = 0; i < 10; i++) {
    if (i % 2 == 0) continue;
    odd += i;
  }
  ASSERT(25, odd);
  int zero = 0;
  while (zero > 0) zero++;
  ASSERT(0, zero);
  int once = 0;
  do once++; while (0);
  ASSERT(1, once);
  int a, b;
  for (a = 0, b = 10; a < b; a++, b--);
  ASSERT(5, a);
  ASSERT(5, b);
  int pairs = 0;
  for (int x = 0; x < 5; x++)
    for (int y = x; y < 5; y++) {
      if (y == 3) continue;
      if (x == 4) break;
      pairs++;
    }
  ASSERT(10, pairs);
  int n = 0;
  for (;;) {
    if (++n == 42) break;
  }
  ASSERT(42, n);
  int total = 0;
  int k = 10;
  while (k--) total += k;
  ASSERT(45, total);
  ASSERT(-1, k);
  unsigned collatz = 27, steps = 0;
  while (collatz != 1) {
    collatz = collatz % 2 ? 3 * collatz + 1 : collatz / 2;
    steps++;
  }
  ASSERT(111, steps);
  for (int row = 1; row <= 4; row++) {
    for (int col = 0; col < row; col++) putchar('*');
    putchar('\n');
  }
  printf("primes=%d steps=%u\n", primes, steps);
  printf("OK\n");
  return 0;
}
