// expect: 2:7: error: '__attribute__' is a GNU extension, not supported in Mini C
int x __attribute__((unused)) = 3;
int main(void) { return x; }
