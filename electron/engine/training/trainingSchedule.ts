/**
 * The data order and step arithmetic of a run. Every epoch is its own seeded permutation of the rows, so the
 * example at any stream position is a pure function of (seed, rows, position): a resumed run continues exactly
 * where the checkpoint's step left off without storing the order.
 */

import { seededRandom, shuffleInPlace } from '../datasets/seededShuffle.ts';

/** Optimizer steps for `rows` examples over `epochs` passes at `perStep` examples a step, capped by maxSteps. */
export function totalStepsFor(rows: number, epochs: number, perStep: number, maxSteps: number | null): number {
  if (rows <= 0) return 0;
  const steps = Math.max(1, Math.ceil((rows * epochs) / perStep));
  return maxSteps === null ? steps : Math.min(steps, maxSteps);
}

export function warmupStepsFor(totalSteps: number, warmupRatio: number): number {
  return Math.round(totalSteps * warmupRatio);
}

/** Fisher–Yates permutation of 0..n-1 for one epoch. */
export function epochPermutation(n: number, seed: number, epoch: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  return shuffleInPlace(order, seededRandom((seed ^ Math.imul(epoch + 1, 0x9e3779b1)) >>> 0));
}

/**
 * Example indices of optimizer step `step` (0-based): positions step·perStep … in the epoch-by-epoch stream. The
 * stream ends after `epochs` passes, so the last step of a run takes only the examples that are left (a smaller
 * batch, as a data loader's last batch) instead of running into a pass the user did not ask for.
 */
export class DataOrder {
  private readonly cache = new Map<number, number[]>();
  private readonly streamLength: number;

  constructor(
    private readonly rows: number,
    private readonly perStep: number,
    private readonly seed: number,
    epochs: number,
  ) {
    this.streamLength = Math.ceil(rows * epochs);
  }

  indicesForStep(step: number): number[] {
    const indices: number[] = [];
    const end = Math.min((step + 1) * this.perStep, this.streamLength);
    for (let position = step * this.perStep; position < end; position++) indices.push(this.at(position));
    return indices;
  }

  /** Fractional epoch after `steps` optimizer steps. */
  epochAfter(steps: number): number {
    return Math.min(steps * this.perStep, this.streamLength) / this.rows;
  }

  private at(position: number): number {
    const epoch = Math.floor(position / this.rows);
    let order = this.cache.get(epoch);
    if (!order) {
      order = epochPermutation(this.rows, this.seed, epoch);
      this.cache.set(epoch, order);
      if (this.cache.size > 4) this.cache.delete(this.cache.keys().next().value!);
    }
    return order[position % this.rows]!;
  }
}
