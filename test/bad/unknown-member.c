// expect: 5:11: error: 'struct point' has no member named 'z'
struct point { int x, y; };
int main(void) {
  struct point p = {1, 2};
  return p.z;
}
