// Literal decoding tests: C11's integer type table for LP64 at every boundary, suffix forms, float
// rounding (including the double-rounding trap of float constants), escapes, multi-character constants
// and UTF-8 strings. gcc is the reference: the same literals are compiled with gcc -std=c11 and the
// values and types it prints must equal ours.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiagnosticSink } from '../../../src/engine/diagnostics';
import {
  concatStrings, isFloatingSpelling, parseCharLiteral, parseFloatLiteral, parseIntegerLiteral, parseNumberLiteral, parseStringLiteral,
} from '../../../src/engine/lang/literals';

const loc = { file: 't.c', line: 3, column: 7 };

function decode<T>(f: (text: string, l: typeof loc, sink: DiagnosticSink) => T, text: string): { result: T; sink: DiagnosticSink } {
  const sink = new DiagnosticSink();
  return { result: f(text, loc, sink), sink };
}

/** Compiles `body` inside main with gcc -std=c11 and returns its standard output lines. */
function gccLines(body: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'memscope-literals-'));
  try {
    const src = join(dir, 'l.c');
    const exe = join(dir, 'l');
    writeFileSync(src, `#include <stdio.h>\n#include <string.h>\n#define T(x) _Generic((x), int: "int", unsigned: "unsigned int", long: "long", unsigned long: "unsigned long", long long: "long long", unsigned long long: "unsigned long long", default: "other")\nint main(void) {\n${body}\nreturn 0;\n}\n`);
    execFileSync('gcc', ['-std=c11', '-w', '-o', exe, src]);
    return execFileSync(exe, { encoding: 'utf8' }).trimEnd().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const INTEGER_CASES = [
  '0', '7', '2147483647', '2147483648', '4294967295', '4294967296', '9223372036854775807',
  '0x7FFFFFFF', '0x80000000', '0xFFFFFFFF', '0x100000000', '0x7FFFFFFFFFFFFFFF', '0x8000000000000000', '0xFFFFFFFFFFFFFFFF',
  '017777777777', '020000000000', '037777777777', '040000000000', '01000000000000000000000', '0777',
  '1u', '4294967295U', '4294967296u', '1l', '2147483648L', '9223372036854775807l', '0x8000000000000000L', '1ul', '1LU',
  '1ll', '1LL', '0xFFFFFFFFFFFFFFFFll', '1ull', '1LLU', '1uLL', '1Ull', '0x8000000000000000ll',
];

const FLOAT_CASES = [
  '1.0', '0.1', '.5', '3.', '1e10', '1E-5', '2.5e+3', '0.1f', '3.14159265358979f', '1e-45f', '1e-46f', '1.17549435e-38f',
  '3.4028234e38f', '3.4028235677973366e38f', '1.000000059604644775390625f', '1.000000059604644775390625000000001f',
  '1.0000000596046447753906249999f', '0x1p0', '0x1.8p1', '0x.8p0', '0xA.Bp-2', '0x1p-1074', '0x1.fffffffffffffp1023',
  '0x1.ffffffp0f', '0x1.000001p0f', '0x1.0000018p0f', '4.9406564584124654e-324', '2.2250738585072011e-308',
  '1.7976931348623157e308', '123456789012345678901234567890.0', '0.000000000000000000000000000001',
];

describe('parseIntegerLiteral', () => {
  it('gives decimal constants the first signed type that holds them', () => {
    const cases: [string, string][] = [['2147483647', 'int'], ['2147483648', 'long'], ['9223372036854775807', 'long'], ['0', 'int']];
    for (const [text, type] of cases) {
      const { result, sink } = decode(parseIntegerLiteral, text);
      assert.equal(result?.type, type, text);
      assert.equal(result?.value, BigInt(text), text);
      assert.equal(sink.all.length, 0);
    }
  });

  it('lets octal and hex constants take the unsigned type after each signed one', () => {
    const cases: [string, bigint, string][] = [
      ['0x7FFFFFFF', 0x7fffffffn, 'int'], ['0xFFFFFFFF', 0xffffffffn, 'unsigned int'], ['0x100000000', 0x100000000n, 'long'],
      ['0xFFFFFFFFFFFFFFFF', 0xffffffffffffffffn, 'unsigned long'], ['037777777777', 0xffffffffn, 'unsigned int'],
      ['0777', 511n, 'int'], ['00', 0n, 'int'],
    ];
    for (const [text, value, type] of cases) {
      const { result } = decode(parseIntegerLiteral, text);
      assert.deepEqual(result, { value, type }, text);
    }
  });

  it('accepts u, l and ll suffixes in any legal order and case', () => {
    const cases: [string, string][] = [
      ['1u', 'unsigned int'], ['1U', 'unsigned int'], ['1l', 'long'], ['1L', 'long'], ['1ul', 'unsigned long'],
      ['1lu', 'unsigned long'], ['1UL', 'unsigned long'], ['1Lu', 'unsigned long'], ['1ll', 'long long'], ['1LL', 'long long'],
      ['1ull', 'unsigned long long'], ['1LLU', 'unsigned long long'], ['1uLL', 'unsigned long long'], ['1llU', 'unsigned long long'],
      ['4294967296u', 'unsigned long'], ['0xFFFFFFFFFFFFFFFFll', 'unsigned long long'], ['0x8000000000000000L', 'unsigned long'],
    ];
    for (const [text, type] of cases) {
      const { result, sink } = decode(parseIntegerLiteral, text);
      assert.equal(result?.type, type, text);
      assert.equal(result?.value, BigInt(text.replace(/[uUlL]+$/, '')), text);
      assert.equal(sink.all.length, 0, text);
    }
  });

  it('rejects mixed-case ll, doubled u and unknown suffixes with gcc\'s words', () => {
    for (const [text, suffix] of [['1lL', 'lL'], ['1Ll', 'Ll'], ['1uu', 'uu'], ['1lul', 'lul'], ['12abc', 'abc'], ['1lll', 'lll'], ['1f', 'f']]) {
      const { result, sink } = decode(parseIntegerLiteral, text);
      assert.equal(result, null, text);
      assert.equal(sink.all[0].message, `invalid suffix "${suffix}" on integer constant`, text);
      assert.deepEqual(sink.all[0].location, loc);
      assert.equal(sink.all[0].length, text.length);
    }
  });

  it('warns that a decimal constant beyond LLONG_MAX is unsigned', () => {
    const { result, sink } = decode(parseIntegerLiteral, '18446744073709551615');
    assert.deepEqual(result, { value: 18446744073709551615n, type: 'unsigned long' });
    assert.equal(sink.all.length, 1);
    assert.equal(sink.all[0].severity, 'warning');
    assert.equal(sink.all[0].message, 'integer constant is so large that it is unsigned');
    assert.equal(decode(parseIntegerLiteral, '9223372036854775808').result?.type, 'unsigned long');
    assert.equal(decode(parseIntegerLiteral, '9223372036854775808LL').result?.type, 'unsigned long long');
  });

  it('reports constants beyond 64 bits as too large', () => {
    for (const text of ['18446744073709551616', '0x10000000000000000', '99999999999999999999999999u', '02000000000000000000000']) {
      const { result, sink } = decode(parseIntegerLiteral, text);
      assert.equal(result, null, text);
      assert.equal(sink.all[0].severity, 'error');
      assert.equal(sink.all[0].message, 'integer constant is too large for its type');
    }
  });

  it('rejects 8 and 9 in octal, an empty hex constant and GNU binary constants', () => {
    assert.equal(decode(parseIntegerLiteral, '08').sink.all[0].message, 'invalid digit "8" in octal constant');
    assert.equal(decode(parseIntegerLiteral, '0129').sink.all[0].message, 'invalid digit "9" in octal constant');
    assert.equal(decode(parseIntegerLiteral, '0x').sink.all[0].message, 'invalid suffix "x" on integer constant');
    const binary = decode(parseIntegerLiteral, '0b101');
    assert.equal(binary.result, null);
    assert.match(binary.sink.all[0].message, /binary constants are a GNU extension/);
  });

  it('agrees with gcc on the value and type of every boundary case', () => {
    const lines = gccLines(INTEGER_CASES.map((c) => `printf("%s %llu\\n", T(${c}), (unsigned long long)(${c}));`).join('\n'));
    INTEGER_CASES.forEach((text, i) => {
      const { result } = decode(parseIntegerLiteral, text);
      assert.equal(`${result?.type} ${result?.value}`, lines[i], text);
    });
  });
});

describe('parseFloatLiteral', () => {
  it('decodes decimal and hex floats with their types', () => {
    const cases: [string, number, string][] = [
      ['1.5', 1.5, 'double'], ['.5f', 0.5, 'float'], ['3.', 3, 'double'], ['1e3', 1000, 'double'], ['2.5E-1', 0.25, 'double'],
      ['0x1.8p1', 3, 'double'], ['0x.8p0', 0.5, 'double'], ['0x1p-2F', 0.25, 'float'], ['1.0L', 1, 'long double'],
      ['0.1f', Math.fround(0.1), 'float'], ['0.1', 0.1, 'double'],
    ];
    for (const [text, value, type] of cases) {
      const { result, sink } = decode(parseFloatLiteral, text);
      assert.deepEqual(result, { value, type }, text);
      assert.equal(sink.all.length, 0, text);
    }
  });

  it('rounds a float constant once, not through double, at a halfway point', () => {
    // 1 + 2^-24 is exactly halfway between the floats 1 and 1 + 2^-23; a tail above it must round up.
    assert.equal(decode(parseFloatLiteral, '1.000000059604644775390625000000001f').result?.value, 1 + 2 ** -23);
    assert.equal(decode(parseFloatLiteral, '1.000000059604644775390625f').result?.value, 1, 'an exact tie goes to even');
    assert.equal(decode(parseFloatLiteral, '1.0000000596046447753906249999999f').result?.value, 1);
    assert.equal(Math.fround(1.000000059604644775390625000000001), 1, 'the naive way gets it wrong');
  });

  it('rounds hex floats to nearest even, subnormals included', () => {
    assert.equal(decode(parseFloatLiteral, '0x1p-1074').result?.value, 5e-324);
    assert.equal(decode(parseFloatLiteral, '0x1.0000000000001p-1075').result?.value, 5e-324);
    assert.equal(decode(parseFloatLiteral, '0x1.000001p0f').result?.value, 1, 'tie to even');
    assert.equal(decode(parseFloatLiteral, '0x1.0000018p0f').result?.value, 1 + 2 ** -23, 'above the tie');
  });

  it('warns when a constant overflows or underflows its type', () => {
    const big = decode(parseFloatLiteral, '1e400');
    assert.equal(big.result?.value, Infinity);
    assert.equal(big.sink.all[0].message, "floating constant exceeds range of 'double'");
    assert.equal(big.sink.all[0].severity, 'warning');
    assert.equal(decode(parseFloatLiteral, '1e40f').sink.all[0].message, "floating constant exceeds range of 'float'");
    const tiny = decode(parseFloatLiteral, '1e-400');
    assert.equal(tiny.result?.value, 0);
    assert.equal(tiny.sink.all[0].message, 'floating constant truncated to zero');
    assert.equal(decode(parseFloatLiteral, '0.0e-400').sink.all.length, 0, 'zero is not truncated');
  });

  it('reports malformed floating constants as gcc does', () => {
    const cases: [string, string][] = [
      ['1e', 'exponent has no digits'], ['1e+', 'exponent has no digits'], ['0x1p', 'exponent has no digits'],
      ['0x1.0', 'hexadecimal floating constants require an exponent'], ['1.0fl', 'invalid suffix "fl" on floating constant'],
      ['1.5u', 'invalid suffix "u" on floating constant'], ['1.2.3', 'too many decimal points in number'],
    ];
    for (const [text, message] of cases) {
      const { result, sink } = decode(parseFloatLiteral, text);
      assert.equal(result, null, text);
      assert.equal(sink.all[0].message, message, text);
      assert.equal(sink.all[0].severity, 'error');
    }
  });

  it('agrees bit for bit with gcc on hard cases', () => {
    const body = FLOAT_CASES.map((c) => /f$/i.test(c)
      ? `{ float v = ${c}; unsigned u; memcpy(&u, &v, 4); printf("%08x\\n", u); }`
      : `{ double v = ${c}; unsigned long long u; memcpy(&u, &v, 8); printf("%016llx\\n", u); }`).join('\n');
    const lines = gccLines(body);
    FLOAT_CASES.forEach((text, i) => {
      const value = decode(parseFloatLiteral, text).result?.value ?? NaN;
      const view = new DataView(new ArrayBuffer(8));
      let hex: string;
      if (/f$/i.test(text)) {
        view.setFloat32(0, value);
        hex = view.getUint32(0).toString(16).padStart(8, '0');
      } else {
        view.setFloat64(0, value);
        hex = view.getBigUint64(0).toString(16).padStart(16, '0');
      }
      assert.equal(hex, lines[i], text);
    });
  });
});

describe('parseNumberLiteral', () => {
  it('tells integer from floating spellings', () => {
    assert.equal(isFloatingSpelling('0x1e5'), false);
    assert.equal(isFloatingSpelling('1e5'), true);
    assert.equal(isFloatingSpelling('0x1p3'), true);
    assert.deepEqual(decode(parseNumberLiteral, '0x1e5').result, { kind: 'integer', value: 0x1e5n, type: 'int' });
    assert.deepEqual(decode(parseNumberLiteral, '1e2f').result, { kind: 'float', value: 100, type: 'float' });
  });
});

describe('parseCharLiteral', () => {
  it('decodes plain characters and every simple escape', () => {
    const cases: [string, number][] = [
      ["'a'", 97], ["'\\n'", 10], ["'\\t'", 9], ["'\\r'", 13], ["'\\a'", 7], ["'\\b'", 8], ["'\\f'", 12], ["'\\v'", 11],
      ["'\\\\'", 92], ["'\\''", 39], ["'\\\"'", 34], ["'\\?'", 63], ["'\"'", 34], ["'\\0'", 0], ["'\\101'", 65], ["'\\x41'", 65],
    ];
    for (const [text, value] of cases) {
      const { result, sink } = decode(parseCharLiteral, text);
      assert.deepEqual(result, { value }, text);
      assert.equal(sink.all.length, 0, text);
    }
  });

  it('sign-extends because plain char is signed', () => {
    assert.equal(decode(parseCharLiteral, "'\\xff'").result?.value, -1);
    assert.equal(decode(parseCharLiteral, "'\\200'").result?.value, -128);
    assert.equal(decode(parseCharLiteral, "'\\x7f'").result?.value, 127);
  });

  it('computes multi-character constants as gcc does, with a warning', () => {
    const two = decode(parseCharLiteral, "'ab'");
    assert.equal(two.result?.value, 0x6162);
    assert.equal(two.sink.all[0].message, 'multi-character character constant');
    assert.equal(decode(parseCharLiteral, "'abcd'").result?.value, 0x61626364);
    assert.equal(decode(parseCharLiteral, "'\\xff\\xff\\xff\\xff'").result?.value, -1);
    const five = decode(parseCharLiteral, "'abcde'");
    assert.equal(five.result?.value, 0x62636465);
    assert.equal(five.sink.all[0].message, 'character constant too long for its type');
  });

  it('reports empty, wide and out-of-range constants', () => {
    assert.equal(decode(parseCharLiteral, "''").sink.all[0].message, 'empty character constant');
    assert.match(decode(parseCharLiteral, "L'a'").sink.all[0].message, /not supported in Mini C/);
    const octal = decode(parseCharLiteral, "'\\400'");
    assert.equal(octal.result?.value, 0);
    assert.equal(octal.sink.all[0].message, 'octal escape sequence out of range');
    const hex = decode(parseCharLiteral, "'\\x100'");
    assert.equal(hex.result?.value, 0);
    assert.equal(hex.sink.all[0].message, 'hex escape sequence out of range');
  });

  it('agrees with gcc on escapes and multi-character values', () => {
    const cases = ["'a'", "'\\xff'", "'\\377'", "'ab'", "'abcd'", "'abcde'", "'\\x80\\x01'", "'\\0a'", "'\\1234'", "'\\xfff'"];
    const lines = gccLines(cases.map((c) => `printf("%d\\n", ${c});`).join('\n'));
    cases.forEach((text, i) => assert.equal(String(decode(parseCharLiteral, text).result?.value), lines[i], text));
  });
});

describe('parseStringLiteral', () => {
  const bytes = (text: string): number[] => Array.from(decode(parseStringLiteral, text).result ?? [-1]);

  it('decodes escapes to bytes without a terminating NUL', () => {
    assert.deepEqual(bytes('"a\\tb\\n"'), [97, 9, 98, 10]);
    assert.deepEqual(bytes('""'), []);
    assert.deepEqual(bytes('"\\x41\\101\\0\\0012"'), [65, 65, 0, 1, 50]);
    assert.deepEqual(bytes('"\\x41g"'), [65, 103], 'a hex escape stops at the first non-hex digit');
    assert.deepEqual(bytes('"\\\\\\"\\\'\\?"'), [92, 34, 39, 63]);
  });

  it('encodes non-ASCII characters and universal character names as UTF-8', () => {
    assert.deepEqual(bytes('"é"'), [0xc3, 0xa9]);
    assert.deepEqual(bytes('"😀"'), [0xf0, 0x9f, 0x98, 0x80]);
    assert.deepEqual(bytes('"\\u00e9\\U0001F600"'), [0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]);
  });

  it('warns about an unknown escape at its column and keeps the character', () => {
    const { result, sink } = decode(parseStringLiteral, '"ab\\qc"');
    assert.deepEqual(Array.from(result ?? []), [97, 98, 113, 99]);
    assert.equal(sink.all[0].severity, 'warning');
    assert.equal(sink.all[0].message, "unknown escape sequence: '\\q'");
    assert.equal(sink.all[0].location.column, loc.column + 3);
  });

  it('rejects \\x without digits and wide strings, accepts u8', () => {
    const { result, sink } = decode(parseStringLiteral, '"\\x"');
    assert.equal(result, null);
    assert.equal(sink.all[0].message, '\\x used with no following hex digits');
    assert.match(decode(parseStringLiteral, 'L"w"').sink.all[0].message, /not supported in Mini C/);
    assert.match(decode(parseStringLiteral, 'U"w"').sink.all[0].message, /not supported in Mini C/);
    assert.deepEqual(bytes('u8"é"'), [0xc3, 0xa9]);
  });

  it('reports a literal that has no closing quote', () => {
    const { result, sink } = decode(parseStringLiteral, '"abc');
    assert.equal(result, null);
    assert.equal(sink.all[0].message, 'missing terminating " character');
  });

  it('concatenates adjacent literals byte for byte', () => {
    const joined = concatStrings([Uint8Array.from([1, 2]), new Uint8Array(0), Uint8Array.from([3])]);
    assert.deepEqual(Array.from(joined), [1, 2, 3]);
  });
});
