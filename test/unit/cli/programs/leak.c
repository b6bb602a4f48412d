#include <stdlib.h>
int main(void) {
    char *p = malloc(16);
    p[0] = 1;
    p = malloc(8);
    free(p);
    return 0;
}
