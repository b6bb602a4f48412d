// expect: 2:22: error: bit-fields are not supported in Mini C
struct flags { int a : 1; int b : 2; };
int main(void) { struct flags f = {0}; return f.a; }
