// Copying uninitialised bytes is fine; only using them is an error. A struct's padding travels with
// the struct, and a partly filled array is summed only where it was filled. Nothing to report.
#include <stdio.h>
#include <string.h>

struct record {
    char tag;
    int count;
    char flag;
    double weight;
};

int main(void) {
    struct record a;
    a.tag = 'x';
    a.count = 3;
    a.flag = 1;
    a.weight = 2.5;
    struct record b = a;
    struct record c;
    memcpy(&c, &b, sizeof c);
    int same = a.tag == c.tag && a.count == c.count && a.flag == c.flag && a.weight == c.weight;
    int data[10];
    int filled = 4;
    for (int i = 0; i < filled; i++) data[i] = i + 1;
    int sum = 0;
    for (int i = 0; i < filled; i++) sum += data[i];
    int copy[10];
    memcpy(copy, data, sizeof data);
    printf("same=%d sum=%d first=%d\n", same, sum, copy[0]);
    return 0;
}
