// fork(): two processes with the same virtual addresses. Until one of them writes, every page is
// shared (copy-on-write); the child's writes to the global and the heap block give it its own copies,
// while text stays shared.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int shared_counter = 1;

int main(void) {
  int *p = malloc(sizeof *p);
  *p = 10;
  pid_t pid = fork();
  if (pid == 0) {
    shared_counter = 2;
    *p = 20;
    printf("child: %d %d\n", shared_counter, *p); // @child
    free(p);
    return 0;
  }
  waitpid(pid, NULL, 0);
  printf("parent: %d %d\n", shared_counter, *p); // @parent
  free(p);
  return 0;
}
