// Code generation, read back from the text segment: the calling convention (docs/abi.md), the frame
// layout, the choice of instructions by type (widths, signedness, floats), the fast forms (immediates,
// fused compare-and-branch), and the line table.
import { strict as assert } from 'node:assert';
import { BASE_FP, Op, decode } from '../../../src/engine/compile/isa';
import type { Program } from '../../../src/engine/program';
import { build, disassemble } from './harness';

function fn(program: Program, name: string) {
  const f = program.functions.find((x) => x.name === name);
  assert.ok(f, `no function ${name}`);
  return f;
}

/** Every decoded instruction of a function, with its address. */
function instructions(program: Program, name: string) {
  const f = fn(program, name);
  const out: { address: number; op: number; operands: readonly (number | bigint)[] }[] = [];
  let offset = f.address - program.text.address;
  while (offset < f.address - program.text.address + f.size) {
    const ins = decode(program.text.bytes, offset, program.text.address)!;
    out.push({ address: program.text.address + offset, op: ins.op, operands: ins.operands });
    offset += ins.length;
  }
  return out;
}

describe('codegen: functions and the calling convention', () => {
  it('reads parameters in place at fp+16, fp+24 … and returns the value with RET', () => {
    const p = build('int add(int a, int b) { return a + b; } int main(void) { return add(1, 2); }');
    assert.deepEqual(disassemble(p, 'add'), ['ENTER 0', 'LD32 r0, [fp+16]', 'LD32 r1, [fp+24]', 'ADD32 r0, r0, r1', 'RET r0']);
    const f = fn(p, 'add');
    assert.deepEqual(f.variables.map((v) => [v.name, v.fpOffset, v.kind]), [['a', 16, 'param'], ['b', 24, 'param']]);
    assert.equal(f.argBytes, 16);
  });

  it('passes arguments in 8-byte slots above sp: a 16-byte-aligned area, ints whole, unsigned zero-extended, floats in the low half', () => {
    const p = build(`
      int use(long l, double d, float f, unsigned u, char c) { return (int)(l + (long)d + (long)f + u + c); }
      int main(void) { return use(1L, 1.5, 2.5f, 3u, 'x'); }`);
    const main = disassemble(p, 'main');
    const call = main.indexOf('ADJSP -48');
    assert.ok(call > 0, main.join('\n'));
    const slice = main.slice(call, call + 9);
    assert.deepEqual(slice.filter((s) => /^ST|^ZEXT/.test(s)).map((s) => s.replace(/r\d+/g, 'r')), [
      'ST64 r, [sp]', 'STF64 r, [sp+8]', 'STF32 r, [sp+16]', 'ZEXT32 r, r', 'ST64 r, [sp+24]', 'ST64 r, [sp+32]',
    ]);
    assert.ok(main.includes('ADJSP 48'));
    assert.deepEqual(disassemble(p, 'use').slice(0, 2), ['ENTER 0', 'LD64 r0, [fp+16]']);
  });

  it('evaluates arguments right to left, as gcc does on x86-64', () => {
    const p = build('int f(int a, int b) { return a - b; } int main(void) { return f(10, 20); }');
    const main = disassemble(p, 'main');
    assert.deepEqual(main.slice(1, 3), ['LI r1, 20', 'LI r2, 10']);
  });

  it('returns a struct through the hidden address argument and copies it with COPY', () => {
    const p = build('struct pt { int x, y; }; struct pt mk(int a) { struct pt q = {a, 2}; return q; } int main(void) { struct pt r = mk(3); return r.y; }');
    const mk = disassemble(p, 'mk');
    assert.deepEqual(mk.slice(-4), ['ADDR r0, [fp-8], 2', 'LD64 r1, [fp+16]', 'COPY r1, r0, 8', 'RET r1']);
    assert.equal(fn(p, 'mk').argBytes, 16);
    assert.deepEqual(fn(p, 'mk').variables.map((v) => [v.name, v.fpOffset]), [['a', 24], ['q', -8]]);
    const main = disassemble(p, 'main');
    assert.ok(main.some((s) => /^ADDR r\d+, \[fp-\d+\], 0$/.test(s)), 'the temporary is passed as argument 0');
  });

  it('ends main with return 0, a void function with RETV, and traps at the end of other non-void functions', () => {
    const p = build('void v(void) { } int n(int x) { if (x) return 1; } int main(void) { v(); return n(1) - 1; }');
    const sw = build('int s(int x) { switch (x) { case 1: return 1; default: return 0; } } int main(void) { return s(1); }');
    assert.notEqual(disassemble(sw, 's').slice(-1)[0], 'TRAP 1', 'no trap where control cannot arrive');
    assert.deepEqual(disassemble(p, 'v'), ['ENTER 0', 'RETV']);
    assert.deepEqual(disassemble(p, 'n').slice(-1), ['TRAP 1']);
    const q = build('int main(void) { }');
    assert.deepEqual(disassemble(q, 'main'), ['ENTER 0', 'LI r0, 0', 'RET r0']);
  });

  it('starts at _start, which calls main(argc, argv) and then exit with its result', () => {
    const p = build('int main(int argc, char **argv) { return argc + (argv != 0); }');
    const start = fn(p, '_start');
    assert.equal(p.entry, start.address);
    assert.equal(start.origin, 'start');
    assert.equal(p.functions[p.functions.length - 1], start);
    const text = disassemble(p, '_start');
    assert.equal(text[0], 'ENTER 8');
    const calls = instructions(p, '_start').filter((i) => i.op === Op.CALL).map((i) => p.functions.find((f) => f.address === i.operands[0])?.name);
    assert.deepEqual(calls, ['main', 'exit']);
    assert.equal(fn(p, 'exit').origin, 'native');
  });

  it('gives every library function the program calls a stub whose body is NATIVE n', () => {
    const p = build('#include <stdio.h>\n#include <string.h>\nint main(void) { return printf("%d\\n", (int)strlen("abc")) < 0; }');
    for (const name of ['printf', 'strlen']) {
      const f = fn(p, name);
      assert.equal(f.origin, 'native');
      assert.equal(p.natives[f.native!], name);
      assert.deepEqual(disassemble(p, name), [`NATIVE ${f.native}`]);
    }
    assert.equal(fn(p, 'printf').variadic, true);
  });
});

