// Blocks a global still points to at exit are "still reachable", not leaked.
#include <stdio.h>
#include <stdlib.h>

struct config {
    char *name;
    int level;
};

struct config *settings;

int main(void) {
    settings = malloc(sizeof *settings);
    settings->name = malloc(16);
    settings->name[0] = '\0';
    settings->level = 3;
    printf("%d\n", settings->level);
    return 0;
}
