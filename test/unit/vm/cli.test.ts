// `memscope run` with virtual memory: the options reach the machine, the OOM killer's kernel line is on
// stderr with status 137, --stats prints every process, and the JSON report carries real counters.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function memscope(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'memscope.js'), ...args], { encoding: 'utf8', timeout: 120000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'memscope-vm-'));
function file(name: string, source: string): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

describe('memscope run: virtual memory', function () {
  this.timeout(180000);

  it('prints the OOM killer\'s kernel line on stderr and exits 137 when the program is killed', () => {
    const path = file('greedy.c', '#include <stdlib.h>\nint main(void) { for (;;) { char *p = malloc(4096); p[0] = 1; } }\n');
    const r = memscope(['run', '-q', '--phys-mem', '256K', '--swap', '64K', path]);
    assert.equal(r.status, 137);
    assert.match(r.stderr, /^Out of memory: Killed process 1 \(greedy\) total-vm:\d+kB, anon-rss:\d+kB$/m);
  });

  it('tells the leaks of a process the OOM killer ended, as they were when it was killed', () => {
    // 64 GiB asked for and one page touched, then pages touched until RAM and swap run out. The leak
    // check is made before the kernel takes the pages back: the lost blocks are lost, the kept ones kept
    // (and the scan reads only the pages the huge block has, not its 16 million).
    const path = file('hog.c', `#include <stdlib.h>
char *kept;
int main(void) {
  kept = malloc((size_t)1 << 36);
  kept[0] = 1;
  for (int i = 0; i < 3; i++) malloc(100);
  for (;;) { char *p = malloc(4096); p[0] = 1; }
}
`);
    const r = memscope(['run', '--phys-mem', '256K', '--swap', '64K', path]);
    assert.equal(r.status, 137);
    assert.match(r.stderr, /definitely lost: [\d,]+ bytes in \d+ blocks/);
    const lost = Number(/definitely lost: [\d,]+ bytes in (\d+) blocks/.exec(r.stderr)![1]);
    assert.ok(lost > 3, r.stderr);
    // The 64 GiB block from a global, and the page p held when the kernel stepped in.
    assert.match(r.stderr, /still reachable: 68,719,480,832 bytes in 2 blocks/);
  });

  it('prints each child\'s own HEAP, LEAK and ERROR SUMMARY when it ends, as valgrind does for every process', () => {
    const path = file('child_leak.c', `#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  char *p = malloc(10);
  pid_t pid = fork();
  if (pid == 0) {
    char *q = malloc(20);
    q[0] = 0;
    q = NULL;
    printf("child\\n");
    exit(q != NULL);
  }
  wait(NULL);
  free(p);
  return 0;
}
`);
    const r = memscope(['run', '--leak-check=full', path]);
    assert.equal(r.status, 0);
    const child = r.stderr.slice(r.stderr.indexOf('==2== HEAP SUMMARY:'), r.stderr.indexOf('==1== HEAP SUMMARY:'));
    assert.ok(child.length > 0, r.stderr);
    // The child inherited p (still reachable from its stack) and lost q at line 11.
    assert.match(child, /==2==     in use at exit: 30 bytes in 2 blocks/);
    assert.match(child, /==2== 20 bytes in 1 blocks are definitely lost in loss record \d of 2\n==2==    at 0x[0-9a-f]+: malloc\n==2==    by 0x[0-9a-f]+: main \(.*child_leak\.c:9\)/);
    assert.match(child, /==2==    definitely lost: 20 bytes in 1 blocks\n/);
    assert.match(child, /==2==    still reachable: 10 bytes in 1 blocks\n/);
    assert.match(child, /==2== ERROR SUMMARY: 1 errors from 1 contexts/);
    assert.match(r.stderr, /==1== All heap blocks were freed -- no leaks are possible/);
    assert.doesNotMatch(memscope(['run', '-q', path]).stderr, /==2==/, '-q prints no summary of a child either');
  });

  it('--stats prints a column per process; --report has processes with their own counters; --page-policy and --swap are used', () => {
    const path = file('forked.c', `
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void) {
  int *a = malloc(512 * 1024);
  for (int i = 0; i < 128 * 1024; i += 1024) a[i] = i;
  if (fork() == 0) { a[0] = 1; exit(3); }
  int s;
  wait(&s);
  return WEXITSTATUS(s);
}
`);
    const report = join(dir, 'report.json');
    const r = memscope(['run', '-q', '--stats', '--phys-mem', '256K', '--swap', '2M', '--page-policy', 'fifo', '--report', report, path]);
    assert.equal(r.status, 3);
    assert.match(r.stderr, /memory statistics:\n\s+pid 1\s+pid 2\n/);
    assert.match(r.stderr, /state\s+exited\s+exited/);
    assert.match(r.stderr, /swap: [1-9][\d,]* pages written/);
    const json = JSON.parse(readFileSync(report, 'utf8'));
    assert.deepEqual(json.processes.map((p: { pid: number; ppid: number; exitCode: number }) => [p.pid, p.ppid, p.exitCode]), [[1, 0, 3], [2, 1, 3]]);
    assert.ok(json.memory.majorFaults > 0, 'it swapped in 256 KiB of RAM');
    assert.ok(json.memory.rssPeak <= 256 * 1024);
    assert.ok(json.processes[1].memory.cowFaults >= 1);
    assert.equal(json.memory.vsz, json.processes[0].memory.vsz);
  });
});
