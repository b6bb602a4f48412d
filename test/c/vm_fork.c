/* fork, wait, waitpid, getpid, getppid and copy-on-write isolation, checked by the program itself.
   Output is only what Linux makes deterministic: stdout is flushed before each fork (a pipe is fully
   buffered, and a fork would copy what is still in the buffer), children print and then exit, and the
   parent prints only after it has waited. */
#include "check.h"
#include <unistd.h>
#include <sys/wait.h>

int global = 1;
int zeroed;

static int child_work(int n) {
  global = 100 + n;  /* copy-on-write: the parent keeps its value */
  zeroed = n;
  return n * 3;
}

int main(void) {
  int local = 7;
  int *heap = malloc(64 * sizeof(int));
  for (int i = 0; i < 64; i++) heap[i] = i;
  pid_t me = getpid();

  fflush(stdout);
  pid_t pid = fork();
  ASSERT(1, pid >= 0);
  if (pid == 0) {
    ASSERT(me, getppid());
    ASSERT(1, getpid() != me);
    local = 8;
    heap[10] = -1;
    printf("child: global %d local %d heap[10] %d\n", global, local, heap[10]);
    exit(child_work(2));
  }
  int status = -1;
  pid_t got = wait(&status);
  ASSERT(pid, got);
  ASSERT(1, WIFEXITED(status));
  ASSERT(0, WIFSIGNALED(status));
  ASSERT(6, WEXITSTATUS(status));
  /* The child's writes went to its own copies. */
  ASSERT(1, global);
  ASSERT(0, zeroed);
  ASSERT(7, local);
  ASSERT(10, heap[10]);
  printf("parent: global %d local %d heap[10] %d\n", global, local, heap[10]);

  /* No child left: wait fails. */
  ASSERT(-1, wait(NULL));

  /* Several children, reaped by pid in the order the parent chooses. */
  pid_t kids[3];
  for (int k = 0; k < 3; k++) {
    fflush(stdout);
    kids[k] = fork();
    if (kids[k] == 0) exit(10 + k);
  }
  for (int k = 2; k >= 0; k--) {
    int s = 0;
    ASSERT(kids[k], waitpid(kids[k], &s, 0));
    ASSERT(10 + k, WEXITSTATUS(s));
  }
  ASSERT(-1, waitpid(kids[0], NULL, 0));

  /* A grandchild: the child waits for its own child and passes the status on. */
  fflush(stdout);
  pid_t mid = fork();
  if (mid == 0) {
    fflush(stdout);
    pid_t g = fork();
    if (g == 0) exit(42);
    int s = 0;
    waitpid(g, &s, 0);
    exit(WEXITSTATUS(s) + 1);
  }
  int s2 = 0;
  ASSERT(mid, waitpid(-1, &s2, 0));
  ASSERT(43, WEXITSTATUS(s2));

  free(heap);
  printf("OK\n");
  return 0;
}
