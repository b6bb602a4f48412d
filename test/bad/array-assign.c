// expect: 4:5: error: assignment to expression with array type
int main(void) {
  int a[3], b[3] = {0};
  a = b;
  return a[0];
}
