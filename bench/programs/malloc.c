// malloc/free churn: linked lists built and torn down, and a pool of blocks of varied sizes.
#include <stdio.h>
#include <stdlib.h>

struct node {
    int value;
    struct node *next;
};

int main(void) {
    long sum = 0;
    for (int round = 0; round < 200; round++) {
        struct node *head = NULL;
        for (int i = 0; i < 5000; i++) {
            struct node *n = malloc(sizeof *n);
            n->value = i + round;
            n->next = head;
            head = n;
        }
        while (head) {
            struct node *next = head->next;
            sum += head->value;
            free(head);
            head = next;
        }
    }
    char *pool[512] = {0};
    unsigned seed = 7;
    for (int i = 0; i < 400000; i++) {
        seed = seed * 1103515245u + 12345u;
        int slot = (int)((seed >> 8) % 512);
        if (pool[slot]) {
            sum += pool[slot][0];
            free(pool[slot]);
            pool[slot] = NULL;
        } else {
            size_t size = 8 + (seed >> 20) % 500;
            pool[slot] = malloc(size);
            pool[slot][0] = (char)(size & 0x7f);
        }
    }
    for (int i = 0; i < 512; i++) free(pool[i]);
    printf("sum=%ld\n", sum);
    return 0;
}
