// expect: 3:15: error: expected expression before ';' token
int main(void) {
  int x = 1 + ;
  return x;
}
