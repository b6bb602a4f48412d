// takeSnapshot on a real run: frames laid out slot by slot at the offsets docs/abi.md documents, heap
// chunks with their states and sites, pointer edges, tombstones, pages and walks read from the page
// table, the collection order of types.ts, and deltas that rebuild the later snapshot exactly.
import { strict as assert } from 'node:assert';
import { takeSnapshot, walkAddress } from '../../../src/engine/snapshot/take';
import { applyDelta, diffSnapshots } from '../../../src/engine/snapshot/delta';
import type { FrameSlot, ProcessView, Snapshot, StackFrame } from '../../../src/engine/snapshot/types';
import { Op } from '../../../src/engine/compile/isa';
import { instructionAt, realOp } from '../../../src/engine/machine/decode';
import type { Machine } from '../../../src/engine/machine/machine';
import { lineOf, machineFor, runToLine, variable } from './take-harness';

const SOURCE = `#include <stdio.h>
#include <stdlib.h>
struct node { long value; struct node *next; };
long *last_seen;

long square(int x) {
  long result = (long)x * x; // @square
  return result;
}

struct node *make_node(long value) {
  struct node *n = malloc(sizeof *n); // @alloc
  long copy = value;
  last_seen = &copy;
  n->value = value;
  n->next = NULL;
  return n;
}

int main(void) {
  char pad[3] = "ab";
  long total = square(7); // @call
  char *lost = malloc(40); // @lost
  lost = NULL;
  char *a = malloc(24);
  char *b = malloc(24);
  char *c = malloc(24);
  struct node *head = make_node(1);
  head->next = make_node(2);
  free(b); // @freeb
  printf("%ld %s %p %p %p\\n", total, pad, (void *)a, (void *)b, (void *)c); // @end
  return 0;
}
`;

const line = (marker: string) => lineOf(SOURCE, marker);

function word(hex: string): number {
  let v = 0n;
  for (let i = hex.length - 2; i >= 0; i -= 2) v = (v << 8n) | BigInt(parseInt(hex.slice(i, i + 2), 16));
  return Number(v);
}

function slot(frame: StackFrame, kind: FrameSlot['kind'], name?: string): FrameSlot {
  const s = frame.slots.find((x) => x.kind === kind && (name === undefined || x.name === name));
  assert.ok(s, `${frame.function} has a ${kind} slot ${name ?? ''}`);
  return s;
}

function assertTiled(frame: StackFrame): void {
  for (let i = 0; i + 1 < frame.slots.length; i++) {
    const upper = frame.slots[i]!;
    const lower = frame.slots[i + 1]!;
    assert.equal(lower.address + lower.size, upper.address, `${frame.function}: ${lower.kind} ${lower.name ?? ''} ends where ${upper.kind} ${upper.name ?? ''} begins`);
    assert.equal(upper.bytes.length, upper.size * 2);
  }
  assert.equal(frame.low, frame.slots[frame.slots.length - 1]!.address);
  assert.equal(frame.high, frame.slots[0]!.address + frame.slots[0]!.size);
}

