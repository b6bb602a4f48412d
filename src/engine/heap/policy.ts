// The placement policies: which free block a request of `need` bytes goes into.
//
// How it works. Each policy is one walk over the free list (free-list.ts), which reads the list from
// simulated memory. `first` stops at the first block that is large enough; `next` does the same but
// starts where the previous search left off (the rover) and wraps around to the head; `best` and
// `worst` look at every block and keep the smallest (largest) one that fits, the lowest address winning
// a tie. The blocks examined are counted as OSTEP's malloc.py counts them: every block looked at,
// the chosen one included (so `first` counts up to its choice, `best` and `worst` the whole list).
//
// A heap searches on every malloc (millions of times in a malloc-heavy program), so one `Search` per
// heap is reused: its visitor is made once, and the path is kept in a growing Float64Array, turned into
// an array only when a view asks for it.

import type { FreeList, Visit } from './free-list';
import type { Chunk } from './heap-map';
import type { HeapCorruption, HeapPolicy } from './host';

export type SearchOutcome =
  | { readonly kind: 'found'; readonly chunk: Chunk }
  | { readonly kind: 'none' }
  | { readonly kind: 'corrupt'; readonly corruption: HeapCorruption };

const NONE: SearchOutcome = { kind: 'none' };

export class Search {
  /** How many blocks the latest search examined. */
  examined = 0;
  private path = new Float64Array(64);
  private need = 0;
  private chosen: Chunk | null = null;
  private readonly visit: Visit;

  constructor(private readonly policy: HeapPolicy) {
    this.visit = this.visitor(policy);
  }

  /** Finds a free block of at least `need` bytes; `rover` is where next fit starts (null: the head). */
  run(list: FreeList, need: number, rover: Chunk | null): SearchOutcome {
    this.need = need;
    this.chosen = null;
    this.examined = 0;
    const corruption = list.walk(this.policy === 'next' ? rover : null, this.visit);
    if (corruption) return { kind: 'corrupt', corruption };
    const chosen = this.chosen as Chunk | null;
    this.chosen = null;
    return chosen ? { kind: 'found', chunk: chosen } : NONE;
  }

  /** Block addresses of the blocks the latest search examined, in order. */
  blocks(): number[] {
    return Array.from(this.path.subarray(0, this.examined));
  }

  /** Forgets the latest search (a realloc in place or an mmapped block searched nothing). */
  clear(): void {
    this.examined = 0;
  }

  private note(chunk: Chunk): void {
    if (this.examined === this.path.length) {
      const grown = new Float64Array(this.path.length * 2);
      grown.set(this.path);
      this.path = grown;
    }
    this.path[this.examined++] = chunk.start;
  }

  private visitor(policy: HeapPolicy): Visit {
    switch (policy) {
      case 'first':
      case 'next':
        return (chunk) => {
          this.note(chunk);
          if (chunk.size < this.need) return false;
          this.chosen = chunk;
          return true;
        };
      case 'best':
        return (chunk) => {
          this.note(chunk);
          const chosen = this.chosen;
          if (chunk.size >= this.need && (chosen === null || chunk.size < chosen.size)) this.chosen = chunk;
          return false;
        };
      case 'worst':
        return (chunk) => {
          this.note(chunk);
          const chosen = this.chosen;
          if (chunk.size >= this.need && (chosen === null || chunk.size > chosen.size)) this.chosen = chunk;
          return false;
        };
      default: {
        const unknown: never = policy;
        throw new Error(`unknown heap policy ${String(unknown)}`);
      }
    }
  }
}
