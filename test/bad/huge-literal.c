// expect: 3:12: error: integer constant is too large for its type
int main(void) {
  long x = 123456789012345678901234567890;
  return (int)x;
}
