/**
 * The seeded shuffle behind both the validation split (seededSplit.ts) and the training data order
 * (training/trainingSchedule.ts). Splits and runs recorded earlier are replayed from their seeds, so the stream and
 * the swap order here must never change: a change would silently move rows between train and validation.
 */

/** mulberry32: tiny, fast, and the same sequence on every machine for a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates in place, from the last item down, one draw of `random` per swap; returns `items`. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}
