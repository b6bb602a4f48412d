// Reading and writing one element past the end of a global array (invisible to valgrind).
#include <stdio.h>

int scores[5] = {90, 80, 70, 60, 50};
int bonus = 5;

int main(void) {
    int total = 0;
    for (int i = 0; i <= 5; i++) total += scores[i];
    scores[5] = 0;
    printf("%d\n", total > 0 && bonus >= 0);
    return 0;
}
