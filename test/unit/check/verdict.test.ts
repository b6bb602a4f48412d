// Pointer verdicts on a real run: each kind of pointer a learner meets, with the plain sentence a hover
// shows, decided from the pointer's provenance (the object it was derived from) and the machine's state.
import { strict as assert } from 'node:assert';
import { pointerVerdict } from '../../../src/engine/check/verdict';
import type { Machine } from '../../../src/engine/machine/machine';
import { lineOf, machineFor, runToLine, variable } from '../snapshot/take-harness';

const SOURCE = `#include <stdio.h>
#include <stdlib.h>
struct node { int val; struct node *next; };
int counter = 7;
const char *greeting = "hello";
long *kept;

struct node *make_node(int v) {
  struct node *n = malloc(sizeof *n); // @alloc
  long copy = v;
  kept = &copy;
  n->val = v;
  n->next = NULL;
  return n;
}

int main(void) {
  int arr[4] = {1, 2, 3, 4};
  int *past = arr + 5;
  int *end = arr + 4;
  int *mid = &arr[2];
  struct node *lost = make_node(1);
  lost->next = make_node(2);
  lost = NULL; // @lost
  struct node *keep = make_node(3);
  char *freed = malloc(24);
  free(freed); // @free
  int *wild = (int *)0x600000000L;
  int *nul = NULL;
  int *counterp = &counter;
  int (*entry)(void) = main;
  int *uninit;
  printf("%d %d %d %d %d\\n", *mid, *end != 0, keep->val, *counterp, entry != 0); // @stop
  printf("%p %p %p %p\\n", (void *)past, (void *)wild, (void *)nul, (void *)uninit);
  return 0;
}
`;

describe('pointerVerdict: what a pointer points to, in plain words', () => {
  let machine: Machine;
  const verdictOf = (name: string) => {
    const v = variable(machine, name, 'main');
    return pointerVerdict(machine, v.value, v.tag);
  };

  before(() => {
    machine = machineFor(SOURCE);
    runToLine(machine, lineOf(SOURCE, '@stop'));
  });

  it('null: a pointer holding 0 points to nothing', () => {
    const v = verdictOf('nul');
    assert.equal(v.kind, 'null');
    assert.equal(v.address, 0);
    assert.match(v.explanation, /^null/);
  });

  it('valid: a pointer into the middle of a local array names the variable, its function and the offset', () => {
    const v = verdictOf('mid');
    assert.equal(v.kind, 'valid');
    assert.equal(v.explanation, "points 8 bytes into local variable 'arr' of main()");
    assert.equal(v.target?.kind, 'local');
    assert.equal(v.target?.name, 'arr');
    assert.equal(v.target?.offset, 8);
    assert.equal(v.target?.size, 16);
  });

  it('valid: one past the end of an array is allowed for comparisons, and said so', () => {
    const v = verdictOf('end');
    assert.equal(v.kind, 'valid');
    assert.match(v.explanation, /just past the end of local variable 'arr'/);
  });

  it('out-of-bounds: a pointer derived from arr that walked 4 bytes past its end says by how much', () => {
    const v = verdictOf('past');
    assert.equal(v.kind, 'out-of-bounds');
    assert.equal(v.explanation, "out of bounds: 4 bytes past the end of local variable 'arr' of main() (16 bytes)");
    assert.equal(v.target?.offset, 20);
  });

  it('valid: a live heap block with its size, allocation line and block number', () => {
    const v = verdictOf('keep');
    assert.equal(v.kind, 'valid');
    assert.match(v.explanation, new RegExp(`^points to a 16-byte block allocated at line ${lineOf(SOURCE, '@alloc')} \\(block #\\d+\\)$`));
    assert.equal(v.target?.kind, 'heap');
    assert.equal(v.target?.allocLine, lineOf(SOURCE, '@alloc'));
  });

  it('dangling-heap: a pointer to a freed block names its size and the line of the free', () => {
    const v = verdictOf('freed');
    assert.equal(v.kind, 'dangling-heap');
    assert.equal(v.explanation, `dangling: points into a 24-byte block freed at line ${lineOf(SOURCE, '@free')}`);
    assert.equal(v.target?.freeLine, lineOf(SOURCE, '@free'));
  });

  it('dangling-stack: a global still pointing at a local of a function that returned', () => {
    const v = variable(machine, 'kept');
    const verdict = pointerVerdict(machine, v.value, v.tag);
    assert.equal(verdict.kind, 'dangling-stack');
    assert.match(verdict.explanation, /points into the frame of make_node\(\), which returned/);
    assert.equal(verdict.target?.function, 'make_node');
    assert.equal(verdict.target?.name, 'copy');
  });

  it('leaked-target: the pointer inside a lost block aims at a block nothing reachable points to', () => {
    // The first node lost its only pointer; its `next` field holds the second node's address.
    const leaks = machine.leakCheck();
    const first = machine.current.heap.liveBlocks().find((b) => leaks.blocks.get(b.block.address) === 'definite')!.block;
    const bytes = machine.readMemory(first.address + 8, 8).bytes;
    const next = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
    const pa = machine.translate(first.address + 8)!;
    const v = pointerVerdict(machine, next, machine.shadow.tags[pa >> 3]);
    assert.equal(v.kind, 'leaked-target');
    assert.equal(v.explanation, `leaked: nothing else points to this 16-byte block allocated at line ${lineOf(SOURCE, '@alloc')} (its last pointer was lost at line ${lineOf(SOURCE, '@lost')})`);
  });

  it('valid: globals, string literals and functions are named', () => {
    assert.equal(verdictOf('counterp').explanation, "points to global variable 'counter'");
    const g = variable(machine, 'greeting');
    assert.equal(pointerVerdict(machine, g.value, g.tag).explanation, 'points to the string literal "hello"');
    const f = verdictOf('entry');
    assert.equal(f.kind, 'valid');
    assert.equal(f.explanation, 'points to the code of function main()');
  });

  it('wild: an address no mapping covers', () => {
    const v = verdictOf('wild');
    assert.equal(v.kind, 'wild');
    assert.equal(v.address, 0x600000000);
    assert.match(v.explanation, /^wild: 0x600000000 is not mapped/);
  });

  it('uninitialized: a pointer whose own bytes were never written, whatever their bits', () => {
    const u = variable(machine, 'uninit', 'main');
    const defined = machine.definedness(u.address, 8).every((s) => s === 0);
    assert.equal(defined, false);
    const v = pointerVerdict(machine, u.value, u.tag, { defined });
    assert.equal(v.kind, 'uninitialized');
    assert.match(v.explanation, /never given a value/);
  });

  it('without a provenance tag the containing object decides: an address inside a freed block is dangling', () => {
    const f = variable(machine, 'freed', 'main');
    assert.equal(pointerVerdict(machine, f.value + 4).kind, 'dangling-heap');
  });
});
