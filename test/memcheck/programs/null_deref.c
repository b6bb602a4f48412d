// Following a null pointer: a lookup that found nothing is used anyway. The program dies (SIGSEGV).
#include <stdio.h>
#include <stdlib.h>

struct item {
    int key, value;
};

static struct item *find(struct item *items, int n, int key) {
    for (int i = 0; i < n; i++)
        if (items[i].key == key) return &items[i];
    return NULL;
}

int main(void) {
    struct item items[3] = {{1, 10}, {2, 20}, {3, 30}};
    char *note = malloc(16);
    struct item *it = find(items, 3, 7);
    printf("%d\n", it->value);
    free(note);
    return 0;
}
