// What the debug console receives: the program's stdout and stderr, memcheck's reports and memscope's
// own messages, gathered while a slice runs and sent when the adapter's loop is free again (or at once
// before a stop or the end), consecutive pieces of one category merged into one output event, so a
// program printing a character at a time does not flood the protocol.

import type { OutputCategory } from './debuggee';

export class ConsoleOutput {
  private pending: { text: string; category: OutputCategory }[] = [];
  private scheduled = false;

  constructor(private readonly send: (text: string, category: OutputCategory) => void) {}

  push(text: string, category: OutputCategory): void {
    if (text === '') return;
    this.pending.push({ text, category });
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  flush(): void {
    this.scheduled = false;
    const pending = this.pending;
    this.pending = [];
    let i = 0;
    while (i < pending.length) {
      const category = pending[i]!.category;
      let text = '';
      while (i < pending.length && pending[i]!.category === category) text += pending[i++]!.text;
      this.send(text, category);
    }
  }
}
