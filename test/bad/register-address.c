// expect: 4:12: error: address of register variable 'x' requested
int main(void) {
  register int x = 1;
  int *p = &x;
  return *p;
}
