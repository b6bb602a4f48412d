import { strict as assert } from 'node:assert';
import { activeFileProblem, checkLaunch, completeLaunch, launchForFile, launchSettings } from '../../../src/extension/launch';
import { DEFAULT_SETTINGS } from '../../../src/engine/settings';

describe('extension launch configuration', () => {
  const mc = { languageId: 'minic', path: '/w/list.mc', isUntitled: false };

  it('completes an empty configuration (F5 without launch.json) from the active Mini C file', () => {
    const decision = completeLaunch({}, mc);
    assert.equal(decision.kind, 'launch');
    if (decision.kind !== 'launch') return;
    assert.equal(decision.config.type, 'memscope');
    assert.equal(decision.config.request, 'launch');
    assert.equal(decision.config.program, '/w/list.mc');
    assert.equal(decision.config.name, 'memscope: list.mc');
  });

  it('completes a C file as well and keeps the attributes already given', () => {
    const decision = completeLaunch({ physMem: '64K', stopOnEntry: true }, { languageId: 'c', path: '/w/a.c', isUntitled: false });
    assert.equal(decision.kind, 'launch');
    if (decision.kind !== 'launch') return;
    assert.equal(decision.config.program, '/w/a.c');
    assert.equal(decision.config.physMem, '64K');
    assert.equal(decision.config.stopOnEntry, true);
  });

  it('leaves a configuration that names its program alone, whatever the active editor', () => {
    const decision = completeLaunch({ type: 'memscope', request: 'launch', name: 'x', program: '${workspaceFolder}/a.mc' }, undefined);
    assert.deepEqual(decision, { kind: 'launch', config: { type: 'memscope', request: 'launch', name: 'x', program: '${workspaceFolder}/a.mc' } });
  });

  it('refuses with a message naming what to do when no C file is active', () => {
    const none = completeLaunch({}, undefined);
    assert.equal(none.kind, 'refuse');
    assert.match(none.kind === 'refuse' ? none.message : '', /open a Mini C \(\.mc\) or C \(\.c\) file/);
    const python = completeLaunch({}, { languageId: 'python', path: '/w/x.py', isUntitled: false });
    assert.equal(python.kind, 'refuse');
    assert.match(python.kind === 'refuse' ? python.message : '', /active editor is python/);
    assert.match(activeFileProblem({ languageId: 'minic', path: undefined, isUntitled: true }) ?? '', /save this file first/);
    assert.equal(activeFileProblem(mc), undefined);
  });

  it('makes a run-without-debugging configuration for a file', () => {
    assert.deepEqual(launchForFile('/w/leak.mc', { noDebug: true }), { type: 'memscope', request: 'launch', name: 'memscope: leak.mc', program: '/w/leak.mc', noDebug: true });
  });

  it('turns the launch attributes into engine settings with the same parser as pragmas and the CLI', () => {
    const { settings, problems } = launchSettings({ stackSize: '64K', physMem: 1048576, swap: 0, pagePolicy: 'lru', heapPolicy: 'best', coalesce: false, heapLimit: '2K', tlbEntries: 16, maxSteps: 1000, leakCheck: 'full' });
    assert.deepEqual(problems, []);
    assert.deepEqual(settings, { stackSize: 65536, physMem: 1048576, swap: 0, pagePolicy: 'lru', heapPolicy: 'best', coalesce: false, heapLimit: 2048, tlbEntries: 16, maxSteps: 1000, leakCheck: 'full' });
    assert.deepEqual(launchSettings({}).settings, DEFAULT_SETTINGS);
  });

  it('reports each invalid attribute by name', () => {
    const problems = checkLaunch({ program: '/w/a.mc', stackSize: 'huge', pagePolicy: 'lifo' as never, tlbEntries: 3, stdin: 'x', stdinFile: 'in.txt', args: [1 as never] });
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('"stackSize"') && p.includes('not a size')));
    assert.ok(problems.some((p) => p.startsWith('"pagePolicy"') && p.includes('fifo, lru, clock, random, opt')));
    assert.ok(problems.some((p) => p.startsWith('"tlbEntries"') && p.includes('power of two')));
    assert.ok(problems.some((p) => p.includes('not both')));
    assert.ok(problems.some((p) => p.startsWith('"args"')));
  });

  it('requires a .mc or .c program', () => {
    assert.deepEqual(checkLaunch({ program: '/w/a.mc' }), []);
    assert.deepEqual(checkLaunch({ program: '/w/A.C' }), []);
    assert.match(checkLaunch({ program: '/w/a.py' })[0] ?? '', /must be a \.mc or \.c file/);
    assert.match(checkLaunch({})[0] ?? '', /"program" must name/);
  });
});
