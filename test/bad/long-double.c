// expect: 2:6: error: 'long double' is not supported in Mini C
long double x;
int main(void) { return 0; }
