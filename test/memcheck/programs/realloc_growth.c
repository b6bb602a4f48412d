// A growing array: realloc doubles the capacity as values arrive. Nothing to report.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    size_t capacity = 2, count = 0;
    int *values = malloc(capacity * sizeof *values);
    for (int i = 0; i < 100; i++) {
        if (count == capacity) {
            capacity *= 2;
            int *bigger = realloc(values, capacity * sizeof *values);
            if (bigger == NULL) {
                free(values);
                return 1;
            }
            values = bigger;
        }
        values[count++] = i * 3;
    }
    long sum = 0;
    for (size_t i = 0; i < count; i++) sum += values[i];
    printf("count=%zu capacity=%zu sum=%ld\n", count, capacity, sum);
    free(values);
    return 0;
}
