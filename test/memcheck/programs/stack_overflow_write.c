// A loop writes one element past a local array (valgrind cannot see this; memscope knows the array).
#include <stdio.h>

static int fill(int count) {
    int guard = 7;
    int values[4];
    for (int i = 0; i <= count; i++) values[i] = i;
    return values[0] + guard;
}

int main(void) {
    printf("%d\n", fill(4) > 0);
    return 0;
}
