// expect: 3:3: error: unknown type name 'size_t'
int main(void) {
  size_t n = 3;
  return (int)n;
}
