// What the exception widget shows at a crash: the explanation, and valgrind's stack with each frame
// named by file and line as valgrind names them (the file's name, not its whole path: the widget is narrow).
import { strict as assert } from 'node:assert';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { lineOf, useAdapter } from './harness';

const SOURCE = `int dive(int depth) {
  char scratch[1000];
  scratch[0] = (char)depth;
  return dive(depth + 1) + scratch[0]; // @call
}

int main(void) {
  return dive(0);
}
`;

describe('the exception widget at a stack overflow', () => {
  const f = useAdapter();

  it('explains the overflow and lists the frames by file name and line', async () => {
    const program = f.write('deep.c', SOURCE);
    const stopped = f.dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await Promise.all([f.dc.waitForEvent('initialized').then(() => f.dc.configurationDoneRequest()), f.dc.launch({ program, stackSize: '64K' })]);
    const event = await stopped;
    assert.equal(event.body.reason, 'exception');
    const info = await f.dc.exceptionInfoRequest({ threadId: event.body.threadId! });
    assert.match(info.body.description ?? '', /needs a frame below the stack's limit of 65536 bytes/);
    const details = info.body.details!.stackTrace!;
    assert.match(details, new RegExp(`by 0x[0-9a-f]+: dive \\(deep\\.c:${lineOf(SOURCE, '@call')}\\)`));
    assert.doesNotMatch(details, /\//, 'no folder in the frames');
  });
});
