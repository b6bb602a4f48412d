// Memory leaks, and the moment each one happens.
//
// What to watch: memscope notices the statement that drops the last pointer to a block, as it runs.
// In VS Code, tick the "Memory leak (last pointer lost)" exception breakpoint: the program stops right
// after each of these statements. From the command line, `memscope run --leak-check=full
// examples/leak_moment.c` names the line in every loss record ("the last pointer to it was lost at …").
//   - line 32: `buffer = malloc(64)` overwrites the only pointer to the first buffer;
//   - line 27: count_words() keeps its copy in a local, which dies when the function returns (the copy
//     reuses the freed buffer's bytes, and main's stale `buffer` still holds that address: valgrind
//     would count it as a pointer, memscope knows it points to the freed block);
//   - line 38: free(list) frees the first node, and with it the only pointer to the second one.
// At exit the LEAK SUMMARY agrees with valgrind: 16 + 19 + 16 = 51 bytes definitely lost in 3 blocks.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
    int value;
    struct node *next;
};

static int count_words(const char *text) {
    char *copy = malloc(strlen(text) + 1);
    strcpy(copy, text);
    int words = 0;
    for (char *p = strtok(copy, " "); p != NULL; p = strtok(NULL, " ")) words++;
    return words;
}

int main(void) {
    char *buffer = malloc(16);
    buffer = malloc(64);
    free(buffer);
    int n = count_words("the heap laid open");
    struct node *list = malloc(sizeof *list);
    list->next = malloc(sizeof *list);
    list->next->next = NULL;
    free(list);
    printf("%d words\n", n);
    return 0;
}
