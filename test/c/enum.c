/* Enumerations: implicit and explicit values, enum constants in constant expressions (array sizes,
   case labels), enum variables, and an enum used as a state machine. */
#include "check.h"

enum color { RED, GREEN, BLUE, COLOR_COUNT };
enum flags { READ = 1, WRITE = 2, EXEC = 4, ALL = READ | WRITE | EXEC };
enum weird { A = 10, B, C = A * 2, D, E = -5, F };

static const char *names[COLOR_COUNT] = {"red", "green", "blue"};

enum state { START, IN_WORD, DONE };

static int count_words(const char *s) {
  enum state st = START;
  int words = 0;
  while (st != DONE) {
    char c = *s++;
    switch (st) {
    case START:
      if (c == '\0') st = DONE;
      else if (c != ' ') { st = IN_WORD; words++; }
      break;
    case IN_WORD:
      if (c == '\0') st = DONE;
      else if (c == ' ') st = START;
      break;
    case DONE:
      break;
    }
  }
  return words;
}

int main(void) {
  ASSERT(0, RED);
  ASSERT(2, BLUE);
  ASSERT(3, COLOR_COUNT);
  ASSERT(7, ALL);
  ASSERT(11, B);
  ASSERT(20, C);
  ASSERT(21, D);
  ASSERT(-4, F);
  int table[COLOR_COUNT * 2];
  ASSERT(24, sizeof(table));
  enum color c = GREEN;
  ASSERT_STRING("green", names[c]);
  c = (enum color)(c + 1);
  ASSERT(BLUE, c);
  ASSERT(4, sizeof(enum color));
  ASSERT(4, sizeof c);
  int perms = READ | EXEC;
  ASSERT(1, (perms & WRITE) == 0);
  ASSERT(1, (perms & EXEC) != 0);
  ASSERT(3, count_words(" the quick  fox "));
  ASSERT(0, count_words(""));
  for (enum color k = RED; k < COLOR_COUNT; k++) printf("%d=%s ", k, names[k]);
  printf("\n");
  printf("OK\n");
  return 0;
}
