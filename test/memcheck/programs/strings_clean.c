// String handling with the heap: duplicate, concatenate, reverse, compare. Nothing to report.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *join(const char *a, const char *b) {
    size_t n = strlen(a) + strlen(b) + 2;
    char *s = malloc(n);
    strcpy(s, a);
    strcat(s, " ");
    strcat(s, b);
    return s;
}

static void reverse(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}

int main(void) {
    char *words[] = {"heap", "stack", "pointer"};
    char *all = malloc(1);
    all[0] = '\0';
    for (int i = 0; i < 3; i++) {
        char *next = join(all, words[i]);
        free(all);
        all = next;
    }
    char *copy = malloc(strlen(all) + 1);
    strcpy(copy, all);
    reverse(copy);
    printf("%s | %s | %d\n", all, copy, strcmp(all, copy) != 0);
    free(copy);
    free(all);
    return 0;
}
