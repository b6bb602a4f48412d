// Deep recursion: many calls and returns, and one very deep call chain.
#include <stdio.h>

static int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static long depth_sum(long n) {
    if (n == 0) return 0;
    return n + depth_sum(n - 1);
}

int main(void) {
    int f = fib(30);
    long s = 0;
    for (int i = 0; i < 40; i++) s += depth_sum(50000);
    printf("fib(30) = %d, depth sum = %ld\n", f, s);
    return 0;
}
