// expect: 4:10: error: called object 'x' is not a function or function pointer
int main(void) {
  int x = 3;
  return x(2);
}
