/**
 * The seeded shuffle behind both the validation split (seededSplit.ts) and the training data order
 * (training/trainingSchedule.ts). Splits and runs recorded earlier are replayed from their seeds, so the stream and
 * the swap order here must never change: a change would silently move rows between train and validation.
 */

/** The stream the shuffle draws from (the project's seeded generators live in electron/engine/random/). */
export { mulberry32 as seededRandom } from '../random/mulberry32.ts';

/** Fisher–Yates in place, from the last item down, one draw of `random` per swap; returns `items`. */
export function shuffleInPlace<T>(items: T[], random: () => number): T[] {
  for (let index = items.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}
