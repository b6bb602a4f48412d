// expect: 2:1: error: static assertion failed: "int is 2 bytes"
_Static_assert(sizeof(int) == 2, "int is 2 bytes");
int main(void) { return 0; }
