// expect: 3:12: error: initialization of 'int *' from 'int' makes pointer from integer without a cast
int main(void) {
  int *p = 42;
  return *p;
}
