// expect: 4:8: error: expected ';' after expression
int main(void) {
  int x = 0;
  x = 1
  return x;
}
