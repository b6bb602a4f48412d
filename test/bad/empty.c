// expect: 1:1: error: undefined reference to `main'
