// expect: 3:12: error: expected ',' or ';' before 'int'
int main(void) {
  int x = 1
  int y = 2;
  return x + y;
}
