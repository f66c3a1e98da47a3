import { describe, expect, it } from 'vitest';
import { DataOrder, epochPermutation, totalStepsFor, warmupStepsFor } from '../../../electron/engine/training/trainingSchedule.ts';

describe('training schedule', () => {
  it('total steps: rows × epochs / examples per step, rounded up, capped by maxSteps', () => {
    expect(totalStepsFor(10, 3, 4, null)).toBe(8); // 30 / 4 = 7.5
    expect(totalStepsFor(8, 1, 4, null)).toBe(2);
    expect(totalStepsFor(8, 0.5, 4, null)).toBe(1);
    expect(totalStepsFor(1000, 3, 8, 50)).toBe(50);
    expect(totalStepsFor(4, 1, 8, 50)).toBe(1); // a step never has fewer than all rows available
    expect(totalStepsFor(0, 3, 8, null)).toBe(0);
  });

  it('warm-up steps from the ratio', () => {
    expect(warmupStepsFor(100, 0.05)).toBe(5);
    expect(warmupStepsFor(60, 0.05)).toBe(3);
    expect(warmupStepsFor(10, 0)).toBe(0);
  });

  it('each epoch is a permutation, seeded: the same seed and epoch give the same order, others differ', () => {
    const a = epochPermutation(50, 7, 0);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(epochPermutation(50, 7, 0)).toEqual(a);
    expect(epochPermutation(50, 7, 1)).not.toEqual(a);
    expect(epochPermutation(50, 8, 0)).not.toEqual(a);
  });

  it('steps walk the epoch stream: every row once per epoch, and any step can be computed alone (resume)', () => {
    const order = new DataOrder(10, 4, 42, 2);
    const steps = Array.from({ length: 5 }, (_, step) => order.indicesForStep(step)); // 20 positions = 2 epochs
    const flat = steps.flat();
    expect([...flat.slice(0, 10)].sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect([...flat.slice(10, 20)].sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(flat.slice(0, 10)).toEqual(epochPermutation(10, 42, 0));
    // a fresh order (a resumed job) gives step 3 the same rows as the uninterrupted one
    expect(new DataOrder(10, 4, 42, 2).indicesForStep(3)).toEqual(steps[3]);
    expect(order.epochAfter(5)).toBe(2);
    expect(order.epochAfter(3)).toBeCloseTo(1.2);
  });

  it('the last step takes only the examples left, so a run trains exactly the epochs asked for', () => {
    // 10 rows, 4 a step, 1 epoch: steps of 4, 4 and 2 — not a third step that runs 2 rows into a second pass
    const order = new DataOrder(10, 4, 42, 1);
    const steps = Array.from({ length: 3 }, (_, step) => order.indicesForStep(step));
    expect(steps.map((indices) => indices.length)).toEqual([4, 4, 2]);
    expect([...steps.flat()].sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => i));
    expect(order.epochAfter(3)).toBe(1);
    expect(new DataOrder(10, 4, 42, 1.5).indicesForStep(3)).toHaveLength(3);
  });
});
