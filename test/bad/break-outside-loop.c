// expect: 3:3: error: break statement not within loop or switch
int main(void) {
  break;
  return 0;
}
