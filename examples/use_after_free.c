// Use after free: a node is freed while another pointer still refers to it.
//
// What to watch: `first` and `cursor` point to the same node. After free(first) the node's block is
// back on the free list — in the Memory Map its first payload words now hold free-list links, not the
// node's value and next pointer — but `cursor` still holds its address (hover: "dangling: points into a
// 16-byte block freed at line 28"). Reading cursor->value is reported as a use after free, with the
// lines where the block was allocated and freed. memscope keeps every freed block known for the whole
// run, so the report stays exact even after malloc hands the same bytes to a new node (lines 30–31).
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

static struct node *node(int value, struct node *next) {
    struct node *n = malloc(sizeof *n);
    n->value = value;
    n->next = next;
    return n;
}

int main(void) {
    struct node *first = node(1, node(2, NULL));
    struct node *cursor = first;
    struct node *second = first->next;
    free(first);
    printf("%d\n", cursor->value);
    struct node *fresh = node(3, second);
    printf("%d %d\n", fresh->value, cursor->value);
    free(second);
    free(fresh);
    return 0;
}
