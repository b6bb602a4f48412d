// What F5 says when the program does not compile (launch.ts's compileRefusal, shown by the
// configuration provider instead of starting a session).
import { strict as assert } from 'node:assert';
import { compileRefusal } from '../../../src/extension/launch';
import { checkWithEngine } from '../../../src/extension/engine-check';

const FILE = '/work/count.c';
const read = (source: string) => (path: string) => (path === FILE ? source : undefined);

describe('F5 on a program that does not compile', () => {
  it('names the count of errors and the first with its line, from the engine’s compiler', () => {
    const diagnostics = checkWithEngine(FILE, read('int main(void) {\n  int total = 0\n  return total;\n}\n'));
    assert.equal(compileRefusal(FILE, diagnostics), "memscope: count.c has 1 compile error — line 2: expected ',' or ';' before 'return'. The Problems panel lists it.");
  });

  it('counts every error', () => {
    const diagnostics = checkWithEngine(FILE, read('int main(void) {\n  return a + b;\n}\n'));
    assert.match(compileRefusal(FILE, diagnostics)!, /^memscope: count\.c has 2 compile errors — line 2: .*'a' undeclared.*lists them all\.$/);
  });

  it('lets a program with only warnings start', () => {
    const diagnostics = checkWithEngine(FILE, read('int main(void) {\n  int unused;\n  return 0;\n}\n'));
    assert.ok(diagnostics.length > 0, 'there is a warning');
    assert.equal(compileRefusal(FILE, diagnostics), undefined);
  });
});
