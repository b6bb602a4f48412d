// The type table: sizes, alignments and member offsets must be gcc's on x86-64 (so sizeof and offsetof
// print the same), the usual arithmetic conversions must pick C's common type, and type names must be
// spelled as gcc spells them in messages.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Variable } from '../../../src/engine/lang/ast';
import {
  CHAR, DOUBLE, FLOAT, INT, LLONG, LONG, SCHAR, SHORT, UCHAR, UINT, ULLONG, ULONG, USHORT, BOOL,
  alignOf, arrayOf, compatible, pointerTo, promote, sizeOf, typeName, usualArithmetic, type Type,
} from '../../../src/engine/lang/types';
import { parseSource } from '../compile/harness';

const haveGcc = spawnSync('gcc', ['--version'], { stdio: 'ignore' }).status === 0;

/** A deterministic generator of struct and union definitions covering scalars, arrays and nesting. */
function generateRecords(count: number): string[] {
  const scalars = ['char', 'short', 'int', 'long', 'float', 'double', 'unsigned char', 'long long', '_Bool', 'void *', 'char *'];
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const defs: string[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 5 === 4 ? 'union' : 'struct';
    const members: string[] = [];
    const n = 1 + next(6);
    for (let m = 0; m < n; m++) {
      const pick = next(10);
      if (pick < 6) members.push(`${scalars[next(scalars.length)]} m${m};`);
      else if (pick < 8) members.push(`${scalars[next(scalars.length)]} m${m}[${1 + next(7)}];`);
      else if (i > 0) members.push(`${i % 5 === 0 || next(2) ? 'struct' : 'union'} r${next(i)} m${m};`.replace(/(struct|union) r(\d+)/, (_x, _k, j) => `${Number(j) % 5 === 4 ? 'union' : 'struct'} r${j}`));
      else members.push(`int m${m};`);
    }
    defs.push(`${kind} r${i} { ${members.join(' ')} };`);
  }
  return defs;
}

function memberNames(def: string): string[] {
  return [...def.matchAll(/\bm(\d+)\b/g)].map((x) => `m${x[1]}`);
}

describe('types: sizes and layout', () => {
  it('gives the LP64 sizes and alignments of the basic types', () => {
    const cases: [Type, number, number][] = [
      [BOOL, 1, 1], [CHAR, 1, 1], [SHORT, 2, 2], [INT, 4, 4], [LONG, 8, 8], [LLONG, 8, 8], [FLOAT, 4, 4], [DOUBLE, 8, 8],
      [pointerTo(CHAR), 8, 8], [arrayOf(INT, 10), 40, 4], [arrayOf(arrayOf(SHORT, 3), 2), 12, 2],
    ];
    for (const [t, size, align] of cases) {
      assert.equal(sizeOf(t), size, typeName(t));
      assert.equal(alignOf(t), align, typeName(t));
    }
  });

  it('lays out generated structs and unions exactly as gcc does (sizeof, _Alignof, offsetof)', function () {
    this.timeout(60000);
    const defs = generateRecords(60);
    const declarations = defs.join('\n') + '\n' + defs.map((_d, i) => `${i % 5 === 4 ? 'union' : 'struct'} r${i} v${i};`).join('\n');
    const { unit, diagnostics } = parseSource(declarations);
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
    const ours: string[] = [];
    defs.forEach((def, i) => {
      const v = unit.globals.find((g: Variable) => g.name === `v${i}`)!;
      const t = v.type;
      assert.ok(t.kind === 'struct' || t.kind === 'union');
      const offsets = memberNames(def).map((m) => t.def.members!.find((x) => x.name === m)!.offset);
      ours.push(`${i} ${sizeOf(t)} ${alignOf(t)} ${offsets.join(' ')}`);
    });
    if (!haveGcc) {
      // Without gcc, check the invariants gcc's layout satisfies.
      for (const line of ours) {
        const [, size, align, ...offsets] = line.split(' ').map(Number);
        assert.equal(size! % align!, 0, line);
        for (const o of offsets) assert.ok(o < size! || size === 0, line);
      }
      return;
    }
    const printing = defs.map((def, i) => {
      const tag = `${i % 5 === 4 ? 'union' : 'struct'} r${i}`;
      const offs = memberNames(def).map((m) => `(int)offsetof(${tag}, ${m})`);
      const fmt = [`%d %d %d`, ...offs.map(() => '%d')].join(' ');
      return `  printf("${fmt}\\n", ${i}, (int)sizeof(${tag}), (int)_Alignof(${tag})${offs.length ? ', ' + offs.join(', ') : ''});`;
    });
    const dir = mkdtempSync(join(tmpdir(), 'memscope-types-'));
    const c = join(dir, 'layout.c');
    writeFileSync(c, `#include <stdio.h>\n#include <stddef.h>\n${defs.join('\n')}\nint main(void) {\n${printing.join('\n')}\n  return 0;\n}\n`);
    const cc = spawnSync('gcc', ['-std=c11', '-o', join(dir, 'layout'), c], { encoding: 'utf8' });
    assert.equal(cc.status, 0, cc.stderr);
    const run = spawnSync(join(dir, 'layout'), { encoding: 'utf8' });
    assert.deepEqual(ours, run.stdout.trim().split('\n'));
  });

  it('puts a flexible array member at the end without adding to the size', () => {
    const { unit } = parseSource('struct f { char c; int n; double data[]; } v;');
    const t = unit.globals[0]!.type;
    assert.ok(t.kind === 'struct');
    assert.equal(sizeOf(t), 8);
    assert.equal(t.def.members![2]!.offset, 8);
    assert.equal(t.def.flexible, true);
  });

  it('finds members of anonymous structs and unions at their offsets in the outer struct', () => {
    const { unit } = parseSource('struct s { int tag; union { struct { char a; int b; }; double d; }; } v; int x = sizeof(v);');
    const t = unit.globals[0]!.type;
    assert.ok(t.kind === 'struct');
    assert.equal(sizeOf(t), 16);
    const init = unit.globals[1]!.init!.items[0]!;
    assert.ok(init.kind === 'expr' && init.expr.kind === 'int');
    assert.equal(init.expr.value, 16n);
  });
});

