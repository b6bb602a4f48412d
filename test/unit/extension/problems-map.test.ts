import { strict as assert } from 'node:assert';
import type { Diagnostic } from '../../../src/engine/diagnostics';
import { problemsByFile, toProblem } from '../../../src/extension/problems-map';

function diagnostic(overrides: Partial<Diagnostic> & { file?: string; line?: number; column?: number }): Diagnostic {
  return {
    severity: overrides.severity ?? 'error',
    message: overrides.message ?? "expected ';' before '}'",
    location: { file: overrides.file ?? '/w/main.mc', line: overrides.line ?? 3, column: overrides.column ?? 5 },
    length: overrides.length ?? 4,
    hint: overrides.hint,
    code: overrides.code ?? 'syntax',
  };
}

describe('extension problems: engine diagnostics to Problems-panel entries', () => {
  it('converts 1-based line and column to a 0-based range as long as the offending text', () => {
    const p = toProblem(diagnostic({ line: 3, column: 5, length: 4 }), '/w/main.mc');
    assert.deepEqual([p.line, p.startColumn, p.endColumn], [2, 4, 8]);
    assert.equal(p.file, '/w/main.mc');
  });

  it('keeps at least one character under the squiggle', () => {
    const p = toProblem(diagnostic({ line: 1, column: 1, length: 0 }), '/w/main.mc');
    assert.deepEqual([p.line, p.startColumn, p.endColumn], [0, 0, 1]);
  });

  it('maps severities: error, warning, and note as information', () => {
    assert.equal(toProblem(diagnostic({ severity: 'error' }), 'f').severity, 'error');
    assert.equal(toProblem(diagnostic({ severity: 'warning' }), 'f').severity, 'warning');
    assert.equal(toProblem(diagnostic({ severity: 'note' }), 'f').severity, 'information');
  });

  it('keeps the code and appends the hint to the message', () => {
    const p = toProblem(diagnostic({ code: 'implicit-declaration', message: "implicit declaration of function 'prinf'", hint: 'did you mean printf?' }), '/w/main.mc');
    assert.equal(p.code, 'implicit-declaration');
    assert.equal(p.message, "implicit declaration of function 'prinf'\nhint: did you mean printf?");
    assert.equal(toProblem(diagnostic({ message: 'm' }), 'f').message, 'm');
  });

  it('shows a problem inside a built-in header on the checked file, naming the header position', () => {
    const p = toProblem(diagnostic({ file: '<builtin>/stdio.h', line: 40, column: 7, message: 'conflicting types for printf' }), '/w/main.mc');
    assert.equal(p.file, '/w/main.mc');
    assert.deepEqual([p.line, p.startColumn, p.endColumn], [0, 0, 1]);
    assert.equal(p.message, '<builtin>/stdio.h:40:7: conflicting types for printf');
  });

  it('groups problems by the file they belong to, always including the checked file', () => {
    const groups = problemsByFile([
      diagnostic({ file: '/w/main.mc', line: 2 }),
      diagnostic({ file: '/w/list.h', line: 7, severity: 'warning' }),
      diagnostic({ file: '/w/main.mc', line: 9 }),
    ], '/w/main.mc');
    assert.deepEqual([...groups.keys()], ['/w/main.mc', '/w/list.h']);
    assert.deepEqual(groups.get('/w/main.mc')!.map((p) => p.line), [1, 8]);
    assert.deepEqual(groups.get('/w/list.h')!.map((p) => [p.line, p.severity]), [[6, 'warning']]);
    assert.deepEqual([...problemsByFile([], '/w/ok.mc')], [['/w/ok.mc', []]]);
  });
});
