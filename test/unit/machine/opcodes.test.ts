import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPS, Op } from '../../../src/engine/compile/isa';

describe('CPU dispatch labels', () => {
  // cpu.ts uses numeric literals as case labels (V8 builds a jump table only for literals), each with
  // the opcode's name in a comment: they must agree with isa.ts, and every opcode must be handled.
  const source = readFileSync(join(__dirname, '../../../src/engine/machine/cpu.ts'), 'utf8');
  const labels = [...source.matchAll(/case (\d+) \/\* ([A-Z0-9_]+) \*\//g)].map((m) => ({ value: Number(m[1]), name: m[2]! }));

  it('every commented case label is the opcode of that name', () => {
    assert.ok(labels.length >= OPS.length);
    for (const { value, name } of labels) {
      if (name === 'BREAK' || name === 'PAGE_ENTRY') continue;
      assert.equal(Op[name as keyof typeof Op], value, `case ${value} is labelled ${name}`);
    }
  });

  it('every ISA opcode has a case', () => {
    const handled = new Set(labels.map((l) => l.value));
    for (let op = 0; op < OPS.length; op++) assert.ok(handled.has(op), `${OPS[op]!.name} (${op}) has no case in cpu.ts`);
  });
});
