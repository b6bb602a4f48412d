// Freeing a tree's root without its children: the children lose their last pointer with it.
#include <stdio.h>
#include <stdlib.h>

struct tree {
    int key;
    struct tree *left, *right;
};

static struct tree *leaf(int key) {
    struct tree *t = malloc(sizeof *t);
    t->key = key;
    t->left = t->right = NULL;
    return t;
}

int main(void) {
    struct tree *root = leaf(2);
    root->left = leaf(1);
    root->right = leaf(3);
    printf("%d\n", root->left->key + root->right->key);
    free(root);
    return 0;
}
