// A dangling pointer into a stack frame that no longer exists.
//
// What to watch: make_greeting() returns the address of its local array. Step into it and look at its
// frame in the Memory Map: the array lives between the frame pointer and the stack pointer. After the
// return the frame is gone (below sp), yet `greeting` in main still holds its address: hover it and
// memscope says "dangling: points into the frame of make_greeting(), which returned". The next call,
// to shout(), builds its own frame on the same bytes; reading through `greeting` is then reported as a
// use of a dead frame (kind dangling-stack) at that line, and the text printed is whatever shout() left
// there. gcc warns only when the address is returned directly; valgrind sees at best an uninitialised
// value.
#include <stdio.h>
#include <string.h>

static char *make_greeting(const char *name) {
    char text[32];
    strcpy(text, "hello, ");
    strcat(text, name);
    char *result = text;
    return result;
}

static int shout(int times) {
    char noise[32];
    memset(noise, '!', sizeof noise);
    return noise[0] * times;
}

int main(void) {
    char *greeting = make_greeting("ada");
    int loud = shout(3);
    printf("%d %c\n", loud, greeting[0]);
    return 0;
}
