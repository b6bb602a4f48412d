// expect: 3:12: error: missing terminating ' character
int main(void) {
  char c = 'a;
  return c;
}
