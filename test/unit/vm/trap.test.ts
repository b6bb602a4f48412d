// C11 6.9.1p12: reaching the end of a non-void function is fine if the caller does not use the value. The
// compiler ends such functions with TRAP 1; the machine treats it as RETV when the CALL has no destination
// register, and stops the process when the value is used.
import { strict as assert } from 'node:assert';
import { build } from '../compile/harness';
import { runProgram } from '../../../src/engine/run';

const source = (use: boolean) => `
#include <stdio.h>
int maybe(int x) {
  if (x) return 10;
}
int main(void) {
  maybe(0);
  ${use ? 'int v = maybe(0);\n  printf("%d\\n", v);' : 'printf("%d\\n", maybe(1));'}
  return 0;
}`;

describe('falling off the end of a non-void function', () => {
  for (const jit of [false, true]) {
    const mode = jit ? 'JIT' : 'interpreter';
    it(`${mode}: returns normally when the caller ignores the value`, () => {
      const r = runProgram(build(source(false)), { jit });
      assert.equal(r.exitCode, 0);
      assert.equal(r.stdout, '10\n');
    });

    it(`${mode}: stops the process when the caller uses the value`, () => {
      const r = runProgram(build(source(true)), { jit });
      assert.equal(r.signal, 'SIGILL');
      assert.match(r.reason ?? '', /control reached the end of a non-void function/);
      assert.equal(r.stdout, '');
    });
  }
});
