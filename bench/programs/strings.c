// String handling: building, copying, comparing, searching and formatting strings.
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

static void reverse(char *s) {
    size_t n = strlen(s);
    for (size_t i = 0; i < n / 2; i++) {
        char t = s[i];
        s[i] = s[n - 1 - i];
        s[n - 1 - i] = t;
    }
}

static int count_words(const char *s) {
    int words = 0, in_word = 0;
    for (; *s; s++) {
        if (*s == ' ') in_word = 0;
        else if (!in_word) { in_word = 1; words++; }
    }
    return words;
}

int main(void) {
    char line[256];
    char text[4096];
    long checksum = 0;
    for (int round = 0; round < 10000; round++) {
        text[0] = '\0';
        for (int i = 0; i < 20; i++) {
            snprintf(line, sizeof line, "word%d-%d ", round, i);
            strcat(text, line);
        }
        char *copy = malloc(strlen(text) + 1);
        strcpy(copy, text);
        reverse(copy);
        checksum += count_words(copy) + (long)strlen(copy);
        if (strstr(text, "word7-") != NULL) checksum += 1;
        if (strcmp(copy, text) != 0) checksum += 2;
        checksum += strchr(text, '-') - text;
        free(copy);
    }
    printf("checksum=%ld\n", checksum);
    return 0;
}
