// Memcheck's state after fork is each process's own. Parent and child share their pages copy-on-write,
// and memcheck's shadow (addressable/defined per byte, pointer tags) lives beside each page's bytes, so a
// shadow update that changes a page still shared — malloc marking a payload undefined, free marking it
// not addressable, a new frame's locals marked undefined — first copies the page, exactly as a data
// write would: a COW fault, counted at the line that caused it. These programs do such updates in one
// process on pages the other still uses, and the other's values must stay defined and its errors none.
import { strict as assert } from 'node:assert';
import { Machine } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { PAGE_SIZE } from '../../../src/engine/memory/physical';
import { compileSource, lineOf } from '../snapshot/take-harness';
import { MODES } from '../machine/harness';

function run(source: string, options: object): { machine: Machine; out: string } {
  let out = '';
  const machine = new Machine(compileSource(source), { natives: LIBC, allocator: createAllocator, ...options }, { write: (_fd, b) => (out += new TextDecoder().decode(b)), readStdin: () => -1 });
  let stop = machine.run(1e7);
  while (stop.kind === 'budget' || stop.kind === 'error') stop = machine.run(1e7);
  assert.deepEqual(stop, { kind: 'exited', status: 0 });
  return { machine, out };
}

const errorsOf = (m: Machine) => m.errors.map((e) => `${e.kind} (pid ${e.pid}): ${e.message}`);

// keep[] spans ten heap pages; after fork the child frees it and mallocs a block in its place (payload
// undefined) on pages the parent never wrote since, then the parent reads and rewrites its own array.
const CHILD_HEAP = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
  int *keep = malloc(40000);
  for (int i = 0; i < 10000; i++) keep[i] = i;
  pid_t pid = fork();
  if (pid == 0) {
    free(keep);
    char *q = malloc(40000);
    q[0] = 1;
    free(q);
    q = malloc(40000);
    exit(q == NULL);
  }
  int status;
  wait(&status);
  long sum = 0;
  for (int i = 0; i < 10000; i++) if (keep[i] > 5000) sum += keep[i]; // @parent-read
  for (int i = 0; i < 10000; i++) keep[i] = 1;
  for (int i = 0; i < 10000; i++) sum += keep[i];
  printf("%ld\\n", sum);
  free(keep);
  return 0;
}
`;

// The reverse: the parent (which runs on after fork) frees the array and mallocs in its place, then
// waits; the child reads the array it still owns.
const PARENT_HEAP = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
  int *keep = malloc(40000);
  for (int i = 0; i < 10000; i++) keep[i] = i;
  pid_t pid = fork();
  if (pid == 0) {
    long sum = 0;
    for (int i = 0; i < 10000; i++) if (keep[i] > 5000) sum += keep[i];
    free(keep);
    exit(sum == 37492500 ? 4 : 5);
  }
  free(keep);
  char *q = malloc(40000);
  q[0] = 1;
  int status;
  wait(&status);
  printf("child %d\\n", WEXITSTATUS(status));
  free(q);
  return 0;
}
`;

// values[] is live in the parent's frame of sum_after_fork (which waits); the child returns from it
// and calls scribble(), whose mostly uninitialised junk[] covers the same stack pages.
const STACK = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

static int sum_after_fork(void) {
  int values[2048];
  for (int i = 0; i < 2048; i++) values[i] = i % 7;
  pid_t pid = fork();
  if (pid == 0) return -1;
  int status;
  wait(&status);
  int sum = 0;
  for (int i = 0; i < 2048; i++) if (values[i] > 3) sum += values[i];
  return sum;
}

static void scribble(void) {
  int junk[4096];
  junk[0] = 1;
  printf("child %d\\n", junk[0]);
}

int main(void) {
  int r = sum_after_fork();
  if (r == -1) {
    scribble();
    exit(0);
  }
  printf("%d\\n", r);
  return 0;
}
`;

// The child frees a block of 16,384 bytes (16,400 with header and footer) that the parent filled.
const COW_COUNT = `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

