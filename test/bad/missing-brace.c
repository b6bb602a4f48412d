// expect: 6:1: error: expected '}' at end of input
int main(void) {
  if (1) {
    return 0;
  }
