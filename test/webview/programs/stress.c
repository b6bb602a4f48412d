// A stop with many frames and blocks: a linked list of 10,000 nodes (every 97th freed, every 101st
// leaked by cutting it out of the list) walked by a recursion 1,000 levels deep, each frame holding a
// pointer to its node. Stepping on from the deepest call makes calls, returns, mallocs and frees.
#include <stdlib.h>

#define BLOCKS 10000
#define DEPTH 1000

struct node { long value; struct node *next; };

struct node *make_list(int count) {
  struct node *head = NULL;
  for (int i = count - 1; i >= 0; i--) {
    struct node *n = malloc(sizeof *n);
    n->value = i;
    n->next = head;
    head = n;
  }
  return head;
}

/* Cuts every 101st node out of the list (leaking it) and frees every 97th (leaving a hole). */
void thin(struct node *head) {
  long i = 0;
  for (struct node *p = head; p != NULL && p->next != NULL; p = p->next, i++) {
    if (i % 101 == 99) p->next = p->next->next;
    else if (i % 97 == 95) {
      struct node *gone = p->next;
      p->next = gone->next;
      free(gone);
    }
  }
}

long recurse(struct node *n, int depth) {
  long local = depth * 3;
  if (depth == DEPTH - 1) {
    struct node *extra = malloc(sizeof *extra); // @deepest
    extra->value = local;
    extra->next = n;
    local += extra->value;
    free(extra);
    return local;
  }
  return local + recurse(n->next, depth + 1);
}

int main(void) {
  struct node *head = make_list(BLOCKS);
  thin(head);
  long total = recurse(head, 0);
  return total > 0 ? 0 : 1;
}
