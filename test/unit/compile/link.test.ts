// The linker: where text, rodata, data and bss go, which objects go where, relocations of pointers in
// initialized data, library code kept only when used, native stubs, and link errors.
import { strict as assert } from 'node:assert';
import { LAYOUT } from '../../../src/engine/program';
import { build, compileSource, showDiagnostics } from './harness';

describe('link: layout', () => {
  const p = build(`
    #include <stdio.h>
    const int limit = 10;
    int initialized = 5;
    int zeroed = 0;
    int tentative;
    static int hidden[4] = {1, 2, 3, 4};
    const char *greeting = "hello";
    int helper(void) { static int calls; return ++calls; }
    int main(void) { printf("%s %d\\n", greeting, helper() + limit + initialized + zeroed + tentative + hidden[1]); return 0; }`);
  const obj = (name: string) => {
    const o = p.objects.find((x) => x.name === name);
    assert.ok(o, `no object ${name}`);
    return o;
  };

  it('places text at 0x401000: user functions in order, then library stubs, then _start', () => {
    assert.equal(p.text.address, LAYOUT.textBase);
    const names = p.functions.map((f) => `${f.name}:${f.origin}`);
    assert.deepEqual(names.slice(0, 2), ['helper:user', 'main:user']);
    assert.equal(names[names.length - 1], '_start:start');
    assert.ok(names.includes('printf:native'));
    assert.equal(p.functions[0]!.address, LAYOUT.textBase);
    for (let i = 1; i < p.functions.length; i++) {
      assert.equal(p.functions[i]!.address, p.functions[i - 1]!.address + p.functions[i - 1]!.size, 'functions are contiguous and sorted');
    }
    assert.equal(p.text.bytes.length, p.functions.reduce((n, f) => n + f.size, 0));
  });

  it('puts each section on its own page after text: rodata, data, bss', () => {
    assert.equal(p.rodata.address % LAYOUT.pageSize, 0);
    assert.ok(p.rodata.address >= p.text.address + p.text.bytes.length);
    assert.ok(p.data.address > p.rodata.address && p.data.address % LAYOUT.pageSize === 0);
    assert.ok(p.bss.address > p.data.address && p.bss.address % LAYOUT.pageSize === 0);
  });

  it('sorts objects into sections as gcc does: const and literals in rodata, zero in bss', () => {
    assert.equal(obj('limit').section, 'rodata');
    assert.equal(obj('"hello"').section, 'rodata');
    assert.equal(obj('"hello"').kind, 'string-literal');
    assert.equal(obj('"%s %d\\n"').size, 7);
    assert.equal(obj('initialized').section, 'data');
    assert.equal(obj('hidden').section, 'data');
    assert.equal(obj('hidden').isStatic, true);
    assert.equal(obj('greeting').section, 'data');
    assert.equal(obj('zeroed').section, 'bss');
    assert.equal(obj('tentative').section, 'bss');
    const calls = obj('calls');
    assert.equal(calls.kind, 'static-local');
    assert.equal(calls.function, 'helper');
    assert.equal(calls.section, 'bss');
  });

  it('writes initial values into the data section at the objects\' addresses', () => {
    const hidden = obj('hidden');
    const view = new DataView(p.data.bytes.buffer, p.data.bytes.byteOffset);
    assert.deepEqual([0, 1, 2, 3].map((i) => view.getInt32(hidden.address - p.data.address + 4 * i, true)), [1, 2, 3, 4]);
    const limit = obj('limit');
    assert.equal(new DataView(p.rodata.bytes.buffer, p.rodata.bytes.byteOffset).getInt32(limit.address - p.rodata.address, true), 10);
  });

  it('relocates a pointer initialized with an address and lists the relocation', () => {
    const greeting = obj('greeting');
    const hello = obj('"hello"');
    const slot = new DataView(p.data.bytes.buffer, p.data.bytes.byteOffset).getBigUint64(greeting.address - p.data.address, true);
    assert.equal(Number(slot), hello.address);
    assert.deepEqual(p.relocations, [{ address: greeting.address, target: p.objects.indexOf(hello) + 1 }]);
  });

  it('lists objects sorted by address with their types in the type table', () => {
    const addresses = p.objects.map((o) => o.address);
    assert.deepEqual(addresses, [...addresses].sort((a, b) => a - b));
    assert.equal(p.types[obj('hidden').type]!.name, 'int[4]');
    assert.equal(p.types[obj('greeting').type]!.name, 'const char *');
  });
});

