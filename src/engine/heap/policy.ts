// The placement policies: which free block a request of `need` bytes goes into.
//
// How it works. Each policy is one walk over the free list (free-list.ts), which reads the list from
// simulated memory. `first` stops at the first block that is large enough; `next` does the same but
// starts where the previous search left off (the rover) and wraps around to the head; `best` and
// `worst` look at every block and keep the smallest (largest) one that fits, the lowest address winning
// a tie. The blocks examined are counted as OSTEP's malloc.py counts them: every block looked at,
// the chosen one included (so `first` counts up to its choice, `best` and `worst` the whole list).

import type { FreeList } from './free-list';
import type { Chunk } from './heap-map';
import type { HeapCorruption, HeapPolicy } from './host';

export type Search =
  | { readonly kind: 'found'; readonly chunk: Chunk; readonly examined: number[] }
  | { readonly kind: 'none'; readonly examined: number[] }
  | { readonly kind: 'corrupt'; readonly corruption: HeapCorruption; readonly examined: number[] };

/**
 * Finds a free block of at least `need` bytes; `rover` is where next fit starts (null: the head). The
 * blocks examined are appended to `examined` (the caller may reuse one array from search to search).
 */
export function search(policy: HeapPolicy, list: FreeList, need: number, rover: Chunk | null, examined: number[] = []): Search {
  let chosen: Chunk | null = null;
  const fits = (chunk: Chunk): boolean => chunk.size >= need;
  let corruption: HeapCorruption | null;
  switch (policy) {
    case 'first':
    case 'next':
      corruption = list.walk(policy === 'next' ? rover : null, (chunk) => {
        examined.push(chunk.start);
        if (!fits(chunk)) return false;
        chosen = chunk;
        return true;
      });
      break;
    case 'best':
      corruption = list.walk(null, (chunk) => {
        examined.push(chunk.start);
        if (fits(chunk) && (chosen === null || chunk.size < chosen.size)) chosen = chunk;
        return false;
      });
      break;
    case 'worst':
      corruption = list.walk(null, (chunk) => {
        examined.push(chunk.start);
        if (fits(chunk) && (chosen === null || chunk.size > chosen.size)) chosen = chunk;
        return false;
      });
      break;
    default: {
      const unknown: never = policy;
      throw new Error(`unknown heap policy ${String(unknown)}`);
    }
  }
  if (corruption) return { kind: 'corrupt', corruption, examined };
  const found = chosen as Chunk | null;
  return found ? { kind: 'found', chunk: found, examined } : { kind: 'none', examined };
}
