// expect: 4:13: error: invalid operands to binary * (have 'int *' and 'int')
int main(void) {
  int x = 2, *p = &x;
  int y = p * 2;
  return y;
}
