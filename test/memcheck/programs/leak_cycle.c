// Two nodes pointing at each other, and then nothing pointing at them: one block is definitely lost,
// the other indirectly (only the lost one points to it).
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

int main(void) {
    struct node *a = malloc(sizeof *a);
    struct node *b = malloc(sizeof *b);
    a->value = 1;
    b->value = 2;
    a->next = b;
    b->next = a;
    printf("%d\n", a->next->next->value);
    a = NULL;
    b = NULL;
    printf("%d\n", a == b);
    return 0;
}
