// rand, srand, random, srandom: glibc's additive feedback generator (random_r, TYPE_3), bit for bit, so
// `srand(42); rand()` prints the same under memscope as under gcc.
//
// How it works. The state is 31 32-bit words and two indexes, front and rear, 3 apart. Seeding fills
// the words with the Park–Miller "minimal standard" generator (16807 × word mod 2^31 - 1, computed
// with Schrage's method to stay in 32 bits as glibc does) and then discards 310 outputs. Each output
// adds the rear word into the front word (mod 2^32) and returns it shifted right by one, so values lie
// in 0..RAND_MAX = 2^31 - 1. A program that never calls srand gets the sequence of seed 1.
// The state lives in the process's library state (plain data, so fork copies it).

import type { NativeCall, NativeSpec } from './native';

const DEGREE = 31;
const SEPARATION = 3;

interface RandomState {
  words: number[];
  front: number;
  rear: number;
}

function seeded(seed: number): RandomState {
  const words = new Array<number>(DEGREE).fill(0);
  let word = seed === 0 ? 1 : seed | 0;
  words[0] = word;
  for (let i = 1; i < DEGREE; i++) {
    // Schrage: 16807 * word mod (2^31 - 1) without overflowing 32 bits.
    const hi = Math.trunc(word / 127773);
    const lo = word % 127773;
    word = 16807 * lo - 2836 * hi;
    if (word < 0) word += 2147483647;
    words[i] = word;
  }
  const state: RandomState = { words, front: SEPARATION, rear: 0 };
  for (let k = 0; k < DEGREE * 10; k++) next(state);
  return state;
}

function next(state: RandomState): number {
  const value = (state.words[state.front]! + state.words[state.rear]!) >>> 0;
  state.words[state.front] = value | 0;
  state.front = (state.front + 1) % DEGREE;
  state.rear = (state.rear + 1) % DEGREE;
  return value >>> 1;
}

function generator(call: NativeCall): RandomState {
  return call.state('random', () => seeded(1));
}

function reseed(call: NativeCall, seed: number): undefined {
  Object.assign(generator(call), seeded(seed));
  return undefined;
}

/** The first `count` values of rand() after srand(seed), for tests and documentation. */
export function randSequence(seed: number, count: number): number[] {
  const state = seeded(seed);
  return Array.from({ length: count }, () => next(state));
}

export const RAND: Record<string, NativeSpec> = {
  rand: { returns: 'int', run: (call) => next(generator(call)) },
  srand: { returns: 'void', run: (call) => reseed(call, call.uint(0)) },
  random: { returns: 'long', run: (call) => next(generator(call)) },
  srandom: { returns: 'void', run: (call) => reseed(call, call.uint(0)) },
};
