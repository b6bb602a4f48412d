// expect: 3:3: error: case label not within a switch statement
int main(void) {
  case 1: return 0;
}
