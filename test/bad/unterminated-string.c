// expect: 3:13: error: missing terminating " character
int main(void) {
  char *s = "abc;
  return 0;
}