describe('takeSnapshot: frames laid out as docs/abi.md says', () => {
  let machine: Machine;
  let snap: Snapshot;
  let proc: ProcessView;

  before(() => {
    machine = machineFor(SOURCE);
    runToLine(machine, line('@square'));
    snap = takeSnapshot(machine);
    proc = snap.processes[0]!;
  });

  it('lists live frames innermost first, keyed by depth from _start', () => {
    assert.deepEqual(proc.stack.map((f) => [f.key, f.function]), [[2, 'square'], [1, 'main'], [0, '_start']]);
    assert.equal(proc.stack[0]!.fp, machine.registers().fp);
    assert.equal(snap.position?.function, 'square');
    assert.equal(snap.position?.site.line, line('@square'));
  });

  it('puts the argument at fp+16, the return address at fp+8 and the saved frame pointer at fp', () => {
    const [sq, main] = proc.stack as [StackFrame, StackFrame];
    const x = slot(sq, 'argument', 'x');
    assert.equal(x.address, sq.fp + 16);
    assert.equal(x.size, 8);
    assert.equal(x.value?.text, '7');
    const ret = slot(sq, 'return-address');
    assert.equal(ret.address, sq.fp + 8);
    // The return address is the instruction right after main's CALL, and it names main's line.
    const k = instructionAt(machine.text, word(ret.bytes));
    assert.ok(k > 0);
    assert.equal(realOp(machine.text, k - 1), Op.CALL);
    assert.equal(machine.program.functions[machine.text.func[k]!]!.name, 'main');
    assert.deepEqual(ret.returnsTo, { function: 'main', site: main.site });
    assert.equal(main.site.line, line('@call'));
    const saved = slot(sq, 'saved-fp');
    assert.equal(saved.address, sq.fp);
    assert.equal(word(saved.bytes), main.fp);
  });

  it('puts each local at its fp offset from the debug information, with its value and scope', () => {
    const [sq, main] = proc.stack as [StackFrame, StackFrame];
    const info = machine.program.functions.find((f) => f.name === 'main')!;
    for (const v of info.variables.filter((x) => x.kind === 'local')) {
      assert.equal(slot(main, 'local', v.name).address, main.fp + v.fpOffset, v.name);
    }
    const pad = slot(main, 'local', 'pad');
    assert.equal(pad.value?.text, '"ab"');
    assert.equal(pad.bytes, '616200');
    assert.equal(pad.inScope, true);
    const result = slot(sq, 'local', 'result');
    assert.equal(result.value?.defined, false, 'result is not yet assigned');
  });

  it('tiles every frame with slots, padding filling the gaps of the locals area', () => {
    for (const f of proc.stack) assertTiled(f);
    const main = proc.stack[1]!;
    const fn = machine.program.functions.find((f) => f.name === 'main')!;
    const below = main.slots.filter((s) => s.address < main.fp && s.address >= main.fp - fn.frameSize);
    assert.equal(below.reduce((n, s) => n + s.size, 0), fn.frameSize);
    assert.ok(below.some((s) => s.kind === 'padding'));
  });

  it('gives _start the argc and argv the loader left above its saved frame pointer', () => {
    const start = proc.stack[2]!;
    assert.equal(start.origin, 'start');
    assert.equal(slot(start, 'argument', 'argc').value?.text, '1');
    assert.match(slot(start, 'argument', 'argv[0]').value?.text ?? '', /"a\.out"$/);
  });

  it('is plain JSON', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap);
  });
});

