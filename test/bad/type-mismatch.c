// expect: 6:7: error: incompatible types when assigning to type 'int' from type 'struct point'
struct point { int x, y; };
int main(void) {
  struct point p = {1, 2};
  int n = 0;
  n = p;
  return n;
}
