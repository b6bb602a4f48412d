// expect: 1:1: error: undefined reference to `main'
int helper(void) { return 1; }
