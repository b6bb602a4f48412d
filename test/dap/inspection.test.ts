// Looking at a stopped program: the call stack with frame addresses, the five scopes, variables with
// types, values, addresses and expansion, hex formatting, setting values, C expressions in watches,
// hovers and the console (with the pointer verdict of every kind), console commands and completions.
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { children, failure, launchTo, lineOf, scopeVariables, useAdapter } from './harness';

const SOURCE = `#include <stdio.h>
#include <stdlib.h>
struct node { int val; struct node *next; };
int counter = 7;
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
  char name[8] = "memo";
  int arr[4] = {10, 20, 30, 40};
  int *past = arr + 5;
  struct node *lost = make_node(1);
  lost->next = make_node(2);
  lost = NULL;
  struct node *head = make_node(3);
  char *freed = malloc(24);
  free(freed); // @free
  int *wild = (int *)0x600000000L;
  int *nul = NULL;
  int *uninit;
  printf("%s %d %d %p %p %p\\n", name, arr[0], head->val, (void *)past, (void *)wild, (void *)nul); // @stop
  printf("%p\\n", (void *)uninit);
  return 0;
}
`;
const at = (marker: string) => lineOf(SOURCE, marker);

describe('DAP: inspecting a stopped program', () => {
  const f = useAdapter();
  let frames: DebugProtocol.StackFrame[];
  let main: number;

  beforeEach(async () => {
    const program = f.write('inspect.c', SOURCE);
    ({ frames } = await launchTo(f.dc, program, [at('@stop')]));
    main = frames[0]!.id;
  });

  const hover = async (expression: string) => (await f.dc.evaluateRequest({ expression, frameId: main, context: 'hover' })).body;

  it('gives every frame its function, line and instruction address', async () => {
    assert.deepEqual(frames.map((x) => x.name), ['main', '_start']);
    assert.equal(frames[0]!.line, at('@stop'));
    assert.match(frames[0]!.instructionPointerReference ?? '', /^0x40[0-9a-f]{4}$/);
    assert.match(frames[1]!.instructionPointerReference ?? '', /^0x40[0-9a-f]{4}$/);
    const paged = await f.dc.stackTraceRequest({ threadId: 1, startFrame: 1, levels: 1 });
    assert.deepEqual(paged.body.stackFrames.map((x) => x.name), ['_start']);
    assert.equal(paged.body.totalFrames, 2);
  });

  it('offers the scopes Locals, Arguments, Globals, Registers and Heap', async () => {
    const scopes = await f.dc.scopesRequest({ frameId: main });
    assert.deepEqual(scopes.body.scopes.map((s) => s.name), ['Locals', 'Arguments', 'Globals', 'Registers', 'Heap']);
    const registers = await scopeVariables(f.dc, main, 'Registers');
    assert.deepEqual([...registers.keys()].slice(0, 4), ['pc', 'sp', 'fp', 'brk']);
    assert.equal(registers.get('pc')!.value, frames[0]!.instructionPointerReference);
    const globals = await scopeVariables(f.dc, main, 'Globals');
    assert.equal(globals.get('counter')?.value, '7');
    const heap = [...(await scopeVariables(f.dc, main, 'Heap')).values()];
    assert.equal(heap.length, 3, 'three live blocks');
    assert.ok(heap.every((b) => b.memoryReference && b.type === 'unsigned char[16]'));
  });

  it('shows variables with C types, char arrays as strings, and memory references at their addresses', async () => {
    const locals = await scopeVariables(f.dc, main, 'Locals');
    const name = locals.get('name')!;
    assert.equal(name.type, 'char[8]');
    assert.equal(name.value, '"memo"');
    assert.match(name.memoryReference ?? '', /^0x7fff/);
    const arr = locals.get('arr')!;
    assert.equal(arr.value, '{10, 20, 30, 40}');
    const elements = await children(f.dc, arr);
    assert.deepEqual([...elements.keys()], ['[0]', '[1]', '[2]', '[3]']);
    assert.equal(elements.get('[2]')!.value, '30');
    assert.equal(elements.get('[2]')!.evaluateName, 'arr[2]');
    assert.equal(Number(elements.get('[1]')!.memoryReference) - Number(arr.memoryReference), 4);
  });

  it('expands a pointer to a struct into the struct\'s members, and formats in hex on request', async () => {
    const locals = await scopeVariables(f.dc, main, 'Locals');
    const head = locals.get('head')!;
    assert.equal(head.type, 'struct node *');
    const members = await children(f.dc, head);
    assert.equal(members.get('val')!.value, '3');
    assert.equal(members.get('val')!.evaluateName, 'head->val');
    assert.equal(members.get('next')!.value, 'NULL');
    const scopes = await f.dc.scopesRequest({ frameId: main });
    const hex = await f.dc.variablesRequest({ variablesReference: scopes.body.scopes[0]!.variablesReference, format: { hex: true } });
    const arr = hex.body.variables.find((v) => v.name === 'arr')!;
    assert.equal(arr.value, '{0xa, 0x14, 0x1e, 0x28}');
  });

  it('says what a pointer points to on hover, for each kind of pointer', async () => {
    assert.match((await hover('head')).result, new RegExp(`^0x[0-9a-f]+ — points to a 16-byte block allocated at line ${at('@alloc')} \\(block #\\d+\\)$`));
    assert.match((await hover('freed')).result, new RegExp(`dangling: points into a 24-byte block freed at line ${at('@free')}`));
    assert.match((await hover('kept')).result, /points into the frame of make_node\(\), which returned/);
    assert.match((await hover('past')).result, /out of bounds: 4 bytes past the end of local variable 'arr' of main\(\)/);
    assert.match((await hover('wild')).result, /^0x600000000 \(wild: 0x600000000 is not mapped/);
    assert.match((await hover('nul')).result, /^NULL — null: points to nothing$/);
    assert.match((await hover('uninit')).result, /\(uninitialized\)$/);
    assert.match((await hover('&arr[1]')).result, /points 4 bytes into local variable 'arr' of main\(\)/);
    assert.match((await hover('&counter')).result, /points to global variable 'counter'/);
    assert.match((await hover('head->next')).result, /^NULL/);
  });

  it('evaluates C expressions in watches without side effects, and with them in the console', async () => {
    const watch = (expression: string) => f.dc.evaluateRequest({ expression, frameId: main, context: 'watch' });
    assert.equal((await watch('arr[1] + arr[2] * 2')).body.result, '80');
    assert.equal((await watch('head->val == 3')).body.result, '1');
    assert.equal((await watch('sizeof(struct node)')).body.result, '16');
    assert.match(await failure(watch('counter = 9')), /assignment would change the program/);
    assert.match(await failure(watch('nosuch + 1')), /'nosuch' undeclared/);
    const repl = await f.dc.evaluateRequest({ expression: 'counter = counter * 6', frameId: main, context: 'repl' });
    assert.equal(repl.body.result, '42');
    assert.equal((await watch('counter')).body.result, '42');
  });

  it('sets variables and expressions, writing the program\'s memory', async () => {
    const scopes = await f.dc.scopesRequest({ frameId: main });
    const locals = scopes.body.scopes[0]!.variablesReference;
    const set = await f.dc.setVariableRequest({ variablesReference: locals, name: 'arr', value: 'arr' }).catch((e: Error) => e);
    assert.ok(set instanceof Error, 'an array cannot be assigned');
    const arr = (await f.dc.variablesRequest({ variablesReference: locals })).body.variables.find((v) => v.name === 'arr')!;
    const r = await f.dc.setVariableRequest({ variablesReference: arr.variablesReference, name: '[3]', value: '99' });
    assert.equal(r.body.value, '99');
    const expression = (await f.dc.customRequest('setExpression', { expression: 'head->val', value: 'head->val + 1', frameId: main })) as DebugProtocol.SetExpressionResponse;
    assert.equal(expression.body.value, '4');
    const watch = await f.dc.evaluateRequest({ expression: 'arr[3] + head->val', frameId: main, context: 'watch' });
    assert.equal(watch.body.result, '103');
  });

  it('answers the console commands for the lesson views', async () => {
    const repl = async (expression: string) => (await f.dc.evaluateRequest({ expression, frameId: main, context: 'repl' })).body.result;
    assert.match(await repl(':maps'), /r-xp .* text\n[\s\S]*\[heap\][\s\S]*\[stack\]/);
    assert.match(await repl(':walk &counter'), /PML4 table in frame[\s\S]*PDPT[\s\S]*PD [\s\S]*PT [\s\S]*= physical 0x[0-9a-f]+/);
    assert.match(await repl(':walk 0x600000000'), /fault: .*not mapped/);
    assert.match(await repl(':heap'), /#\d+ leaked, 16 bytes requested allocated in make_node\(\) at line \d+/);
    assert.match(await repl(':leaks'), /definitely lost: 16 bytes in 1 blocks\nindirectly lost: 16 bytes in 1 blocks/);
    assert.match(await repl(':frames'), /#1 main\(\) at line \d+[\s\S]*return address → _start\(\)[\s\S]*local arr = \{10, 20, 30, 40\}/);
    assert.match(await repl(':stats'), /VSZ \d+ KiB, RSS \d+ KiB[\s\S]*TLB \(64 entries\): \d+ hits/);
    assert.match(await failure(f.dc.evaluateRequest({ expression: ':nope', frameId: main, context: 'repl' })), /unknown command :nope/);
  });

  it('completes console commands and the names in scope', async () => {
    const commands = await f.dc.completionsRequest({ text: ':w', column: 3, frameId: main });
    assert.deepEqual(commands.body.targets.map((t) => t.label), [':walk']);
    const names = await f.dc.completionsRequest({ text: 'he', column: 3, frameId: main });
    assert.ok(names.body.targets.some((t) => t.label === 'head'));
    const all = await f.dc.completionsRequest({ text: ':', column: 2, frameId: main });
    assert.deepEqual(all.body.targets.map((t) => t.label).sort(), [':frames', ':heap', ':help', ':leaks', ':maps', ':stats', ':walk']);
  });
});
