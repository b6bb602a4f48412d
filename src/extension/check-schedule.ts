// When to check a document for the Problems panel: some milliseconds after the last change (typing
// does not recompile at every keystroke), at once when it is opened or saved. One timer per document;
// a change restarts it, a check now cancels it. The clock is injected so tests control time.

export interface Clock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class CheckSchedule {
  private readonly pending = new Map<string, unknown>();

  constructor(
    private readonly check: (key: string) => void,
    private delayMs: number,
    private readonly clock: Clock = realClock,
  ) {}

  setDelay(ms: number): void {
    this.delayMs = ms;
  }

  /** The document changed: check it once it has been quiet for the delay. */
  changed(key: string): void {
    this.cancel(key);
    this.pending.set(key, this.clock.setTimeout(() => {
      this.pending.delete(key);
      this.check(key);
    }, this.delayMs));
  }

  /** Opened or saved: check it now, dropping a pending check. */
  now(key: string): void {
    this.cancel(key);
    this.check(key);
  }

  cancel(key: string): void {
    const handle = this.pending.get(key);
    if (handle !== undefined) {
      this.clock.clearTimeout(handle);
      this.pending.delete(key);
    }
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
