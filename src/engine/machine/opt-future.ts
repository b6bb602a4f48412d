// The first run of the `opt` replacement policy: the future it needs, recorded.
//
// How it works. Belady's choice needs each page's next use. Runs are deterministic, so the machine, at
// its first eviction, runs the same program again from the start with the same options and the same
// standard input (a StdinTape replays what was read and records what comes next) — but with a one-entry
// TLB, so that every change of page is a TLB miss the pager records with the instruction count
// (memory/reference-string.ts), and with FIFO, the cheapest policy to run meanwhile. Output is thrown
// away. The run stops after OPT_HORIZON instructions; pages first used later count as never used again.

import type { MachineIO, MachineOptions } from './machine';
import type { StopEvent } from './machine';
import { ReferenceString } from '../memory/reference-string';
import type { StdinTape } from './stdin-tape';

/** Instructions the first run records at most. */
export const OPT_HORIZON = 500_000_000;

/** Something that runs like a Machine (the caller passes its constructor: no import cycle). */
interface Runnable {
  run(budget: number): StopEvent;
}

export function recordFuture(makeMachine: (options: MachineOptions, io: MachineIO) => Runnable, options: MachineOptions, tape: StdinTape): ReferenceString {
  const refs = new ReferenceString();
  const first = makeMachine(
    { ...options, pagePolicy: 'fifo', tlbEntries: 1, stopOnErrors: false, maxSteps: Math.min(options.maxSteps ?? OPT_HORIZON, OPT_HORIZON), recordReferences: refs },
    { write: () => undefined, readStdin: tape.reader() },
  );
  let stop = first.run(10_000_000);
  while (stop.kind === 'budget' || stop.kind === 'error' || stop.kind === 'paused') stop = first.run(10_000_000);
  refs.complete = stop.kind !== 'max-steps';
  return refs;
}
