// expect: 3:3: error: implicit declaration of function 'printf'
int main(void) {
  printf("hello\n");
  return 0;
}
