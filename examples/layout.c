// Process layout: where each kind of variable lives.
//
// What to watch: the addresses printed (and the Memory Map panel) go from low to high:
//   text (code, 0x401000…) < rodata (string literals) < data (initialised globals)
//   < bss (zeroed globals) < heap (malloc, grows up with brk) … big gap … stack (near 0x7fffffff…, grows down).
// The string literal is read-only: writing to it would stop the program with SIGSEGV.
#include <stdio.h>
#include <stdlib.h>

int initialised = 42;          // data
int zeroed;                    // bss
const char *greeting = "hi";   // the pointer is in data, the characters in rodata

int main(void) {
    int local = 7;                       // stack
    int *block = malloc(sizeof *block);  // heap
    *block = local + initialised + zeroed;

    printf("code   main        %#lx\n", (unsigned long)main);
    printf("rodata \"hi\"        %p\n", (void *)greeting);
    printf("data   initialised %p\n", (void *)&initialised);
    printf("bss    zeroed      %p\n", (void *)&zeroed);
    printf("heap   *block      %p\n", (void *)block);
    printf("stack  local       %p\n", (void *)&local);

    free(block);
    return 0;
}
