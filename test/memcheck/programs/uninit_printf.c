// printf is given a value that was never initialised.
#include <stdio.h>
#include <stdlib.h>

struct stats {
    int count;
    int total;
};

int main(void) {
    struct stats *s = malloc(sizeof *s);
    s->count = 3;
    printf("count=%d total=%d\n", s->count, s->total);
    free(s);
    return 0;
}
