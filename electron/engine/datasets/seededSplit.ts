import { seededRandom, shuffleInPlace } from './seededShuffle.ts';

/**
 * The ids that go to validation: a seeded shuffle (Fisher–Yates) of the ids in file order, first ⌊n·fraction⌉ taken.
 * The same rows and seed always give the same split.
 */
export function validationIds(ids: readonly number[], fraction: number, seed: number): number[] {
  const shuffled = shuffleInPlace([...ids], seededRandom(seed));
  const count = Math.min(ids.length, Math.round(ids.length * fraction));
  return shuffled.slice(0, count);
}
