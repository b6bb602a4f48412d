// A struct from malloc whose pointer field was never set is followed: an uninitialised pointer, here
// holding 0, so the program then crashes on a null dereference.
#include <stdio.h>
#include <stdlib.h>

struct holder {
    int id;
    int *data;
};

int main(void) {
    struct holder *h = malloc(sizeof *h);
    h->id = 1;
    int v = *h->data;
    printf("%d\n", v);
    free(h);
    return 0;
}
