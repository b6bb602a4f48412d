// expect: 3:3: error: label 'done' used but not defined
int main(void) {
  goto done;
}
