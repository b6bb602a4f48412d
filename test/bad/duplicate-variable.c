// expect: 4:7: error: redeclaration of 'x' with no linkage
int main(void) {
  int x = 1;
  int x = 2;
  return x;
}
