/**
 * mulberry32: tiny, fast, and the same sequence on every machine for a seed. It drives the seeded shuffle behind
 * validation splits and the training data order (datasets/seededShuffle.ts). Splits and runs recorded earlier are
 * replayed from their seeds, so this stream must never change (which is also why it is not SeededRandom): a change
 * would silently move rows between train and validation.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
