// A function returns the address of its local variable; the caller reads it after the frame is gone.
#include <stdio.h>

static int *make_counter(void) {
    int counter = 42;
    int *p = &counter;
    return p;
}

int main(void) {
    int *c = make_counter();
    printf("%d\n", *c == 42);
    return 0;
}
