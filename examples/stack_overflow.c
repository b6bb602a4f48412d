// Stack overflow: the stack has a fixed size (8 MiB by default) with a guard page below it.
//
// What to watch: each call of dive() takes a frame of about 1 KiB (the array). After roughly 8 000
// calls the stack reaches its limit and the program stops with "stack overflow", naming the function
// and the depth. Try `memscope run --stack-size 64K examples/stack_overflow.c` to hit it sooner.
#include <stdio.h>

int dive(int depth) {
    char scratch[1000];
    scratch[0] = (char)depth;
    return dive(depth + 1) + scratch[0];
}

int main(void) {
    printf("diving...\n");
    return dive(0);
}
