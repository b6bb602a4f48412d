// Launching: the capabilities VS Code reads, compile errors as a clear launch failure (never a hang),
// program output in the debug console by category, stdin from the launch attributes, and the exit code
// with the heap and leak summaries at the end.
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { collectOutput, failure, lineOf, useAdapter } from './harness';

const HELLO = `#include <stdio.h>
int main(void) {
  printf("hello from memscope\\n");
  fprintf(stderr, "to stderr\\n");
  return 3;
}
`;

const LEAK = `#include <stdlib.h>
char *kept;
int main(void) {
  kept = malloc(10);
  char *lost = malloc(16); // @lost
  lost = NULL;
  kept[0] = 'x';
  return 0;
}
`;

async function runToEnd(f: ReturnType<typeof useAdapter>, program: string, launch: Record<string, unknown> = {}): Promise<{ exit: DebugProtocol.ExitedEvent }> {
  const exited = f.dc.waitForEvent('exited') as Promise<DebugProtocol.ExitedEvent>;
  const terminated = f.dc.waitForEvent('terminated');
  await Promise.all([f.dc.configurationSequence(), f.dc.launch({ program, ...launch })]);
  const exit = await exited;
  await terminated;
  return { exit };
}

describe('DAP: initialize and launch', () => {
  const f = useAdapter();

  it('announces every capability the adapter implements', async () => {
    const r = await f.dc.initializeRequest();
    const c = r.body!;
    for (const flag of [
      'supportsConfigurationDoneRequest', 'supportsFunctionBreakpoints', 'supportsConditionalBreakpoints', 'supportsHitConditionalBreakpoints',
      'supportsLogPoints', 'supportsBreakpointLocationsRequest', 'supportsInstructionBreakpoints', 'supportsDataBreakpoints', 'supportsDataBreakpointBytes',
      'supportsEvaluateForHovers', 'supportsSetVariable', 'supportsSetExpression', 'supportsCompletionsRequest', 'supportsExceptionFilterOptions',
      'supportsExceptionInfoRequest', 'supportsSteppingGranularity', 'supportsReadMemoryRequest', 'supportsWriteMemoryRequest', 'supportsDisassembleRequest',
      'supportsValueFormattingOptions', 'supportsRestartRequest', 'supportsTerminateRequest', 'supportsDelayedStackTraceLoading',
    ] as const) {
      assert.equal(c[flag], true, flag);
    }
    assert.deepEqual(c.exceptionBreakpointFilters?.map((x) => x.filter), ['segfault', 'stack-overflow', 'out-of-bounds', 'use-after-free', 'bad-free', 'uninitialized', 'leak', 'out-of-memory']);
    assert.ok(c.exceptionBreakpointFilters?.every((x) => x.supportsCondition));
  });

  it('shows the program output as stdout and stderr, then the exit code and the heap summary', async () => {
    const out = collectOutput(f.dc);
    const { exit } = await runToEnd(f, f.write('hello.c', HELLO));
    assert.equal(exit.body.exitCode, 3);
    assert.equal(out.text('stdout'), 'hello from memscope\n');
    assert.match(out.text('stderr'), /^to stderr\n/);
    assert.match(out.text('console'), /the program exited with code 3/);
    assert.match(out.text('console'), /HEAP SUMMARY:[\s\S]*All heap blocks were freed/);
  });

  it('prints the leak summary at the end, with the allocation line under leakCheck full', async () => {
    const out = collectOutput(f.dc);
    await runToEnd(f, f.write('leak.c', LEAK), { leakCheck: 'full' });
    const console = out.text('console');
    assert.match(console, /definitely lost: 16 bytes in 1 blocks/);
    assert.match(console, /still reachable: 10 bytes in 1 blocks/);
    assert.match(console, new RegExp(`16 bytes in 1 blocks are definitely lost[\\s\\S]*leak\\.c:${lineOf(LEAK, '@lost')}`));
  });

  it('feeds the stdin attribute to the program', async () => {
    const out = collectOutput(f.dc);
    const program = f.write('echo.c', '#include <stdio.h>\nint main(void) {\n  int a, b;\n  if (scanf("%d %d", &a, &b) != 2) return 1;\n  printf("sum %d\\n", a + b);\n  return 0;\n}\n');
    const { exit } = await runToEnd(f, program, { stdin: '20 22\n' });
    assert.equal(exit.body.exitCode, 0);
    assert.equal(out.text('stdout'), 'sum 42\n');
  });

  it('reads stdin from stdinFile, relative to cwd', async () => {
    const out = collectOutput(f.dc);
    const program = f.write('cat.c', '#include <stdio.h>\nint main(void) {\n  int c;\n  while ((c = getchar()) != EOF) putchar(c);\n  return 0;\n}\n');
    f.write('input.txt', 'line one\nline two\n');
    await runToEnd(f, program, { stdinFile: 'input.txt', cwd: f.dir });
    assert.equal(out.text('stdout'), 'line one\nline two\n');
  });

  it('passes args as argv', async () => {
    const out = collectOutput(f.dc);
    const program = f.write('args.c', '#include <stdio.h>\nint main(int argc, char **argv) {\n  for (int i = 0; i < argc; i++) printf("[%s]", argv[i]);\n  printf("\\n");\n  return 0;\n}\n');
    await runToEnd(f, program, { args: ['one', 'two words'] });
    assert.equal(out.text('stdout'), '[args][one][two words]\n');
  });

  it('reports compile errors as a failed launch, with gcc-style diagnostics in the debug console, and ends', async () => {
    const out = collectOutput(f.dc);
    const program = f.write('broken.c', 'int main(void) {\n  int x = 1\n  return x;\n}\n');
    const terminated = f.dc.waitForEvent('terminated');
    await f.dc.initializeRequest();
    const message = await failure(f.dc.launchRequest({ program } as DebugProtocol.LaunchRequestArguments));
    assert.match(message, /broken\.c has 1 compile error/);
    await terminated;
    assert.match(out.text('stderr'), /broken\.c:2:12: error: expected .*';'/);
    assert.match(out.text('stderr'), /\n +2 \| +int x = 1\n/);
  });

  it('refuses a missing program and a bad attribute with a message', async () => {
    await f.dc.initializeRequest();
    assert.match(await failure(f.dc.launchRequest({ program: `${f.dir}/nowhere.c` } as DebugProtocol.LaunchRequestArguments)), /cannot read .*nowhere\.c/);
    const program = f.write('ok.c', HELLO);
    assert.match(await failure(f.dc.launchRequest({ program, stackSize: 'huge' } as DebugProtocol.LaunchRequestArguments)), /"stackSize": 'huge' is not a size/);
    assert.match(await failure(f.dc.launchRequest({ program, physMem: '2G' } as DebugProtocol.LaunchRequestArguments)), /could not start the program: physical memory must be .* between 16 KiB and 1 GiB/);
  });

  it('stops on entry at the first statement of main', async () => {
    const program = f.write('entry.c', HELLO);
    const stopped = f.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([f.dc.configurationSequence(), f.dc.launch({ program, stopOnEntry: true })]);
    assert.equal((await stopped).body.reason, 'entry');
    const trace = await f.dc.stackTraceRequest({ threadId: 1 });
    assert.equal(trace.body.stackFrames[0]!.name, 'main');
    assert.equal(trace.body.stackFrames[0]!.line, 3);
  });

  it('runs without stopping at breakpoints under noDebug', async () => {
    const out = collectOutput(f.dc);
    const program = f.write('nodebug.c', HELLO);
    const exited = f.dc.waitForEvent('exited');
    await Promise.all([
      f.dc.waitForEvent('initialized').then(async () => {
        await f.dc.setBreakpointsRequest({ source: { path: program }, breakpoints: [{ line: 3 }] });
        await f.dc.configurationDoneRequest();
      }),
      f.dc.launch({ program, noDebug: true }),
    ]);
    await exited;
    assert.equal(out.text('stdout'), 'hello from memscope\n');
  });
});
