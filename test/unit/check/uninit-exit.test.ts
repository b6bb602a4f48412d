// An undefined exit status is reported as valgrind reports it ("Syscall param exit_group(status)
// contains uninitialised byte(s)"), whether the program calls exit(x) or returns x from main; the error
// is a stop of its own before the end, so a debugger or `memscope run` tells it although nothing of the
// process runs after it. After main's return, exit's caller is shown as valgrind shows it, "(below main)",
// at main's closing line.
import { strict as assert } from 'node:assert';
import { Machine, type StopEvent } from '../../../src/engine/machine/machine';
import { createAllocator } from '../../../src/engine/heap/allocator';
import { LIBC } from '../../../src/engine/libc/index';
import { compileSource, lineOf } from '../snapshot/take-harness';
import { MODES } from '../machine/harness';
import { formatError } from '../../../src/engine/check/report-text';

const MESSAGE = 'Syscall param exit_group(status) contains uninitialised byte(s)';

function stops(source: string, options: object): { events: StopEvent[]; machine: Machine } {
  const machine = new Machine(compileSource(source), { natives: LIBC, allocator: createAllocator, stopOnErrors: true, ...options }, { write: () => undefined, readStdin: () => -1 });
  const events: StopEvent[] = [];
  for (;;) {
    const e = machine.run(1e7);
    if (e.kind === 'budget') continue;
    events.push(e);
    if (e.kind !== 'error') return { events, machine };
  }
}

for (const mode of MODES) {
  describe(`${mode.name}: an uninitialised exit status`, () => {
    it('return x from main: reported in valgrind\'s words, by "(below main)" at main\'s closing line, then the exit with the defined low byte', () => {
      const src = `int main(void) {
  int status;
  ((char *)&status)[0] = 3;
  return status;
} // @close
`;
      const { events, machine } = stops(src, mode.options);
      assert.deepEqual(events.map((e) => e.kind), ['error', 'exited']);
      const error = events[0]!.kind === 'error' ? events[0]!.error : undefined;
      assert.equal(error?.kind, 'uninitialized');
      assert.equal(error?.message, MESSAGE);
      assert.equal(error?.stack[0]?.function, 'exit');
      // main has returned: exit's caller is the code below it, which valgrind calls "(below main)",
      // placed at main's closing line so that the error has a line in the program.
      assert.deepEqual(error?.stack.slice(1).map((f) => [f.function, f.line]), [['(below main)', lineOf(src, '@close')]]);
      const text = formatError(error!);
      assert.match(text, new RegExp(`==1== {4}at 0x[0-9a-f]+: exit\n==1== {4}by 0x[0-9a-f]+: \\(below main\\) \\(/virtual/prog\\.c:${lineOf(src, '@close')}\\)\n`));
      assert.match(error?.explanation ?? '', /never initialised/);
      assert.deepEqual(events[1], { kind: 'exited', status: 3 });
      assert.equal(machine.errors.length, 1);
    });

    it('exit(x) from a nested call: reported at the call, with the caller in the stack', () => {
      const src = `#include <stdlib.h>
static void finish(int status) {
  exit(status); // @exit
}
int main(void) {
  int status;
  finish(status);
}
`;
      const { events } = stops(src, mode.options);
      assert.deepEqual(events.map((e) => e.kind), ['error', 'exited']);
      const error = events[0]!.kind === 'error' ? events[0]!.error : undefined;
      assert.equal(error?.message, MESSAGE);
      assert.deepEqual(error?.stack.slice(1, 3).map((f) => [f.function, f.line]), [['finish', lineOf(src, '@exit')], ['main', 7]]);
      assert.ok(!error?.stack.some((f) => f.function === '(below main)'), 'main is on the stack: below it is not shown');
    });

    it('a defined status is not reported', () => {
      const { events } = stops('#include <stdlib.h>\nint main(void) {\n  int status = 4;\n  exit(status);\n}\n', mode.options);
      assert.deepEqual(events, [{ kind: 'exited', status: 4 }]);
    });
  });
}
