// The leak moment: the statement that dropped the last pointer to a heap block is reported there, as a
// non-fatal error of kind 'leak' (overwritten, gone out of scope, its owner freed), and the exit report
// names it for every lost block — without false reports for pointers that travel on (a returned
// pointer, a pointer copied byte by byte), in the interpreter and in compiled code alike.
import { strict as assert } from 'node:assert';
import { Machine, type MachineOptions } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import type { CountedError } from '../../../src/engine/check/error-log';
import { compileSource, lineOf } from '../snapshot/take-harness';
import { MODES } from '../machine/harness';

function run(source: string, options: Partial<MachineOptions> = {}): Machine {
  const machine = new Machine(compileSource(source), { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024, ...options }, { write: () => undefined, readStdin: () => -1 });
  let stop = machine.run(1e7);
  while (stop.kind === 'budget' || stop.kind === 'error') stop = machine.run(1e7);
  assert.deepEqual(stop, { kind: 'exited', status: 0 });
  return machine;
}

const leaksOf = (m: Machine): CountedError[] => m.errors.filter((e) => e.kind === 'leak');
const userLine = (e: CountedError): number => e.stack.find((f) => f.line > 0 && !f.file.startsWith('<'))?.line ?? 0;

for (const mode of MODES) {
  describe(`${mode.name}: the leak moment`, () => {
    it('overwriting the only pointer reports the leak at that statement, naming the variable', () => {
      const src = `#include <stdlib.h>
int main(void) {
  char *p = malloc(10);
  p = malloc(20); // @over
  free(p);
  return 0;
}
`;
      const [e, ...rest] = leaksOf(run(src, mode.options));
      assert.equal(rest.length, 0);
      assert.equal(userLine(e!), lineOf(src, '@over'));
      assert.equal(e!.message, '10 bytes in 1 blocks are definitely lost');
      assert.equal(e!.details[1], "the last pointer to it, in variable 'p', was overwritten");
      assert.equal(e!.size, 10);
      assert.equal(e!.fatal, false);
      assert.equal(e!.allocStack![1]!.line, 3);
    });

    it('a local holding the only pointer is lost when its function returns, at its last line', () => {
      const src = `#include <stdlib.h>
#include <string.h>
static int length(const char *s) {
  char *copy = malloc(strlen(s) + 1);
  strcpy(copy, s);
  return (int)strlen(copy); // @ret
}
int main(void) {
  return length("hello") - 5;
}
`;
      const [e, ...rest] = leaksOf(run(src, mode.options));
      assert.equal(rest.length, 0);
      assert.equal(userLine(e!), lineOf(src, '@ret'));
      assert.equal(e!.stack[0]!.function, 'length');
      assert.equal(e!.details[1], "the last pointer to it, variable 'copy' of length(), went out of scope when length() returned");
      assert.match(e!.explanation, /^When length\(\) returned, its variable 'copy' — the last pointer to this 6-byte block allocated at line 4 — ceased to exist/);
    });

    it('a pointer a function returns travels on: building a tree through returned pointers reports nothing', () => {
      const src = `#include <stdlib.h>
struct t { int key; struct t *left, *right; };
static struct t *insert(struct t *t, int key) {
  if (!t) { t = malloc(sizeof *t); t->key = key; t->left = t->right = NULL; }
  else if (key < t->key) t->left = insert(t->left, key);
  else t->right = insert(t->right, key);
  return t;
}
static void destroy(struct t *t) { if (t) { destroy(t->left); destroy(t->right); free(t); } }
int main(void) {
  struct t *root = NULL;
  for (int i = 0; i < 20; i++) root = insert(root, (i * 7) % 20);
  destroy(root);
  return 0;
}
`;
      const m = run(src, mode.options);
      assert.deepEqual(m.errors.map((e) => e.kind), []);
      assert.equal(m.heapSummary().inUseBlocks, 0);
    });

    it('a block passed only as an argument is lost when the call returns, at the call', () => {
      const src = `#include <stdlib.h>
#include <string.h>
static size_t measure(const char *s) { return strlen(s); }
static char *make(void) { char *s = malloc(4); strcpy(s, "abc"); return s; }
int main(void) {
  size_t n = measure(make()); // @call
  return (int)n - 3;
}
`;
      const [e, ...rest] = leaksOf(run(src, mode.options));
      assert.equal(rest.length, 0);
      assert.equal(userLine(e!), lineOf(src, '@call'));
      assert.equal(e!.details[1], 'the last pointer to it was an argument passed to measure(), gone when the call returned');
    });

    it('freeing a block that held the only pointer to another reports that one at the free', () => {
      const src = `#include <stdlib.h>
struct node { int v; struct node *next; };
int main(void) {
  struct node *head = malloc(sizeof *head); // @head
  head->next = malloc(sizeof *head);
  head->next->next = NULL;
  free(head); // @free
  return 0;
}
`;
      const [e, ...rest] = leaksOf(run(src, mode.options));
      assert.equal(rest.length, 0);
      assert.equal(userLine(e!), lineOf(src, '@free'));
      assert.equal(e!.details[1], `the last pointer to it was inside the 16-byte block allocated at line ${lineOf(src, '@head')}, freed here`);
    });

    it('losing the head of a list loses the rest with it: one report, with the indirect bytes', () => {
      const src = `#include <stdlib.h>
struct node { int v; struct node *next; };
int main(void) {
  struct node *list = NULL;
  for (int i = 0; i < 3; i++) { struct node *n = malloc(sizeof *n); n->v = i; n->next = list; list = n; }
  list = NULL; // @lost
  return 0;
}
`;
      const m = run(src, mode.options);
      const found = leaksOf(m);
      // The loop's `n` still held the last node when `list = NULL` ran: the head is lost when main returns.
      assert.equal(found.length, 1);
      assert.equal(found[0]!.message, '48 (16 direct, 32 indirect) bytes in 1 blocks are definitely lost');
      assert.match(found[0]!.explanation, /2 more blocks \(32 bytes\) reachable only through it are lost with it\.$/);
      const leaks = m.leakCheck();
      const notes = leaks.records.flatMap((r) => r.lost ?? []);
      assert.equal(notes.length, 3);
      assert.ok(notes.every((n) => n !== null && n.cause === 'out-of-scope' && n.function === 'main'));
    });

    it('an unreachable cycle is never counted down to zero; the exit report still names where it was cut', () => {
      const src = `#include <stdlib.h>
struct node { int v; struct node *next; };
int main(void) {
  struct node *a = malloc(sizeof *a);
  struct node *b = malloc(sizeof *b);
  a->next = b;
  b->next = a;
  a = NULL;
  b = NULL; // @cut
  return 0;
}
`;
      const m = run(src, mode.options);
      assert.deepEqual(leaksOf(m), []);
      const leaks = m.leakCheck();
      assert.deepEqual([leaks.definite.blocks, leaks.indirect.blocks], [1, 1]);
      for (const r of leaks.records) assert.deepEqual(r.lost?.map((n) => [n?.line, n?.cause]), [[lineOf(src, '@cut'), 'overwritten']]);
    });

    it('a pointer copied byte by byte has no tag but still counts: no false report', () => {
      const src = `#include <stdlib.h>
int main(void) {
  char *p = malloc(8);
  char *q;
  unsigned char *to = (unsigned char *)&q, *from = (unsigned char *)&p;
  for (int i = 0; i < 8; i++) to[i] = from[i];
  p = NULL; // @drop
  free(q);
  return 0;
}
`;
      const m = run(src, mode.options);
      assert.deepEqual(m.errors.map((e) => e.kind), []);
      assert.equal(m.heapSummary().inUseBlocks, 0);
    });

    it('a leak in a loop is one error at its statement, counted once per block', () => {
      const src = `#include <stdlib.h>
int main(void) {
  char *p = NULL;
  for (int i = 0; i < 5; i++) {
    p = malloc(16); // @loop
  }
  free(p);
  return 0;
}
`;
      const found = leaksOf(run(src, mode.options));
      assert.equal(found.length, 1);
      assert.equal(userLine(found[0]!), lineOf(src, '@loop'));
      assert.equal(found[0]!.count, 4);
    });

    it('a failed realloc that overwrites the only pointer with NULL is a leak at that line', () => {
      const src = `#include <stdlib.h>
int main(void) {
  char *p = malloc(32);
  p = realloc(p, (size_t)1 << 60); // @grow
  return p != NULL;
}
`;
      const m = run(src, mode.options);
      assert.deepEqual(m.errors.map((e) => [e.kind, userLine(e)]), [['out-of-memory', lineOf(src, '@grow')], ['leak', lineOf(src, '@grow')]]);
    });

    it('with stopOnErrors, run() stops right after the statement that lost the pointer', () => {
      const src = `#include <stdlib.h>
char *keep;
int main(void) {
  keep = malloc(24);
  keep = NULL; // @lose
  keep = malloc(8);
  return 0;
}
`;
      const machine = new Machine(compileSource(src), { natives: LIBC, allocator: createAllocator, physMem: 16 * 1024 * 1024, stopOnErrors: true, ...mode.options }, { write: () => undefined, readStdin: () => -1 });
      const stop = machine.run(1e7);
      assert.equal(stop.kind, 'error');
      assert.equal(stop.kind === 'error' && stop.error.kind, 'leak');
      assert.equal(stop.kind === 'error' && stop.error.details[1], "the last pointer to it, in global variable 'keep', was overwritten");
      assert.equal(stop.kind === 'error' && stop.error.stack[0]!.line, lineOf(src, '@lose'));
      // The store was the statement's last instruction: the machine waits at the next statement.
      assert.equal(machine.backtrace(1)[0]!.site.line, lineOf(src, '@lose') + 1);
      assert.deepEqual(machine.run(1e7), { kind: 'exited', status: 0 });
    });
  });
}

