// A whole list lost at once: the head pointer is cleared without freeing the nodes.
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *build(int n) {
    struct node *head = NULL;
    for (int i = 0; i < n; i++) {
        struct node *fresh = malloc(sizeof *fresh);
        fresh->value = i;
        fresh->next = head;
        head = fresh;
    }
    return head;
}

int main(void) {
    struct node *list = build(4);
    printf("%d\n", list->value);
    list = NULL;
    printf("%d\n", list == NULL);
    return 0;
}
