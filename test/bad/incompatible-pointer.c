// expect: 4:13: error: initialization of 'long int *' from incompatible pointer type 'int *'
int main(void) {
  int x = 0;
  long *p = &x;
  return (int)*p;
}
