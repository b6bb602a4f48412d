// Stack frames and recursion: every call pushes a frame, every return pops it.
//
// What to watch: step into factorial() — each call adds a frame below the previous one with its
// argument n, the return address (naming the line of the call in the caller), the saved frame pointer,
// and the local `result`. The frames are 48 bytes apart here: sp moves down on each call and back
// up on each return — allocating a frame costs only moving a pointer.
#include <stdio.h>

long factorial(int n) {
    long result;
    if (n <= 1) {
        result = 1;
    } else {
        result = n * factorial(n - 1);
    }
    return result;
}

int main(void) {
    long f = factorial(5);
    printf("5! = %ld\n", f);
    return 0;
}