describe('codegen: frames', () => {
  it('lays locals out going down from fp in declaration order, aligned, in a 16-byte multiple frame', () => {
    const p = build('int main(void) { char c = 1; int i = 2; char d = 3; double x = 4; { short s = 5; c += s; } return c + i + d + (int)x; }');
    const f = fn(p, 'main');
    assert.deepEqual(f.variables.map((v) => [v.name, v.fpOffset, v.size]), [['c', -1, 1], ['i', -8, 4], ['d', -9, 1], ['x', -24, 8], ['s', -26, 2]]);
    assert.equal(f.frameSize, 32);
    assert.deepEqual(disassemble(p, 'main')[0], 'ENTER 32');
  });

  it('gives a block-scoped variable the text range of its block', () => {
    const p = build('int main(void) { int a = 1; { int b = 2; a += b; } for (int i = 0; i < 2; i++) a++; return a; }');
    const f = fn(p, 'main');
    const [a, b, i] = f.variables;
    assert.equal(a!.scopeStart, f.address + 5);
    assert.equal(a!.scopeEnd, f.address + f.size);
    assert.ok(b!.scopeStart > a!.scopeStart && b!.scopeEnd <= i!.scopeStart && b!.scopeEnd > b!.scopeStart, 'b lives only in its block');
    assert.ok(i!.scopeEnd <= f.address + f.size && i!.scopeEnd > i!.scopeStart);
  });

  it('names the variable in ADDR when its address escapes, so memcheck knows the object', () => {
    const p = build('void set(int *p) { *p = 1; } int main(void) { int a[3]; int x; set(&x); set(a); return x + a[0]; }');
    const addrs = instructions(p, 'main').filter((i) => i.op === Op.ADDR);
    const f = fn(p, 'main');
    const named = addrs.map((i) => [i.operands[1], i.operands[2], f.variables[Number(i.operands[3]) - 1]?.name]);
    assert.deepEqual(named, [[BASE_FP, -16, 'x'], [BASE_FP, -12, 'a']]);
  });

  it('reads a constant in-bounds element straight from the frame, and an out-of-bounds one through the array pointer', () => {
    const p = build('int main(void) { int a[4] = {1, 2, 3, 4}; return a[2] + a[5]; }');
    const main = disassemble(p, 'main');
    assert.ok(main.includes('LD32 r0, [fp-8]'), main.join('\n'));
    assert.ok(main.some((s) => /^LD32 r\d, \[r\d\+20\]$/.test(s)), main.join('\n'));
  });

  it('zeroes a partially initialized local with ZERO before storing the listed elements', () => {
    const p = build('int main(void) { int a[100] = {7}; return a[0]; }');
    const main = disassemble(p, 'main');
    assert.deepEqual(main.slice(1, 5), ['ADDR r0, [fp-400], 1', 'ZERO r0, 400', 'LI r0, 7', 'ST32 r0, [fp-400]']);
  });
});

