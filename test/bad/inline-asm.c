// expect: 3:3: error: inline assembly is not supported in Mini C
int main(void) {
  asm("nop");
  return 0;
}
