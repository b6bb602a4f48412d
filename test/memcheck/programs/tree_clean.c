// A binary search tree: insert, in-order walk, height, free. Nothing to report.
#include <stdio.h>
#include <stdlib.h>

struct tree {
    int key;
    struct tree *left, *right;
};

static struct tree *insert(struct tree *t, int key) {
    if (t == NULL) {
        t = malloc(sizeof *t);
        t->key = key;
        t->left = t->right = NULL;
    } else if (key < t->key) {
        t->left = insert(t->left, key);
    } else {
        t->right = insert(t->right, key);
    }
    return t;
}

static void walk(const struct tree *t) {
    if (t == NULL) return;
    walk(t->left);
    printf("%d ", t->key);
    walk(t->right);
}

static int height(const struct tree *t) {
    if (t == NULL) return 0;
    int l = height(t->left), r = height(t->right);
    return 1 + (l > r ? l : r);
}

static void destroy(struct tree *t) {
    if (t == NULL) return;
    destroy(t->left);
    destroy(t->right);
    free(t);
}

int main(void) {
    struct tree *root = NULL;
    int keys[] = {50, 30, 70, 20, 40, 60, 80, 35, 65};
    for (int i = 0; i < 9; i++) root = insert(root, keys[i]);
    walk(root);
    printf("\nheight=%d\n", height(root));
    destroy(root);
    return 0;
}