describe('link: relocations', () => {
  it('relocates function pointers (target 0) and element addresses (with their offset)', () => {
    const p = build('int one(void) { return 1; } int arr[4]; int (*table[2])(void) = {one, 0}; int *third = &arr[2]; int main(void) { return table[0]() + *third; }');
    const table = p.objects.find((o) => o.name === 'table')!;
    const third = p.objects.find((o) => o.name === 'third')!;
    const arr = p.objects.find((o) => o.name === 'arr')!;
    const one = p.functions.find((f) => f.name === 'one')!;
    const view = new DataView(p.data.bytes.buffer, p.data.bytes.byteOffset);
    assert.equal(Number(view.getBigUint64(table.address - p.data.address, true)), one.address);
    assert.equal(Number(view.getBigUint64(third.address - p.data.address, true)), arr.address + 8);
    assert.deepEqual(p.relocations, [
      { address: table.address, target: 0 },
      { address: third.address, target: p.objects.indexOf(arr) + 1 },
    ]);
  });
});

describe('link: library code', () => {
  it('keeps library code written in Mini C only when the program uses it', () => {
    const without = build('int main(void) { return 0; }');
    assert.equal(without.functions.some((f) => f.name === 'qsort'), false);
    assert.deepEqual(without.functions.map((f) => f.name), ['main', 'exit', '_start']);
    const using = build('#include <stdlib.h>\nint cmp(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }\nint main(void) { int v[2] = {2, 1}; qsort(v, 2, sizeof(int), cmp); return v[0]; }');
    assert.equal(using.functions.find((f) => f.name === 'qsort')!.origin, 'libc');
  });

  it('links the stdout object when the program writes to it', () => {
    const p = build('#include <stdio.h>\nint main(void) { fprintf(stdout, "x"); return 0; }');
    const stdoutObject = p.objects.find((o) => o.name === 'stdout')!;
    assert.equal(stdoutObject.section, 'data');
    assert.ok(p.relocations!.some((r) => r.address === stdoutObject.address), 'stdout points at its FILE');
  });

  it('lets the program define a function the library also defines', () => {
    const p = build('#include <stdlib.h>\nvoid qsort(void *b, size_t n, size_t s, int (*c)(const void *, const void *)) { (void)b; (void)n; (void)s; (void)c; }\nint main(void) { qsort(0, 0, 0, 0); return 0; }');
    const q = p.functions.filter((f) => f.name === 'qsort');
    assert.equal(q.length, 1);
    assert.equal(q[0]!.origin, 'user');
  });
});

describe('link: inline functions (C11 6.7.4p7)', () => {
  it('does not define a function for the linker from an inline definition alone, as gcc -O0 does not', () => {
    const r = compileSource('inline int twice(int x) { return 2 * x; }\nint main(void) { return twice(2); }');
    assert.equal(r.program, null);
    assert.deepEqual(showDiagnostics(r.diagnostics), ["2:25: error: undefined reference to `twice'"]);
    assert.match(r.diagnostics[0]!.hint ?? '', /static inline/);
  });

  it('defines it when it is static inline or also declared without inline', () => {
    assert.ok(build('static inline int twice(int x) { return 2 * x; }\nint main(void) { return twice(2); }'));
    const p = build('inline int twice(int x) { return 2 * x; }\nextern int twice(int);\nint main(void) { return twice(2); }');
    assert.ok(p.functions.some((f) => f.name === 'twice'));
  });
});

describe('link: errors', () => {
  it('reports a missing main', () => {
    assert.deepEqual(showDiagnostics(compileSource('int f(void) { return 1; }').diagnostics), ["1:1: error: undefined reference to `main'"]);
  });

  it('reports a declared but undefined function at its first use, and an undefined extern variable', () => {
    const r = compileSource('int nowhere(int);\nextern int ghost;\nint main(void) {\n  return nowhere(1) + ghost;\n}');
    assert.equal(r.program, null);
    assert.deepEqual(showDiagnostics(r.diagnostics), ["4:10: error: undefined reference to `nowhere'", "2:12: error: undefined reference to `ghost'"]);
  });
});
