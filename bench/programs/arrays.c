// Array loops: a sieve, prefix sums and a bubble sort over stack and global arrays.
#include <stdio.h>

#define N 4000000
static char composite[N + 1];
static int values[6000];

int main(void) {
    int primes = 0;
    for (int i = 2; i <= N; i++) {
        if (!composite[i]) {
            primes++;
            for (long j = (long)i * i; j <= N; j += i) composite[j] = 1;
        }
    }
    long prefix[1000];
    prefix[0] = 0;
    long total = 0;
    for (int round = 0; round < 300; round++) {
        for (int i = 1; i < 1000; i++) prefix[i] = prefix[i - 1] + i * round;
        total += prefix[999];
    }
    unsigned seed = 12345;
    for (int i = 0; i < 6000; i++) {
        seed = seed * 1103515245u + 12345u;
        values[i] = (int)(seed >> 16) % 10000;
    }
    for (int i = 0; i < 6000; i++)
        for (int j = 0; j + 1 < 6000 - i; j++)
            if (values[j] > values[j + 1]) {
                int t = values[j];
                values[j] = values[j + 1];
                values[j + 1] = t;
            }
    printf("primes=%d total=%ld min=%d max=%d\n", primes, total, values[0], values[5999]);
    return 0;
}
