import { strict as assert } from 'node:assert';
import { isPanelMessage, revealMessage } from '../../../src/protocol/messages';

describe('panel message contract', () => {
  it('accepts each well-formed panel message', () => {
    for (const m of [
      { kind: 'ready', panel: 'memory-map', step: null },
      { kind: 'ready', panel: 'paging', step: 12 },
      { kind: 'resync', panel: 'paging' },
      { kind: 'reveal', file: 'list.c', line: 3, column: 1 },
      { kind: 'select-address', pid: 1, address: 0x4052a0, origin: 'typed' },
      { kind: 'highlight', pid: 2, address: 0x405000, size: 4096 },
    ]) assert.ok(isPanelMessage(m), JSON.stringify(m));
  });

  it('rejects unknown kinds and malformed fields', () => {
    for (const m of [
      null, 'ready', { kind: 'eval', code: '1' }, { kind: 'ready', panel: 'other', step: null },
      { kind: 'reveal', file: 3, line: 1, column: 1 }, { kind: 'reveal', file: 'a.c', line: -1, column: 1 },
      { kind: 'select-address', pid: 1, address: '0x10', origin: 'typed' }, { kind: 'select-address', pid: 1, address: 16, origin: 'elsewhere' },
      { kind: 'highlight', pid: 1, address: 1.5, size: 1 },
    ]) assert.equal(isPanelMessage(m), false, JSON.stringify(m));
  });

  it('turns a snapshot site into a reveal message, or none for library code', () => {
    assert.deepEqual(revealMessage(['/src/list.c'], { file: 0, line: 12, column: 0 }), { kind: 'reveal', file: '/src/list.c', line: 12, column: 1 });
    assert.equal(revealMessage(['/src/list.c'], { file: 0, line: 0, column: 0 }), null);
    assert.equal(revealMessage([], { file: 0, line: 4, column: 1 }), null);
  });
});
