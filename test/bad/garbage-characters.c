// expect: 3:3: error: stray '@' in program
int main(void) {
  @ return 0;
}
