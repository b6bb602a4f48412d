// expect: 4:10: error: undefined reference to `missing'
int missing(int);
int main(void) {
  return missing(3);
}