describe('takeSnapshot: heap chunks, pointers, tombstones and pages', () => {
  let machine: Machine;
  let snap: Snapshot;
  let proc: ProcessView;

  before(() => {
    machine = machineFor(SOURCE);
    runToLine(machine, line('@end'));
    snap = takeSnapshot(machine, { heapPolicy: 'first' });
    proc = snap.processes[0]!;
  });

  const chunkAt = (payload: number) => {
    const c = proc.chunks.find((x) => x.payload === payload);
    assert.ok(c, `a chunk has its payload at 0x${payload.toString(16)}`);
    return c;
  };

  it('marks the block whose only pointer was overwritten as leaked, with its allocation site', () => {
    const leaked = proc.chunks.filter((c) => c.state === 'leaked');
    assert.equal(leaked.length, 1);
    assert.equal(leaked[0]!.requested, 40);
    assert.equal(leaked[0]!.allocSite?.line, line('@lost'));
    assert.equal(leaked[0]!.allocFunction, 'main');
  });

  it('marks a freed block that a variable still points into as a dangling target, with the free site', () => {
    const b = chunkAt(variable(machine, 'b', 'main').value);
    assert.equal(b.state, 'dangling-target');
    assert.equal(b.freeSite?.line, line('@freeb'));
    assert.equal(b.freeFunction, 'main');
    assert.ok(b.nextFree !== undefined);
    assert.deepEqual(proc.heap.freeList.includes(b.start), true);
  });

  it('describes allocated chunks with header, payload, requested size and a preview of defined bytes', () => {
    const head = variable(machine, 'head', 'main').value;
    const node = chunkAt(head);
    assert.equal(node.state, 'allocated');
    assert.equal(node.requested, 16);
    assert.equal(node.payload, node.start + node.headerSize);
    assert.equal(node.allocSite?.line, line('@alloc'));
    assert.equal(node.allocFunction, 'make_node');
    assert.equal(node.preview.slice(0, 16), '0100000000000000');
    assert.equal(node.definedBytes, 16);
    const a = chunkAt(variable(machine, 'a', 'main').value);
    assert.equal(a.definedBytes, 0, 'malloc leaves the payload undefined');
  });

  it('orders chunks, pages and pointer edges by ascending key', () => {
    for (const list of [proc.chunks, proc.pages, proc.pointers]) {
      const keys = list.map((x) => x.key);
      assert.deepEqual(keys, [...keys].sort((x, y) => x - y));
    }
  });

  it('draws edges from typed variables and from pointer words stored in heap blocks', () => {
    const by = (name: string) => proc.pointers.find((e) => e.fromName === name);
    assert.equal(by('main: head')?.verdict, 'valid');
    assert.equal(by('main: b')?.verdict, 'dangling-heap');
    assert.equal(by('global last_seen')?.verdict, 'dangling-stack');
    assert.equal(by('main: lost'), undefined, 'a null pointer draws no arrow');
    const head = variable(machine, 'head', 'main').value;
    const inBlock = proc.pointers.find((e) => e.from === head + 8);
    assert.ok(inBlock, 'head->next, stored in a heap block, is an edge');
    assert.match(inBlock.fromName, /^block #\d+ \+8$/);
    assert.equal(inBlock.verdict, 'valid');
  });

  it('keeps the frame of make_node as a tombstone after the live frames while last_seen points into it', () => {
    const dead = proc.stack.filter((f) => f.dead);
    assert.deepEqual(dead.map((f) => f.function), ['make_node']);
    assert.equal(proc.stack[proc.stack.length - 1]!.dead, true);
    const copy = slot(dead[0]!, 'local', 'copy');
    assert.equal(copy.address, variable(machine, 'last_seen').value);
    assert.equal(copy.inScope, false);
    assertTiled(dead[0]!);
  });

  it('lists the globals of the program with their values and verdicts', () => {
    const g = proc.globals.find((x) => x.name === 'last_seen');
    assert.equal(g?.section, 'bss');
    assert.equal(g?.value.pointer?.kind, 'dangling-stack');
    assert.ok(proc.globals.every((x) => !snap.files[x.site.file]!.startsWith('<')));
  });

  it('reads pages from the page table: frames and bits agree with the MMU walk', () => {
    const sp = machine.registers().sp;
    const stackPage = proc.pages.find((p) => p.vpn === Math.floor(sp / 4096));
    assert.ok(stackPage?.present && stackPage.writable && stackPage.noExecute && stackPage.region === '[stack]');
    const walk = machine.walk(sp);
    assert.ok(walk.ok);
    assert.equal(stackPage.frame, walk.frame);
    const text = proc.pages.find((p) => p.vpn === 0x401);
    assert.ok(text && !text.writable && !text.noExecute);
    const used = new Set(snap.physical.frames.map((f) => f.frame));
    for (const p of proc.pages.filter((x) => x.present)) assert.ok(used.has(p.frame!), `frame ${p.frame} is listed`);
    assert.ok(snap.physical.frames.some((f) => f.use === 'page-table'));
  });

  it('walks an address through four levels to the physical address the MMU gives', () => {
    const address = variable(machine, 'total', 'main').address;
    const walk = walkAddress(machine, 1, address)!;
    assert.deepEqual(walk.levels.map((l) => l.name), ['PML4', 'PDPT', 'PD', 'PT']);
    assert.equal(walk.result.kind, 'mapped');
    assert.equal(walk.result.kind === 'mapped' && walk.result.physical, machine.translate(address));
    assert.equal(walk.offset, address % 4096);
    const unmapped = walkAddress(machine, 1, 0x600000000)!;
    assert.equal(unmapped.result.kind, 'fault');
    assert.equal(walkAddress(machine, 99, address), undefined);
  });
});

describe('takeSnapshot: deltas between two stops of a real run', () => {
  it('rebuilds the later snapshot exactly from the earlier one and the delta, which carries only changes', () => {
    const machine = machineFor(SOURCE);
    runToLine(machine, line('@call'));
    const before = takeSnapshot(machine);
    runToLine(machine, line('@end'));
    const after = takeSnapshot(machine);
    const delta = diffSnapshots(before, after);
    assert.deepEqual(applyDelta(before, delta), after);
    assert.ok(after.step > before.step);
    const pages = delta.processes[0]!.pages;
    assert.ok(pages.upsert.length < after.processes[0]!.pages.length, 'unchanged pages are not resent');
    assert.equal(JSON.stringify(diffSnapshots(after, after).processes[0]!.chunks), '{"upsert":[],"remove":[]}');
  });
});