describe('codegen: instruction selection', () => {
  it('uses immediate forms for constant operands', () => {
    const p = build('int k(int x) { return x * 3 + 5; } long q(long y) { return y - 8; } int main(void) { return k(1) + (int)q(9); }');
    assert.deepEqual(disassemble(p, 'k'), ['ENTER 0', 'LD32 r0, [fp+16]', 'MULI32 r0, r0, 3', 'ADDI32 r0, r0, 5', 'RET r0']);
    assert.deepEqual(disassemble(p, 'q'), ['ENTER 0', 'LD64 r0, [fp+16]', 'ADDI64 r0, r0, -8', 'RET r0']);
  });

  it('picks the width and signedness of each operation from the operand types', () => {
    const p = build(`
      unsigned ud(unsigned a, unsigned b) { return a / b; }
      long sd(long a, long b) { return a % b; }
      unsigned long sh(unsigned long a) { return a >> 3; }
      int ss(int a) { return a >> 3; }
      double fd(double a, double b) { return a / b; }
      float ff(float a, float b) { return a * b; }
      int main(void) { return (int)(ud(1, 1) + sd(1, 1) + sh(1) + ss(1) + fd(1, 1) + ff(1, 1)); }`);
    const op = (name: string, i: number) => disassemble(p, name)[i]!.split(' ')[0];
    assert.equal(op('ud', 3), 'DIVU32');
    assert.equal(op('sd', 3), 'REMS64');
    assert.equal(op('sh', 3), 'SHRU64');
    assert.equal(op('ss', 3), 'SHRS32');
    assert.equal(op('fd', 3), 'DIVF');
    assert.equal(op('ff', 3), 'MULF32');
  });

  it('converts between types with the matching instructions', () => {
    const p = build(`
      long widen(int i) { return i; }
      unsigned long uwiden(unsigned u) { return u; }
      char narrow(long l) { return (char)l; }
      double tod(unsigned long u) { return (double)u; }
      int toi(double d) { return (int)d; }
      float tof(double d) { return (float)d; }
      _Bool tob(int *p) { return p; }
      int main(void) { return (int)(widen(1) + uwiden(1) + narrow(1) + tod(1) + toi(1) + tof(1) + tob(0)); }`);
    assert.deepEqual(disassemble(p, 'widen').slice(1, 3), ['LD32 r0, [fp+16]', 'SEXT32 r0, r0']);
    assert.deepEqual(disassemble(p, 'uwiden').slice(1, 3), ['LD32 r0, [fp+16]', 'ZEXT32 r0, r0']);
    assert.deepEqual(disassemble(p, 'narrow').slice(1, 4), ['LD64 r0, [fp+16]', 'TRUNC32 r0, r0', 'SEXT8 r0, r0']);
    assert.deepEqual(disassemble(p, 'tod').slice(1, 3), ['LD64 r0, [fp+16]', 'CVTU64F r0, r0']);
    assert.deepEqual(disassemble(p, 'toi').slice(1, 3), ['LDF64 r0, [fp+16]', 'CVTFI32 r0, r0']);
    assert.deepEqual(disassemble(p, 'tof').slice(1, 3), ['LDF64 r0, [fp+16]', 'CVTFF32 r0, r0']);
    assert.deepEqual(disassemble(p, 'tob').slice(1, 3), ['LD64 r0, [fp+16]', 'BOOL64 r0, r0']);
  });

  it('puts the pointer first in pointer arithmetic and divides a pointer difference by the element size', () => {
    const p = build('int *at(int *v, long i) { return v + i; } long d(double *a, double *b) { return a - b; } int main(void) { int x[2]; return (int)(at(x, 1) - x) + (int)d(0, 0); }');
    assert.deepEqual(disassemble(p, 'at').slice(1), ['LD64 r0, [fp+16]', 'LD64 r1, [fp+24]', 'MULI64 r1, r1, 4', 'ADD64 r0, r0, r1', 'RET r0']);
    assert.deepEqual(disassemble(p, 'd').slice(3), ['PDIFF r0, r0, r1', 'LI r1, 3', 'SHRS64 r0, r0, r1', 'RET r0']);
  });

  it('compiles loops to a test before the first iteration and one fused compare-and-branch at the bottom', () => {
    const p = build('long sum(unsigned *v, unsigned n) { long s = 0; for (unsigned i = 0; i < n; i++) s += v[i]; return s; } int main(void) { unsigned v[2] = {1, 2}; return (int)sum(v, 2); }');
    const text = disassemble(p, 'sum');
    assert.deepEqual(text.filter((s) => s.startsWith('J')).map((s) => s.split(' ')[0]), ['JLEU32', 'JLTU32'], text.join('\n'));
    const bottom = text.findIndex((s) => s.startsWith('JLTU32'));
    assert.deepEqual(text.slice(bottom - 4, bottom + 1), ['LD32 r0, [fp-12]', 'ADDI32 r0, r0, 1', 'ST32 r0, [fp-12]', 'LD32 r1, [fp+24]', 'JLTU32 r0, r1, @45'], 'i is not reloaded after i++');
  });

  it('keeps a continue target between the loop body and the step', () => {
    const p = build('int main(void) { int s = 0; for (int i = 0; i < 9; i++) { if (i % 2) continue; s += i; } return s; }');
    const text = disassemble(p, 'main');
    const step = text.findIndex((x) => x === 'ADDI32 r0, r0, 1');
    assert.equal(text[step - 1], 'LD32 r0, [fp-8]', 'the step reloads i, since a continue arrives there');
  });

  it('short-circuits && and || into branches without computing 0/1 values', () => {
    const p = build('int both(int *p, int x) { if (p && x == 3) return 1; return 0; } int main(void) { return both(0, 3); }');
    assert.deepEqual(disassemble(p, 'both').slice(1, 6), ['LD64 r0, [fp+16]', 'JZ r0, @46', 'LD32 r0, [fp+24]', 'LI r1, 3', 'JNE32 r0, r1, @46']);
  });

  it('compiles a switch to a chain of compare-with-immediate branches', () => {
    const p = build('int sw(int x) { switch (x) { case 1: return 10; case -5: return 50; default: return 0; } } int main(void) { return sw(1); }');
    const text = disassemble(p, 'sw');
    assert.deepEqual(text.slice(1, 5).map((s) => s.replace(/@\d+/, '@')), ['LD32 r0, [fp+16]', 'JEQI32 r0, 1, @', 'JEQI32 r0, -5, @', 'JMP @']);
  });

  it('addresses globals by absolute address with the object named in ADDR', () => {
    const p = build('int g[4]; int main(void) { int *q = g; return q[1] + g[2]; }');
    const g = p.objects.find((o) => o.name === 'g')!;
    const index = p.objects.indexOf(g) + 1;
    const main = disassemble(p, 'main');
    assert.ok(main.includes(`ADDR r0, [0x${g.address.toString(16)}], ${index}`), main.join('\n'));
    assert.ok(main.includes(`LD32 r1, [0x${(g.address + 8).toString(16)}]`), main.join('\n'));
  });

  it('rejects an expression that needs more registers than a window has', () => {
    let e = 'x';
    for (let i = 0; i < 300; i++) e = `(x + ${e} * x)`;
    const p = build.bind(null, `int main(void) { int x = 1; return ${e}; }`);
    assert.throws(p, /expression too complex|nesting too deep/);
  });
});

