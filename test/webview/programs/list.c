// A linked list beside blocks in every state the Memory Map draws: a leaked block (its only pointer
// overwritten), a free block in the free list, a freed block a pointer still holds (dangling), live
// nodes, and a frame that returned while a global still points into it (a tombstone).
#include <stdlib.h>
#include <string.h>

struct node { long value; struct node *next; long visits; };

const char *label = "list";
long *last_seen;

struct node *make_node(long value) {
  struct node *n = malloc(sizeof *n);
  long copy = value;
  last_seen = &copy;
  n->value = value;
  n->next = NULL;
  n->visits = 0;
  return n;
}

struct node *push(struct node *head, long value) {
  struct node *n = make_node(value);
  n->next = head; // @in-push
  return n;
}

int main(void) {
  char *lost = malloc(40);
  lost = NULL;
  char *spare = malloc(16);
  struct node *head = push(NULL, 1);
  char *name = malloc(12);
  strcpy(name, "first");
  head = push(head, 2);
  free(spare);
  spare = NULL;
  free(name); // @free-name
  head = push(head, 3); // @third-push
  int ok = head->next->value == 2 && name != NULL && lost == NULL && spare == NULL;
  free(head->next->next);
  free(head->next);
  free(head);
  return ok ? 0 : 1;
}
