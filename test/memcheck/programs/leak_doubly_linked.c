// A doubly linked list whose head pointer is dropped: every node is still pointed to by a neighbour,
// but nothing outside the list reaches it.
#include <stdio.h>
#include <stdlib.h>

struct dnode {
    int value;
    struct dnode *prev, *next;
};

int main(void) {
    struct dnode *head = NULL;
    for (int i = 0; i < 3; i++) {
        struct dnode *d = malloc(sizeof *d);
        d->value = i;
        d->prev = NULL;
        d->next = head;
        if (head != NULL) head->prev = d;
        head = d;
    }
    printf("%d\n", head->next->value);
    head = NULL;
    return 0;
}
