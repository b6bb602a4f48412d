// A singly linked list built, walked and freed: nothing to report.
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *push(struct node *head, int value) {
    struct node *n = malloc(sizeof *n);
    n->value = value;
    n->next = head;
    return n;
}

static void free_list(struct node *head) {
    while (head != NULL) {
        struct node *next = head->next;
        free(head);
        head = next;
    }
}

int main(void) {
    struct node *list = NULL;
    for (int i = 1; i <= 10; i++) list = push(list, i * i);
    int sum = 0;
    for (struct node *n = list; n != NULL; n = n->next) sum += n->value;
    printf("sum=%d\n", sum);
    free_list(list);
    return 0;
}
