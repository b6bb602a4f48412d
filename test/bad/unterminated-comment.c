// expect: 3:3: error: unterminated comment
int main(void) {
  /* this comment never ends
  return 0;
}