describe('the leak moment within its budget', () => {
  it('a program leaking in a loop beside a large live heap is checked on the spot until the scans cost too much; later moments still reach the exit report', () => {
    const src = `#include <stdlib.h>
struct node { struct node *next; long pad; };
int main(void) {
  struct node *keep = NULL;
  for (int i = 0; i < 20000; i++) { struct node *n = malloc(sizeof *n); n->next = keep; keep = n; }
  char *lost = NULL;
  for (int i = 0; i < 2000; i++) {
    lost = malloc(8); // @leak
  }
  free(lost);
  while (keep != NULL) { struct node *next = keep->next; free(keep); keep = next; }
  return 0;
}
`;
    const m = run(src);
    const [e, ...rest] = leaksOf(m);
    assert.equal(rest.length, 0);
    assert.equal(userLine(e!), lineOf(src, '@leak'));
    // Each check scans the 20,000 live nodes: far fewer than the 1,999 leaks were checked on the spot…
    assert.ok(e!.count > 10 && e!.count < 1000, `${e!.count} leaks checked on the spot`);
    // …but every lost block still has its moment in the exit report.
    const leaks = m.leakCheck();
    assert.deepEqual(leaks.definite, { bytes: 8 * 1999, blocks: 1999 });
    const notes = leaks.records.flatMap((r) => r.lost ?? []);
    assert.equal(notes.length, 1999);
    assert.ok(notes.every((n) => n?.line === lineOf(src, '@leak') && n.cause === 'overwritten'));
  });
});
