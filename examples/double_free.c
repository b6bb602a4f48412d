// Double free: the same block handed to free() twice.
//
// What to watch: cleanup() frees the buffer, then main frees it again. The second free is reported at
// its line, with where the block was allocated and where it was first freed. In a real program a double
// free corrupts the allocator's free list (glibc aborts with "free(): double free detected"); memscope
// judges every free against its own records first, so the heap stays intact and the program goes on —
// look at the free list in the Memory Map before and after line 21: it does not change.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cleanup(char *buffer) {
    printf("cleaning up '%s'\n", buffer);
    free(buffer);
}

int main(void) {
    char *buffer = malloc(16);
    strcpy(buffer, "scratch");
    cleanup(buffer);
    free(buffer);
    char *next = malloc(16);
    strcpy(next, "still works");
    printf("%s\n", next);
    free(next);
    return 0;
}
