// Leak detection at exit (and on demand): which heap blocks the program can still reach.
//
// How it works — valgrind memcheck's algorithm (mc_leakcheck.c), on memscope's memory:
//  1. Mark from the roots. Every 8-byte aligned word of the root ranges (data, bss, the program's own
//     mmap regions, the live part of the stack) and every live register is a candidate pointer. A value
//     equal to a block's start makes the block Reachable; a value inside it (an interior pointer) makes it
//     at best Possible. Blocks reached are scanned the same way, with one rule: only a start pointer found
//     in a Reachable block (or a root) makes its target Reachable.
//  2. Cliques. Each block still unreached, in address order, leads a clique: the unreached blocks it
//     reaches (through any pointer) become Indirectly lost and count towards it; leaders are Definitely
//     lost. So in an unreachable cycle one block is definitely lost and the rest indirectly.
// Values count as pointers whatever their definedness, as in valgrind, and whatever their provenance but
// one: a word whose pointer tag names another object (a dangling pointer to a freed block whose bytes a
// new block reuses) is no way into the new block — the rule of the leak moment too (lost.ts's `leadsTo`),
// so the leak check of any moment, the exit report and the leak-moment errors give one verdict. Bytes are
// the sizes the program asked for.

import { blockFinder, leadsTo } from './lost';

export type LeakKind = 'definite' | 'indirect' | 'possible' | 'reachable';

export interface LeakCount {
  bytes: number;
  blocks: number;
}

export interface LeakBlock {
  /** Payload address and requested size. */
  readonly address: number;
  readonly size: number;
  /** Object id (check/objects.ts), to find the allocation stack. */
  readonly object: number;
}

export interface LeakRecord {
  readonly kind: LeakKind;
  /** Direct bytes and blocks of this record; for definite leads, `indirectBytes` they drag along. */
  bytes: number;
  blocks: number;
  indirectBytes: number;
  /** Object ids of the blocks, in address order. */
  readonly objects: number[];
  /** Grouping key: the allocation stack. */
  readonly key: string;
}

export interface LeakReport {
  readonly definite: LeakCount;
  readonly indirect: LeakCount;
  readonly possible: LeakCount;
  readonly reachable: LeakCount;
  /** Loss records, grouped by kind and allocation stack, in valgrind's order (smallest first). */
  readonly records: LeakRecord[];
  /** The verdict of each block, by object id. */
  readonly verdicts: Map<number, LeakKind>;
  /** For each indirectly lost block (object id), the definitely lost block that leads its group. */
  readonly leaders: Map<number, number>;
}

export interface LeakInput {
  /** Live heap blocks, sorted by address. */
  readonly blocks: readonly LeakBlock[];
  /** Calls `visit` with each aligned 8-byte value of the root memory (and its slot's pointer tag). */
  forEachRootWord(visit: (value: number, tag: number) => void): void;
  /** Calls `visit` with each aligned 8-byte value of [start, start+size) (and its slot's pointer tag). */
  forEachWordIn(start: number, size: number, visit: (value: number, tag: number) => void): void;
  /** Values of live registers. */
  readonly registers: readonly number[];
  /** Their pointer tags, index for index (absent: untagged). */
  readonly registerTags?: readonly number[];
  /** Grouping key of a block's allocation stack. */
  stackKey(object: number): string;
}

const UNREACHED = 0;
const INDIRECT = 1;
const POSSIBLE = 2;
const REACHABLE = 3;

