// The virtual-memory examples do what their comments promise: each comment names the numbers to expect,
// and this test holds them to it.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { compileFile } from '../../../src/engine';
import { runProgram, type RunResult } from '../../../src/engine/run';

const examples = join(__dirname, '..', '..', '..', 'examples');

function run(name: string): RunResult {
  const compiled = compileFile(join(examples, name));
  assert.ok(compiled.program, `${name} compiles`);
  return runProgram(compiled.program, { argv: [name.replace(/\.c$/, '')], leakCheck: false });
}

function line(r: RunResult, pid: number, n: number) {
  const proc = r.machine.processes.find((p) => p.pid === pid)!;
  return r.machine.faultsByLine(proc).find((l) => l.line === n) ?? { minor: 0, major: 0, cow: 0, invalid: 0 };
}

const KiB = 1024;

describe('virtual-memory examples', function () {
  this.timeout(60000);

  it('overcommit.c: VSZ above 4 GiB, RSS of about 56 KiB, 9 minor faults on line 23 and 2 on line 18', () => {
    const r = run('overcommit.c');
    assert.ok(r.memory.vsz > 4 * 2 ** 30);
    assert.ok(r.memory.rss <= 64 * KiB);
    assert.equal(line(r, 1, 23).minor, 9);
    assert.equal(line(r, 1, 18).minor, 2);
  });

  it('demand_paging.c: 128 minor faults, all on line 17; half the array never gets a frame', () => {
    const r = run('demand_paging.c');
    assert.equal(r.memory.minorFaults, 128);
    assert.equal(line(r, 1, 17).minor, 128);
    assert.ok(r.memory.vsz - r.memory.rss >= 512 * KiB);
  });

  it('swapping.c: about 1,000 major faults on line 19, none for the small array, seconds of simulated time', () => {
    const r = run('swapping.c');
    assert.equal(r.stdout, '0 1024\n');
    assert.ok(line(r, 1, 19).major >= 1000, `${line(r, 1, 19).major}`);
    assert.equal(line(r, 1, 26).major, 0);
    assert.ok(r.memory.simulatedTimeNs > 5e9);
  });

  it('fork_isolation.c: the same address in both processes, different values', () => {
    const r = run('fork_isolation.c');
    const [child, parent] = r.stdout.trim().split('\n');
    const address = (s: string) => /&value = (0x[0-9a-f]+)/.exec(s)![1];
    assert.equal(address(child!), address(parent!));
    assert.match(child!, /value = 200$/);
    assert.match(parent!, /value = 100$/);
  });

  it('copy_on_write.c: the child copies exactly the 3 pages it writes, on line 23', () => {
    const r = run('copy_on_write.c');
    assert.equal(r.stdout, 'parent still sees 1\n');
    assert.equal(line(r, 2, 23).cow, 3);
    assert.equal(r.machine.counters(r.machine.processes[1]!).cowFaults, 3);
    const child = r.machine.counters(r.machine.processes[1]!);
    assert.ok(child.shared >= 256 * KiB && child.pss < child.rss);
  });

  it('shared_pss.c: RSS 416 KiB for each child, PSS about 141 KiB and 210 KiB', () => {
    const r = run('shared_pss.c');
    const [, a, b] = r.machine.processes.map((p) => r.machine.counters(p));
    assert.equal(a!.rss, 416 * KiB);
    assert.equal(b!.rss, 416 * KiB);
    assert.equal(a!.shared, 412 * KiB);
    assert.ok(Math.abs(a!.pss - 141 * KiB) < 2 * KiB, `${a!.pss}`);
    assert.ok(Math.abs(b!.pss - 210 * KiB) < 2 * KiB, `${b!.pss}`);
  });

  it('oom.c: the child is killed with the kernel\'s line, the parent sees signal 9', () => {
    const r = run('oom.c');
    assert.equal(r.stdout, 'child killed by signal 9\n');
    assert.equal(r.exitCode, 0);
    assert.match(r.machine.kernelLog[0]!, /^Out of memory: Killed process 2 \(oom\) total-vm:\d+kB, anon-rss:\d+kB$/);
  });

  it('invalid_fault.c: SIGSEGV at line 29, bad permissions, exit status 139', () => {
    const r = run('invalid_fault.c');
    assert.equal(r.exitCode, 139);
    const e = r.errors.find((x) => x.fatal)!;
    assert.equal(e.stack[0]?.line, 29);
    assert.ok(e.details.some((d) => d.includes('Bad permissions for mapped region')));
    assert.equal(r.memory.invalidFaults, 1);
  });
});
