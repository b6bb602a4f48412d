import { strict as assert } from 'node:assert';
import { CheckSchedule, type Clock } from '../../../src/extension/check-schedule';

/** A clock that runs timers only when the test advances time. */
class ManualClock implements Clock {
  now = 0;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private next = 1;
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.now + ms, run, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    this.now += ms;
    const due = this.timers.filter((t) => t.at <= this.now).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > this.now);
    for (const t of due) t.run();
  }
}

describe('extension problems: when a document is checked', () => {
  it('checks once, the delay after the last of a burst of changes', () => {
    const clock = new ManualClock();
    const checked: string[] = [];
    const schedule = new CheckSchedule((k) => checked.push(`${k}@${clock.now}`), 300, clock);
    schedule.changed('a');
    clock.advance(200);
    schedule.changed('a');
    clock.advance(200);
    schedule.changed('a');
    assert.deepEqual(checked, []);
    clock.advance(299);
    assert.deepEqual(checked, []);
    clock.advance(1);
    assert.deepEqual(checked, ['a@700']);
    assert.equal(schedule.isPending('a'), false);
  });

  it('checks at once on open or save and drops the pending check', () => {
    const clock = new ManualClock();
    const checked: string[] = [];
    const schedule = new CheckSchedule((k) => checked.push(`${k}@${clock.now}`), 300, clock);
    schedule.changed('a');
    clock.advance(100);
    schedule.now('a');
    clock.advance(1000);
    assert.deepEqual(checked, ['a@100']);
  });

  it('keeps one timer per document', () => {
    const clock = new ManualClock();
    const checked: string[] = [];
    const schedule = new CheckSchedule((k) => checked.push(k), 300, clock);
    schedule.changed('a');
    clock.advance(150);
    schedule.changed('b');
    clock.advance(150);
    assert.deepEqual(checked, ['a']);
    clock.advance(150);
    assert.deepEqual(checked, ['a', 'b']);
  });

  it('forgets closed documents and uses a new delay from then on', () => {
    const clock = new ManualClock();
    const checked: string[] = [];
    const schedule = new CheckSchedule((k) => checked.push(`${k}@${clock.now}`), 300, clock);
    schedule.changed('a');
    schedule.cancel('a');
    clock.advance(1000);
    assert.deepEqual(checked, []);
    schedule.setDelay(50);
    schedule.changed('b');
    clock.advance(50);
    assert.deepEqual(checked, ['b@1050']);
    schedule.changed('c');
    schedule.dispose();
    clock.advance(1000);
    assert.deepEqual(checked, ['b@1050']);
  });
});
