// The log of memcheck errors of a run: each distinct error once, with how many times it happened.
//
// How it works. An error's identity is its kind plus its site (the instruction, and for library
// functions the function's name), as valgrind merges repeats of "the same error at the same place".
// The first occurrence is built in full (message, call stack, allocation and free stacks); later ones
// only bump `count`, so a bug inside a hot loop costs a Map lookup per repeat, not a backtrace.

import type { RuntimeError } from '../errors';

/** A reported error and how many times it occurred. */
export type CountedError = RuntimeError & { count: number };

export class ErrorLog {
  readonly list: CountedError[] = [];
  private readonly bySite = new Map<string, CountedError>();

  /** Counts a repeat of the error at `site`; returns false if it has not been seen yet. */
  repeat(site: string): boolean {
    const e = this.bySite.get(site);
    if (!e) return false;
    e.count++;
    return true;
  }

  add(site: string, error: RuntimeError): CountedError {
    const counted: CountedError = { ...error, count: 1 };
    this.bySite.set(site, counted);
    this.list.push(counted);
    return counted;
  }

  get size(): number {
    return this.list.length;
  }
}
