// free() of a local array: only memory from malloc can be freed.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    char name[16] = "local";
    char *p = name;
    printf("%s\n", p);
    free(p);
    return 0;
}
