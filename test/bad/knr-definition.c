// expect: 2:9: error: old-style (K&R) function definitions are not supported in Mini C
int add(a, b) int a; int b; { return a + b; }
int main(void) { return 0; }
