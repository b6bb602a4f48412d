// expect: 3:10: error: statement expressions are a GNU extension, not supported in Mini C
int main(void) {
  return ({ int x = 1; x; });
}
