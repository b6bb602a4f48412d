// A stack buffer overflow: strcpy writes past the end of a local array.
//
// What to watch: `name` has room for 8 characters including the '\0', and the string copied into it has
// 12. memscope knows which variable the pointer came from, so strcpy's write past the end of `name` is
// reported at line 16 as an invalid write "0 bytes after local variable 'name' of size 8 in the frame
// of greet()", and printf's read of the too-long string at line 17 likewise — valgrind, which only knows
// the stack as one addressable region, says nothing. In the Memory Map, the frame of greet() shows the
// bytes that spilled over into its other local, `visits`, whose value changes although no statement
// assigned it.
#include <stdio.h>
#include <string.h>

static int greet(const char *who) {
    int visits = 1;
    char name[8];
    strcpy(name, who);
    printf("hello, %s\n", name);
    return visits;
}

int main(void) {
    printf("visits=%d\n", greet("Bartholomew"));
    return 0;
}
