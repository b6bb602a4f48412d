// expect: 3:8: error: conflicting types for 'f'; have 'double(int)'
int f(int);
double f(int x) { return x; }
int main(void) { return (int)f(1); }
