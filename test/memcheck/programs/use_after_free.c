// A node is freed and then read through a pointer that still holds its address.
#include <stdio.h>
#include <stdlib.h>

struct point {
    int x, y;
};

int main(void) {
    struct point *p = malloc(sizeof *p);
    p->x = 3;
    p->y = 4;
    struct point *alias = p;
    free(p);
    int d = alias->y;
    printf("%d\n", d == 4 || d != 4);
    return 0;
}