describe('codegen: line table', () => {
  it('marks the first instruction of every statement, and each part of a for loop', () => {
    const p = build('int main(void) {\n  int s = 0;\n  for (int i = 0;\n       i < 3;\n       i++)\n    s += i;\n  return s;\n}\n');
    const f = fn(p, 'main');
    const rows = p.lines.filter((l) => l.address >= f.address && l.address < f.address + f.size && l.isStatement);
    assert.deepEqual(rows.map((l) => l.line), [2, 3, 4, 6, 5, 4, 7]);
    const sorted = [...p.lines].sort((a, b) => a.address - b.address);
    assert.deepEqual(p.lines, sorted);
    const prologue = p.lines.find((l) => l.address === f.address);
    assert.deepEqual(prologue && [prologue.line, prologue.isStatement], [1, false], 'the prologue maps to the function line, not as a statement');
  });

  it('adds a non-statement row where an expression continues on another line', () => {
    const p = build('int f(int a, int b) { return a + b; }\nint main(void) {\n  return f(1,\n           f(2, 3));\n}\n');
    const main = fn(p, 'main');
    const rows = p.lines.filter((l) => l.address >= main.address && l.address < main.address + main.size);
    assert.ok(rows.some((l) => l.line === 4 && !l.isStatement), JSON.stringify(rows));
  });
});
