// expect: 3:9: error: variable-length arrays are not supported in Mini C
int main(int argc, char **argv) {
  int a[argc];
  (void)argv;
  return a[0];
}
