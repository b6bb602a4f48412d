// Each instruction's semantics: 32- and 64-bit integer arithmetic with wraparound at ±2^31 / ±2^63,
// unsigned operations, floating point, conversions as x86-64 does them, SIGFPE. Results go through
// memory (ST64/STF64 into bss) and are read back, so loads and stores are exercised too. Expected values
// of integer operations come from a BigInt model of two's-complement arithmetic.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Asm, type FnBuilder } from './asm';
import { runToEnd, MODES } from './harness';
import type { MachineOptions } from '../../../src/engine/machine/machine';
import type { OpName } from '../../../src/engine/compile/isa';

const ABS = 253;

/** Runs `emit(f, i, out)` for i < count inside main, each storing to `out` (an absolute bss address). */
let mode: Partial<MachineOptions> = {};

function results(count: number, emit: (f: FnBuilder, i: number, out: number) => void): { words: bigint[]; doubles: number[]; stop: string } {
  const build = (bss: number) =>
    new Asm()
      .fn('main', { nregs: 8 }, (f) => {
        f.op('ENTER', 0);
        for (let i = 0; i < count; i++) emit(f, i, bss + 8 * i);
        f.op('LI', 0, 0).op('RET', 0);
      })
      .native('exit')
      .build({ bss: 8 * count });
  const program = build(build(0).bss.address);
  const r = runToEnd(program, mode);
  const bytes = r.machine.readMemory(program.bss.address, 8 * count).bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words: bigint[] = [];
  const doubles: number[] = [];
  for (let i = 0; i < count; i++) {
    words.push(view.getBigInt64(8 * i, true));
    doubles.push(view.getFloat64(8 * i, true));
  }
  return { words, doubles, stop: r.stop.kind === 'exited' ? 'exited' : r.stop.kind === 'signaled' ? r.stop.signal : r.stop.kind };
}

const M64 = (x: bigint) => BigInt.asIntN(64, x);
const U64 = (x: bigint) => BigInt.asUintN(64, x);
const I32 = (x: bigint) => BigInt.asIntN(32, x);
const U32 = (x: bigint) => BigInt.asUintN(32, x);

const VALUES64: bigint[] = [
  0n, 1n, -1n, 7n, -7n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 32n, 2n ** 32n + 5n, 2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n) - 3n,
  2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n), 123456789012345n, -98765432109876n, 0x0123456789abcdefn, -0x0fedcba987654321n,
];
const PAIRS64: [bigint, bigint][] = VALUES64.flatMap((a) => VALUES64.map((b): [bigint, bigint] => [a, b]));

const BINARY64: [OpName, (a: bigint, b: bigint) => bigint | null][] = [
  ['ADD64', (a, b) => M64(a + b)],
  ['SUB64', (a, b) => M64(a - b)],
  ['PDIFF', (a, b) => M64(a - b)],
  ['MUL64', (a, b) => M64(a * b)],
  ['AND64', (a, b) => M64(a & b)],
  ['OR64', (a, b) => M64(a | b)],
  ['XOR64', (a, b) => M64(a ^ b)],
  ['SHL64', (a, b) => M64(a << (b & 63n))],
  ['SHRS64', (a, b) => a >> (b & 63n)],
  ['SHRU64', (a, b) => M64(U64(a) >> (b & 63n))],
  ['DIVS64', (a, b) => (b === 0n || (a === -(2n ** 63n) && b === -1n) ? null : M64(a / b))],
  ['REMS64', (a, b) => (b === 0n || (a === -(2n ** 63n) && b === -1n) ? null : M64(a % b))],
  ['DIVU64', (a, b) => (b === 0n ? null : M64(U64(a) / U64(b)))],
  ['REMU64', (a, b) => (b === 0n ? null : M64(U64(a) % U64(b)))],
  ['EQ64', (a, b) => BigInt(a === b)],
  ['NE64', (a, b) => BigInt(a !== b)],
  ['LTS64', (a, b) => BigInt(a < b)],
  ['LES64', (a, b) => BigInt(a <= b)],
  ['LTU64', (a, b) => BigInt(U64(a) < U64(b))],
  ['LEU64', (a, b) => BigInt(U64(a) <= U64(b))],
];

