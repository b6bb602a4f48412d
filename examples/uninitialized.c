// Using a value that was never initialised.
//
// What to watch: `total` is declared without a value, so its bytes are whatever the stack held before
// (the Memory Map shows them as undefined). Copying it around is harmless; memscope, like valgrind,
// complains only where the value matters: the `if` at line 21 decides on it ("Conditional jump or move
// depends on uninitialised value(s)"), and so does printf, which must turn it into digits (line 24).
// The scores array is only partly filled, but the loop sums just the filled part: no report there.
#include <stdio.h>

static int sum(const int *values, int count) {
    int total;
    for (int i = 0; i < count; i++) total += values[i];
    return total;
}

int main(void) {
    int scores[10];
    for (int i = 0; i < 4; i++) scores[i] = 10 * (i + 1);
    int s = sum(scores, 4);
    int copy = s;
    if (copy > 50) {
        printf("high\n");
    }
    printf("total=%d\n", copy);
    return 0;
}
