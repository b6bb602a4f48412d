/* Floating point: float and double arithmetic, conversions to and from integers (truncation toward
   zero), float's rounding, comparisons, and printf's %f %e %g of the results. */
#include "check.h"

static double average(const double *values, int n) {
  double sum = 0;
  for (int i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

static float halve(float x) { return x / 2; }

int main(void) {
  double d = 1.5;
  float f = 2.25f;
  ASSERT_DOUBLE(3.75, d + f);
  ASSERT_DOUBLE(0.1 + 0.2, 0.30000000000000004);
  ASSERT(0, 0.1 + 0.2 == 0.3);
  ASSERT(1, 0.1f + 0.2f == 0.3f);
  ASSERT(3, (int)3.99);
  ASSERT(-3, (int)-3.99);
  ASSERT(1, (unsigned char)1.7);
  ASSERT(4000000000L, (long)4e9);
  ASSERT_DOUBLE(7.0, (double)7);
  ASSERT_DOUBLE(0.5, 1 / 2.0);
  ASSERT(0, 1 / 2);
  ASSERT_DOUBLE(16777216.0, (float)16777217);
  ASSERT_DOUBLE(1.125, halve(2.25f));
  ASSERT(1, sizeof(f * 2) == 4);
  ASSERT(1, sizeof(f * 2.0) == 8);
  ASSERT(1, 1e308 * 10 > 1e308);
  ASSERT(1, -0.0 == 0.0);
  double values[] = {1.0, 2.5, 3.5, 9.0};
  ASSERT_DOUBLE(4.0, average(values, 4));
  double x = 10;
  x /= 4;
  ASSERT_DOUBLE(2.5, x);
  x *= -2;
  ASSERT_DOUBLE(-5.0, x);
  x++;
  ASSERT_DOUBLE(-4.0, x);
  int i = 7;
  i *= 1.5;
  ASSERT(10, i);
  i += 0.9;
  ASSERT(10, i);
  float acc = 0;
  for (int k = 0; k < 10; k++) acc += 0.1f;
  printf("acc=%.9f acc==1: %d\n", acc, acc == 1.0f);
  double third = 1.0 / 3;
  printf("%f %.3f %e %g %g %g\n", third, third, third, third, 1e20, 1e-5);
  printf("%.1f %.0f %.0f %.0f %5.2f|%-8.3f|\n", 0.05, 0.5, 1.5, 2.5, 3.14159, 2.71828);
  printf("%g %g %g\n", 100000.0, 1000000.0, 123456789.0);
  printf("float %f double %f\n", (double)(float)0.1, 0.1);
  double p = 1;
  for (int k = 0; k < 64; k++) p *= 2;
  printf("2^64=%.0f (unsigned long)(2^63)=%lu\n", p, (unsigned long)(p / 2));
  ASSERT(1, p / 2 == 9223372036854775808.0);
  long big = 9007199254740993L;
  printf("(double)%ld = %.1f\n", big, (double)big);
  printf("OK\n");
  return 0;
}