int main(void) {
  char *keep = malloc(16384);
  for (int i = 0; i < 16384; i++) keep[i] = 'a';
  printf("%ld\\n", (long)keep);
  pid_t pid = fork();
  if (pid == 0) {
    free(keep); // @child-free
    exit(0);
  }
  wait(NULL);
  int same = 0;
  for (int i = 0; i < 16384; i++) same += keep[i] == 'a'; // @parent-read
  printf("%d\\n", same);
  free(keep);
  return 0;
}
`;

// A function forks and returns at once: its frame and the argument area its caller releases hold
// pointers to the block, on a stack page the two processes still share. Each process's return drops them
// from its own count only, so each sees its last pointer go at its own `g = 0`.
const RETURN_AFTER_FORK = `#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
char *g;
void spawn(char *arg) {
  char *p = arg;
  g = p;
  fork();
}
int main(void) {
  spawn(malloc(16));
  g = 0; // @drop
  wait(0);
  return 0;
}
`;

for (const mode of MODES) {
  describe(`${mode.name}: memcheck state after fork is per process`, () => {
    it("the child's malloc and free on pages shared with the parent leave the parent's array defined and writable", () => {
      const { machine, out } = run(CHILD_HEAP, mode.options);
      assert.deepEqual(errorsOf(machine), []);
      // Σ i for 5000 < i < 10000, then 10,000 ones: every rewrite of the array took effect.
      assert.equal(out, '37502500\n');
      const readLine = machine.faultsByLine(machine.processes[0]).find((f) => f.line === lineOf(CHILD_HEAP, '@parent-read'));
      assert.equal(readLine, undefined, "the parent's reads fault nothing in");
    });

    it("the parent's free and malloc on pages shared with the child leave the child's array defined", () => {
      const { machine, out } = run(PARENT_HEAP, mode.options);
      assert.deepEqual(errorsOf(machine), []);
      assert.equal(out, 'child 4\n');
    });

    it("a child's uninitialised local on a shared stack page does not make the parent's live values undefined", () => {
      const { machine, out } = run(STACK, mode.options);
      assert.deepEqual(errorsOf(machine), []);
      // Σ values[i] > 3 over i % 7: 292 full cycles of 4+5+6, then i % 7 = 0..3 for the last four.
      assert.equal(out, 'child 1\n4380\n');
    });

    it('a frame that returns right after fork drops its pointers in each process: both see their block lost at the line that lost it', () => {
      const { machine } = run(RETURN_AFTER_FORK, mode.options);
      const drop = lineOf(RETURN_AFTER_FORK, '@drop');
      // One site, reported once and counted twice: once by each process.
      const leaks = machine.errors.filter((e) => e.kind === 'leak').map((e) => `line ${e.stack[0]?.line} × ${e.count}`);
      assert.deepEqual(leaks, [`line ${drop} × 2`]);
      assert.deepEqual(machine.processes.map((p) => p.heap.losses.size), [1, 1], 'each process recorded the moment of its own block');
    });

    it('a shadow update on a shared page is a COW fault: the child\'s free copies each page of the block, the parent\'s reads copy none', () => {
      const { machine, out } = run(COW_COUNT, mode.options);
      assert.deepEqual(errorsOf(machine), []);
      const [address, same] = out.trim().split('\n').map(Number) as [number, number];
      assert.equal(same, 16384);
      // The block runs from its header (16 bytes before the payload) over 16 + 16,384 bytes; its header
      // and footer pages are copied by the allocator's writes, the pages between by the shadow's.
      const first = Math.floor((address - 16) / PAGE_SIZE);
      const last = Math.floor((address - 16 + 16400 - 1) / PAGE_SIZE);
      const [parent, child] = machine.processes as [Machine['processes'][0], Machine['processes'][0]];
      const childFree = machine.faultsByLine(child).find((f) => f.line === lineOf(COW_COUNT, '@child-free'));
      assert.equal(childFree?.cow, last - first + 1);
      assert.equal(childFree?.minor, last - first + 1, 'each COW fault is a minor fault, nothing else');
      assert.equal(machine.faultsByLine(parent).find((f) => f.line === lineOf(COW_COUNT, '@parent-read')), undefined);
      assert.equal(parent.space.counters.cowFaults, 0, 'the parent wrote nothing while it shared its pages');
    });
  });
}
