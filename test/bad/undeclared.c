// expect: 3:10: error: 'count' undeclared (first use in this function)
int main(void) {
  return count + 1;
}
