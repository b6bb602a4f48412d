// expect: 4:10: error: invalid type argument of unary '*' (have 'int')
int main(void) {
  int x = 1;
  return *x;
}