describe('types: conversions', () => {
  it('promotes every type narrower than int to int', () => {
    for (const t of [BOOL, CHAR, SCHAR, UCHAR, SHORT, USHORT]) assert.equal(promote(t), INT, typeName(t));
    assert.equal(promote(UINT), UINT);
    assert.equal(promote(LONG), LONG);
  });

  it('applies the usual arithmetic conversions of C11 6.3.1.8', () => {
    const cases: [Type, Type, string][] = [
      [CHAR, CHAR, 'int'], [UCHAR, SHORT, 'int'], [INT, UINT, 'unsigned int'], [INT, LONG, 'long int'],
      [UINT, LONG, 'long int'], [ULONG, LLONG, 'long long unsigned int'], [LONG, ULLONG, 'long long unsigned int'],
      [ULONG, LONG, 'long unsigned int'], [INT, FLOAT, 'float'], [FLOAT, DOUBLE, 'double'], [ULLONG, FLOAT, 'float'],
    ];
    for (const [a, b, expected] of cases) {
      assert.equal(typeName(usualArithmetic(a, b)), expected, `${typeName(a)} with ${typeName(b)}`);
      assert.equal(typeName(usualArithmetic(b, a)), expected, `${typeName(b)} with ${typeName(a)}`);
    }
  });

  it('tells compatible types apart: char is neither signed char nor unsigned char', () => {
    assert.equal(compatible(CHAR, SCHAR), false);
    assert.equal(compatible(CHAR, UCHAR), false);
    assert.equal(compatible(pointerTo(INT), pointerTo(INT)), true);
    assert.equal(compatible(pointerTo(INT), pointerTo(LONG)), false);
    assert.equal(compatible(arrayOf(INT, null), arrayOf(INT, 5)), true);
    assert.equal(compatible(arrayOf(INT, 4), arrayOf(INT, 5)), false);
  });

  it('spells types as gcc does in its messages', () => {
    const { unit } = parseSource(`
      int (*(*fp)(int))[10];
      char *argv[3];
      const char *s;
      char *const t = 0;
      unsigned long n;
      void (*signal_handler)(int);
      int (*matrix)[4][5];
      long long int q;
      char const * const names[3];
      int * const * pcp;
    `);
    const names = unit.globals.map((g) => typeName(g.type));
    assert.deepEqual(names, [
      'int (* (*)(int))[10]', 'char *[3]', 'const char *', 'char * const', 'long unsigned int', 'void (*)(int)', 'int (*)[4][5]', 'long long int',
      'const char * const[3]', 'int * const*',
    ]);
  });
});
