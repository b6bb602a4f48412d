// A chained hash table of strings: insert, look up, free every bucket. Nothing to report.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 8

struct entry {
    char *key;
    int value;
    struct entry *next;
};

static unsigned hash(const char *s) {
    unsigned h = 5381;
    while (*s) h = h * 33 + (unsigned char)*s++;
    return h % BUCKETS;
}

static void put(struct entry **table, const char *key, int value) {
    unsigned h = hash(key);
    struct entry *e = malloc(sizeof *e);
    e->key = malloc(strlen(key) + 1);
    strcpy(e->key, key);
    e->value = value;
    e->next = table[h];
    table[h] = e;
}

static int get(struct entry **table, const char *key) {
    for (struct entry *e = table[hash(key)]; e != NULL; e = e->next)
        if (strcmp(e->key, key) == 0) return e->value;
    return -1;
}

int main(void) {
    struct entry *table[BUCKETS] = {0};
    const char *names[] = {"ada", "alan", "grace", "edsger", "barbara", "ken"};
    for (int i = 0; i < 6; i++) put(table, names[i], i * 10);
    printf("%d %d %d\n", get(table, "grace"), get(table, "ken"), get(table, "linus"));
    for (int b = 0; b < BUCKETS; b++) {
        struct entry *e = table[b];
        while (e != NULL) {
            struct entry *next = e->next;
            free(e->key);
            free(e);
            e = next;
        }
    }
    return 0;
}
