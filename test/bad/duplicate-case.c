// expect: 5:3: error: duplicate case value
int main(int argc, char **argv) {
  (void)argv;
  switch (argc) { case 1: return 1;
  case 1: return 2; }
  return 0;
}