for (const m of MODES) {
  describe(`${m.name}`, () => {
    before(() => {
      mode = m.options;
    });
describe(`${m.name}: ISA: 64-bit integer operations (wraparound at ±2^63, unsigned forms)`, () => {
  for (const [op, model] of BINARY64) {
    it(`${op} agrees with two's-complement arithmetic on ${PAIRS64.length} pairs`, () => {
      const pairs = PAIRS64.filter(([a, b]) => model(a, b) !== null);
      const r = results(pairs.length, (f, i, out) => {
        const [a, b] = pairs[i]!;
        f.op('LI64', 0, a).op('LI64', 1, b).op(op, 2, 0, 1);
        // Comparisons produce i32; widen so the whole slot is meaningful.
        if (op.startsWith('EQ') || op.startsWith('NE') || op.startsWith('L')) f.op('SEXT32', 2, 2);
        f.op('ST64', 2, ABS, out);
      });
      assert.equal(r.stop, 'exited');
      pairs.forEach(([a, b], i) => assert.equal(r.words[i], model(a, b), `${op}(${a}, ${b})`));
    });
  }

  it('ADDI64 and MULI64 wrap like ADD64/MUL64 with a sign-extended immediate', () => {
    const imms = [0, 1, -1, 2147483647, -2147483648, 12345];
    const pairs = VALUES64.flatMap((a) => imms.map((k): [bigint, number] => [a, k]));
    const r = results(pairs.length * 2, (f, i, out) => {
      const [a, k] = pairs[i >> 1]!;
      f.op('LI64', 0, a).op(i % 2 ? 'MULI64' : 'ADDI64', 2, 0, k).op('ST64', 2, ABS, out);
    });
    pairs.forEach(([a, k], j) => {
      assert.equal(r.words[2 * j], M64(a + BigInt(k)), `ADDI64 ${a} ${k}`);
      assert.equal(r.words[2 * j + 1], M64(a * BigInt(k)), `MULI64 ${a} ${k}`);
    });
  });

  it('NEG64, NOT64, BOOL64 and TRUNC32 handle INT64_MIN and values beyond 2^53', () => {
    const r = results(VALUES64.length * 4, (f, i, out) => {
      const a = VALUES64[i >> 2]!;
      const op = (['NEG64', 'NOT64', 'BOOL64', 'TRUNC32'] as const)[i % 4];
      f.op('LI64', 0, a).op(op, 2, 0);
      if (op === 'BOOL64' || op === 'TRUNC32') f.op('SEXT32', 2, 2);
      f.op('ST64', 2, ABS, out);
    });
    VALUES64.forEach((a, j) => {
      assert.equal(r.words[4 * j], M64(-a), `NEG64 ${a}`);
      assert.equal(r.words[4 * j + 1], M64(~a), `NOT64 ${a}`);
      assert.equal(r.words[4 * j + 2], BigInt(a !== 0n), `BOOL64 ${a}`);
      assert.equal(r.words[4 * j + 3], I32(a), `TRUNC32 ${a}`);
    });
  });

  it('compare-and-branch on 64-bit values beyond 2^53 (signed and unsigned)', () => {
    const pairs: [bigint, bigint][] = [[2n ** 60n, 2n ** 60n + 1n], [-1n, 1n], [2n ** 63n - 1n, -(2n ** 63n)], [2n ** 55n, 2n ** 55n]];
    const branches = ['JLTS64', 'JLES64', 'JLTU64', 'JLEU64', 'JEQ64', 'JNE64'] as const;
    const model = [(a: bigint, b: bigint) => a < b, (a: bigint, b: bigint) => a <= b, (a: bigint, b: bigint) => U64(a) < U64(b), (a: bigint, b: bigint) => U64(a) <= U64(b), (a: bigint, b: bigint) => a === b, (a: bigint, b: bigint) => a !== b];
    const n = pairs.length * branches.length;
    const r = results(n, (f, i, out) => {
      const [a, b] = pairs[Math.floor(i / branches.length)]!;
      const op = branches[i % branches.length]!;
      f.op('LI64', 0, a).op('LI64', 1, b).op('LI', 2, 1).op(op, 0, 1, `t${i}`).op('LI', 2, 0).label(`t${i}`).op('SEXT32', 2, 2).op('ST64', 2, ABS, out);
    });
    for (let i = 0; i < n; i++) {
      const [a, b] = pairs[Math.floor(i / branches.length)]!;
      assert.equal(r.words[i], BigInt(model[i % branches.length]!(a, b)), `${branches[i % branches.length]} ${a} ${b}`);
    }
  });
});

const VALUES32 = [0n, 1n, -1n, 5n, -5n, 2n ** 31n - 1n, -(2n ** 31n), 65536n, 0x12345678n, -0x789abcden];
const BINARY32: [OpName, (a: bigint, b: bigint) => bigint | null][] = [
  ['ADD32', (a, b) => I32(a + b)],
  ['SUB32', (a, b) => I32(a - b)],
  ['MUL32', (a, b) => I32(a * b)],
  ['DIVS32', (a, b) => (b === 0n || (a === -(2n ** 31n) && b === -1n) ? null : I32(a / b))],
  ['REMS32', (a, b) => (b === 0n || (a === -(2n ** 31n) && b === -1n) ? null : I32(a % b))],
  ['DIVU32', (a, b) => (b === 0n ? null : I32(U32(a) / U32(b)))],
  ['REMU32', (a, b) => (b === 0n ? null : I32(U32(a) % U32(b)))],
  ['AND32', (a, b) => I32(a & b)],
  ['OR32', (a, b) => I32(a | b)],
  ['XOR32', (a, b) => I32(a ^ b)],
  ['SHL32', (a, b) => I32(a << (b & 31n))],
  ['SHRS32', (a, b) => a >> (b & 31n)],
  ['SHRU32', (a, b) => I32(U32(a) >> (b & 31n))],
  ['LTU32', (a, b) => BigInt(U32(a) < U32(b))],
  ['LEU32', (a, b) => BigInt(U32(a) <= U32(b))],
  ['LTS32', (a, b) => BigInt(a < b)],
];

describe(`${m.name}: ISA: 32-bit integer operations (wraparound at ±2^31, unsigned forms)`, () => {
  for (const [op, model] of BINARY32) {
    it(`${op} agrees with 32-bit two's-complement arithmetic`, () => {
      const pairs = VALUES32.flatMap((a) => VALUES32.map((b): [bigint, bigint] => [a, b])).filter(([a, b]) => model(a, b) !== null);
      const r = results(pairs.length, (f, i, out) => {
        const [a, b] = pairs[i]!;
        f.op('LI', 0, Number(a)).op('LI', 1, Number(b)).op(op, 2, 0, 1).op('SEXT32', 2, 2).op('ST64', 2, ABS, out);
      });
      pairs.forEach(([a, b], i) => assert.equal(r.words[i], model(a, b), `${op}(${a}, ${b})`));
    });
  }

  it('sign and zero extensions', () => {
    const cases: [OpName, bigint, bigint][] = [
      ['SEXT8', 0x1ffn, -1n], ['ZEXT8', -1n, 255n], ['SEXT16', 0x18000n, -32768n], ['ZEXT16', -1n, 65535n],
      ['ZEXT32', -1n, 4294967295n], ['SEXT32', -1n, -1n], ['NEG32', -(2n ** 31n), -(2n ** 31n)], ['NOT32', 0n, -1n],
    ];
    const r = results(cases.length, (f, i, out) => {
      const [op, a] = cases[i]!;
      f.op('LI', 0, Number(I32(a))).op(op, 2, 0);
      if (op !== 'ZEXT32' && op !== 'SEXT32') f.op('SEXT32', 2, 2);
      f.op('ST64', 2, ABS, out);
    });
    cases.forEach(([op, a, want], i) => assert.equal(r.words[i], want, `${op} ${a}`));
  });
});

describe(`${m.name}: ISA: division by zero and overflow raise SIGFPE`, () => {
  const cases: [OpName, bigint, bigint][] = [
    ['DIVS32', 1n, 0n], ['REMU32', 1n, 0n], ['DIVS32', -(2n ** 31n), -1n], ['REMS32', -(2n ** 31n), -1n],
    ['DIVS64', 1n, 0n], ['DIVU64', 1n, 0n], ['DIVS64', -(2n ** 63n), -1n], ['REMS64', -(2n ** 63n), -1n],
  ];
  for (const [op, a, b] of cases) {
    it(`${op} ${a} / ${b} → SIGFPE, exit code 136`, () => {
      const r = runToEnd(
        new Asm()
          .fn('main', {}, (f) => f.op('ENTER', 0).op('LI64', 0, a).op('LI64', 1, b).op(op, 2, 0, 1).op('LI', 0, 0).op('RET', 0))
          .native('exit')
          .build(),
        mode,
      );
      assert.equal(r.stop.kind, 'signaled');
      assert.equal(r.stop.kind === 'signaled' && r.stop.signal, 'SIGFPE');
      assert.equal(r.machine.exitStatus, 136);
      assert.equal(r.machine.errors[0]!.kind, 'division-by-zero');
    });
  }
});

const DOUBLES = [0, -0.5, 1.5, -1, 2.5e9, 4294967295, 4294967296, 2147483648, -2147483649, 1e19, 2 ** 63, 2 ** 64, 9.3e18, -1e300, 1e300, NaN, Infinity];

/** x86-64 (gcc) conversions, computed independently of the CPU: cvttsd2si semantics. */
function cvt64(x: number): bigint {
  return x >= -(2 ** 63) && x < 2 ** 63 ? BigInt(Math.trunc(x)) : -(2n ** 63n);
}

describe(`${m.name}: ISA: floating point and conversions as x86-64`, () => {
  it('double → int32 gives INT_MIN when out of range; → unsigned goes through int64', () => {
    const r = results(DOUBLES.length * 4, (f, i, out) => {
      const x = DOUBLES[i >> 2]!;
      const op = (['CVTFI32', 'CVTFU32', 'CVTFI64', 'CVTFU64'] as const)[i % 4];
      f.op('LIF', 0, x).op(op, 2, 0);
      if (op === 'CVTFI32' || op === 'CVTFU32') f.op('SEXT32', 2, 2);
      f.op('ST64', 2, ABS, out);
    });
    DOUBLES.forEach((x, j) => {
      const i32 = x > -2147483649 && x < 2147483648 ? BigInt(Math.trunc(x)) : -(2n ** 31n);
      assert.equal(r.words[4 * j], i32, `(int)${x}`);
      assert.equal(r.words[4 * j + 1], I32(cvt64(x)), `(unsigned)${x}`);
      assert.equal(r.words[4 * j + 2], cvt64(x), `(long)${x}`);
      const u = x >= 2 ** 63 ? M64(cvt64(x - 2 ** 63) ^ -(2n ** 63n)) : cvt64(x);
      assert.equal(r.words[4 * j + 3], u, `(unsigned long)${x}`);
    });
  });

  it('integer → double: signed, unsigned 32 and 64 (rounded to nearest)', () => {
    const ints = [0n, -1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n), 0x7ffffffffffffdffn];
    const r = results(ints.length * 4, (f, i, out) => {
      const a = ints[i >> 2]!;
      const op = (['CVTI64F', 'CVTU64F', 'CVTI32F', 'CVTU32F'] as const)[i % 4];
      f.op('LI64', 0, op.includes('32') ? I32(a) : a).op(op, 2, 0).op('STF64', 2, ABS, out);
    });
    ints.forEach((a, j) => {
      assert.equal(r.doubles[4 * j], Number(a));
      assert.equal(r.doubles[4 * j + 1], Number(U64(a)));
      assert.equal(r.doubles[4 * j + 2], Number(I32(a)));
      assert.equal(r.doubles[4 * j + 3], Number(U32(a)));
    });
  });

  it('float ops round to float precision; double ops do not; comparisons treat NaN as unordered', () => {
    const r = results(8, (f, i, out) => {
      f.op('LIF', 0, 0.1).op('LIF', 1, 0.2).op('LIF', 3, NaN);
      switch (i) {
        case 0: f.op('ADDF', 2, 0, 1).op('STF64', 2, ABS, out); break;
        case 1: f.op('CVTFF32', 4, 0).op('CVTFF32', 5, 1).op('ADDF32', 2, 4, 5).op('STF64', 2, ABS, out); break;
        case 2: f.op('DIVF', 2, 0, 1).op('STF64', 2, ABS, out); break;
        case 3: f.op('EQF', 2, 3, 3).op('SEXT32', 2, 2).op('ST64', 2, ABS, out); break;
        case 4: f.op('NEF', 2, 3, 3).op('SEXT32', 2, 2).op('ST64', 2, ABS, out); break;
        case 5: f.op('BOOLF', 2, 3).op('SEXT32', 2, 2).op('ST64', 2, ABS, out); break;
        case 6: f.op('NEGF', 2, 0).op('STF64', 2, ABS, out); break;
        default: f.op('CVTFF32', 2, 0).op('STF32', 2, ABS, out).op('LDF32', 6, ABS, out).op('STF64', 6, ABS, out); break;
      }
    });
    assert.equal(r.doubles[0], 0.1 + 0.2);
    assert.equal(r.doubles[1], Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    assert.equal(r.doubles[2], 0.5);
    assert.deepEqual(r.words.slice(3, 6), [0n, 1n, 1n]);
    assert.equal(r.doubles[6], -0.1);
    assert.equal(r.doubles[7], Math.fround(0.1));
  });

  it('matches gcc on this machine for the conversions (when gcc is installed)', function () {
    if (spawnSync('gcc', ['--version']).status !== 0) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'memscope-cvt-'));
    const src = join(dir, 'cvt.c');
    const list = DOUBLES.map((d) => (Number.isNaN(d) ? '0.0/0.0' : d === Infinity ? '1.0/0.0' : d.toExponential(17))).join(', ');
    writeFileSync(src, `#include <stdio.h>\nint main(void){ volatile double d[] = {${list}}; for (int i = 0; i < ${DOUBLES.length}; i++) { double x = d[i]; printf("%d %u %ld %lu\\n", (int)x, (unsigned)x, (long)x, (unsigned long)x); } return 0; }\n`);
    const cc = spawnSync('gcc', ['-std=c11', '-O0', '-o', join(dir, 'cvt'), src]);
    assert.equal(cc.status, 0);
    const native = spawnSync(join(dir, 'cvt'), { encoding: 'utf8' }).stdout.trim().split('\n');
    const r = results(DOUBLES.length * 4, (f, i, out) => {
      const op = (['CVTFI32', 'CVTFU32', 'CVTFI64', 'CVTFU64'] as const)[i % 4];
      f.op('LIF', 0, DOUBLES[i >> 2]!).op(op, 2, 0);
      if (op === 'CVTFI32' || op === 'CVTFU32') f.op('SEXT32', 2, 2);
      f.op('ST64', 2, ABS, out);
    });
    const ours = DOUBLES.map((_, j) => `${I32(r.words[4 * j]!)} ${U32(r.words[4 * j + 1]!)} ${r.words[4 * j + 2]} ${U64(r.words[4 * j + 3]!)}`);
    assert.deepEqual(ours, native);
  });
});

describe(`${m.name}: ISA: loads and stores`, () => {
  it('sign/zero-extending loads of 1, 2, 4 bytes; 8-byte values beyond 2^53 survive memory', () => {
    const r = results(6, (f, i, out) => {
      f.op('LI64', 0, -2n).op('ST64', 0, ABS, out);
      switch (i) {
        case 0: f.op('LD8S', 1, ABS, out).op('SEXT32', 1, 1); break;
        case 1: f.op('LD8U', 1, ABS, out).op('SEXT32', 1, 1); break;
        case 2: f.op('LD16S', 1, ABS, out).op('SEXT32', 1, 1); break;
        case 3: f.op('LD16U', 1, ABS, out).op('SEXT32', 1, 1); break;
        case 4: f.op('LD32', 1, ABS, out).op('ZEXT32', 1, 1); break;
        default: f.op('LI64', 0, 0x7fedcba987654321n).op('ST64', 0, ABS, out).op('LD64', 1, ABS, out); break;
      }
      f.op('ST64', 1, ABS, out);
    });
    assert.deepEqual(r.words, [-2n, 254n, -2n, 65534n, 4294967294n, 0x7fedcba987654321n]);
  });

  it('COPY moves bytes with memmove semantics (overlap included) and ZERO clears them', () => {
    // Slots 0–2 of the output: slot0 = X; slot1 = copy of slot0; then slot0+1 ← slot0 (8 bytes,
    // overlapping); then 2 zero bytes at slot1+3.
    const r = results(3, (f, i, out) => {
      const slot0 = out - 8 * i;
      if (i === 0) f.op('LI64', 0, 0x1122334455667788n).op('ST64', 0, ABS, out);
      if (i === 1) f.op('ADDR', 1, ABS, out, 0).op('ADDR', 2, ABS, slot0, 0).op('COPY', 1, 2, 8);
      if (i === 2) f.op('ADDR', 1, ABS, slot0 + 1, 0).op('ADDR', 2, ABS, slot0, 0).op('COPY', 1, 2, 8).op('ADDR', 1, ABS, slot0 + 8 + 3, 0).op('ZERO', 1, 2);
    });
    const model = new Uint8Array(24);
    const view = new DataView(model.buffer);
    view.setBigInt64(0, 0x1122334455667788n, true);
    model.copyWithin(8, 0, 8);
    model.copyWithin(1, 0, 8);
    model.fill(0, 11, 13);
    assert.deepEqual(r.words, [0, 8, 16].map((o) => view.getBigInt64(o, true)));
  });
});
  });
}