export function findLeaks(input: LeakInput): LeakReport {
  const blocks = input.blocks;
  const n = blocks.length;
  const state = new Uint8Array(n);
  const clique = new Int32Array(n).fill(-1);
  const indirectBytes = new Float64Array(n);

  const find = blockFinder(blocks);

  const stack: number[] = [];
  const reach = (v: number, tag: number, priorDefinite: boolean): void => {
    const i = find(v);
    if (i < 0 || state[i] === REACHABLE || !leadsTo(tag, blocks[i]!.object)) return;
    if (v === blocks[i]!.address && priorDefinite) {
      state[i] = REACHABLE;
      stack.push(i);
    } else if (state[i] === UNREACHED) {
      state[i] = POSSIBLE;
      stack.push(i);
    }
  };
  const drain = (): void => {
    while (stack.length > 0) {
      const i = stack.pop()!;
      const definite = state[i] === REACHABLE;
      input.forEachWordIn(blocks[i]!.address, blocks[i]!.size, (v, tag) => reach(v, tag, definite));
    }
  };

  input.forEachRootWord((v, tag) => reach(v, tag, true));
  input.registers.forEach((v, r) => reach(v, input.registerTags?.[r] ?? 0, true));
  drain();

  // Cliques of unreachable blocks. A block reached from a later leader joins that leader's clique,
  // bringing its own followers (their `clique` still names it; `leaderOf` follows the chain).
  for (let leader = 0; leader < n; leader++) {
    if (state[leader] !== UNREACHED || clique[leader] !== -1) continue;
    clique[leader] = leader;
    const work = [leader];
    while (work.length > 0) {
      const i = work.pop()!;
      input.forEachWordIn(blocks[i]!.address, blocks[i]!.size, (v, tag) => {
        const j = find(v);
        if (j < 0 || j === leader || (state[j] !== UNREACHED && state[j] !== INDIRECT) || clique[j] === leader || !leadsTo(tag, blocks[j]!.object)) return;
        state[j] = INDIRECT;
        clique[j] = leader;
        work.push(j);
      });
    }
  }
  const leaderOf = (i: number): number => {
    let j = i;
    while (state[j] === INDIRECT) j = clique[j]!;
    return j;
  };
  for (let i = 0; i < n; i++) if (state[i] === INDIRECT) indirectBytes[leaderOf(i)] += blocks[i]!.size;

  const totals: Record<LeakKind, LeakCount> = {
    definite: { bytes: 0, blocks: 0 },
    indirect: { bytes: 0, blocks: 0 },
    possible: { bytes: 0, blocks: 0 },
    reachable: { bytes: 0, blocks: 0 },
  };
  const verdicts = new Map<number, LeakKind>();
  const leaders = new Map<number, number>();
  const records = new Map<string, LeakRecord>();
  for (let i = 0; i < n; i++) {
    const kind: LeakKind = state[i] === REACHABLE ? 'reachable' : state[i] === POSSIBLE ? 'possible' : state[i] === INDIRECT ? 'indirect' : 'definite';
    const b = blocks[i]!;
    totals[kind].bytes += b.size;
    totals[kind].blocks++;
    verdicts.set(b.object, kind);
    if (kind === 'indirect') leaders.set(b.object, blocks[leaderOf(i)]!.object);
    const key = `${kind}|${input.stackKey(b.object)}`;
    let r = records.get(key);
    if (!r) {
      r = { kind, bytes: 0, blocks: 0, indirectBytes: 0, objects: [], key };
      records.set(key, r);
    }
    r.bytes += b.size;
    r.blocks++;
    if (kind === 'definite') r.indirectBytes += indirectBytes[i]!;
    r.objects.push(b.object);
  }
  // valgrind's order (mc_leakcheck.c): total bytes, then definite < indirect < possible < reachable,
  // then the number of blocks, then the older allocation site first.
  const order: Record<LeakKind, number> = { definite: 0, indirect: 1, possible: 2, reachable: 3 };
  const site = (r: LeakRecord) => Number(r.key.slice(r.key.indexOf('|') + 1)) || 0;
  const sorted = [...records.values()].sort((a, b) => a.bytes + a.indirectBytes - (b.bytes + b.indirectBytes) || order[a.kind] - order[b.kind] || a.blocks - b.blocks || site(a) - site(b));
  return { ...totals, records: sorted, verdicts, leaders };
}
