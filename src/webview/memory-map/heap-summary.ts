// The heap's figures above its list: the allocator policy, what is allocated, total free against the
// largest free block (their difference is why a large malloc can fail with enough memory free), the
// external fragmentation, the free list as a chain of addresses, and the blocks the last malloc examined.

import { el, replaceChildren } from '../dom';
import { bytes, count, hex, percent } from '../format';
import type { HeapChunk, HeapView } from '../../protocol/messages';

const CHAIN_SHOWN = 8;

const blocks = (n: number) => `${count(n)} block${n === 1 ? '' : 's'}`;

function figure(label: string, value: string, name: string): HTMLElement {
  return el('div', { class: 'figure', attrs: { 'data-figure': name } }, el('dt', { text: label }), el('dd', { text: value }));
}

/** What the views count over the chunks: per state, the leaked bytes, and the free-list links. */
export interface ChunkFacts {
  readonly leaked: number;
  readonly leakedBytes: number;
  readonly free: number;
  readonly pointedTo: number;
  readonly freeLinks: readonly { readonly from: number; readonly to: number }[];
}

const factsCache = new WeakMap<readonly HeapChunk[], ChunkFacts>();

/** Counted once per chunk list: the panel keeps the list when a step changed no block, so most stops reuse it. */
export function chunkFacts(chunks: readonly HeapChunk[]): ChunkFacts {
  const cached = factsCache.get(chunks);
  if (cached) return cached;
  let leaked = 0;
  let leakedBytes = 0;
  let free = 0;
  let pointedTo = 0;
  const freeLinks: { from: number; to: number }[] = [];
  for (const c of chunks) {
    if (c.state === 'leaked') {
      leaked++;
      leakedBytes += c.requested;
    } else if (c.state === 'free') free++;
    else if (c.state === 'dangling-target') pointedTo++;
    // Freed blocks still pointed to are in the free list too.
    if (c.nextFree) freeLinks.push({ from: c.start, to: c.nextFree });
  }
  const facts = { leaked, leakedBytes, free, pointedTo, freeLinks };
  factsCache.set(chunks, facts);
  return facts;
}

export function renderHeapSummary(container: HTMLElement, heap: HeapView, chunks: readonly HeapChunk[]): void {
  const { leaked, leakedBytes } = chunkFacts(chunks);
  const chain = heap.freeList.slice(0, CHAIN_SHOWN).map(hex);
  if (heap.freeList.length > CHAIN_SHOWN) chain.push(`+${heap.freeList.length - CHAIN_SHOWN} more`);
  replaceChildren(container,
    el('dl', { class: 'figures' },
      figure('policy', heap.policy, 'policy'),
      figure('allocated', `${blocks(heap.allocatedBlocks)}, ${bytes(heap.allocatedBytes)}`, 'allocated'),
      figure('leaked', `${blocks(leaked)}, ${bytes(leakedBytes)}`, 'leaked'),
      figure('free', bytes(heap.totalFree), 'total-free'),
      figure('largest free', bytes(heap.largestFree), 'largest-free'),
      figure('fragmentation', percent(heap.externalFragmentation), 'fragmentation'),
      figure('heap size', bytes(heap.brk - heap.start), 'heap-size'),
    ),
    el('p', { class: 'free-chain', attrs: { 'data-figure': 'free-list' } },
      el('span', { class: 'chain-label', text: 'free list: ' }),
      chain.length === 0 ? 'empty' : `${chain.join(' → ')}${heap.freeList.length <= CHAIN_SHOWN ? ' → end' : ''}`),
    heap.lastSearch.length > 0
      ? el('p', { class: 'last-search', text: `last malloc examined ${heap.lastSearch.length} free block${heap.lastSearch.length === 1 ? '' : 's'}: ${heap.lastSearch.slice(0, CHAIN_SHOWN).map(hex).join(', ')}` })
      : null,
  );
}
