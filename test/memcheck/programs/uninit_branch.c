// A decision on a variable that was never given a value (only one path sets it).
#include <stdio.h>

static int sign(int x) {
    int result;
    if (x > 0) result = 1;
    if (x < 0) result = -1;
    return result;
}

int main(void) {
    int s = sign(0);
    if (s == 0) {
        printf("zero\n");
    } else {
        printf("not zero\n");
    }
    return 0;
}
