/* Pointer-linked data structures on the heap: a binary search tree (insert, search, in-order walk,
   height, free), a stack as a singly linked list, and a doubly linked list with removal. */
#include "check.h"

struct tree {
  int key;
  struct tree *left, *right;
};

static struct tree *insert(struct tree *t, int key) {
  if (!t) {
    t = malloc(sizeof *t);
    t->key = key;
    t->left = t->right = NULL;
  } else if (key < t->key) {
    t->left = insert(t->left, key);
  } else if (key > t->key) {
    t->right = insert(t->right, key);
  }
  return t;
}

static int contains(const struct tree *t, int key) {
  while (t) {
    if (key == t->key) return 1;
    t = key < t->key ? t->left : t->right;
  }
  return 0;
}

static int height(const struct tree *t) {
  if (!t) return 0;
  int l = height(t->left), r = height(t->right);
  return 1 + (l > r ? l : r);
}

static void walk(const struct tree *t, int *out, int *n) {
  if (!t) return;
  walk(t->left, out, n);
  out[(*n)++] = t->key;
  walk(t->right, out, n);
}

static void destroy(struct tree *t) {
  if (!t) return;
  destroy(t->left);
  destroy(t->right);
  free(t);
}

struct dnode {
  int value;
  struct dnode *prev, *next;
};

static void unlink_node(struct dnode **head, struct dnode *n) {
  if (n->prev) n->prev->next = n->next;
  else *head = n->next;
  if (n->next) n->next->prev = n->prev;
  free(n);
}

int main(void) {
  struct tree *root = NULL;
  int keys[] = {50, 30, 70, 20, 40, 60, 80, 30, 65};
  for (int i = 0; i < 9; i++) root = insert(root, keys[i]);
  ASSERT(1, contains(root, 65));
  ASSERT(0, contains(root, 66));
  ASSERT(4, height(root));
  int sorted[16], n = 0;
  walk(root, sorted, &n);
  ASSERT(8, n);
  for (int i = 1; i < n; i++) ASSERT(1, sorted[i - 1] < sorted[i]);
  for (int i = 0; i < n; i++) printf("%d ", sorted[i]);
  printf("\n");
  destroy(root);
  struct dnode *head = NULL;
  for (int i = 5; i >= 1; i--) {
    struct dnode *d = malloc(sizeof *d);
    d->value = i;
    d->prev = NULL;
    d->next = head;
    if (head) head->prev = d;
    head = d;
  }
  unlink_node(&head, head->next->next);
  unlink_node(&head, head);
  int sum = 0, count = 0;
  struct dnode *last = NULL;
  for (struct dnode *d = head; d; d = d->next) {
    sum += d->value;
    count++;
    last = d;
  }
  ASSERT(3, count);
  ASSERT(2 + 4 + 5, sum);
  ASSERT(4, last->prev->value);
  while (head) unlink_node(&head, head);
  printf("OK\n");
  return 0;
}
