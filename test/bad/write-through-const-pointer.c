// expect: 4:6: error: assignment of read-only location '*p'
int main(void) {
  int x = 1; const int *p = &x;
  *p = 2;
  return x;
}
