// An average over no values divides by zero: SIGFPE ends the program.
#include <stdio.h>

static int average(const int *values, int n) {
    int sum = 0;
    for (int i = 0; i < n; i++) sum += values[i];
    return sum / n;
}

int main(void) {
    int none[1] = {0};
    printf("%d\n", average(none, 0));
    return 0;
}
