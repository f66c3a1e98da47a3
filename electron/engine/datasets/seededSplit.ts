/** mulberry32: tiny, fast, and the same sequence on every machine for a seed. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The ids that go to validation: a seeded shuffle (Fisher–Yates) of the ids in file order, first ⌊n·fraction⌉ taken.
 * The same rows and seed always give the same split.
 */
export function validationIds(ids: readonly number[], fraction: number, seed: number): number[] {
  const shuffled = [...ids];
  const random = seededRandom(seed);
  for (let index = shuffled.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [shuffled[index], shuffled[other]] = [shuffled[other] as number, shuffled[index] as number];
  }
  const count = Math.min(ids.length, Math.round(ids.length * fraction));
  return shuffled.slice(0, count);
}
